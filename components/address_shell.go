package components

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// The shell's part in addresses (routes.go): each screen shown is put in
// the address bar with go-app's navigation, Back and Forward come back
// through OnNav, and the screen a signed-out visitor asked for is shown
// once signed in, across the round trip to Entra (whose redirect URI stays
// the app's root). Kept here so that shell.go only calls these.

// shellAddress is the shell's state for them.
type shellAddress struct {
	// here is the address of the screen shown.
	here address
	// wanted is the address a signed-out visitor opened.
	wanted *address
	// finding is the ID of a configuration opened by its address, being
	// read; lost says it is not in the tenant.
	finding, lost string
}

// addressKey is where the address to come back to after signing in is
// kept (keep.Resume, in sessionStorage).
const addressKey = "address"

// OnNav shows the screen of the address the browser moved to: Back,
// Forward, a link.
func (c *Shell) OnNav(ctx app.Context) {
	a := c.addressInBar()
	if a.Path() == c.addr.here.Path() {
		return
	}
	c.moveOn(a)
	c.show(ctx, a)
}

// addressInBar is the address the browser shows; a path that is none of the
// app's reads as the list.
func (c *Shell) addressInBar() address {
	a, ok := addressOf(c.Browser.Location().EscapedPath())
	if !ok {
		return address{screen: screenList}
	}
	return a
}

// moveOn ends the offer of kept work on the screen a reload landed on once
// the user moves to another screen (the editor opening is the same screen,
// which must not be drawn anew).
func (c *Shell) moveOn(a address) {
	if a.screen != c.addr.here.screen {
		c.safety.landed = false
	}
}

// goTo shows a screen and puts its address in the bar, as a new entry of
// the history.
func (c *Shell) goTo(ctx app.Context, a address) {
	c.moveOn(a)
	c.show(ctx, a)
	if c.Browser.Location().EscapedPath() != a.Path() {
		c.Browser.Go(ctx, &url.URL{Path: a.Path()})
	}
}

// show draws the screen of an address. Signed out, only settings can be
// shown; any other screen waits for the sign-in.
func (c *Shell) show(ctx app.Context, a address) {
	if c.phase != phaseSignedIn && a.screen != screenSettings {
		c.addr.wanted = &a
		c.addr.here, c.screen = address{screen: screenList}, screenList
		c.showTitle(ctx)
		return
	}
	c.addr.here, c.addr.lost = a, ""
	if a.screen != screenDetail {
		c.selected, c.safety.resume, c.safety.resumeSet = graph.Configuration{}, nil, nil
	}
	if a.screen != screenBackup {
		c.safety.restore = nil
	}
	switch {
	case a.screen == screenDetail && c.selected.ID != a.configuration:
		c.selected = graph.Configuration{ID: a.configuration}
		c.findConfiguration(ctx, a.configuration)
	case a.screen == screenPriority:
		c.priorityKind = a.kind
	case a.screen == screenBulk && c.screen == screenBulkResume:
		a.screen = screenBulkResume
	}
	c.screen = a.screen
	c.showTitle(ctx)
	c.focusHeading(a.screen)
}

// findConfiguration reads the configuration an address names, which the
// list did not hand over (a reload, a shared link).
func (c *Shell) findConfiguration(ctx app.Context, id string) {
	g := c.services.Graph
	c.addr.finding = id
	ctx.Async(func() {
		cfgs, err := g.ListConfigurations(ctx, graph.ListOptions{})
		ctx.Dispatch(func(ctx app.Context) {
			if c.addr.finding != id {
				return // the user moved on
			}
			c.addr.finding = ""
			if SessionEnded(err) {
				c.sessionEnded(ctx, err)
				return
			}
			for _, cfg := range cfgs {
				if cfg.ID == id {
					c.selected = cfg
					c.showTitle(ctx)
					return
				}
			}
			c.addr.lost = lostWords(err)
		})
	})
}

// lostWords say why a configuration named by the address is not shown.
func lostWords(err error) string {
	if err != nil {
		return "This configuration could not be read: " + widgets.ExplainError(err).Message
	}
	return "This configuration is not in the tenant: it was deleted, or the link is from another tenant."
}

// rememberAddress keeps the screen a signed-out visitor asked for across
// the round trip to Entra.
func (c *Shell) rememberAddress(ctx app.Context) {
	if c.addr.wanted == nil || c.addr.wanted.screen == screenList {
		return
	}
	_ = keep.Resume.In(browser.Session(ctx)).Set(addressKey, c.addr.wanted.Path())
}

// restoreAddress shows, once signed in, the screen asked for before: kept
// across the round trip to Entra, or opened in this tab. The address bar
// is replaced, not pushed: the list before it was never seen.
func (c *Shell) restoreAddress(ctx app.Context) {
	store := keep.Resume.In(browser.Session(ctx))
	path, kept := store.Get(addressKey)
	store.Remove(addressKey)
	a, ok := addressOf(path)
	switch {
	case c.addr.wanted != nil:
		a, ok = *c.addr.wanted, true
	case !kept || !ok:
		a, ok = c.addressInBar(), true
	}
	c.addr.wanted = nil
	c.land(ctx, a, c.arriveAt)
}

// arriveAt shows a screen and puts its address in the bar in place of the
// one there, which was never seen as a screen of its own.
func (c *Shell) arriveAt(ctx app.Context, a address) {
	c.show(ctx, a)
	if c.Browser.Location().EscapedPath() != a.Path() {
		u := *c.Browser.Location()
		u.Path, u.RawPath = a.Path(), ""
		c.Browser.ReplaceLocation(&u)
	}
}

// showTitle names the screen in the document's title.
func (c *Shell) showTitle(ctx app.Context) {
	ctx.Page().SetTitle(titled(c.screenName()))
}

// screenName is what the title says of the screen shown.
func (c *Shell) screenName() string {
	if c.phase != phaseSignedIn {
		if c.screen == screenSettings {
			return "Settings"
		}
		return "Sign in"
	}
	switch c.screen {
	case screenDetail:
		name := c.selected.DisplayName
		if name == "" {
			name = "Configuration"
		}
		if c.addr.here.assignment != "" {
			return "Editing an assignment of " + name
		}
		return name
	case screenBulk, screenBulkResume:
		return "Bulk changes"
	case screenHistory:
		return "History of changes"
	case screenBackup:
		return "Backup and restore"
	case screenSettings:
		return "Settings"
	case screenPriority:
		return "Priority order of " + c.priorityKind.Label() + " configurations"
	case screenPeople:
		return "Who gets what"
	}
	return "All configurations"
}

// headings are each screen's heading, where the focus goes when it opens.
var headings = map[screen]string{
	screenList:       "configurations-title",
	screenBulk:       "bulk-title",
	screenBulkResume: "bulk-title",
	screenHistory:    "history-title",
	screenBackup:     "backup-title",
	screenSettings:   "settings-title",
	screenPriority:   "priority-title",
	screenPeople:     "who-title",
	// the detail screen focuses its own, once mounted
}

// focusHeading is done on the shell's context: the one of the control
// that asked for the screen dies with the screen it was on.
func (c *Shell) focusHeading(s screen) {
	if id, ok := headings[s]; ok && c.mounted {
		focusOn(c.ctx, id)
	}
}

// editing is told by the detail screen that its editor opened on an
// assignment, or closed: the address follows.
func (c *Shell) editing(ctx app.Context, assignmentID string) {
	if c.screen != screenDetail || c.addr.here.assignment == assignmentID {
		return
	}
	c.goTo(ctx, address{screen: screenDetail, configuration: c.selected.ID, assignment: assignmentID})
}

// detailScreen is the configuration the address names: read first when
// only its ID is known (a reload, a shared link).
func (c *Shell) detailScreen() app.UI {
	switch {
	case c.addr.lost != "":
		return app.Section().Class("panel").Body(
			app.H2().ID("detail-title").TabIndex(-1).Text("Configuration not found"),
			app.P().ID("configuration-lost").Role("status").Text(c.addr.lost),
			app.Button().Type("button").Class("link").ID("back-to-list").Text("← All configurations").OnClick(func(ctx app.Context, e app.Event) { c.showList(ctx) }),
		)
	case c.addr.finding != "":
		return app.Section().Class("panel").Body(app.P().Class("loading").Role("status").Text("Loading the configuration"))
	}
	return &ConfigurationDetail{Graph: c.services.Graph, Configuration: c.selected, opts: c.opts,
		OnBack: c.showList, OnSessionEnded: c.sessionEnded, Keeping: c.keeping(), Resume: c.safety.resume, ResumeSet: c.safety.resumeSet,
		Permissions: c.permissions(), People: c.people(), ReadOnly: c.readOnly(), Editing: c.addr.here.assignment, OnEditing: c.editing}
}
