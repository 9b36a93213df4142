//go:build !js

package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

// control calls a test endpoint and decodes its JSON answer into out.
func control(t *testing.T, e *Emulator, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, e.GraphURL()+"/_emulator/"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(raw, out), "%s", raw)
	}
	return resp.StatusCode
}

func TestStateListsEveryConfigurationWithItsAssignments(t *testing.T) {
	e := StartTest(t, Options{})
	var s State
	require.Equal(t, http.StatusOK, control(t, e, "GET", "state", "", &s))
	assert.Equal(t, e.Configurations(), s.Value)
	assert.GreaterOrEqual(t, len(s.Groups), 30)
	assert.Len(t, s.Filters, 7, "the assignment filters too")
	for _, c := range s.Value {
		if c.ID == ConfigSalesLimit {
			assert.Equal(t, demo.AssignmentFilterID, c.Assignments[1].Target.FilterID, "the state shows what is stored, beta properties included")
		}
	}
}

func TestPutStateChangesDataBehindTheAppsBack(t *testing.T) {
	e := StartTest(t, Options{})
	only := Configuration{Kind: wire.ConfigurationLimit, ID: "11111111-1111-1111-1111-111111111111_Limit", DisplayName: "Only one",
		Priority: 1, Assignments: []Assignment{{Target: Target{Kind: wire.TargetGroup, GroupID: DemoGroupID(GroupPilotUsers)}}}}
	body, err := json.Marshal(State{Value: []Configuration{only}})
	require.NoError(t, err)
	var s State
	require.Equal(t, http.StatusOK, control(t, e, "PUT", "state", string(body), &s))
	require.Len(t, s.Value, 1)
	assert.Equal(t, only.ID+"_"+DemoGroupID(GroupPilotUsers), s.Value[0].Assignments[0].ID, "a missing assignment ID is derived")
	assert.GreaterOrEqual(t, len(s.Groups), 30, "groups are kept when left out")

	r := call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", mustToken(t, e, AdminUPN), "", nil)
	assert.Len(t, r.json(t)["value"], 1)

	limit := `"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration"`
	for _, bad := range []struct{ body, why string }{
		{`{"value":[{` + limit + `,"id":"a"},{` + limit + `,"id":"a"}]}`, "repeated IDs"},
		{`{"configurations":[]}`, "unknown field"},
		{`{"value":[{"id":"a"}]}`, "no subtype"},
		{`{"value":[{"@odata.type":"#microsoft.graph.someFutureConfiguration","id":"a"}]}`, "a subtype outside the four"},
		{`{"value":[{` + limit + `,"id":"a","allowNonBlockingAppInstallation":true}]}`, "a property of another subtype"},
		{`{"value":[{` + limit + `,"id":"a","limit":"ten"}]}`, "a property of the wrong type"},
		{`{"value":[{` + limit + `,"id":"a","assignments":[{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","weight":1}}]}]}`, "a target property outside the schema"},
		{`{"value":[],"assignmentFilters":[{"id":"not-a-guid","platform":"iOS"}]}`, "a filter ID that is no GUID"},
		{`{"value":[],"assignmentFilters":[{"id":"` + FilterCorporateIPads + `","platform":"iPhone"}]}`, "a platform outside devicePlatformType"},
	} {
		assert.Equal(t, http.StatusBadRequest, control(t, e, "PUT", "state", bad.body, nil), bad.why)
	}
}

func TestPutStateReplacesTheFiltersWhenGiven(t *testing.T) {
	e := StartTest(t, Options{})
	ipads := AssignmentFilter{ID: FilterCorporateIPads, DisplayName: "iPads", Platform: "iOS"}
	body, err := json.Marshal(State{Value: e.Configurations(), Filters: []AssignmentFilter{ipads}})
	require.NoError(t, err)
	var s State
	require.Equal(t, http.StatusOK, control(t, e, "PUT", "state", string(body), &s))
	require.Len(t, s.Filters, 1)
	assert.Equal(t, "iPads", s.Filters[0].DisplayName)
	body, err = json.Marshal(State{Value: e.Configurations()})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, control(t, e, "PUT", "state", string(body), &s))
	assert.Len(t, s.Filters, 1, "kept when left out")
}

func TestStatsCountGraphAndEntraTraffic(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tok := spaTokens(t, e, AdminUPN).str("access_token")
	call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", tok, "", nil)
	call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices, tok, "", nil)
	call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigSalesLimit, tok, "", nil)
	var s struct {
		Requests map[string]int `json:"requests"`
		Routes   map[string]int `json:"routes"`
		Statuses map[string]int `json:"statuses"`
		Entra    struct {
			Requests map[string]int `json:"requests"`
			Routes   map[string]int `json:"routes"`
		} `json:"entra"`
	}
	require.Equal(t, http.StatusOK, control(t, e, "GET", "stats", "", &s))
	assert.Equal(t, 1, s.Requests["GET /v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices])
	assert.Equal(t, 2, s.Routes["GET /v1.0/deviceManagement/deviceEnrollmentConfigurations/{id}"])
	assert.Equal(t, 3, s.Statuses["200"])
	assert.Equal(t, 1, s.Entra.Requests["POST /"+DemoTenantID+"/oauth2/v2.0/token"])
	assert.Equal(t, 1, s.Entra.Routes["POST /{tenant}/oauth2/v2.0/authorize"])
	assert.Zero(t, s.Requests["GET /_emulator/stats"], "test endpoints are not counted")

	var after struct {
		Requests map[string]int `json:"requests"`
		Entra    struct {
			Requests map[string]int `json:"requests"`
		} `json:"entra"`
	}
	require.Equal(t, http.StatusOK, control(t, e, "POST", "stats/reset", "", &after))
	assert.Empty(t, after.Requests)
	assert.Empty(t, after.Entra.Requests)
}

func TestFaultsAreSwitchedAtRunTime(t *testing.T) {
	e := StartTest(t, Options{})
	tok := mustToken(t, e, AdminUPN)
	var got Settings
	require.Equal(t, http.StatusOK, control(t, e, "POST", "faults", `{"errorRates":{"503":1}}`, &got))
	assert.Equal(t, 1.0, got.ErrorRates["503"])
	assert.True(t, got.Throttling, "switches the body does not name stay as they were")
	assert.Equal(t, http.StatusServiceUnavailable, call(t, e, "GET", "/v1.0/groups", tok, "", nil).status)

	require.Equal(t, http.StatusOK, control(t, e, "POST", "faults", `{"errorRates":{"503":0},"mode":"as-reported"}`, &got))
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/groups", tok, "", nil).status)
	r := call(t, e, "DELETE", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices+"/assignments/x", tok, "", nil)
	assert.Equal(t, "No method match route template", r.errorCode(t))

	for _, bad := range []string{`{"errorRates":{"404":0.5}}`, `{"dropRate":2}`, `{"mode":"strict"}`, `{"timeScale":0}`, `{"latency":5}`} {
		assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "faults", bad, nil), bad)
	}
	require.Equal(t, http.StatusOK, control(t, e, "GET", "faults", "", &got))
	assert.Equal(t, ModeAsReported, got.Mode, "a refused change changes nothing")
}

func TestResetRestoresTheStartState(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{Clock: c})
	tok := mustToken(t, e, AdminUPN)
	call(t, e, "DELETE", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices+"/assignments/"+ConfigTenDevices+"_"+DemoGroupID(GroupContractors), tok, "", nil)
	control(t, e, "POST", "faults", `{"exposeRetryAfter":true}`, nil)
	control(t, e, "POST", "clock", `{"advance":"30m"}`, nil)
	require.Equal(t, http.StatusOK, control(t, e, "POST", "reset", "", nil))

	fresh := StartTest(t, Options{})
	assert.Equal(t, fresh.Configurations(), e.Configurations())
	assert.False(t, e.Settings().ExposeRetryAfter)
	assert.Empty(t, e.Stats().Requests)
	assert.Equal(t, c.Now(), e.Now(), "the clock's offset is gone")
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/groups", tok, "", nil).status, "sign-ins survive a reset")
}

func TestClockJumpExpiresAccessTokens(t *testing.T) {
	e := StartTest(t, Options{})
	tok := mustToken(t, e, AdminUPN)
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/groups", tok, "", nil).status)
	var state struct{ Offset string }
	require.Equal(t, http.StatusOK, control(t, e, "POST", "clock", `{"advance":"2h"}`, &state))
	assert.Equal(t, "2h0m0s", state.Offset)
	r := call(t, e, "GET", "/v1.0/groups", tok, "", nil)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, "InvalidAuthenticationToken", r.errorCode(t))
	assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "clock", `{"advance":"-1h"}`, nil))
}

func TestRequestLogShowsWhatTheAppSentWithoutTokens(t *testing.T) {
	e := StartTest(t, Options{})
	tok := mustToken(t, e, AdminUPN)
	body := `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + DemoGroupID(GroupPilotUsers) + `"}}`
	path := "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + ConfigTenDevices + "/assignments/" + ConfigTenDevices + "_" + DemoGroupID(GroupContractors)
	require.Equal(t, http.StatusOK, call(t, e, "PATCH", path, tok, body, map[string]string{"Accept": "application/json"}).status)
	var log struct {
		Value []struct {
			Method, Path, Body string
			Status             int
			Headers            map[string][]string
		}
	}
	req, err := http.NewRequest("GET", e.GraphURL()+"/_emulator/requests", nil)
	require.NoError(t, err)
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, json.Unmarshal(raw, &log))
	require.Len(t, log.Value, 1)
	got := log.Value[0]
	assert.Equal(t, "PATCH", got.Method)
	assert.Equal(t, path, got.Path)
	assert.Equal(t, body, got.Body)
	assert.Equal(t, 200, got.Status)
	assert.Equal(t, []string{"Bearer <redacted>"}, got.Headers["Authorization"])
	assert.Equal(t, []string{"application/json"}, got.Headers["Accept"])
	assert.NotContains(t, string(raw), tok)
}

func TestTestTokensAndRedirectRegistration(t *testing.T) {
	e := StartTest(t, Options{})
	var minted struct {
		AccessToken string `json:"access_token"`
	}
	require.Equal(t, http.StatusOK, control(t, e, "POST", "token", `{"upn":"`+ReaderUPN+`","clientId":"`+OtherClientID+`"}`, &minted))
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", minted.AccessToken, "", nil).status)
	assert.Equal(t, OtherClientID, claims(t, minted.AccessToken)["appid"])
	assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "token", `{"upn":"`+PersonalUPN+`"}`, nil), "no token for a refused account")

	uri := "http://127.0.0.1:41999/"
	require.Equal(t, http.StatusOK, control(t, e, "POST", "spa-redirect-uris", `{"uri":"`+uri+`"}`, nil))
	assert.NotEmpty(t, signIn(t, e, AdminUPN, newPKCE(t), uri))
}

func TestThrottlingEndToEndAtACompressedTimeScale(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{Clock: c, TimeScale: 0.05})
	mine, theirs := mustToken(t, e, AdminUPN), ""
	other, err := e.AccessToken(AdminUPN, OtherClientID)
	require.NoError(t, err)
	theirs = other
	items := make([]string, 20)
	for i := range items {
		items[i] = `{"id":"` + string(rune('a'+i)) + `","method":"POST","url":"/deviceManagement/deviceEnrollmentConfigurations/` + ConfigTenDevices +
			`/setPriority","headers":{"Content-Type":"application/json"},"body":{"priority":1}}`
	}
	batch := `{"requests":[` + strings.Join(items, ",") + `]}`
	send := func(tok string) map[int]int {
		r := call(t, e, "POST", "/v1.0/$batch", tok, batch, nil)
		require.Equal(t, http.StatusOK, r.status)
		var a struct{ Responses []struct{ Status int } }
		require.NoError(t, json.Unmarshal(r.raw, &a))
		out := map[int]int{}
		for _, resp := range a.Responses {
			out[resp.Status]++
		}
		return out
	}
	for i := 0; i < 5; i++ {
		require.Equal(t, map[int]int{204: 20}, send(mine))
	}
	assert.Equal(t, map[int]int{429: 20}, send(mine), "101st write of this app within the window")
	assert.Equal(t, map[int]int{204: 20}, send(theirs), "another app still has room in the tenant")
	c.Advance(500 * time.Millisecond)
	assert.Equal(t, map[int]int{429: 20}, send(mine), "back before Retry-After: throttled again")
	c.Advance(time.Second)
	assert.Equal(t, map[int]int{204: 20}, send(mine))

	var s struct {
		Throttled, EarlyRetries, BatchItems, Writes int
	}
	require.Equal(t, http.StatusOK, control(t, e, "GET", "stats", "", &s))
	assert.Equal(t, 40, s.Throttled)
	assert.Equal(t, 20, s.EarlyRetries, "the items of the batch sent early, not the siblings of the first 429")
	assert.Equal(t, 180, s.BatchItems)
}

func TestStartTestPicksFreePortsOnTwoOrigins(t *testing.T) {
	a := StartTest(t, Options{})
	b := StartTest(t, Options{})
	assert.NotEqual(t, a.EntraURL(), a.GraphURL())
	assert.NotEqual(t, a.GraphURL(), b.GraphURL())
	assert.Equal(t, a.EntraURL()+"/"+DemoTenantID, a.Authority())
	require.NoError(t, a.Close())
	_, err := http.Get(a.GraphURL() + "/_emulator/stats")
	assert.Error(t, err, "closed")
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]WriteMode{"": ModeDocumented, "documented": ModeDocumented, "as-reported": ModeAsReported} {
		got, err := ParseMode(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseMode("patch-only")
	assert.Error(t, err)
}

func TestPutStateSetsUpPeopleAndTheirGroups(t *testing.T) {
	e := StartTest(t, Options{})
	var s State
	require.Equal(t, http.StatusOK, control(t, e, "GET", "state", "", &s))
	assert.GreaterOrEqual(t, len(s.Users), 200, "the state shows the directory's users")

	ann := User{ID: "0a0a0a0a-0000-4000-8000-000000000001", DisplayName: "Ann Example", UserPrincipalName: "ann@" + DemoTenantDomain}
	bob := User{ID: "0a0a0a0a-0000-4000-8000-000000000002", DisplayName: "Bob Example", UserPrincipalName: "bob@" + DemoTenantDomain}
	inner := Group{ID: "0b0b0b0b-0000-4000-8000-000000000001", DisplayName: "Inner", SecurityEnabled: true,
		Members: []wire.Member{wire.NewMember(wire.MemberUser, bob.ID)}}
	outer := Group{ID: "0b0b0b0b-0000-4000-8000-000000000002", DisplayName: "Outer", SecurityEnabled: true,
		Members: []wire.Member{wire.NewMember(wire.MemberUser, ann.ID), wire.NewMember(wire.MemberGroup, inner.ID)}}
	body, err := json.Marshal(State{Value: e.Configurations(), Users: []User{ann, bob}, Groups: []Group{inner, outer}})
	require.NoError(t, err)
	var put State
	require.Equal(t, http.StatusOK, control(t, e, "PUT", "state", string(body), &put))
	assert.Equal(t, []User{ann, bob}, put.Users)

	r := call(t, e, "GET", "/v1.0/users/"+bob.ID+"/transitiveMemberOf", mustToken(t, e, AdminUPN), "", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Len(t, r.json(t)["value"], 2, "Bob is in Inner, and in Outer through it")

	body, err = json.Marshal(State{Value: e.Configurations(), Users: []User{ann}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, control(t, e, "PUT", "state", string(body), nil), "Inner would hold a user the directory lacks")
	var after State
	require.Equal(t, http.StatusOK, control(t, e, "GET", "state", "", &after))
	assert.Len(t, after.Users, 2, "a refused state changes nothing")
}
