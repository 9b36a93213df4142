package components

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/auth"
)

// The shell's part in permissions: asking for one the first time a feature
// needs it and coming back to the same screen, a refusal said while the
// session goes on without it, and the read-only mode a refusal of Intune
// for the user's role puts the session in. Kept here so that shell.go only
// calls these.

// shellPermissions is the shell's state for them.
type shellPermissions struct {
	// granted are the Graph permissions of the session, as of its last
	// sign-in or consent.
	granted []string
	// refusal is a feature's permission not granted (*auth.SignInError
	// with ForFeature), said above the screen until dismissed.
	refusal error
	// readOnly is Intune's refusal of a change for the user's role: no
	// change is offered until the user tries again.
	readOnly *graph.Error
}

// resumeKey is where the screen to come back to is kept (keep.Resume).
const resumeKey = "screen"

// resumeNote is the screen a round trip for a permission left from.
type resumeNote struct {
	Screen        screen              `json:"screen"`
	Configuration graph.Configuration `json:"configuration"`
}

// permissions are the session's, for the screens.
func (c *Shell) permissions() Permissions {
	return Permissions{Granted: c.perms.granted, Ask: c.askPermission}
}

// watchSession puts sessionGraph between the screens and Graph: no call
// without its permission, and Intune's role refusals heard.
func (c *Shell) watchSession(ctx app.Context, services Services) Services {
	session := services.Session
	services.Graph = sessionGraph{
		Graph: services.Graph,
		has: func(p string) bool {
			return Permissions{Granted: session.Granted()}.Has(p)
		},
		refused: func(ge *graph.Error) { ctx.Dispatch(func(app.Context) { c.perms.readOnly = ge }) },
	}
	return services
}

// askPermission leaves for Microsoft's sign-in page to ask for a feature's
// permission, noting the screen to come back to.
func (c *Shell) askPermission(_ app.Context, permission string) {
	ctx := c.ctx
	if c.services.Session == nil || c.busy {
		return
	}
	c.busy, c.perms.refusal = true, nil
	c.saveResume(ctx)
	session, page := c.services.Session, c.Browser
	ctx.Async(func() {
		authorizeURL, err := session.BeginSignIn(ctx, auth.SignInOptions{Permissions: []string{permission}})
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				c.busy, c.perms.refusal = false, err
				return
			}
			page.Redirect(authorizeURL)
		})
	})
}

func (c *Shell) saveResume(ctx app.Context) {
	raw, err := json.Marshal(resumeNote{Screen: c.screen, Configuration: c.selected})
	if err == nil {
		_ = keep.Resume.In(browser.Session(ctx)).Set(resumeKey, string(raw))
	}
}

// resume goes back to the screen a round trip left from, once: the
// configuration, with the editor on its newest unsaved edit, if any.
func (c *Shell) resume(ctx app.Context) {
	store := keep.Resume.In(browser.Session(ctx))
	raw, ok := store.Get(resumeKey)
	store.Remove(resumeKey)
	var note resumeNote
	if !ok || json.Unmarshal([]byte(raw), &note) != nil || note.Screen < screenList || note.Screen > screenPeople || note.Screen == screenPriority {
		return
	}
	switch {
	case note.Screen == screenDetail && note.Configuration.ID != "":
		if e, found := c.newestEdit(note.Configuration.ID); found {
			c.editDraft(ctx, e)
			return
		}
		c.selected = note.Configuration
		c.arriveAt(ctx, address{screen: screenDetail, configuration: note.Configuration.ID})
	case note.Screen == screenBulkResume:
		c.arriveAt(ctx, address{screen: screenBulk})
	case note.Screen != screenDetail:
		c.arriveAt(ctx, address{screen: note.Screen, kind: c.priorityKind})
	}
}

// newestEdit is the newest kept edit of a configuration.
func (c *Shell) newestEdit(configurationID string) (drafts.Edit, bool) {
	var newest drafts.Draft
	var edit drafts.Edit
	k := c.keeping()
	if !k.Enabled() {
		return edit, false
	}
	for _, d := range k.Drafts.List() {
		e, err := drafts.EditOf(d)
		if d.Kind == drafts.KindEdit && err == nil && e.ConfigurationID == configurationID && d.Saved.After(newest.Saved) {
			newest, edit = d, e
		}
	}
	return edit, newest.ID != ""
}

// featureRefused handles the refusal of a feature's permission while
// someone is signed in: the session goes on without it, back on its
// screen, and the refusal is said above it. It reports whether it
// handled err.
func (c *Shell) featureRefused(ctx app.Context, err error, session Session) bool {
	var se *auth.SignInError
	if !errors.As(err, &se) || !se.ForFeature {
		return false
	}
	acct, ok := session.Account()
	if !ok {
		return false
	}
	c.account, c.phase, c.perms.refusal, c.perms.granted = acct, phaseSignedIn, err, session.Granted()
	c.resume(ctx)
	return true
}

// signedIn starts a signed-in session: its permissions, and the screen a
// round trip for a permission left from.
func (c *Shell) signedIn(ctx app.Context, acct auth.Account, session Session) {
	c.account, c.phase, c.perms.granted = acct, phaseSignedIn, session.Granted()
	c.restoreAddress(ctx)
	c.resume(ctx)
}

// permissionNotices are the read-only banner and a permission's refusal,
// above every screen of a signed-in session.
func (c *Shell) permissionNotices() app.UI {
	if c.phase != phaseSignedIn {
		return nil
	}
	return app.Div().Class("permission-notices").Body(
		app.If(c.perms.readOnly != nil, func() app.UI {
			return &widgets.ReadOnlyBanner{Roles: graph.IntuneWriteRoles, OnRetry: func(app.Context) { c.perms.readOnly = nil }}
		}),
		app.If(c.perms.refusal != nil, c.renderRefusal),
	)
}

func (c *Shell) renderRefusal() app.UI {
	var se *auth.SignInError
	if !errors.As(c.perms.refusal, &se) {
		return &widgets.GraphError{Title: "Asking for a permission failed", Err: c.perms.refusal}
	}
	_, hint, facts := explainSignIn(se)
	link := ""
	if c.services.Session != nil && len(se.Permissions) > 0 {
		link = c.services.Session.AdminConsentURL(se.Permissions...)
	}
	return &widgets.PermissionRefusal{
		Title: strings.Join(se.Permissions, " and ") + " was not granted", Hint: hint, Link: link, Facts: facts,
		OnDismiss: func(app.Context) { c.perms.refusal = nil },
	}
}

// adminConsentReturn cleans the address an administrator's consent came
// back to (admin_consent=True&tenant=…&scope=…) and says so in words of
// its own: the address is anyone's to forge.
func (c *Shell) adminConsentReturn(loc *url.URL) {
	q := loc.Query()
	if !q.Has("admin_consent") {
		return
	}
	for _, p := range []string{"admin_consent", "tenant", "scope", "state", "error", "error_subcode", "error_description"} {
		q.Del(p)
	}
	clean := *loc
	clean.RawQuery = q.Encode()
	c.Browser.ReplaceLocation(&clean)
	c.safety.notice = "This page was opened from Microsoft's admin consent page. A feature whose permission an administrator granted offers to use it with its Allow button."
}

// readOnly reports a session in which no change is offered.
func (c *Shell) readOnly() bool { return c.perms.readOnly != nil }
