package history

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

const (
	cfgID  = "c0ffee00-0000-4000-8000-000000000001_Limit"
	groupA = "a0000000-0000-4000-8000-00000000000a"
	groupB = "b0000000-0000-4000-8000-00000000000b"
	groupC = "c0000000-0000-4000-8000-00000000000c"
)

var (
	admin = Who{User: "admin@contoso.onmicrosoft.com", Tenant: "t1"}
	at    = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	cfg   = graph.Configuration{ID: cfgID, DisplayName: "Sales limit", Kind: graph.ConfigurationLimit, Priority: 2}
)

func entry(id string, o Outcome) Entry {
	return Entry{ID: id, Time: at, User: admin.User, Tenant: admin.Tenant, Source: SourceEdit, ConfigurationID: cfgID,
		AssignmentID: cfgID + "_" + groupA, Before: graph.GroupTarget(groupA), After: graph.GroupTarget(groupB), Outcome: o}
}

func TestLogAppendsAndKeepsOneOfEachWrite(t *testing.T) {
	l := Log{Storage: new(keeptest.Memory)}
	got, err := l.Entries()
	require.NoError(t, err)
	assert.Empty(t, got)

	require.NoError(t, l.Append(entry("1", Succeeded), entry("2", Failed)))
	require.NoError(t, l.Append(entry("2", Failed), entry("3", Succeeded)), "a run synced twice")
	got, err = l.Entries()
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"1", "2", "3"}, []string{got[0].ID, got[1].ID, got[2].ID})
	assert.True(t, got[0].After.Equal(graph.GroupTarget(groupB)), "targets survive storage")

	l.Clear()
	got, _ = l.Entries()
	assert.Empty(t, got)
}

func TestDamagedLogIsNeverWrittenOver(t *testing.T) {
	mem := new(keeptest.Memory)
	l := Log{Storage: mem}
	require.NoError(t, mem.Set(logKey, `{"version":1,"entries":[{"id":"1"`))
	_, err := l.Entries()
	require.Error(t, err)
	require.Error(t, l.Append(entry("2", Succeeded)))
	kept, _ := mem.Get(logKey)
	assert.Equal(t, `{"version":1,"entries":[{"id":"1"`, kept, "the damaged log is left for the user to export")

	assert.ErrorIs(t, Log{}.Append(entry("x", Succeeded)), ErrNoScope)
	require.Error(t, Log{Storage: new(keeptest.Memory)}.Append(Entry{}), "an entry needs an ID")
}

func TestFromUpdate(t *testing.T) {
	before := graph.Assignment{ID: cfgID + "_" + groupA, Target: graph.GroupTarget(groupA)}
	u := graph.Update{Configuration: cfg, Before: before, After: graph.ExclusionGroupTarget(groupB)}
	ok := graph.UpdateResult{Strategy: graph.StrategyAssign, APIVersion: graph.Beta,
		Write:      graph.WriteResult{Status: 204, RequestID: "rid-ok"},
		Assignment: graph.Assignment{ID: cfgID + "_" + groupB, Target: graph.ExclusionGroupTarget(groupB)}}
	tests := []struct {
		name      string
		result    graph.UpdateResult
		err       error
		want      Outcome
		status    int
		requestID string
	}{
		{"succeeded", ok, nil, Succeeded, 204, "rid-ok"},
		{"refused by the service", graph.UpdateResult{}, &graph.Error{Status: 403, Code: "Forbidden", RequestID: "rid-403"}, Failed, 403, "rid-403"},
		{"conflict", graph.UpdateResult{}, &graph.ConflictError{Configuration: cfgID, Reason: "changed"}, Conflict, 0, ""},
		{"no answer", graph.UpdateResult{}, &url.Error{Op: "Patch", URL: "x", Err: errors.New("fetch failed")}, Unknown, 0, ""},
		{"written, read back failed", graph.UpdateResult{Write: graph.WriteResult{Status: 204, RequestID: "rid-w"}},
			errors.New("reading back failed"), Succeeded, 204, "rid-w"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, recorded := FromUpdate(admin, SourceEdit, u, tt.result, tt.err, at)
			require.True(t, recorded)
			assert.Equal(t, tt.want, e.Outcome)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, tt.requestID, e.RequestID)
			assert.Equal(t, admin.User, e.User)
			assert.Equal(t, cfg.DisplayName, e.ConfigurationName)
			assert.True(t, e.Before.Equal(before.Target))
			assert.NotEmpty(t, e.ID)
			if tt.err != nil && tt.want != Succeeded {
				assert.NotEmpty(t, e.Error)
			}
		})
	}
	e, _ := FromUpdate(admin, SourceEdit, u, ok, nil, at)
	assert.Equal(t, cfgID+"_"+groupB, e.AssignmentIDAfter, "assign renamed it")
	_, recorded := FromUpdate(admin, SourceEdit, u, graph.UpdateResult{}, &graph.ValidationError{Field: "target", Message: "bad"}, at)
	assert.False(t, recorded, "nothing was sent")
}

func TestFromRunRecordsEachEnding(t *testing.T) {
	run := bulk.NewRun("run-1", bulk.Plan{Configurations: []bulk.ConfigurationPlan{{
		ID: cfgID, DisplayName: "Sales limit", Kind: graph.ConfigurationLimit,
		Items: []bulk.Item{
			{Key: cfgID + "/a", ConfigurationID: cfgID, AssignmentID: "a", Before: graph.GroupTarget(groupA), After: graph.GroupTarget(groupC),
				Outcome: bulk.Outcome{State: bulk.StateSucceeded, Write: bulk.WriteAssign, Status: 204, RequestID: "rid-1", At: at}},
			{Key: cfgID + "/b", ConfigurationID: cfgID, AssignmentID: "b", Before: graph.GroupTarget(groupB), After: graph.GroupTarget(groupC),
				Outcome: bulk.Outcome{State: bulk.StateFailed, At: at, Error: &bulk.Failure{Status: 409, Code: "Conflict", Message: "changed", RequestID: "rid-2", Conflict: true}}},
			{Key: cfgID + "/c", ConfigurationID: cfgID, AssignmentID: "c", Outcome: bulk.Outcome{State: bulk.StatePending}},
			{Key: cfgID + "/d", ConfigurationID: cfgID, AssignmentID: "d", Refused: "default", Outcome: bulk.Outcome{State: bulk.StateRefused}},
		},
	}}}, bulk.StrategyFewest, at)

	got := FromRun(admin, SourceRestore, run)
	require.Len(t, got, 2, "pending and refused items were not written")
	assert.Equal(t, Succeeded, got[0].Outcome)
	assert.Equal(t, "rid-1", got[0].RequestID)
	assert.Equal(t, "assign", got[0].Write)
	assert.Equal(t, Conflict, got[1].Outcome)
	assert.Equal(t, "rid-2", got[1].RequestID)
	assert.Equal(t, 409, got[1].Status)
	assert.Equal(t, SourceRestore, got[1].Source)

	again := FromRun(admin, SourceRestore, run)
	assert.Equal(t, got[0].ID, again[0].ID, "the same ending gets the same ID, so a resync adds nothing")
	run.Plan.Configurations[0].Items[1].Outcome = bulk.Outcome{State: bulk.StateSucceeded, At: at.Add(time.Minute), RequestID: "rid-3"}
	retried := FromRun(admin, SourceRestore, run)
	assert.NotEqual(t, got[1].ID, retried[1].ID, "a retried item's new ending is a new entry")

	clash := &bulk.Failure{Message: "changed", RequestID: "rid-4", Conflict: true}
	run.Plan.Configurations[0].Items[1].Outcome = bulk.Outcome{State: bulk.StateFailed, At: at.Add(2 * time.Minute), Error: clash}
	conflict := FromRun(admin, SourceBulk, run)[1]
	run.Plan.Configurations[0].Items[1].Outcome = bulk.Outcome{State: bulk.StateSkipped, At: at.Add(2 * time.Minute), Error: clash}
	skipped := FromRun(admin, SourceBulk, run)
	require.Len(t, skipped, 2)
	assert.Equal(t, Skipped, skipped[1].Outcome, "keeping theirs is recorded")
	assert.Contains(t, skipped[1].Error, "nothing was written")
	assert.False(t, skipped[1].Undoable())
	assert.NotEqual(t, conflict.ID, skipped[1].ID, "beside the conflict it closes, even at the same instant")
}

func TestFromReplacement(t *testing.T) {
	r := Replacement{ConfigurationID: cfgID, ConfigurationName: "Sales limit",
		Removed: []graph.Target{graph.GroupTarget(groupA)}, Added: []graph.Target{graph.GroupTarget(groupB), graph.AllLicensedUsersTarget()},
		Write: graph.WriteResult{Status: 204, RequestID: "rid"}, At: at}
	got := FromReplacement(admin, SourceRestore, r)
	require.Len(t, got, 3)
	assert.True(t, got[0].After.IsZero())
	assert.True(t, got[1].Before.IsZero())
	for _, e := range got {
		assert.Equal(t, "rid", e.RequestID)
		assert.Equal(t, Succeeded, e.Outcome)
		assert.False(t, e.Undoable(), "added and removed assignments are undone by a restore, not one by one")
	}
	r.Err = &graph.Error{Status: 500, RequestID: "rid-500"}
	for _, e := range FromReplacement(admin, SourceRestore, r) {
		assert.Equal(t, Failed, e.Outcome)
		assert.Equal(t, "rid-500", e.RequestID)
	}
}

func TestUndoUpdate(t *testing.T) {
	done := entry("1", Succeeded)
	done.AssignmentIDAfter = cfgID + "_" + groupB
	renamed := graph.Assignment{ID: cfgID + "_" + groupB, Target: graph.GroupTarget(groupB)}
	kept := graph.Assignment{ID: cfgID + "_" + groupA, Target: graph.GroupTarget(groupB)} // PATCH kept the ID
	other := graph.Assignment{ID: cfgID + "_" + groupC, Target: graph.GroupTarget(groupC)}

	tests := []struct {
		name string
		live []graph.Assignment
		want string
	}{
		{"renamed by assign", []graph.Assignment{other, renamed}, renamed.ID},
		{"kept its ID", []graph.Assignment{kept, other}, kept.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := done
			if tt.want == kept.ID {
				e.AssignmentIDAfter = kept.ID
			}
			u, err := UndoUpdate(e, cfg, tt.live)
			require.NoError(t, err)
			assert.Equal(t, tt.want, u.Before.ID)
			assert.True(t, u.After.Equal(graph.GroupTarget(groupA)), "back to before")
			assert.Equal(t, tt.live, u.Siblings, "the set as read now")
			assert.Equal(t, cfg, u.Configuration)
		})
	}

	_, err := UndoUpdate(done, cfg, []graph.Assignment{other})
	var conflict *graph.ConflictError
	require.True(t, errors.As(err, &conflict), "changed since: got %v", err)
	assert.Equal(t, []graph.Assignment{other}, conflict.Actual)
	assert.True(t, conflict.Expected[0].Target.Equal(done.After))

	for _, o := range []Outcome{Failed, Conflict, Unknown} {
		_, err := UndoUpdate(entry("x", o), cfg, []graph.Assignment{renamed})
		assert.ErrorIs(t, err, ErrNotUndoable, o)
	}
}

// Undo finds the assignment that shows the entry's after by who it means:
// the group's ID in any case, whatever filter it carries since, but never
// the exclusion of the group the change included.
func TestUndoFindsTheAfterByItsAudience(t *testing.T) {
	done := entry("1", Succeeded)
	var filtered graph.Target
	require.NoError(t, json.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"`+groupB+`","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}`), &filtered))
	tests := []struct {
		name  string
		live  graph.Target
		found bool
	}{
		{"the group's ID in upper case", graph.GroupTarget(strings.ToUpper(groupB)), true},
		{"a filter set since", filtered, true},
		{"the same group excluded", graph.ExclusionGroupTarget(groupB), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live := []graph.Assignment{{ID: "renamed", Target: tt.live}}
			u, err := UndoUpdate(done, cfg, live)
			if !tt.found {
				var conflict *graph.ConflictError
				require.True(t, errors.As(err, &conflict), "got %v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "renamed", u.Before.ID)
		})
	}
}

func TestExportJSON(t *testing.T) {
	raw, err := ExportJSON(admin, []Entry{entry("1", Succeeded)}, at)
	require.NoError(t, err)
	var back Export
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, ExportFormat, back.Format)
	assert.Equal(t, admin.Tenant, back.Tenant)
	require.Len(t, back.Entries, 1)
	assert.True(t, back.Entries[0].After.Equal(graph.GroupTarget(groupB)))

	raw, err = ExportJSON(admin, nil, at)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"entries": []`)
}

func TestExportCSV(t *testing.T) {
	hostile := entry("2", Failed)
	hostile.Error = `=HYPERLINK("http://evil")`
	hostile.ConfigurationName = "Sales, \"EU\"\nlimit"
	raw, err := ExportCSV([]Entry{entry("1", Succeeded), hostile})
	require.NoError(t, err)
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	require.NoError(t, err, "%s", raw)
	require.Len(t, rows, 3)
	assert.Equal(t, csvHeader, rows[0])
	col := func(name string) int {
		for i, h := range csvHeader {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	assert.Equal(t, "succeeded", rows[1][col("outcome")])
	var after graph.Target
	require.NoError(t, after.UnmarshalJSON([]byte(rows[1][col("after")])))
	assert.True(t, after.Equal(graph.GroupTarget(groupB)), "targets are their JSON")
	assert.Equal(t, `'=HYPERLINK("http://evil")`, rows[2][col("error")], "no formula")
	assert.Equal(t, "Sales, \"EU\"\nlimit", rows[2][col("configurationName")], "quoted, not broken")
}
