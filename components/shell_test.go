package components

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/cloud"
)

const adminUPN = "admin@contoso.onmicrosoft.com"

// shellRig is a shell wired to fakes, with what it was connected with.
type shellRig struct {
	shell       *Shell
	engine      app.TestEngine
	browser     *fakeBrowser
	session     *fakeSession
	graph       *fakeGraph
	connections []Connection
}

func newShellRig(t *testing.T, location string, demo Demo, session *fakeSession) *shellRig {
	t.Helper()
	r := &shellRig{browser: newBrowser(location), session: session, graph: newTenant()}
	r.shell = &Shell{
		Browser: r.browser,
		Demo:    demo,
		opts:    options{searchDelay: time.Millisecond},
		Connect: func(c Connection) (Services, error) {
			r.connections = append(r.connections, c)
			return Services{Session: r.session, Graph: r.graph}, nil
		},
	}
	r.engine = mount(t, r.shell)
	return r
}

func (r *shellRig) page() string { return visible(html(r.shell)) }

func signedIn() *fakeSession {
	return &fakeSession{account: auth.Account{UPN: adminUPN}, signedIn: true}
}

func TestShellAsksForSettingsWhenThereIsNoDemoAndNothingSaved(t *testing.T) {
	r := newShellRig(t, "https://app.example/", Demo{}, &fakeSession{})
	assert.Equal(t, phaseNeedsSettings, r.shell.phase)
	assert.Contains(t, r.page(), "Tell the app which tenant and app registration to sign in with.")
	assert.Contains(t, r.page(), "https://app.example/", "the redirect URI to register is shown")
	assert.Empty(t, r.connections, "nothing is opened without a tenant")
}

func TestShellOpensTheDemoTenantAndOffersSignIn(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), &fakeSession{authorize: "http://127.0.0.1:8001/authorize?x=1"})
	require.Len(t, r.connections, 1)
	c := r.connections[0]
	assert.Equal(t, cloud.DemoID, c.Cloud.ID)
	assert.Equal(t, demoTenant, c.Tenant)
	assert.Equal(t, demoClient, c.ClientID)
	assert.Equal(t, "http://127.0.0.1:8000/", c.RedirectURI)
	assert.Contains(t, r.page(), "Demo mode.")
	assert.Contains(t, r.page(), "admin@contoso.onmicrosoft.com")
	assert.Contains(t, html(r.shell), `id="sign-in"`)
	assert.Contains(t, r.page(), "Sign in with Microsoft")

	act(t, r.engine, r.shell, r.shell.SignIn)
	assert.Equal(t, []string{"http://127.0.0.1:8001/authorize?x=1"}, r.browser.redirects, "a full-page redirect, not a new tab")
}

func TestShellCompletesTheRedirectAndCleansTheAddressBar(t *testing.T) {
	session := &fakeSession{account: auth.Account{UPN: adminUPN}}
	callback := "http://127.0.0.1:8000/?keep=1#code=the-code&state=the-state&session_state=s"
	r := newShellRig(t, callback, testDemo(), session)

	assert.Equal(t, []string{callback}, session.callbacks, "the whole callback URL is handed to auth")
	require.Len(t, r.browser.replaced, 1)
	assert.Equal(t, "http://127.0.0.1:8000/?keep=1", r.browser.replaced[0])
	assert.Equal(t, phaseSignedIn, r.shell.phase)
	assert.Contains(t, r.page(), adminUPN)
	assert.Contains(t, r.page(), "Device enrollment configurations")
}

func TestShellShowsOneScreenPerSignInFailure(t *testing.T) {
	tests := []struct {
		kind  auth.ErrorKind
		title string
	}{
		{auth.ConsentMissing, "The app has not been granted its permissions"},
		{auth.PersonalAccount, "Personal Microsoft accounts cannot sign in"},
		{auth.AccountNotInTenant, "This account belongs to another organisation"},
		{auth.RedirectMismatch, "This address is not a registered redirect URI"},
		{auth.Cancelled, "Sign-in was cancelled"},
		{auth.CrossOriginNotSPA, "not registered as a single-page application"},
		{auth.StateMismatch, "This sign-in response was not started here"},
		{auth.RefreshExpired, "Your session has ended"},
		{auth.Network, "The sign-in service could not be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			fail := &auth.SignInError{Kind: tt.kind, Code: "AADSTS00000", Description: "what Entra said", TraceID: "trace-1"}
			r := newShellRig(t, "http://127.0.0.1:8000/#error=access_denied&error_description=x&state=s", testDemo(),
				&fakeSession{complete: fail})
			page := r.page()
			assert.Contains(t, page, tt.title)
			assert.Contains(t, page, fail.Hint())
			assert.Contains(t, page, "AADSTS00000")
			assert.Contains(t, page, "trace-1")
			assert.Equal(t, "http://127.0.0.1:8000/", r.browser.replaced[0], "the error is cleaned from the address too")
		})
	}
}

func TestShellRetriesSignInFromTheErrorScreen(t *testing.T) {
	session := &fakeSession{complete: &auth.SignInError{Kind: auth.Cancelled}, authorize: "http://127.0.0.1:8001/authorize"}
	r := newShellRig(t, "http://127.0.0.1:8000/#error=access_denied", testDemo(), session)
	errScreen := latest[*SignInError](t)
	act(t, r.engine, errScreen, func(ctx app.Context) { errScreen.OnRetry(ctx) })
	assert.Equal(t, []string{"http://127.0.0.1:8001/authorize"}, r.browser.redirects,
		"the redirect happens although the error screen that asked is gone")
}

func TestShellSignOutForgetsTenantDataButKeepsSettings(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	ctx := contextOf(t, r.shell)
	require.NoError(t, keep.SaveSettings(browser.Local(ctx), DefaultSettings(testDemo())))
	store := browser.Storage{Storage: ctx.SessionStorage()}
	require.NoError(t, store.Set(keep.Namespace+".drafts", `[{"target":"x"}]`))
	require.NoError(t, store.Set("unrelated", "kept"))

	act(t, r.engine, r.shell, r.shell.SignOut)
	assert.Equal(t, 1, r.session.signOuts)
	assert.Equal(t, []string{"unrelated"}, store.Keys(), "no tenant data left in sessionStorage")
	assert.True(t, ctx.LocalStorage().Contains(keep.SettingsKey), "settings are not tenant data")
	assert.Equal(t, phaseSignedOut, r.shell.phase)
	assert.NotContains(t, html(r.shell), "signed-in-account")
}

// Served with -no-emulator, the demo names no users: the banner says where
// the demo cloud points and claims no emulator (widgets tests its words).
func TestShellDemoBannerWithoutTheServersEmulator(t *testing.T) {
	d := testDemo()
	d.Users = nil
	r := newShellRig(t, "http://127.0.0.1:8000/", d, &fakeSession{})
	page := r.page()
	assert.Contains(t, page, "Demo mode. The demo cloud points at http://127.0.0.1:8001 for Microsoft Entra ID and http://127.0.0.1:8002 for Microsoft Graph, which this server does not run")
	assert.NotContains(t, page, "A local emulator plays")
	assert.NotContains(t, page, "Demo users")
}

func TestShellChangingTenantDropsTheSession(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	ctx := contextOf(t, r.shell)
	store := browser.Storage{Storage: ctx.SessionStorage()}
	require.NoError(t, keep.Auth.In(store).Set("account", "someone"))
	next := keep.Settings{CloudID: cloud.China.ID, Tenant: "contoso.partner.onmschina.cn", ClientID: demoClient, APIVersion: "beta"}

	r.session.signedIn = false // what auth reports once its keys are gone
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.SaveSettings(ctx, next) })
	assert.Empty(t, store.Keys())
	require.Len(t, r.connections, 2)
	assert.Equal(t, cloud.China, r.connections[1].Cloud)
	assert.Equal(t, "beta", r.connections[1].APIVersion)
	assert.Equal(t, next, LoadSettings(browser.Local(ctx), testDemo()))
	assert.NotContains(t, r.page(), "Demo mode.", "no demo banner for a real cloud")
}

func TestShellChangingOnlyTheAPIVersionKeepsTheSession(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	ctx := contextOf(t, r.shell)
	store := browser.Storage{Storage: ctx.SessionStorage()}
	require.NoError(t, keep.Auth.In(store).Set("account", "someone"))
	next := DefaultSettings(testDemo())
	next.APIVersion = "beta"
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.SaveSettings(ctx, next) })
	assert.Equal(t, []string{keep.Namespace + ".auth.account"}, store.Keys())
	assert.Equal(t, phaseSignedIn, r.shell.phase)
	assert.Equal(t, "beta", r.connections[1].APIVersion)
}

func TestShellSaysWhenOffline(t *testing.T) {
	b := newBrowser("http://127.0.0.1:8000/")
	b.offline = true
	s := &Shell{Browser: b, Demo: testDemo(), Connect: func(Connection) (Services, error) {
		return Services{Session: signedIn(), Graph: newTenant()}, nil
	}}
	e := mount(t, s)
	assert.Contains(t, visible(html(s)), "You are offline.")

	b.onlineFunc(true)
	e.ConsumeAll()
	assert.NotContains(t, visible(html(s)), "You are offline.")
}

func TestShellNavigatesBetweenListAndDetail(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	list := latest[*ConfigurationList](t)
	act(t, r.engine, list, func(ctx app.Context) { list.open(ctx, espConfiguration()) })
	assert.Contains(t, r.page(), "Autopilot ESP Enrollment Status Page · priority 1")
	detail := latest[*ConfigurationDetail](t)
	act(t, r.engine, detail, func(ctx app.Context) { detail.back(ctx, app.Event{}) })
	assert.Contains(t, r.page(), "Device enrollment configurations")
}

func TestShellShowsWhyConnectingFailed(t *testing.T) {
	s := &Shell{Browser: newBrowser("http://127.0.0.1:8000/"), Demo: testDemo(),
		Connect: func(Connection) (Services, error) { return Services{}, errors.New("redirect URI is odd") }}
	mount(t, s)
	assert.Contains(t, visible(html(s)), "These settings cannot be used: redirect URI is odd")
}

func TestWithoutAuthResponse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://a/#code=c&state=s", "http://a/"},
		{"http://a/?code=c&state=s&x=1", "http://a/?x=1"},
		{"http://a/?error=access_denied&error_description=no#frag", "http://a/"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		require.NoError(t, err)
		got := withoutAuthResponse(u).String()
		assert.Equal(t, tt.want, got)
		assert.False(t, strings.Contains(got, "code="), got)
	}
}

func TestShellAsksForANewSignInWhenTheSessionEnds(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		ended bool
		title string
	}{
		{"refresh token past 24 hours", fmt.Errorf("renewing the token: %w", &auth.SignInError{Kind: auth.RefreshExpired, Code: "AADSTS700084"}),
			true, "Your session has ended"},
		{"no session left in the tab", fmt.Errorf("getting a token: %w", auth.ErrNotSignedIn), true, "You are signed out"},
		{"sign-in service unreachable", fmt.Errorf("getting a token: %w", &auth.SignInError{Kind: auth.Network}), false, "Loading configurations failed"},
		{"Graph refusing", &graph.Error{Status: 403, Code: "Forbidden"}, false, "Loading configurations failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.ended, SessionEnded(tt.err))
			b := newBrowser("http://127.0.0.1:8000/")
			g := newTenant()
			g.listErr = tt.err
			s := &Shell{Browser: b, Demo: testDemo(), Connect: func(Connection) (Services, error) {
				return Services{Session: signedIn(), Graph: g}, nil
			}}
			mount(t, s)
			page := visible(html(s))
			assert.Contains(t, page, tt.title)
			assert.Equal(t, tt.ended, strings.Contains(page, "Sign in again"), "a new sign-in is offered only when it helps")
		})
	}
}
