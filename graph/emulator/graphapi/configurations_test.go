//go:build !js

package graphapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

// listAll follows @odata.nextLink to the end, as a client must.
func (f *fixture) listAll(t *testing.T, first string) (items []map[string]any, pages int) {
	t.Helper()
	next := f.url + first
	for next != "" {
		require.True(t, strings.HasPrefix(next, f.url), "nextLink %q leaves the service", next)
		r := f.do(t, "GET", strings.TrimPrefix(next, f.url), f.token(t), "", nil)
		require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
		body := r.object(t)
		for _, v := range body["value"].([]any) {
			items = append(items, v.(map[string]any))
		}
		next, _ = body["@odata.nextLink"].(string)
		pages++
	}
	return items, pages
}

func TestListPagesWithNextLinkAndTop(t *testing.T) {
	f := newFixture(t)
	seeded := len(demo.Configurations())
	tests := []struct {
		name      string
		query     string
		pageSize  int
		wantPages int
	}{
		{"service page size", "", 25, 1},
		{"top asks for small pages", "?$top=5", 25, (seeded + 4) / 5},
		{"service caps the page below top", "?$top=100", 7, (seeded + 6) / 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := f.srv.Settings()
			s.PageSize = tt.pageSize
			require.NoError(t, f.srv.SetSettings(s))
			items, pages := f.listAll(t, v1+tt.query)
			assert.Equal(t, tt.wantPages, pages)
			ids := map[string]bool{}
			for _, it := range items {
				ids[it["id"].(string)] = true
			}
			assert.Len(t, ids, seeded, "every configuration exactly once")
		})
	}
}

func TestListContextSelectAndExpand(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", v1+"?$select=displayName,Priority&$expand=assignments&$top=2", f.token(t), "", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	body := r.object(t)
	assert.Equal(t, f.url+"/v1.0/$metadata#deviceManagement/deviceEnrollmentConfigurations", body["@odata.context"])
	first := body["value"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"@odata.type", "displayName", "priority", "assignments@odata.context", "assignments"}, keys(first))
	assert.NotEmpty(t, first["assignments"])
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestQueryOptionsOutsideTheSupportedSetAreRefused(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ query, message string }{
		{"$select=colour", "Could not find a property named 'colour'"},
		{"$expand=owner", "Could not find a navigation property named 'owner'"},
		{"$top=0", "Invalid value '0' for query option '$top'"},
		{"$filter=" + url.QueryEscape("priority eq 1"), "The query option '$filter' is not supported"},
		{"$skiptoken=garbage", "The $skiptoken 'garbage' is not valid."},
	}
	for _, tt := range tests {
		r := f.do(t, "GET", v1+"?"+tt.query, f.token(t), "", nil)
		assert.Equal(t, http.StatusBadRequest, r.status, tt.query)
		assert.Contains(t, r.errMessage(t), tt.message)
	}
}

func TestV1HidesBetaPropertiesAndBetaShowsThem(t *testing.T) {
	f := newFixture(t)
	path := "/" + demo.ConfigSalesLimit + "/assignments/" + demo.ConfigSalesLimit + "_" + group(demo.SalesTeam)
	v1Body := f.do(t, "GET", v1+path, f.token(t), "", nil)
	require.Equal(t, http.StatusOK, v1Body.status, "%s", v1Body.raw)
	assert.NotContains(t, string(v1Body.raw), "deviceAndAppManagementAssignmentFilter")
	assert.NotContains(t, string(v1Body.raw), `"source"`)

	betaBody := f.do(t, "GET", beta+path, f.token(t), "", nil).object(t)
	target := betaBody["target"].(map[string]any)
	assert.Equal(t, demo.AssignmentFilterID, target["deviceAndAppManagementAssignmentFilterId"])
	assert.Equal(t, "include", target["deviceAndAppManagementAssignmentFilterType"])
	assert.Equal(t, "direct", betaBody["source"])
}

func TestSeededTenantHasEveryKindTargetAndDefault(t *testing.T) {
	f := newFixture(t)
	configs := f.srv.Store().Configurations()
	kinds := map[wire.ConfigurationKind]int{}
	defaults := map[wire.ConfigurationKind]bool{}
	targets := map[wire.TargetKind]bool{}
	for _, c := range configs {
		kinds[c.Kind]++
		if isDefault(c) {
			assert.Zero(t, c.Priority, c.ID)
			assert.Contains(t, c.ID, "_Default")
			defaults[c.Kind] = true
		}
		for _, a := range c.Assignments {
			targets[a.Target.Kind] = true
			assert.True(t, strings.HasPrefix(a.ID, c.ID+"_"), "assignment IDs are composite: %s", a.ID)
		}
	}
	for _, k := range wire.ConfigurationKinds {
		assert.GreaterOrEqual(t, kinds[k], 3, "several of %s", k)
		assert.True(t, defaults[k], "a default %s", k)
	}
	for _, k := range wire.TargetKinds {
		assert.True(t, targets[k], "an assignment of every target kind: %s", k)
	}
	assert.GreaterOrEqual(t, len(f.srv.Store().Groups()), 30)
}

func TestCompositeAssignmentIDs(t *testing.T) {
	tests := []struct {
		target wire.Target
		want   string
	}{
		{wire.Target{Kind: wire.TargetGroup, GroupID: "g1"}, "c_g1"},
		{wire.Target{Kind: wire.TargetExclusionGroup, GroupID: "g1"}, "c_g1"},
		{wire.Target{Kind: wire.TargetAllLicensedUsers}, "c_acacacac-9df4-4c7d-9d50-4ef0226f57a9"},
		{wire.Target{Kind: wire.TargetAllDevices}, "c_adadadad-808e-44e2-905a-0b7873a8a531"},
		{wire.Target{Kind: wire.TargetCollection, CollectionID: "SMS00001"}, "c_SMS00001"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, assignmentID("c", tt.target), string(tt.target.Kind))
	}
}

func TestPatchReplacesTheTargetAndKeepsTheID(t *testing.T) {
	f := newFixture(t)
	aid := demo.ConfigTenDevices + "_" + group("IT Admins")
	r := f.do(t, "PATCH", assignmentPath(v1, demo.ConfigTenDevices, aid), f.token(t),
		patchBody(targetJSON(wire.TargetExclusionGroup, group(demo.SalesLaptops))), nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	var got wire.Assignment
	require.NoError(t, json.Unmarshal(r.raw, &got))
	assert.Equal(t, aid, got.ID)
	assert.Equal(t, wire.Target{Kind: wire.TargetExclusionGroup, GroupID: group(demo.SalesLaptops)}, got.Target)

	stored := f.storedConfig(t, demo.ConfigTenDevices)
	assert.Equal(t, wire.Target{Kind: wire.TargetExclusionGroup, GroupID: group(demo.SalesLaptops)}, stored.Assignments[1].Target)
	assert.Len(t, stored.Assignments, 3, "no other assignment changed")
}

func TestPatchOnV1DropsTheBetaFilterOfTheReplacedTarget(t *testing.T) {
	f := newFixture(t)
	aid := demo.ConfigSalesLimit + "_" + group(demo.SalesTeam)
	r := f.do(t, "PATCH", assignmentPath(v1, demo.ConfigSalesLimit, aid), f.token(t),
		patchBody(targetJSON(wire.TargetGroup, group(demo.SalesTeam))), nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	stored := f.storedConfig(t, demo.ConfigSalesLimit).Assignments[1]
	assert.Empty(t, stored.Target.FilterID+stored.Target.FilterType, "a v1.0 target has no filter: writing one through v1.0 loses it")
}

func TestBetaAcceptsAndKeepsFilterAndSource(t *testing.T) {
	f := newFixture(t)
	aid := demo.ConfigTenDevices + "_" + group("IT Admins")
	body := `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","source":"policySets","sourceId":"abc",` +
		`"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + group("IT Admins") + `",` +
		`"deviceAndAppManagementAssignmentFilterId":"` + demo.AssignmentFilterID + `","deviceAndAppManagementAssignmentFilterType":"exclude"}}`
	r := f.do(t, "PATCH", assignmentPath(beta, demo.ConfigTenDevices, aid), f.token(t), body, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	stored := f.storedConfig(t, demo.ConfigTenDevices).Assignments[1]
	assert.Equal(t, "exclude", stored.Target.FilterType)
	assert.Equal(t, demo.AssignmentFilterID, stored.Target.FilterID)
	assert.Equal(t, []string{"policySets", "abc"}, []string{stored.Source, stored.SourceID})
}

func TestDefaultConfigurationsRefuseChangesWithANestedIntuneMessage(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	for _, id := range []string{demo.ConfigDefaultLimit, demo.ConfigDefaultRestrictions, demo.ConfigDefaultHello, demo.ConfigDefaultESP} {
		aid := f.storedConfig(t, id).Assignments[0].ID
		tests := []struct{ method, path, body string }{
			{"PATCH", assignmentPath(v1, id, aid), patchBody(targetJSON(wire.TargetAllLicensedUsers, ""))},
			{"POST", v1 + "/" + id + "/assignments", `{"target":` + targetJSON(wire.TargetGroup, group(demo.PilotUsers)) + `}`},
			{"DELETE", assignmentPath(v1, id, aid), ""},
			{"POST", v1 + "/" + id + "/assign", `{"enrollmentConfigurationAssignments":[]}`},
			{"POST", v1 + "/" + id + "/setPriority", `{"priority":1}`},
		}
		for _, tt := range tests {
			r := f.do(t, tt.method, tt.path, tok, tt.body, nil)
			require.Equal(t, http.StatusBadRequest, r.status, "%s %s: %s", tt.method, tt.path, r.raw)
			nested := r.intune(t)
			assert.Equal(t, "DefaultEnrollmentConfigurationNotEditable", nested["CustomApiErrorPhrase"])
			assert.Contains(t, nested["Message"], "applies to all users and devices")
		}
	}
	assert.Len(t, f.storedConfig(t, demo.ConfigDefaultESP).Assignments, 2, "nothing changed")
}

func TestAsReportedModeRefusesWritesOnAssignmentsOnly(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.Mode = ModeAsReported })
	tok := f.token(t)
	aid := demo.ConfigTenDevices + "_" + group("IT Admins")
	tests := []struct{ method, path, body, template string }{
		{"PATCH", assignmentPath(v1, demo.ConfigTenDevices, aid), patchBody(targetJSON(wire.TargetGroup, group(demo.PilotUsers))), "~/singleton/navigation/key/navigation/key"},
		{"DELETE", assignmentPath(v1, demo.ConfigTenDevices, aid), "", "~/singleton/navigation/key/navigation/key"},
		{"POST", v1 + "/" + demo.ConfigTenDevices + "/assignments", `{"target":` + targetJSON(wire.TargetGroup, group(demo.PilotUsers)) + `}`, "~/singleton/navigation/key/navigation"},
	}
	for _, tt := range tests {
		r := f.do(t, tt.method, tt.path, tok, tt.body, nil)
		require.Equal(t, http.StatusBadRequest, r.status, "%s %s", tt.method, tt.path)
		assert.Equal(t, "No method match route template", r.errCode(t))
		assert.Equal(t, "No OData route exists that match template "+tt.template+" with http verb "+tt.method+
			" for request /DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/deviceEnrollmentConfigurations('"+demo.ConfigTenDevices+"')/assignments"+
			map[bool]string{true: "('" + aid + "')", false: ""}[tt.method != "POST"]+".", r.errMessage(t))
	}
	assert.Equal(t, http.StatusOK, f.do(t, "GET", assignmentPath(v1, demo.ConfigTenDevices, aid), tok, "", nil).status)
	r := f.do(t, "POST", v1+"/"+demo.ConfigTenDevices+"/assign", tok,
		`{"enrollmentConfigurationAssignments":[{"target":`+targetJSON(wire.TargetGroup, group(demo.PilotUsers))+`}]}`, nil)
	assert.Equal(t, http.StatusNoContent, r.status, "assign still writes: %s", r.raw)
	assert.Len(t, f.storedConfig(t, demo.ConfigTenDevices).Assignments, 1)
}

func TestAssignReplacesTheSetWithDerivedIDs(t *testing.T) {
	f := newFixture(t)
	body := `{"enrollmentConfigurationAssignments":[` +
		`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"whatever","target":` + targetJSON(wire.TargetGroup, group(demo.PilotUsers)) + `},` +
		`{"target":{"@odata.type":"microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}},` +
		`{"target":` + targetJSON(wire.TargetAllDevices, "") + `}]}`
	r := f.do(t, "POST", v1+"/"+demo.ConfigPilotESP+"/assign", f.token(t), body, nil)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.raw)
	got := f.storedConfig(t, demo.ConfigPilotESP).Assignments
	require.Len(t, got, 3)
	assert.Equal(t, demo.ConfigPilotESP+"_"+group(demo.PilotUsers), got[0].ID)
	assert.Equal(t, demo.ConfigPilotESP+"_SMS00001", got[1].ID)
	assert.Equal(t, demo.ConfigPilotESP+"_"+allDevicesVirtualGroup, got[2].ID)
}

func TestAssignRefusesTheSameTargetTwice(t *testing.T) {
	f := newFixture(t)
	body := `{"enrollmentConfigurationAssignments":[{"target":` + targetJSON(wire.TargetGroup, group(demo.PilotUsers)) +
		`},{"target":` + targetJSON(wire.TargetExclusionGroup, group(demo.PilotUsers)) + `}]}`
	r := f.do(t, "POST", v1+"/"+demo.ConfigPilotESP+"/assign", f.token(t), body, nil)
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "DuplicateAssignmentTarget", r.intune(t)["CustomApiErrorPhrase"])
	assert.Len(t, f.storedConfig(t, demo.ConfigPilotESP).Assignments, 3, "nothing written")
}

func TestCreateAssignmentAnswers201WithLocation(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "POST", v1+"/"+demo.ConfigUnassignedLimit+"/assignments", f.token(t), `{"target":`+targetJSON(wire.TargetGroup, group(demo.Contractors))+`}`, nil)
	require.Equal(t, http.StatusCreated, r.status, "%s", r.raw)
	id := demo.ConfigUnassignedLimit + "_" + group(demo.Contractors)
	assert.Equal(t, id, r.object(t)["id"])
	assert.Equal(t, f.url+"/v1.0/deviceManagement/deviceEnrollmentConfigurations('"+demo.ConfigUnassignedLimit+"')/assignments('"+id+"')", r.header.Get("Location"))
	again := f.do(t, "POST", v1+"/"+demo.ConfigUnassignedLimit+"/assignments", f.token(t), `{"target":`+targetJSON(wire.TargetGroup, group(demo.Contractors))+`}`, nil)
	assert.Equal(t, http.StatusBadRequest, again.status, "the same target twice")
}

func TestDeleteAssignmentAnswers204ThenNotFound(t *testing.T) {
	f := newFixture(t)
	path := assignmentPath(v1, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group(demo.Contractors))
	assert.Equal(t, http.StatusNoContent, f.do(t, "DELETE", path, f.token(t), "", nil).status)
	r := f.do(t, "DELETE", path, f.token(t), "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, "ResourceNotFound", r.errCode(t))
}

func TestSetPriorityMovesAmongPeersAndKeepsThemDense(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "POST", v1+"/"+demo.ConfigSalesLimit+"/setPriority", f.token(t), `{"priority":1}`, nil)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.raw)
	want := map[string]int32{demo.ConfigSalesLimit: 1, demo.ConfigTenDevices: 2, demo.ConfigExecutivesLimit: 3,
		demo.ConfigFrontlineLimit: 4, demo.ConfigUnassignedLimit: 5, demo.ConfigDefaultLimit: 0}
	for id, p := range want {
		assert.Equal(t, p, f.storedConfig(t, id).Priority, id)
	}
	for _, bad := range []string{`{"priority":0}`, `{"priority":6}`, `{"priority":"1"}`, `{"priority":1,"x":1}`} {
		assert.Equal(t, http.StatusBadRequest, f.do(t, "POST", v1+"/"+demo.ConfigSalesLimit+"/setPriority", f.token(t), bad, nil).status, bad)
	}
}

func TestAssigningWhatBetaShowedChangesNothing(t *testing.T) {
	f := newFixture(t)
	before := f.srv.Store().Configurations()
	r := f.do(t, "GET", beta+"/"+demo.ConfigSalesLimit+"/assignments", f.token(t), "", nil)
	require.Equal(t, http.StatusOK, r.status)
	var list struct{ Value []json.RawMessage }
	require.NoError(t, json.Unmarshal(r.raw, &list))
	require.Contains(t, string(list.Value[0]), `"source":"direct"`, "beta shows the defaults")
	body, err := json.Marshal(map[string]any{"enrollmentConfigurationAssignments": list.Value})
	require.NoError(t, err)
	w := f.do(t, "POST", beta+"/"+demo.ConfigSalesLimit+"/assign", f.token(t), string(body), nil)
	require.Equal(t, http.StatusNoContent, w.status, "%s", w.raw)
	assert.Equal(t, before, f.srv.Store().Configurations(), "defaults sent back are not stored; the filter is kept")
}
