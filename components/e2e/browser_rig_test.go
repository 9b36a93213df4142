//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"enrollassign/components/e2e/headless"
	"enrollassign/components/server"
	"enrollassign/graph"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/stats"
)

// stepTimeout bounds one wait in a browser test: generous, because a shared
// machine can be slow to start a 15 MB wasm, and only ever a ceiling.
const stepTimeout = 60 * time.Second

// testApp is the built app the browser tests serve: web/ with app.wasm and
// the toolchain's wasm_exec.js, under bin/ so Go's cache keeps rebuilds cheap.
var testApp struct {
	root string
	err  error
	// build is root read once, before its variants are written: every
	// rig serves it (app.wasm uncompressed, unless a variant of the same
	// build was left by an earlier run), without reading and checking 25 MB
	// again, which cost a second of a core per test.
	build *server.Build
	// precompressed is closed once app.wasm's brotli and gzip variants are
	// written beside it (precompressErr says how that went): what `make
	// build` does, done while the first tests run, for the static output's
	// test, which would otherwise make them itself (brotli 11 of 16 MB takes
	// half a minute of a core).
	precompressed  chan struct{}
	precompressErr error
}

// precompressInTheBackground writes app.wasm's variants while tests run.
// A test that starts meanwhile serves app.wasm uncompressed, one that
// starts after in brotli: the handler only uses variants that decode to
// the file.
func precompressInTheBackground(root string, built error) {
	testApp.precompressed = make(chan struct{})
	if built != nil {
		testApp.precompressErr = built
		close(testApp.precompressed)
		return
	}
	go func() {
		defer close(testApp.precompressed)
		_, testApp.precompressErr = server.Precompress(filepath.Join(root, "web", "app.wasm"))
	}()
}

// buildTestApp compiles the client exactly as `make build` does.
func buildTestApp() (string, error) {
	top, err := moduleRoot()
	if err != nil {
		return "", err
	}
	root := filepath.Join(top, "bin", "testapp")
	if err := os.MkdirAll(filepath.Join(root, "web"), 0o755); err != nil {
		return "", err
	}
	// web/ first: it may hold a stale app.wasm from `make build`, which the
	// build below then replaces.
	if err := copyDir(filepath.Join(top, "web"), filepath.Join(root, "web")); err != nil {
		return "", err
	}
	build := exec.Command(goCommand(), "build", "-trimpath", "-ldflags=-s -w", "-tags=nethttpomithttp2", "-o", filepath.Join(root, "web", "app.wasm"), ".")
	build.Dir = top
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building app.wasm: %w\n%s", err, out)
	}
	goroot, err := toolchainRoot()
	if err != nil {
		return "", err
	}
	if err := copyFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), filepath.Join(root, "wasm_exec.js")); err != nil {
		return "", err
	}
	return root, nil
}

// moduleRoot is the repository's top: where go.mod, web/ and docs/ are.
func moduleRoot() (string, error) {
	out, err := exec.Command(goCommand(), "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// goCommand is the go tool that runs these tests.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

// toolchainRoot is `go env GOROOT`.
func toolchainRoot() (string, error) {
	out, err := exec.Command(goCommand(), "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// rig is one browser scenario's world: the emulator on two origins, the app
// on a third, and a fresh Chromium profile.
type rig struct {
	t    *testing.T
	emu  *emulator.Emulator
	app  *httptest.Server
	tab  context.Context
	http *http.Client
	// serving is the app handler behind app, swapped to deploy a new build.
	serving atomic.Pointer[http.Handler]
}

// deploy serves h from now on, as a redeployed server would.
func (r *rig) deploy(h http.Handler) { r.serving.Store(&h) }

// newRig starts the emulator and the app and opens a browser tab.
func newRig(t *testing.T, opts emulator.Options) *rig {
	t.Helper()
	return newRigServing(t, opts, func(emu *emulator.Emulator) http.Handler {
		h, err := server.NewAppHandler(server.AppConfig{Build: testApp.build, Demo: server.EmulatorTenant(emu, opts.TimeScale)})
		require.NoError(t, err)
		return h
	})
}

// newRigServing is newRig with the app served by the handler app returns.
// The test runs in parallel with the other browser tests from here on.
func newRigServing(t *testing.T, opts emulator.Options, app func(*emulator.Emulator) http.Handler) *rig {
	t.Helper()
	inParallel(t)
	if testApp.err != nil {
		t.Fatalf("the app could not be built: %v", testApp.err)
	}
	require.NoError(t, headless.Installed())
	r := &rig{t: t, emu: emulator.StartTest(t, opts), http: &http.Client{Timeout: 10 * time.Second}}
	h := app(r.emu)
	r.serving.Store(&h)
	r.app = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		(*r.serving.Load()).ServeHTTP(w, req)
	}))
	t.Cleanup(r.app.Close)
	r.emu.AddSPARedirectURI(r.app.URL + "/")
	r.tab = newTab(t)
	return r
}

// newTab opens a tab of the shared Chromium in a browser context of its
// own: the test starts with no cookie, storage, cache or service worker,
// and shares none with another test. Tabs it opens from this one (a second
// tab, a tab reopened) are in the same context, as a user's would be.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if _, own := ownProfiles.Load(t); own {
		tab, stop, err := headless.Start(t.TempDir(), headless.ForTests...)
		require.NoError(t, err)
		t.Cleanup(stop)
		return tab
	}
	b, err := testBrowser()
	require.NoError(t, err)
	tab, closeTab, err := b.NewTab()
	require.NoError(t, err)
	t.Cleanup(closeTab)
	return tab
}

// ownProfiles are the tests that start a Chromium of their own, on a
// profile on disk (see withOwnProfile).
var ownProfiles sync.Map

// withOwnProfile has the test's rig start a Chromium of its own instead of
// a context of the shared one: for what a browser context does unlike a
// user's profile. Its HTTP cache lives in memory and keeps no entry larger
// than an eighth of its size, so app.wasm is never in it; a test of what
// the HTTP cache saves needs a profile on disk.
func withOwnProfile(t *testing.T) { ownProfiles.Store(t, true) }

// browsers is the one Chromium process the browser tests share, started by
// the first test that opens a tab and stopped by TestMain.
var browsers struct {
	once    sync.Once
	browser *headless.Browser
	profile string
	err     error
}

func testBrowser() (*headless.Browser, error) {
	browsers.once.Do(func() {
		if browsers.err = headless.Installed(); browsers.err != nil {
			return
		}
		if browsers.profile, browsers.err = os.MkdirTemp("", "e2e-chromium-"); browsers.err != nil {
			return
		}
		browsers.browser, browsers.err = headless.StartBrowser(browsers.profile, headless.ForTests...)
	})
	return browsers.browser, browsers.err
}

// closeTestBrowser stops the shared Chromium, if a test started it.
func closeTestBrowser() {
	if browsers.browser != nil {
		browsers.browser.Close()
	}
	if browsers.profile != "" {
		os.RemoveAll(browsers.profile)
	}
}

// parallelTests are the tests already marked parallel: a test that makes a
// second rig (or a tab after its rig) must not be marked twice.
var parallelTests sync.Map

// inParallel lets a browser test run beside the others (at most -parallel
// at once, GOMAXPROCS by default): each has its own emulator, server and
// browser context, and most of a browser test is waiting on the page.
func inParallel(t *testing.T) {
	if _, marked := parallelTests.LoadOrStore(t, true); !marked {
		t.Parallel()
	}
}

// do runs browser steps, failing the test on the first error.
func (r *rig) do(steps ...chromedp.Action[chromedp.Void]) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.tab, stepTimeout)
	defer cancel()
	require.NoError(r.t, chromedp.Do(ctx, steps...))
}

// click clicks the first element a selector finds, as a mouse would. go-app
// may replace the element between finding and clicking it while it renders,
// so a click that fails is tried again on the fresh element. chromedp
// clicks at coordinates it measured a moment before: when the page moved in
// between (a re-render of what arrived, under load), the click lands on
// whatever took the element's place, so a guard swallows a click that
// lands outside the element before the app sees it, and it is tried again.
func click[S chromedp.Selectable](r *rig, sel S) {
	r.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		missed, err := clickGuarded(r, sel)
		if err == nil && missed == "" {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("clicking %v: %v %s\npage: %s", sel, err, missed, r.pageText())
		}
		if missed != "" {
			r.t.Logf("clicking %v: the click landed elsewhere (%s); again", sel, missed)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clickGuarded marks the element, arms the page's click guard, clicks, and
// says where a click that missed landed ("" when it hit, or when the page
// it was on is gone: a link followed).
func clickGuarded[S chromedp.Selectable](r *rig, sel S) (missed string, err error) {
	token := strconv.FormatInt(time.Now().UnixNano(), 36)
	ctx, cancel := context.WithTimeout(r.tab, 10*time.Second)
	defer cancel()
	err = chromedp.Do(ctx, chromedp.SetAttributeValue(sel, clickMark, token),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(armClickGuard, clickMark, token)),
		chromedp.Click(sel))
	if err != nil {
		return "", err
	}
	result, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(disarmClickGuard, clickMark)))
	if err != nil {
		return "", nil // the click left the page
	}
	missed, _ = strings.CutPrefix(result, "missed: ")
	if result == "hit" {
		missed = ""
	}
	return missed, nil
}

// clickMark is the attribute naming the element a click is meant for.
const clickMark = "data-e2e-click"

// armClickGuard installs, once per page, a capturing listener that runs
// before any of the app's: while a token is armed, a click outside the
// element marked with it, or on it once it has another id, is stopped and
// reported.
const armClickGuard = `(() => {
  if (!window.__e2eClickGuard) {
    window.__e2eClickGuard = true;
    window.addEventListener('click', e => {
      const token = window.__e2eClickToken;
      if (!token) return;
      window.__e2eClickToken = '';
      const marked = e.target instanceof Element && e.target.closest('[%[1]s="' + token + '"]');
      // The element marked must still be the one meant: go-app may have
      // given its node to another part of the page (another id) meanwhile.
      const hit = marked && (!window.__e2eClickID || marked.id === window.__e2eClickID);
      window.__e2eClickResult = hit ? 'hit' : 'missed: ' + (e.target.outerHTML || String(e.target)).slice(0, 160);
      if (!hit) { e.preventDefault(); e.stopImmediatePropagation(); }
    }, true);
  }
  window.__e2eClickToken = %[2]q;
  window.__e2eClickResult = '';
  const marked = document.querySelector('[%[1]s="' + window.__e2eClickToken + '"]');
  window.__e2eClickID = marked ? marked.id : '';
})()`

// disarmClickGuard returns what the guard saw and removes the marks.
const disarmClickGuard = `(() => {
  const result = window.__e2eClickResult || '';
  window.__e2eClickToken = '';
  document.querySelectorAll('[%[1]s]').forEach(e => e.removeAttribute('%[1]s'));
  return result;
})()`

// press sends keys to whatever has the keyboard focus.
func (r *rig) press(keys string) {
	r.t.Helper()
	r.do(chromedp.KeyEvent(keys))
}

// tabTo presses Tab until the focused element matches a CSS selector, as a
// keyboard user would, and fails if it takes more than max presses.
func (r *rig) tabTo(selector string, max int) {
	r.t.Helper()
	focused := `document.activeElement && document.activeElement.matches(` + jsString(selector) + `)`
	for i := 0; i <= max; i++ {
		if eval[bool](r, focused) {
			return
		}
		r.press(kb.Tab)
		time.Sleep(30 * time.Millisecond) // let go-app render what the focus change started
	}
	r.t.Fatalf("%s is not reachable with %d presses of Tab; focus is on %s", selector, max,
		eval[string](r, `document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : "nothing"`))
}

// unnamedControls lists the interactive elements the browser's
// accessibility tree gives no name: each one a screen reader cannot announce.
func (r *rig) unnamedControls() []string {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.tab, stepTimeout)
	defer cancel()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	require.NoError(r.t, err)
	interactive := map[string]bool{"button": true, "textbox": true, "searchbox": true, "combobox": true,
		"radio": true, "checkbox": true, "link": true, "option": true, "listbox": true}
	var unnamed []string
	for _, n := range tree.Nodes {
		if n.Ignored || n.Role == nil {
			continue
		}
		var role, name string
		_ = json.Unmarshal(n.Role.Value, &role)
		if n.Name != nil {
			_ = json.Unmarshal(n.Name.Value, &name)
		}
		if interactive[role] && strings.TrimSpace(name) == "" {
			unnamed = append(unnamed, role)
		}
	}
	return unnamed
}

// eval evaluates JavaScript in the page and decodes the result into T.
func eval[T any](r *rig, js string) T {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.tab, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	require.NoError(r.t, err, "evaluating %s", js)
	return v
}

// waitFor polls a JavaScript condition (a value or a promise) until it
// holds, across page loads (a sign-in leaves the app and comes back).
func (r *rig) waitFor(what, condition string) {
	r.t.Helper()
	r.waitUpTo(stepTimeout, what, condition)
}

// runTimeout bounds the wait for a whole bulk run or restore: hundreds of
// writes at the limit, under injected faults, while other browser tests
// share the two cores. Only ever a ceiling.
const runTimeout = 5 * time.Minute

// waitForTheEnd is waitFor for the end of a bulk run or a restore.
func (r *rig) waitForTheEnd(what, condition string) {
	r.t.Helper()
	r.waitUpTo(runTimeout, what, condition)
}

func (r *rig) waitUpTo(timeout time.Duration, what, condition string) {
	r.t.Helper()
	if err := headless.WaitFor(r.tab, condition, timeout, 50*time.Millisecond); err != nil {
		r.t.Fatalf("waiting for %s: %v\npage: %s", what, err, r.pageText())
	}
}

// pageText is what the page says, for failure messages.
func (r *rig) pageText() string {
	ctx, cancel := context.WithTimeout(r.tab, 5*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return text
}

// text is the visible text of the first element matching a CSS selector.
func (r *rig) text(selector string) string {
	r.t.Helper()
	return eval[string](r, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, selector))
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ---------------------------------------------------------------- the app

// open loads the app and waits for the client to take over the prerendered page.
func (r *rig) open() {
	r.t.Helper()
	r.do(chromedp.Navigate(r.app.URL + "/"))
	r.waitFor("the client", `document.querySelector('#app[data-rendered="client"]')`)
}

// signIn goes through the emulator's sign-in page as upn and waits for the
// app to be back with the outcome (signed in, or an error screen).
func (r *rig) signIn(upn string) {
	r.t.Helper()
	r.open()
	r.waitFor("the sign-in button", `document.querySelector('#sign-in')`)
	click(r, chromedp.ID("sign-in"))
	r.waitFor("the emulator's sign-in page", "location.origin === "+jsString(r.emu.EntraURL()))
	click(r, chromedp.Search(`//button[normalize-space(.)=`+xpathString(upn)+`]`))
	r.waitFor("the app again", `location.origin === `+jsString(r.app.URL)+
		` && document.querySelector('#app[data-rendered="client"]') && !document.querySelector('#app[data-phase="completing"]')`)
}

// xpathString quotes s for XPath (the UPNs hold no quote).
func xpathString(s string) string { return "'" + s + "'" }

// openConfiguration opens a configuration from the list by name.
func (r *rig) openConfiguration(name string) {
	r.t.Helper()
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	click(r, chromedp.Search(`//button[contains(@class,'open-configuration') and normalize-space(.)=`+xpathString(name)+`]`))
	r.waitFor("the assignments of "+name, `document.querySelector('#detail-title') && document.querySelector('#detail-title').innerText === `+jsString(name)+
		` && document.querySelector('table.assignments, p.empty')`)
}

// changeTarget opens the editor on the assignment described in words.
func (r *rig) changeTarget(words string) {
	r.t.Helper()
	click(r, chromedp.CSS(`button.edit-assignment[aria-label="Change target: `+words+`"]`))
	r.waitFor("the target editor", `document.querySelector('#preview-request')`)
}

// chooseKind selects a target kind in the editor.
func (r *rig) chooseKind(kind graph.TargetKind) {
	r.t.Helper()
	click(r, chromedp.ID("kind-"+string(kind)))
}

// pickGroup types into the group picker and chooses the match named name.
func (r *rig) pickGroup(typed, name string) {
	r.t.Helper()
	r.waitFor("the group picker", `document.querySelector('#group-picker')`)
	eval[chromedp.Void](r, `(() => { const i = document.querySelector('#group-picker'); i.value = ''; i.focus(); })()`)
	r.do(chromedp.SendKeys(chromedp.ID("group-picker"), typed))
	option := `//button[contains(@class,'group-option') and normalize-space(.)=` + xpathString(name) + `]`
	r.waitFor("the group "+name+" among the matches", `document.evaluate(`+jsString(option)+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue`)
	click(r, chromedp.Search(option))
	r.waitFor("the chosen group", `(document.querySelector('.picker .chosen') || {innerText: ''}).innerText.includes(`+jsString(name)+`)`)
}

// preview asks for the request preview and returns its text.
func (r *rig) preview() string {
	r.t.Helper()
	click(r, chromedp.ID("preview-request"))
	r.waitFor("the request preview", `document.querySelector('#save-assignment')`)
	return r.text(".preview")
}

// save clicks Save and waits for the result (or an error box).
func (r *rig) save() {
	r.t.Helper()
	click(r, chromedp.ID("save-assignment"))
	r.waitFor("the save result", `document.querySelector('.result .fact-status') || document.querySelector('.editor .error-box')`)
}

// storage lists a Web Storage area as key → value.
func (r *rig) storage(area string) map[string]string {
	r.t.Helper()
	return eval[map[string]string](r, `(() => { const s = window[`+jsString(area)+`], o = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = s.getItem(k); } return o; })()`)
}

// ---------------------------------------------------------------- the emulator

// state reads /_emulator/state: every configuration with its assignments.
func (r *rig) state() map[string]graph.Configuration {
	r.t.Helper()
	var s struct {
		Value []graph.Configuration `json:"value"`
	}
	r.getJSON("/_emulator/state", &s)
	out := make(map[string]graph.Configuration, len(s.Value))
	for _, c := range s.Value {
		out[c.ID] = c
	}
	return out
}

// stats reads /_emulator/stats.
func (r *rig) stats() stats.Snapshot {
	r.t.Helper()
	var s stats.Snapshot
	r.getJSON("/_emulator/stats", &s)
	return s
}

// requests reads the emulator's journal of requests received.
func (r *rig) requests() []stats.Entry {
	r.t.Helper()
	var body struct {
		Value []stats.Entry `json:"value"`
	}
	r.getJSON("/_emulator/requests", &body)
	return body.Value
}

// control POSTs to one of the emulator's test endpoints.
func (r *rig) control(path string, body any) {
	r.t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(r.t, err)
	resp, err := r.http.Post(r.emu.GraphURL()+path, "application/json", bytes.NewReader(raw))
	require.NoError(r.t, err)
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	require.Equal(r.t, http.StatusOK, resp.StatusCode, "POST %s: %s", path, answer)
}

func (r *rig) getJSON(path string, v any) {
	r.t.Helper()
	resp, err := r.http.Get(r.emu.GraphURL() + path)
	require.NoError(r.t, err)
	defer resp.Body.Close()
	require.Equal(r.t, http.StatusOK, resp.StatusCode, "GET %s", path)
	require.NoError(r.t, json.NewDecoder(resp.Body).Decode(v), "GET %s", path)
}

// assignment finds one assignment of a configuration in the state.
func assignmentOf(t *testing.T, cfg graph.Configuration, id string) graph.Assignment {
	t.Helper()
	for _, a := range cfg.Assignments {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("configuration %s has no assignment %s; it has %v", cfg.ID, id, cfg.Assignments)
	return graph.Assignment{}
}

// assignmentWithTarget finds the assignment of a configuration that targets
// the same audience as target (after an assign, IDs may be new, and beta adds
// an empty filter).
func assignmentWithTarget(t *testing.T, cfg graph.Configuration, target graph.Target) graph.Assignment {
	t.Helper()
	for _, a := range cfg.Assignments {
		if a.Target.SameAudience(target) {
			return a
		}
	}
	t.Fatalf("configuration %s has no assignment to %+v; it has %+v", cfg.ID, target, cfg.Assignments)
	return graph.Assignment{}
}
