package components

import (
	"net/url"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/graph/auth"
)

const appOrigin = "http://127.0.0.1:8000"

// title is the document title the shell set.
func (r *shellRig) title(t *testing.T) string {
	return contextOf(t, r.shell).Page().Title()
}

// back is the browser's Back (or Forward) to path: go-app calls OnNav.
func (r *shellRig) back(t *testing.T, path string) {
	t.Helper()
	r.browser.location = mustURL(appOrigin + path)
	act(t, r.engine, r.shell, r.shell.OnNav)
}

// settle lets the screens' reads come back.
func (r *shellRig) settle(t *testing.T) {
	t.Helper()
	for range 5 {
		time.Sleep(10 * time.Millisecond)
		r.engine.ConsumeAll()
	}
}

func TestShellOpensTheConfigurationItsAddressNames(t *testing.T) {
	r := newShellRig(t, appOrigin+"/configurations/"+espID, testDemo(), signedIn())
	r.settle(t)
	assert.Equal(t, screenDetail, r.shell.screen)
	assert.Contains(t, r.page(), "Autopilot ESP", "read by its ID, which is all a reload or a link holds")
	assert.Equal(t, "Autopilot ESP · Enrollment assignments", r.title(t))
}

func TestShellSaysWhenTheAddressNamesNoConfiguration(t *testing.T) {
	r := newShellRig(t, appOrigin+"/configurations/gone", testDemo(), signedIn())
	r.settle(t)
	assert.Contains(t, r.page(), "This configuration is not in the tenant")
	assert.Contains(t, html(r.shell), `id="back-to-list"`)
}

func TestShellPutsEachScreenInTheAddressBarAndBackMovesBetweenThem(t *testing.T) {
	r := newShellRig(t, appOrigin+"/", testDemo(), signedIn())
	assert.Equal(t, "All configurations · Enrollment assignments", r.title(t))
	list := latest[*ConfigurationList](t)
	act(t, r.engine, list, func(ctx app.Context) { list.open(ctx, espConfiguration()) })
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.goTo(ctx, address{screen: screenHistory}) })
	assert.Equal(t, []string{"/configurations/" + espID, "/history"}, r.browser.pushed)
	assert.Equal(t, "History of changes · Enrollment assignments", r.title(t))

	r.back(t, "/configurations/"+espID)
	assert.Equal(t, screenDetail, r.shell.screen)
	assert.Contains(t, r.page(), "Autopilot ESP Enrollment Status Page · priority 1")
	r.back(t, "/")
	assert.Equal(t, screenList, r.shell.screen)
	assert.Contains(t, r.page(), "Device enrollment configurations")
	r.back(t, "/settings")
	assert.Equal(t, screenSettings, r.shell.screen)
	assert.Len(t, r.browser.pushed, 2, "Back and Forward push nothing")
}

func TestShellFollowsTheEditorsAddress(t *testing.T) {
	r := newShellRig(t, appOrigin+"/configurations/"+espID, testDemo(), signedIn())
	r.settle(t)
	detail := latest[*ConfigurationDetail](t)
	aid := espAssignments()[0].ID
	act(t, r.engine, detail, func(ctx app.Context) { detail.Edit(ctx, aid) })
	require.NotEmpty(t, r.browser.pushed)
	assert.Equal(t, address{screen: screenDetail, configuration: espID, assignment: aid}.Path(), r.browser.pushed[len(r.browser.pushed)-1])

	r.back(t, "/configurations/"+espID)
	assert.Empty(t, detail.editing, "Back closes the editor")
	r.back(t, address{screen: screenDetail, configuration: espID, assignment: aid}.Path())
	assert.Equal(t, aid, detail.editing, "Forward opens it again")
}

func TestShellShowsTheAddressOfASignedOutVisitorOnceSignedIn(t *testing.T) {
	session := &fakeSession{account: auth.Account{UPN: adminUPN}, authorize: "http://127.0.0.1:8001/authorize?x=1"}
	r := newShellRig(t, appOrigin+"/history", testDemo(), session)
	assert.Equal(t, phaseSignedOut, r.shell.phase)
	assert.Equal(t, "Sign in · Enrollment assignments", r.title(t))
	act(t, r.engine, r.shell, r.shell.SignIn)
	require.Len(t, r.browser.redirects, 1)
	kept, ok := keep.Resume.In(browser.Session(contextOf(t, r.shell))).Get(addressKey)
	assert.True(t, ok)
	assert.Equal(t, "/history", kept, "kept across the round trip to Entra, whose redirect URI stays /")

	// Entra sends the browser back to the root: a new page, which knows
	// only what sessionStorage kept.
	r.shell.addr = shellAddress{}
	r.browser.location = mustURL(appOrigin + "/?code=c&state=s")
	act(t, r.engine, r.shell, r.shell.open)
	r.settle(t)
	assert.Equal(t, phaseSignedIn, r.shell.phase)
	assert.Equal(t, screenHistory, r.shell.screen)
	assert.Equal(t, appOrigin+"/history", r.browser.location.String(), "the address replaced, the code gone")
	assert.Equal(t, "History of changes · Enrollment assignments", r.title(t))
}

func mustURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}
