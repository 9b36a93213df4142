package components

import (
	"context"
	"net/url"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/history"
	"enrollassign/graph"
	"enrollassign/graph/auth"
)

// intuneOnly is a session signed in with the Intune permission alone.
func intuneOnly() *fakeSession {
	s := signedIn()
	s.granted = []string{auth.ScopeDeviceManagementServiceConfig}
	s.authorize = "http://127.0.0.1:8001/authorize?consent=1"
	return s
}

func TestWithoutGroupMemberReadGroupsAreNeverAskedFor(t *testing.T) {
	tenant := newTenant()
	g := sessionGraph{Graph: tenant, has: Permissions{Granted: []string{auth.ScopeDeviceManagementServiceConfig}}.Has}
	ctx := context.Background()
	_, err := g.GetGroups(ctx, []string{salesID})
	mp, ok := missingPermission(err)
	require.True(t, ok, "got %v", err)
	assert.Equal(t, auth.ScopeGroupMemberRead, mp.Permission)
	_, err = g.SearchGroups(ctx, "Sal", 10)
	assert.ErrorAs(t, err, &mp)
	_, err = g.GetGroup(ctx, salesID)
	assert.ErrorAs(t, err, &mp)
	assert.Empty(t, tenant.Calls(), "no request Graph would refuse")

	granted := sessionGraph{Graph: tenant, has: Permissions{Granted: []string{auth.ScopeGroupMemberRead}}.Has}
	names, err := granted.GetGroups(ctx, []string{salesID})
	require.NoError(t, err)
	assert.NotEmpty(t, names[salesID].DisplayName)
}

func TestARoleRefusalIsHeardFromASaveAndFromABatchItem(t *testing.T) {
	role := &graph.Error{Status: 403, Code: "Forbidden", Message: "An error has occurred", Method: "PATCH",
		URL: "https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/x/assignments/y"}
	scope := &graph.Error{Status: 403, Code: "Forbidden", Message: "Application must have one of the following scopes: X",
		Method: "PATCH", URL: role.URL}
	var heard []*graph.Error
	tenant := newTenant()
	g := sessionGraph{Graph: tenant, has: func(string) bool { return true }, refused: func(e *graph.Error) { heard = append(heard, e) }}

	tenant.updateErr = scope
	_, _ = g.UpdateAssignment(context.Background(), graph.Update{})
	assert.Empty(t, heard, "a missing permission is not the role")
	tenant.updateErr = role
	_, _ = g.UpdateAssignment(context.Background(), graph.Update{})
	assert.Equal(t, []*graph.Error{role}, heard)

	heard = nil
	batches := watchedBatches{Graph: answeringBatch{status: 403, body: `{"error":{"code":"Forbidden","message":"An error has occurred"}}`},
		watch: g.watch}
	_, err := batches.SendBatch(context.Background(), []graph.BatchRequest{{ID: "1", Method: "POST", URL: "/deviceManagement/deviceEnrollmentConfigurations/x/assign"}})
	require.NoError(t, err)
	require.Len(t, heard, 1, "a batch's item")
	assert.True(t, heard[0].IsRoleRefusal())
}

// answeringBatch answers every item of a batch with one status and body.
type answeringBatch struct {
	status int
	body   string
}

func (a answeringBatch) SendBatch(_ context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	var answer graph.BatchAnswer
	for _, r := range reqs {
		answer.Responses = append(answer.Responses, graph.BatchResponse{ID: r.ID, Status: a.status, Body: []byte(a.body)})
	}
	return answer, nil
}

func TestGroupNamesOfferTheirPermissionAndTheRestKeepsWorking(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), intuneOnly())
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.Open(ctx, espConfiguration()) })
	page := r.page()
	assert.Contains(t, page, "Group names and member counts need GroupMember.Read.All")
	assert.Contains(t, page, "Group IDs are shown instead, without counts.")
	assert.Contains(t, page, "Include group "+salesID, "the ID where the name would be")
	assert.Contains(t, html(r.shell), `class="edit-assignment"`, "changes are still offered")

	detail := latest[*ConfigurationDetail](t)
	act(t, r.engine, detail, func(ctx app.Context) { detail.Permissions.Ask(ctx, auth.ScopeGroupMemberRead) })
	require.Len(t, r.session.asked, 1)
	assert.Equal(t, []string{auth.ScopeGroupMemberRead}, r.session.asked[0].Permissions)
	assert.Equal(t, []string{"http://127.0.0.1:8001/authorize?consent=1"}, r.browser.redirects)
	raw, ok := keep.Resume.In(browser.Session(contextOf(t, r.shell))).Get(resumeKey)
	require.True(t, ok, "the screen to come back to is noted")
	assert.Contains(t, raw, espID)
}

func TestAPermissionGrantedOnTheRoundTripComesBackToTheScreen(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), intuneOnly())
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.Open(ctx, espConfiguration()) })
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.askPermission(ctx, auth.ScopeGroupMemberRead) })

	r.session.granted = nil // every permission now
	r.browser.location = mustParse(t, "http://127.0.0.1:8000/#code=c&state=s")
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.open(ctx) })
	assert.Equal(t, screenDetail, r.shell.screen, "back on the configuration")
	assert.Equal(t, espID, r.shell.selected.ID)
	assert.Contains(t, r.page(), "Sales Laptops", "names now")
	assert.NotContains(t, r.page(), "need GroupMember.Read.All")
}

func TestARefusedPermissionIsSaidAndTheSessionGoesOn(t *testing.T) {
	session := intuneOnly()
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), session)
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.Open(ctx, espConfiguration()) })
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.askPermission(ctx, auth.ScopeGroupMemberRead) })

	session.complete = &auth.SignInError{Kind: auth.ConsentMissing, OAuthError: "access_denied", ForFeature: true,
		Permissions: []string{auth.ScopeGroupMemberRead}}
	r.browser.location = mustParse(t, "http://127.0.0.1:8000/#error=access_denied&error_subcode=cancel&state=s")
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.open(ctx) })
	assert.Equal(t, phaseSignedIn, r.shell.phase, "still signed in")
	assert.Equal(t, screenDetail, r.shell.screen)
	page := r.page()
	assert.Contains(t, page, "GroupMember.Read.All was not granted")
	assert.Contains(t, page, "Group names and member counts need GroupMember.Read.All", "IDs, and the offer again")
	assert.Contains(t, html(r.shell), `id="admin-consent-url"`)
	assert.NotContains(t, page, "Trace ID", "Entra gave none")
}

func TestARoleRefusalMakesTheSessionReadOnlyUntilRetried(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	require.Contains(t, html(r.shell), `id="open-bulk"`)
	r.graph.updateErr = &graph.Error{Status: 403, Code: "Forbidden", Message: "An error has occurred", Method: "PATCH",
		URL: "https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/x/assignments/y"}
	act(t, r.engine, r.shell, func(ctx app.Context) {
		_, _ = r.shell.services.Graph.UpdateAssignment(ctx, graph.Update{})
	})
	page := r.page()
	assert.Contains(t, page, "Read-only session.")
	assert.Contains(t, page, graph.IntuneWriteRoles)
	assert.NotContains(t, html(r.shell), `id="open-bulk"`, "no bulk change offered")
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.Open(ctx, espConfiguration()) })
	assert.NotContains(t, html(r.shell), `class="edit-assignment"`, "no Change button")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.perms.readOnly = nil })
	assert.Contains(t, html(r.shell), `class="edit-assignment"`, "offered again after the retry")
}

func TestSettingsListEveryPermissionAndWhetherTheSessionHasIt(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), intuneOnly())
	act(t, r.engine, r.shell, r.shell.showSettings)
	page := r.page()
	for _, p := range auth.Permissions() {
		assert.Contains(t, page, p.Scope)
		assert.Contains(t, page, capitalize(p.Unlocks))
	}
	assert.Contains(t, page, "DeviceManagementServiceConfig.ReadWrite.All (asked at sign-in) Granted")
	assert.Contains(t, page, "GroupMember.Read.All Not granted Ask for it")
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

func TestAReadOnlySessionIsOfferedNoUndoAndNoRestore(t *testing.T) {
	k := testKeeping()
	done := history.Entry{ID: "e1", Outcome: history.Succeeded, Source: history.SourceEdit, User: adminUPN, Tenant: tenantID,
		ConfigurationID: espID, ConfigurationName: "Autopilot ESP", AssignmentID: espID + "_" + salesID,
		Before: graph.GroupTarget(pilotID), After: graph.GroupTarget(salesID)}
	require.NoError(t, k.Record(done))
	h := &HistoryScreen{Graph: newTenant(), Keeping: k}
	he := mount(t, h)
	require.Contains(t, html(h), `class="undo-entry"`)
	act(t, he, h, func(app.Context) { h.ReadOnly = true })
	assert.NotContains(t, html(h), `class="undo-entry"`)

	files := &fakeFiles{}
	b := &BackupScreen{Graph: newTenant(), Keeping: testKeeping(), Files: files, Cloud: testDemo().Cloud}
	e := mount(t, b)
	act(t, e, b, func(ctx app.Context) { b.TakeBackup(ctx) })
	require.Len(t, files.saved, 1)
	act(t, e, b, func(ctx app.Context) { b.Import(ctx, "ours.json", files.saved[0].data) })
	require.Contains(t, html(b), `id="start-restore"`)
	act(t, e, b, func(app.Context) { b.ReadOnly = true })
	assert.NotContains(t, html(b), `id="start-restore"`)
}

// peopleTenant is a tenant that also reads people, recording which.
type peopleTenant struct {
	*fakeGraph
	read []string
}

func (p *peopleTenant) SearchUsers(context.Context, string, int) ([]graph.User, error) {
	p.read = append(p.read, "SearchUsers")
	return []graph.User{{ID: "u1", DisplayName: "Adele Vance"}}, nil
}

func (p *peopleTenant) ListUsers(context.Context) ([]graph.User, error) {
	p.read = append(p.read, "ListUsers")
	return []graph.User{{ID: "u1"}}, nil
}

func (p *peopleTenant) UserGroups(context.Context, []string) (map[string][]string, error) {
	p.read = append(p.read, "UserGroups")
	return map[string][]string{"u1": {salesID}}, nil
}

func (p *peopleTenant) GroupMembers(context.Context, []string) (map[string]graph.Members, error) {
	p.read = append(p.read, "GroupMembers")
	return map[string]graph.Members{salesID: {Users: []string{"u1"}}}, nil
}

// peopleReadsOf calls the four people reads of g, each error by name.
func peopleReadsOf(g sessionGraph) map[string]error {
	ctx := context.Background()
	_, search := g.SearchUsers(ctx, "ade", 5)
	_, list := g.ListUsers(ctx)
	_, groups := g.UserGroups(ctx, []string{"u1"})
	_, members := g.GroupMembers(ctx, []string{salesID})
	return map[string]error{"SearchUsers": search, "ListUsers": list, "UserGroups": groups, "GroupMembers": members}
}

func TestPeopleAreReadOnlyWithTheirPermissions(t *testing.T) {
	tests := []struct {
		name    string
		granted []string
		missing map[string]string // read → permission it lacks
	}{
		{"neither", []string{auth.ScopeDeviceManagementServiceConfig},
			map[string]string{"SearchUsers": auth.ScopeUserRead, "ListUsers": auth.ScopeUserRead,
				"UserGroups": auth.ScopeGroupMemberRead, "GroupMembers": auth.ScopeGroupMemberRead}},
		{"users only", []string{auth.ScopeUserRead},
			map[string]string{"UserGroups": auth.ScopeGroupMemberRead, "GroupMembers": auth.ScopeGroupMemberRead}},
		{"memberships only", []string{auth.ScopeGroupMemberRead},
			map[string]string{"SearchUsers": auth.ScopeUserRead, "ListUsers": auth.ScopeUserRead}},
		{"both", []string{auth.ScopeUserRead, auth.ScopeGroupMemberRead}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := &peopleTenant{fakeGraph: newTenant()}
			errs := peopleReadsOf(sessionGraph{Graph: tenant, has: Permissions{Granted: tt.granted}.Has})
			var sent []string
			for read, err := range errs {
				permission, refused := tt.missing[read]
				if !refused {
					assert.NoError(t, err, read)
					sent = append(sent, read)
					continue
				}
				mp, ok := missingPermission(err)
				require.True(t, ok, "%s: %v", read, err)
				assert.Equal(t, permission, mp.Permission, read)
			}
			assert.ElementsMatch(t, sent, tenant.read, "only what the session may read is asked of Graph")
		})
	}
}

func TestPeopleReadsSayWhenTheGraphCannotReadPeople(t *testing.T) {
	g := sessionGraph{Graph: struct{ Graph }{}, has: func(string) bool { return true }}
	for read, err := range peopleReadsOf(g) {
		assert.ErrorIs(t, err, errNoPeople, read)
	}
}
