//go:build !js

package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/token"
	"enrollassign/graph/emulator/wire"
)

type batchAnswer struct {
	Responses []struct {
		ID      string            `json:"id"`
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"responses"`
}

func (f *fixture) batch(t *testing.T, version, tok, body string) (res, batchAnswer) {
	t.Helper()
	r := f.do(t, "POST", "/"+version+"/$batch", tok, body, nil)
	var a batchAnswer
	if r.status == http.StatusOK {
		require.NoError(t, json.Unmarshal(r.raw, &a), "%s", r.raw)
	}
	return r, a
}

func patchItem(id, configID, assignmentID, target string, dependsOn ...string) string {
	deps := ""
	if len(dependsOn) > 0 {
		raw, _ := json.Marshal(dependsOn)
		deps = `,"dependsOn":` + string(raw)
	}
	return fmt.Sprintf(`{"id":%q,"method":"PATCH","url":"/deviceManagement/deviceEnrollmentConfigurations/%s/assignments/%s","headers":{"Content-Type":"application/json"},"body":%s%s}`,
		id, configID, assignmentID, patchBody(target), deps)
}

func TestBatchRunsEachRequestWithItsOwnStatus(t *testing.T) {
	f := newFixture(t)
	ok := patchItem("1", demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"), targetJSON(wire.TargetGroup, group(demo.PilotUsers)))
	bad := patchItem("2", demo.ConfigTenDevices, "missing", targetJSON(wire.TargetGroup, group(demo.PilotUsers)))
	dependent := patchItem("3", demo.ConfigExecutivesLimit, demo.ConfigExecutivesLimit+"_"+group(demo.Executives), targetJSON(wire.TargetGroup, group(demo.FinanceTeam)), "2")
	read := `{"id":"4","method":"GET","url":"groups/` + group(demo.SalesLaptops) + `"}`
	r, a := f.batch(t, "v1.0", f.token(t), `{"requests":[`+strings.Join([]string{ok, bad, dependent, read}, ",")+`]}`)
	require.Equal(t, http.StatusOK, r.status, "the batch answers 200 whatever its requests did: %s", r.raw)
	got := map[string]int{}
	for _, resp := range a.Responses {
		got[resp.ID] = resp.Status
	}
	assert.Equal(t, map[string]int{"1": 200, "2": 404, "3": 424, "4": 200}, got)
	assert.Equal(t, wire.Target{Kind: wire.TargetGroup, GroupID: group(demo.PilotUsers)}, f.storedConfig(t, demo.ConfigTenDevices).Assignments[1].Target)
	assert.Equal(t, wire.Target{Kind: wire.TargetGroup, GroupID: group(demo.Executives)}, f.storedConfig(t, demo.ConfigExecutivesLimit).Assignments[0].Target,
		"a request whose dependency failed is not run")
	s := f.stats.Snapshot()
	assert.Equal(t, 4, s.BatchItems)
	assert.Equal(t, 2, s.Routes["PATCH /v1.0/deviceManagement/deviceEnrollmentConfigurations/{id}/assignments/{id}"], "items are counted by their own route")
	assert.Equal(t, 1, s.Routes["GET /v1.0/groups/{id}"])
	assert.Equal(t, 1, s.Routes["POST /v1.0/$batch"])
	assert.Equal(t, 1, s.Statuses["424"])
}

func TestBatchRulesRefuseTheWholeBatch(t *testing.T) {
	f := newFixture(t)
	item := func(id string) string {
		return patchItem(id, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"), targetJSON(wire.TargetGroup, group(demo.PilotUsers)))
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = item(fmt.Sprint(i + 1))
	}
	tests := []struct{ name, body, message string }{
		{"more than 20", `{"requests":[` + strings.Join(many, ",") + `]}`, "exceeds the maximum of 20"},
		{"repeated id", `{"requests":[` + item("1") + `,` + item("1") + `]}`, "id '1' is repeated"},
		{"body without Content-Type", `{"requests":[{"id":"1","method":"PATCH","url":"/deviceManagement/deviceEnrollmentConfigurations/x/assignments/y","body":{}}]}`, "has a body but no Content-Type header"},
		{"unknown dependency", `{"requests":[` + patchItem("1", "x", "y", "{}", "9") + `]}`, "depends on '9'"},
		{"absolute url", `{"requests":[{"id":"1","method":"GET","url":"https://graph.microsoft.com/v1.0/groups"}]}`, "must be relative"},
		{"empty", `{"requests":[]}`, "at least one request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.srv.Store().Configurations()
			r, _ := f.batch(t, "v1.0", f.token(t), tt.body)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
			assert.Contains(t, r.errMessage(t), tt.message)
			assert.Equal(t, before, f.srv.Store().Configurations())
		})
	}
}

func TestBatchCannotNest(t *testing.T) {
	f := newFixture(t)
	r, a := f.batch(t, "v1.0", f.token(t), `{"requests":[{"id":"1","method":"POST","url":"/$batch","headers":{"Content-Type":"application/json"},"body":{"requests":[]}}]}`)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, http.StatusBadRequest, a.Responses[0].Status)
}

func TestBatchItemsUseTheBatchVersion(t *testing.T) {
	f := newFixture(t)
	path := "/deviceManagement/deviceEnrollmentConfigurations/" + demo.ConfigSalesLimit + "/assignments"
	_, a := f.batch(t, "beta", f.token(t), `{"requests":[{"id":"1","method":"GET","url":"`+path+`"}]}`)
	assert.Contains(t, string(a.Responses[0].Body), "deviceAndAppManagementAssignmentFilterType")
	_, a = f.batch(t, "v1.0", f.token(t), `{"requests":[{"id":"1","method":"GET","url":"`+path+`"}]}`)
	assert.NotContains(t, string(a.Responses[0].Body), "deviceAndAppManagementAssignmentFilterType")
}

// The batch's token is checked once, at the door: a bad one refuses the
// whole batch, and a good one's claims still decide each item's permission.
func TestBatchItemsRunWithTheBatchsToken(t *testing.T) {
	f := newFixture(t)
	write := patchItem("1", demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"), targetJSON(wire.TargetGroup, group(demo.PilotUsers)))
	read := `{"id":"2","method":"GET","url":"/deviceManagement/deviceEnrollmentConfigurations/` + demo.ConfigTenDevices + `"}`
	body := `{"requests":[` + write + "," + read + `]}`

	r, _ := f.batch(t, "v1.0", f.token(t, func(c *token.Claims) { c.Exp = c.Iat }), body)
	require.Equal(t, http.StatusUnauthorized, r.status, "%s", r.raw)
	assert.Equal(t, "InvalidAuthenticationToken", r.errCode(t))
	assert.Zero(t, f.stats.Snapshot().BatchItems, "no item of a refused batch runs")

	r, a := f.batch(t, "v1.0", f.token(t, scp("DeviceManagementServiceConfig.Read.All")), body)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	got := map[string]int{}
	for _, resp := range a.Responses {
		got[resp.ID] = resp.Status
	}
	assert.Equal(t, map[string]int{"1": http.StatusForbidden, "2": http.StatusOK}, got)
}
