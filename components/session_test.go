package components

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
	"enrollassign/graph/emulator"
)

// sessionRig is the shell as main.go wires it (auth.Session and
// graph.Client, on the browser's storages as go-app's test engine keeps
// them) against the emulator: every key a session writes is a real one.
type sessionRig struct {
	t       *testing.T
	emu     *emulator.Emulator
	browser *fakeBrowser
	shell   *Shell
	engine  app.TestEngine
	files   *fakeFiles
	// written are the keys seen in either storage after any step.
	written []string
}

const sessionApp = "http://127.0.0.1:8000/"

func newSessionRig(t *testing.T) *sessionRig {
	t.Helper()
	emu := emulator.StartTest(t, emulator.Options{TimeScale: 0.05, SPARedirectURIs: []string{sessionApp}})
	r := &sessionRig{t: t, emu: emu, browser: newBrowser(sessionApp), files: &fakeFiles{}}
	page := &http.Client{Transport: pageOrigin{base: emu.HTTPClient().Transport}}
	r.shell = &Shell{
		Browser: r.browser,
		Files:   r.files,
		Demo: Demo{Cloud: cloud.Demo(emu.EntraURL(), emu.GraphURL()), Tenant: emulator.DemoTenantID, ClientID: emulator.DemoClientID,
			Users: []string{emulator.AdminUPN}, TimeScale: 0.05},
		Connect: func(c Connection) (Services, error) {
			session, err := auth.New(auth.Config{Cloud: c.Cloud, Tenant: c.Tenant, ClientID: c.ClientID, RedirectURI: c.RedirectURI,
				Store: c.Store, HTTPClient: page})
			if err != nil {
				return Services{}, err
			}
			client, err := graph.New(graph.Config{BaseURL: c.Cloud.GraphURL, APIVersion: c.APIVersion, Tokens: session, HTTPClient: page})
			return Services{Session: session, Graph: client}, err
		},
	}
	r.engine = mount(t, r.shell)
	return r
}

// pageOrigin sends requests as the page's fetch does: from the app's
// origin (Entra redeems a single-page app's code only with one), without
// the pseudo-headers Go's js/wasm transport reads.
type pageOrigin struct{ base http.RoundTripper }

func (p pageOrigin) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	for name := range out.Header {
		if strings.HasPrefix(strings.ToLower(name), "js.fetch:") {
			out.Header.Del(name)
		}
	}
	out.Header.Set("Origin", strings.TrimSuffix(sessionApp, "/"))
	return p.base.RoundTrip(out)
}

// signIn goes to the emulator's sign-in page, chooses upn there, and comes
// back to the app with the code, as the browser would.
func (r *sessionRig) signIn(upn string) {
	r.t.Helper()
	act(r.t, r.engine, r.shell, r.shell.SignIn)
	require.Len(r.t, r.browser.redirects, 1, "off to the sign-in page")
	r.note()
	chosen, err := url.Parse(r.browser.redirects[0])
	require.NoError(r.t, err)
	answer := chosen.Query()
	answer.Set("upn", upn)
	chosen.RawQuery = ""
	back, err := r.emu.HTTPClient().PostForm(chosen.String(), answer)
	require.NoError(r.t, err)
	require.NoError(r.t, back.Body.Close())
	callback, err := url.Parse(back.Header.Get("Location"))
	require.NoError(r.t, err)
	act(r.t, r.engine, r.shell, func(ctx app.Context) {
		r.browser.location = callback // the page loads again at the redirect URI
		r.shell.open(ctx)
	})
	require.Equal(r.t, phaseSignedIn, r.shell.phase, "%s", r.page())
}

func (r *sessionRig) page() string { return visible(html(r.shell)) }

func (r *sessionRig) show(s screen) {
	act(r.t, r.engine, r.shell, func(app.Context) { r.shell.screen = s })
}

// do acts on c as an event handler would, then notes the keys written.
func (r *sessionRig) do(c app.Composer, f func(ctx app.Context)) {
	r.t.Helper()
	act(r.t, r.engine, c, f)
	r.note()
}

// note adds the keys both storages hold now to those written, with the
// tenant and user they carry named, so that a listing reads the same on
// every run.
func (r *sessionRig) note() {
	ctx := contextOf(r.t, r.shell)
	names := strings.NewReplacer(emulator.DemoTenantID, "{tenant}")
	if id := r.shell.account.ObjectID; id != "" {
		names = strings.NewReplacer(emulator.DemoTenantID, "{tenant}", id, "{user}")
	}
	for _, s := range []keep.Store{browser.Session(ctx), browser.Local(ctx)} {
		for _, k := range s.Keys() {
			if k = names.Replace(k); !slices.Contains(r.written, k) {
				r.written = append(r.written, k)
			}
		}
	}
}

// A whole session, through the screens' own code paths: settings, sign-in,
// a backup, an edit saved and one left unsaved, a bulk change run and one
// left chosen, a restore, the history and the offer of drafts. Every key
// it writes is listed; every one is under keep's namespace, and sign-out
// leaves the settings alone.
func TestASessionKeepsEverythingUnderTheNamespaceAndSignOutLeavesOnlyTheSettings(t *testing.T) {
	r := newSessionRig(t)
	settings := DefaultSettings(r.shell.Demo)
	settings.APIVersion = graph.Beta
	r.do(r.shell, func(ctx app.Context) { r.shell.SaveSettings(ctx, settings) })
	r.signIn(emulator.AdminUPN)
	r.note()

	r.show(screenBackup)
	backupScreen := latest[*BackupScreen](t)
	files := r.files
	r.do(backupScreen, backupScreen.TakeBackup)
	require.Len(t, files.saved, 1, "%s", r.page())

	tenDevices := configurationNamed(t, r.emu, "Ten devices")
	r.do(r.shell, func(ctx app.Context) { r.shell.Open(ctx, tenDevices) })
	detail := latest[*ConfigurationDetail](t)
	saved, unsaved := detail.assignments[0], detail.assignments[1]
	r.do(detail, func(ctx app.Context) { detail.Edit(ctx, saved.ID) })
	editor := latest[*TargetEditor](t)
	r.do(editor, func(ctx app.Context) { editor.ChooseKind(ctx, graph.TargetExclusionGroup) })
	r.do(editor, editor.Preview)
	r.do(editor, editor.Save)
	require.NotNil(t, detail.saved, "%s", r.page())
	r.do(detail, func(ctx app.Context) { detail.Edit(ctx, unsaved.ID) })
	editor = latest[*TargetEditor](t)
	r.do(editor, func(ctx app.Context) { editor.ChooseKind(ctx, graph.TargetExclusionGroup) }) // left unsaved

	r.do(r.shell, func(ctx app.Context) { r.shell.showList(ctx); r.shell.showBulk(ctx, false) })
	bulkScreen := latest[*BulkScreen](t)
	planFor(t, r.engine, bulkScreen, drafts.Change{Choice: drafts.ChoiceToggle},
		bulk.Rule{Kind: bulk.RuleGroup, GroupID: emulator.DemoGroupID(emulator.GroupPilotUsers)})
	r.note()
	r.do(bulkScreen, bulkScreen.Confirm)
	require.Equal(t, bulk.RunFinished, bulkScreen.run.Status, "%s", r.page())

	r.do(r.shell, r.shell.showList)
	r.show(screenBackup)
	backupScreen = latest[*BackupScreen](t)
	r.do(backupScreen, func(ctx app.Context) { backupScreen.Import(ctx, files.saved[0].name, files.saved[0].data) })
	require.NotNil(t, backupScreen.diff, "%s", r.page())
	r.do(backupScreen, backupScreen.Start)
	require.True(t, backupScreen.succeeded(), "%s", r.page())

	r.do(r.shell, r.shell.showList)
	r.show(screenHistory)
	assert.GreaterOrEqual(t, len(latest[*HistoryScreen](t).entries), 1+2+2, "the edit, the bulk change and the restore are in the history")
	r.do(r.shell, r.shell.showList)
	assert.Len(t, latest[*DraftOffer](t).list, 1, "the unsaved edit is offered")

	t.Logf("written in this session:\n%s", strings.Join(r.written, "\n"))
	area := regexp.MustCompile(`^enrollassign(-settings|\.auth\.(pending|msal-cache|account)|\.(draft|history|bulk|restore)\.\{tenant\}\|\{user\}\|.+)$`)
	for _, k := range r.written {
		assert.Regexp(t, area, k, "a key outside keep's namespace and areas")
	}
	for _, want := range []string{"enrollassign-settings",
		"enrollassign.auth.pending", "enrollassign.auth.msal-cache", "enrollassign.auth.account",
		"enrollassign.draft.{tenant}|{user}|edit|" + tenDevices.ID + "/" + saved.ID,
		"enrollassign.draft.{tenant}|{user}|edit|" + tenDevices.ID + "/" + unsaved.ID,
		"enrollassign.draft.{tenant}|{user}|bulk-plan|plan", "enrollassign.draft.{tenant}|{user}|restore|backup",
		"enrollassign.history.{tenant}|{user}|log", "enrollassign.bulk.{tenant}|{user}|run", "enrollassign.restore.{tenant}|{user}|run"} {
		assert.Contains(t, r.written, want, "the session went through the screen that writes it")
	}

	ctx := contextOf(t, r.shell)
	local, tab := browser.Local(ctx), browser.Session(ctx)
	require.NotEmpty(t, tab.Keys(), "signed in, the tab holds the session")
	require.Greater(t, len(local.Keys()), 1, "and localStorage the work")
	act(t, r.engine, r.shell, r.shell.SignOut)
	assert.Empty(t, tab.Keys(), "sessionStorage holds nothing of the session")
	assert.Equal(t, []string{keep.SettingsKey}, local.Keys(), "localStorage holds the settings alone")
	kept, ok := keep.LoadSettings(local)
	require.True(t, ok)
	assert.Equal(t, settings, kept, "and they are the ones saved")
	assert.Equal(t, phaseSignedOut, r.shell.phase)
}

// configurationNamed is the emulator's configuration of that name, read
// into the client's models through its JSON.
func configurationNamed(t *testing.T, emu *emulator.Emulator, name string) graph.Configuration {
	t.Helper()
	var all []graph.Configuration
	require.NoError(t, emu.DecodeConfigurations(&all))
	for _, c := range all {
		if c.DisplayName == name {
			return c
		}
	}
	t.Fatalf("no configuration named %q", name)
	return graph.Configuration{}
}
