package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

const (
	tenant = "7d3c1a52-6f4b-4c8e-9a1d-2b5e8f0c3a71"
	cfgID  = "c0ffee00-0000-4000-8000-000000000001_Limit"
	groupA = "a0000000-0000-4000-8000-00000000000a"
	groupB = "b0000000-0000-4000-8000-00000000000b"
	groupC = "c0000000-0000-4000-8000-00000000000c"
	filter = `"deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"`
)

var here = Expect{TenantID: tenant, CloudID: "global"}

func target(t testing.TB, js string) graph.Target {
	t.Helper()
	var out graph.Target
	require.NoError(t, out.UnmarshalJSON([]byte(js)))
	return out
}

func group(id string) graph.Target { return graph.GroupTarget(id) }

func filtered(t testing.TB, id string) graph.Target {
	return target(t, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"`+id+`",`+filter+`}`)
}

func sampleFile(t testing.TB) File {
	return New(Meta{TenantID: tenant, CloudID: "global", GraphURL: "https://graph.microsoft.com", APIVersion: graph.Beta,
		TakenBy: "admin@contoso.onmicrosoft.com", TakenAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)},
		[]graph.Configuration{
			{ID: cfgID, DisplayName: "Sales limit", Kind: graph.ConfigurationLimit, Priority: 1, Assignments: []graph.Assignment{
				{ID: cfgID + "_" + groupA, Target: group(groupA)}, {ID: cfgID + "_" + groupB, Target: filtered(t, groupB)}}},
			{ID: "x_DefaultLimit", DisplayName: "Default", Kind: graph.ConfigurationLimit, Assignments: []graph.Assignment{
				{ID: "x_all", Target: graph.AllLicensedUsersTarget()}}},
			{ID: "empty_ESP", DisplayName: "Empty", Kind: graph.ConfigurationEnrollmentCompletionPage, Priority: 2},
		})
}

func encoded(t testing.TB) []byte {
	raw, err := sampleFile(t).Encode()
	require.NoError(t, err)
	return raw
}

func TestRoundTrip(t *testing.T) {
	raw := encoded(t)
	f, err := Parse(raw, here)
	require.NoError(t, err)
	want := sampleFile(t)
	assert.Equal(t, want.TenantID, f.TenantID)
	require.Len(t, f.Configurations, 3)
	for i, c := range want.Configurations {
		assert.True(t, SameTargets(c.Assignments, f.Configurations[i].Assignments), c.ID)
	}
	assert.NotNil(t, f.Configurations[2].Assignments, "an empty set is written as [] and read as one")
	assert.True(t, strings.HasPrefix(want.FileName(), "enrollassign-backup-"+tenant+"-20250301T090000Z"))
	_, err = Parse(raw, Expect{})
	assert.NoError(t, err, "nothing expected: any tenant")
}

// mutate edits the encoded sample as a JSON document.
func mutate(t *testing.T, edit func(m map[string]any)) []byte {
	var m map[string]any
	require.NoError(t, json.Unmarshal(encoded(t), &m))
	edit(m)
	raw, err := json.Marshal(m)
	require.NoError(t, err)
	return raw
}

func configs(m map[string]any) []any { return m["configurations"].([]any) }

func first(m map[string]any) map[string]any { return configs(m)[0].(map[string]any) }

func TestParseRefusesWithTheReason(t *testing.T) {
	raw := encoded(t)
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"empty", nil, "empty"},
		{"not JSON", []byte("Name,Group\nSales,A\n"), "not a backup in JSON"},
		{"truncated", raw[:len(raw)/2], "truncated"},
		{"two documents", append(append([]byte{}, raw...), raw...), "more after"},
		{"not UTF-8", append([]byte{0xff, 0xfe}, raw...), "not text"},
		{"too big", bytes.Repeat([]byte(" "), MaxSize+1), "more than any backup"},
		{"another app's JSON", []byte(`{"value":[]}`), "not a backup in JSON"},
		{"another format", mutate(t, func(m map[string]any) { m["format"] = "intune-export" }), "not an enrollassign backup"},
		{"a newer version", mutate(t, func(m map[string]any) { m["version"] = 2 }), "version 2"},
		{"another tenant", mutate(t, func(m map[string]any) { m["tenantId"] = "00000000-0000-4000-8000-000000000000" }), "tenant 00000000"},
		{"no tenant", mutate(t, func(m map[string]any) { delete(m, "tenantId") }), "which tenant"},
		{"another cloud", mutate(t, func(m map[string]any) { m["cloud"] = "china" }), `"china" cloud`},
		{"unknown API version", mutate(t, func(m map[string]any) { m["apiVersion"] = "v2" }), "API version"},
		{"no date", mutate(t, func(m map[string]any) { delete(m, "takenAt") }), "when it was taken"},
		{"no configurations", mutate(t, func(m map[string]any) { delete(m, "configurations") }), "no list of configurations"},
		{"an unknown field", mutate(t, func(m map[string]any) { m["accessToken"] = "eyJ" }), "unknown field"},
		{"a configuration twice", mutate(t, func(m map[string]any) { m["configurations"] = append(configs(m), first(m)) }), "appears twice"},
		{"a configuration ID with a slash", mutate(t, func(m map[string]any) { first(m)["id"] = "../../groups" }), "not a Graph ID"},
		{"a configuration without a kind", mutate(t, func(m map[string]any) { delete(first(m), "kind") }), "no kind"},
		{"a set that is not a list", mutate(t, func(m map[string]any) { first(m)["assignments"] = nil }), "no list of assignments"},
		{"an invalid group ID", mutate(t, func(m map[string]any) {
			first(m)["assignments"] = []any{map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "Sales"}}}
		}), "not a group ID"},
		{"a target the kind does not take", mutate(t, func(m map[string]any) {
			first(m)["assignments"] = []any{map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}}
		}), "cannot be assigned to all devices"},
		{"one audience twice", mutate(t, func(m map[string]any) {
			a := first(m)["assignments"].([]any)
			first(m)["assignments"] = append(a, a[0])
		}), "same target twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data, here)
			var re *RefusedError
			require.True(t, errors.As(err, &re), "got %v", err)
			assert.Contains(t, re.Reason, tt.reason)
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(encoded(f))
	f.Add([]byte(`{"format":"enrollassign-backup","version":1,"tenantId":"t","cloud":"global","apiVersion":"beta","takenAt":"2025-03-01T09:00:00Z","configurations":[{"id":"c","kind":"x","assignments":[]}]}`))
	f.Add([]byte(`{"format":"enrollassign-backup"`))
	f.Add([]byte(`[]`))
	live := []graph.Configuration{{ID: cfgID, DisplayName: "Sales limit", Kind: graph.ConfigurationLimit, Priority: 1,
		Assignments: []graph.Assignment{{ID: "a", Target: group(groupC)}, {ID: "b", Target: filtered(f, groupA)}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data, Expect{})
		if err != nil {
			var re *RefusedError
			require.True(t, errors.As(err, &re), "every refusal says why: %v", err)
			assert.NotEmpty(t, re.Reason)
			return
		}
		// What is accepted is compared and planned without a panic, and
		// every planned write is one the client would send.
		d := Compare(file, live)
		for _, cp := range d.BulkPlan().Configurations {
			require.NoError(t, graph.ValidateID("id", cp.ID))
			for _, it := range cp.Items {
				_, err := graph.ValidateTarget(it.After)
				require.NoError(t, err)
			}
		}
		again, err := file.Encode()
		require.NoError(t, err)
		_, err = Parse(again, Expect{})
		require.NoError(t, err, "what was accepted is accepted again once written")
	})
}
