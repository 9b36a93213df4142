package components

import (
	"errors"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/cloud"
)

// phase is where the shell is in the sign-in life cycle.
type phase int

const (
	phaseStarting      phase = iota // prerendered by the server, wasm not started
	phaseNeedsSettings              // no usable tenant or app registration yet
	phaseCompleting                 // back from Entra, redeeming the code
	phaseSignedOut
	phaseSignedIn
)

// screen is what a signed-in user looks at.
type screen int

const (
	screenList screen = iota
	screenDetail
	screenSettings
	screenBulk       // bulk changes (bulk_shell.go)
	screenBulkResume // the same, resuming the kept run
	screenHistory    // history of writes (safety_shell.go)
	screenBackup     // backup and restore (safety_shell.go)
	screenPriority   // one kind's priority order (priority_shell.go)
	screenPeople     // who gets what (people_shell.go)
)

// Shell is the app's root: it owns the settings, the sign-in life cycle and
// which screen is shown, and hands each screen the Graph client it needs.
type Shell struct {
	app.Compo

	Connect Connector
	Browser Browser
	// Files downloads backups and history exports; nil is the browser's.
	Files Files
	Demo  Demo
	// Clouds are the national clouds the server offers; nil offers all.
	Clouds []string

	settings  keep.Settings
	services  Services
	connErr   error
	phase     phase
	account   auth.Account
	signInErr error
	busy      bool
	screen    screen
	selected  graph.Configuration
	offline   bool
	mounted   bool
	stopWatch func()
	safety    shellSafety
	perms     shellPermissions
	// peopleState is the session's directory snapshot (people_shell.go).
	peopleState shellPeople
	addr        shellAddress
	// ctx is the shell's own context. Screens call back with theirs, which
	// dies with them: work that outlives the screen that asked for it (a
	// sign-in started from the error screen, which then goes away) must be
	// dispatched on the shell's.
	ctx  app.Context
	opts options

	// priorityKind is the kind the priority screen orders.
	priorityKind graph.ConfigurationKind
}

// OnMount starts the app in the browser: settings from localStorage, then
// either finishing a sign-in redirect or picking up the tab's session.
func (c *Shell) OnMount(ctx app.Context) {
	c.mounted, c.ctx = true, ctx
	c.offline = !c.Browser.Online()
	c.stopWatch = c.Browser.WatchOnline(func(online bool) {
		ctx.Dispatch(func(app.Context) { c.offline = !online })
	})
	c.settings = withOfferedCloud(LoadSettings(browser.Local(ctx), c.Demo), c.Clouds, c.Demo)
	c.open(ctx)
	if c.phase != phaseCompleting {
		c.land(ctx, c.addressInBar(), c.show)
	}
}

// OnDismount stops listening to connectivity changes.
func (c *Shell) OnDismount() {
	if c.stopWatch != nil {
		c.stopWatch()
	}
}

// open connects to the tenant the settings name and finds out who is signed in.
func (c *Shell) open(ctx app.Context) {
	c.services, c.connErr, c.signInErr, c.perms = Services{}, nil, nil, shellPermissions{}
	c.screen, c.selected, c.account = screenList, graph.Configuration{}, auth.Account{}
	c.forgetPeople()
	if len(c.settings.Problems(c.Demo.Cloud)) > 0 {
		c.phase = phaseNeedsSettings
		return
	}
	services, err := c.connect(ctx)
	if err != nil {
		c.connErr, c.phase = err, phaseNeedsSettings
		return
	}
	c.services = c.watchSession(ctx, services)
	if loc := c.Browser.Location(); auth.IsCallback(loc) {
		c.complete(ctx, loc)
		return
	}
	c.adminConsentReturn(c.Browser.Location())
	if acct, ok := services.Session.Account(); ok {
		c.account, c.phase, c.perms.granted = acct, phaseSignedIn, services.Session.Granted()
		return
	}
	c.phase = phaseSignedOut
}

func (c *Shell) connect(ctx app.Context) (Services, error) {
	cl, err := c.settings.Cloud(c.Demo.Cloud)
	if err != nil {
		return Services{}, err
	}
	return c.Connect(Connection{
		Cloud:       cl,
		Tenant:      c.settings.Tenant,
		ClientID:    c.settings.ClientID,
		APIVersion:  c.settings.APIVersion,
		RedirectURI: RedirectURI(c.Browser.Location()),
		Store:       keep.Auth.In(browser.Session(ctx)),
	})
}

// RedirectURI is where Entra sends the browser back: the app's root on the
// page's own origin, which is what the app registration must list.
func RedirectURI(page *url.URL) string {
	return (&url.URL{Scheme: page.Scheme, Host: page.Host, Path: "/"}).String()
}

// complete redeems the authorization code the address holds. The address is
// cleaned first, so the code is never left in the bar or in the history,
// whatever happens next.
func (c *Shell) complete(ctx app.Context, callback *url.URL) {
	c.phase = phaseCompleting
	c.Browser.ReplaceLocation(withoutAuthResponse(callback))
	session := c.services.Session
	ctx.Async(func() {
		acct, err := session.CompleteSignIn(ctx, callback)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil && (c.refusedCallback(err, session) || c.featureRefused(ctx, err, session)) {
				return
			}
			if err != nil {
				c.signInErr, c.phase = err, phaseSignedOut
				return
			}
			c.signedIn(ctx, acct, session)
		})
	})
}

// authResponseParams are what Entra appends to the redirect URI.
var authResponseParams = []string{"code", "state", "session_state", "client_info", "error", "error_description", "error_uri", "error_subcode", "iss"}

// withoutAuthResponse is the address with the authorization response removed
// from both the query and the fragment.
func withoutAuthResponse(u *url.URL) *url.URL {
	clean := *u
	q := clean.Query()
	for _, p := range authResponseParams {
		q.Del(p)
	}
	clean.RawQuery = q.Encode()
	clean.Fragment, clean.RawFragment = "", ""
	return &clean
}

// SignIn leaves for Entra's sign-in page.
func (c *Shell) SignIn(app.Context) {
	ctx := c.ctx
	if c.services.Session == nil || c.busy {
		return
	}
	c.busy, c.signInErr = true, nil
	c.rememberAddress(ctx)
	session, browser := c.services.Session, c.Browser
	ctx.Async(func() {
		authorizeURL, err := session.BeginSignIn(ctx, auth.SignInOptions{})
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				c.busy, c.signInErr = false, err
				return
			}
			browser.Redirect(authorizeURL)
		})
	})
}

// SignOut forgets the session and every piece of tenant data in the tab,
// then lets Entra end its own session too.
func (c *Shell) SignOut(app.Context) {
	ctx := c.ctx
	session, page, tab := c.services.Session, c.Browser, browser.Session(ctx)
	c.account, c.phase, c.screen, c.selected = auth.Account{}, phaseSignedOut, screenList, graph.Configuration{}
	c.perms = shellPermissions{}
	c.forgetPeople()
	c.forgetLocalTenantData(ctx)
	c.goTo(ctx, address{screen: screenList})
	if session == nil {
		return
	}
	ctx.Async(func() {
		logoutURL, err := session.SignOut(ctx)
		keep.ClearTenantData(tab)
		ctx.Dispatch(func(app.Context) {
			if err == nil && logoutURL != "" {
				page.Redirect(logoutURL)
			}
		})
	})
}

// SaveSettings keeps new settings and reconnects. Another tenant, cloud or
// app registration means another sign-in: the tab's session and tenant data
// are dropped first.
func (c *Shell) SaveSettings(_ app.Context, s keep.Settings) {
	ctx := c.ctx
	if err := keep.SaveSettings(browser.Local(ctx), s); err != nil {
		c.connErr = err
	}
	if !s.SameSignIn(c.settings) {
		keep.ClearTenantData(browser.Session(ctx))
	}
	c.settings = s
	c.open(ctx)
	c.goTo(ctx, address{screen: screenList})
}

// SessionEnded reports a failure only a new sign-in cures: Entra refused the
// refresh token (the 24-hour limit of single-page apps, a revoked session,
// a new MFA demand) or the tab holds no session any more. A network failure
// is not one: the session may be fine once the network is back.
func SessionEnded(err error) bool {
	var se *auth.SignInError
	if errors.As(err, &se) {
		return se.Kind != auth.Network
	}
	return errors.Is(err, auth.ErrNotSignedIn)
}

// sessionEnded leaves the screen the user was on for the sign-in error
// screen, which says why and offers to sign in again (once, not in a loop).
func (c *Shell) sessionEnded(_ app.Context, err error) {
	here := c.addr.here
	c.addr.wanted = &here // shown again once signed in
	c.account, c.phase, c.signInErr = auth.Account{}, phaseSignedOut, err
	c.screen, c.selected, c.busy = screenList, graph.Configuration{}, false
	c.forgetPeople()
}

// Open shows one configuration.
func (c *Shell) Open(ctx app.Context, cfg graph.Configuration) {
	c.selected, c.safety.resume, c.safety.resumeSet = cfg, nil, nil
	c.goTo(ctx, address{screen: screenDetail, configuration: cfg.ID})
}

func (c *Shell) showList(ctx app.Context) { c.goTo(ctx, address{screen: screenList}) }

func (c *Shell) showSettings(ctx app.Context) { c.goTo(ctx, address{screen: screenSettings}) }

// Render draws the frame and the current screen.
func (c *Shell) Render() app.UI {
	rendered := "server"
	if c.mounted {
		rendered = "client"
	}
	return app.Div().ID("app").Class("app").DataSet("rendered", rendered).DataSet("phase", c.phase.String()).Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		&widgets.AppHeader{
			Account: c.account.UPN, SignedIn: c.phase == phaseSignedIn, Starting: c.phase == phaseStarting,
			OnSettings: c.showSettings, OnSignOut: c.SignOut,
		},
		app.If(c.shownSettings().CloudID == cloud.DemoID && c.Demo.Enabled(), func() app.UI { return &widgets.DemoBanner{Cloud: c.Demo.Cloud, Users: c.Demo.Users} }),
		app.If(c.offline, func() app.UI { return &widgets.OfflineNotice{} }),
		&widgets.UpdatePrompt{},
		app.Main().ID("main").Body(c.permissionNotices(), c.safetyEntry(), c.bulkEntry(), c.peopleEntry(), c.priorityEntry(), c.renderScreen()),
	)
}

func (c *Shell) renderScreen() app.UI {
	switch {
	case c.phase == phaseStarting:
		return c.signInPanel()
	case c.phase == phaseNeedsSettings:
		return c.settingsForm(c.needsSettingsReason(), nil)
	case c.screen == screenSettings:
		return c.settingsForm("", c.showList)
	case c.phase == phaseCompleting:
		return app.P().Class("loading").Role("status").Text("Completing sign-in")
	case c.phase == phaseSignedOut && c.signInErr != nil:
		return &SignInError{Err: c.signInErr, OnRetry: c.SignIn, OnSettings: c.showSettings}
	case c.phase == phaseSignedOut:
		return c.signInPanel()
	case c.screen == screenBulk || c.screen == screenBulkResume:
		return c.bulkScreen()
	case c.screen == screenHistory:
		return c.historyScreen()
	case c.screen == screenBackup:
		return c.backupScreen()
	case c.screen == screenPriority:
		return c.priorityScreen()
	case c.screen == screenPeople:
		return c.peopleScreen()
	case c.screen == screenDetail:
		return c.detailScreen()
	}
	return &ConfigurationList{Graph: c.services.Graph, OnOpen: c.Open, OnSessionEnded: c.sessionEnded}
}

func (c *Shell) needsSettingsReason() string {
	if c.connErr != nil {
		return "These settings cannot be used: " + c.connErr.Error()
	}
	return "Tell the app which tenant and app registration to sign in with."
}

func (c *Shell) settingsForm(reason string, cancel func(app.Context)) app.UI {
	form := &SettingsForm{
		Value: c.settings, Demo: c.Demo, Clouds: c.Clouds, RedirectURI: RedirectURI(c.Browser.Location()),
		Reason: reason, OnSave: c.SaveSettings, OnCancel: cancel,
	}
	if c.phase == phaseSignedIn {
		p := c.permissions()
		form.Permissions = &p
	}
	return form
}

// signInPanel is the signed-out screen; prerendered by the server (the
// first screen a visitor sees, before the wasm runs), it is drawn with the
// default settings and says that signing in waits for the app to start.
func (c *Shell) signInPanel() app.UI {
	settings := c.shownSettings()
	name := settings.CloudID
	if cl, err := settings.Cloud(c.Demo.Cloud); err == nil {
		name = cl.Name
	}
	return &SignIn{Tenant: settings.Tenant, CloudName: name, Busy: c.busy, Starting: c.phase == phaseStarting, OnSignIn: c.SignIn}
}

// shownSettings are the settings the screen shows: the saved ones once the
// wasm has read them, before that (the server's prerender) the defaults,
// which a first visit will have.
func (c *Shell) shownSettings() keep.Settings {
	if c.phase == phaseStarting {
		return DefaultSettings(c.Demo)
	}
	return c.settings
}

func (p phase) String() string {
	switch p {
	case phaseNeedsSettings:
		return "settings"
	case phaseCompleting:
		return "completing"
	case phaseSignedOut:
		return "signed-out"
	case phaseSignedIn:
		return "signed-in"
	}
	return "starting"
}
