//go:build !js

package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/server"
	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// A whole edit with the keyboard alone: Tab to move, Enter to press, arrows
// to choose a kind, typing to search; and every control on the way has an
// accessible name.
func TestBrowserKeyboardOnlyEdit(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	assert.Empty(t, r.unnamedControls(), "every control on the list has a name")

	eval[any](r, `document.querySelector('#configuration-search').focus()`)
	r.press("Ring 0")
	r.tabTo(`button.open-configuration`, 3)
	assert.Equal(t, "Windows 11 Ring 0 ESP", r.text(":focus"))
	r.press(kb.Enter)
	r.waitFor("the assignments", `document.querySelector('button.edit-assignment')`)
	assert.Equal(t, "Windows 11 Ring 0 ESP", r.text("#detail-title"), "the row found by the search opens, not the one it replaced")
	assert.True(t, eval[bool](r, `document.activeElement === document.querySelector('#detail-title')`), "the focus moves to the new screen's title")
	r.tabTo(`button.edit-assignment[aria-label="Change target: Include group Windows 11 Ring 0"]`, 5)
	r.press(kb.Enter)
	r.waitFor("the target editor", `document.querySelector('#preview-request')`)
	assert.Empty(t, r.unnamedControls(), "every control of the editor has a name")

	r.tabTo(`#kind-groupAssignmentTarget`, 10)
	r.press(kb.ArrowDown) // the next kind in the radio group: Exclude a group
	r.waitFor("the exclusion kind", `document.querySelector('#kind-exclusionGroupAssignmentTarget').checked`)
	r.tabTo(`#group-picker`, 3)
	eval[any](r, `document.querySelector('#group-picker').select()`)
	r.press("Sales")
	r.waitFor("the matches", `document.querySelectorAll('button.group-option').length === 2`)
	r.press(kb.ArrowDown)
	assert.Equal(t, emulator.GroupSalesLaptops, r.text(":focus"), "down from the field: the first match")
	r.press(kb.ArrowDown)
	assert.Equal(t, emulator.GroupSalesTeam, r.text(":focus"))
	r.press(kb.ArrowDown)
	assert.Equal(t, emulator.GroupSalesTeam, r.text(":focus"), "the last match stays")
	r.press(kb.ArrowUp)
	r.press(kb.ArrowUp)
	assert.True(t, eval[bool](r, `document.activeElement === document.querySelector('#group-picker')`), "up from the first match: the field")
	r.press(kb.ArrowDown)
	r.press(kb.Escape)
	r.waitFor("the matches closed", `!document.querySelector('button.group-option')`)
	assert.True(t, eval[bool](r, `document.activeElement === document.querySelector('#group-picker')`), "Escape on a match: back to the field")
	assert.Equal(t, "Sales", eval[string](r, `document.querySelector('#group-picker').value`), "Escape closes the matches, not the text")

	eval[any](r, `document.querySelector('#group-picker').select()`)
	r.press("Test")
	r.waitFor("the matches", `document.querySelector('button.group-option')`)
	r.press(kb.ArrowDown)
	assert.Equal(t, emulator.GroupTestDevices, r.text(":focus"))
	r.press(kb.Enter)
	r.waitFor("the chosen group", `(document.querySelector('.picker .chosen') || {innerText: ''}).innerText.includes('Test Devices')`)
	r.tabTo(`#preview-request`, 4)
	r.press(kb.Enter)
	r.waitFor("the preview", `document.querySelector('#save-assignment')`)
	r.tabTo(`#save-assignment`, 4)
	r.press(kb.Enter)
	r.waitFor("the save result", `document.querySelector('.result .fact-status')`)

	assert.Equal(t, "200", r.text(".result .fact-status"))
	assignmentWithTarget(t, r.state()[ring0ESP], graph.ExclusionGroupTarget(emulator.DemoGroupID(emulator.GroupTestDevices)))
}

// ring0ESP is the ID of "Windows 11 Ring 0 ESP" in the demo tenant.
const ring0ESP = "aaf902a5-efd7-43de-8a16-d49ab6f8e021_Windows10EnrollmentCompletionPageConfiguration"

// The settings screen names all its controls too, and offers every cloud.
func TestBrowserSettingsAreAccessible(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.open()
	r.waitFor("the sign-in screen", `document.querySelector('#sign-in')`)
	click(r, `#open-settings`)
	r.waitFor("the settings", `document.querySelector('#settings-cloud')`)
	assert.Empty(t, r.unnamedControls())
	clouds := eval[[]string](r, `[...document.querySelectorAll('#settings-cloud option')].map(o => o.innerText)`)
	assert.Equal(t, []string{"Demo tenant (local emulator)", "Global (includes GCC)", "US Government L4 (GCC High)",
		"US Government L5 (DoD)", "China (operated by 21Vianet)"}, clouds)
}

// A new build deployed while the app is open: go-app's service worker
// installs it and the app offers to reload into it.
func TestBrowserOffersTheUpdate(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.open()
	r.waitFor("the service worker to control the page", `navigator.serviceWorker && navigator.serviceWorker.controller`)
	assert.False(t, eval[bool](r, `!!document.querySelector('#update-available')`), "no update before there is one")
	before := eval[string](r, `goappEnv.GOAPP_VERSION`)

	next := rebuiltRoot(t)
	h, err := server.NewAppHandler(server.AppConfig{Root: next, Demo: server.EmulatorTenant(r.emu, 1)})
	require.NoError(t, err)
	r.deploy(h)
	r.do(chromedp.Reload())
	r.waitFor("the update prompt", `document.querySelector('#update-available')`)
	assert.Contains(t, r.text("#update-available"), "A new version of this app is available.")

	click(r, `#reload-for-update`)
	r.waitFor("the new version", `typeof goappEnv !== 'undefined' && goappEnv.GOAPP_VERSION !== `+jsString(before)+
		` && document.querySelector('#app[data-rendered="client"]')`)
	assert.False(t, eval[bool](r, `!!document.querySelector('#update-available')`))
}

// rebuiltRoot is the test app as another build: the same wasm with a glue
// file one comment longer, so its version differs.
func rebuiltRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, copyDir(filepath.Join(testApp.root, "web"), filepath.Join(root, "web")))
	glue, err := os.ReadFile(filepath.Join(testApp.root, "wasm_exec.js"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "wasm_exec.js"), append(glue, "\n// another build\n"...), 0o644))
	return root
}

// What `enrollassign static -demo` writes works from a plain file server
// that sends the headers of its `_headers` file: the app signs in and lists
// the configurations with no server of ours, under the static policy.
func TestBrowserStaticSite(t *testing.T) {
	inParallel(t)
	<-testApp.precompressed
	require.NoError(t, testApp.precompressErr)
	out := filepath.Join(t.TempDir(), "static")
	r := watch(t, newRigServing(t, emulator.Options{}, func(emu *emulator.Emulator) http.Handler {
		require.Equal(t, 0, server.Main([]string{"static", "-demo", "-root", testApp.root, "-out", out,
			"-entra-addr", strings.TrimPrefix(emu.EntraURL(), "http://"), "-graph-addr", strings.TrimPrefix(emu.GraphURL(), "http://")}))
		return withHeadersFile(t, out, http.FileServer(http.Dir(out)))
	}))
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	assert.Equal(t, strconv.Itoa(len(r.state()))+" configurations", r.text(".configurations caption"))
	assert.True(t, eval[bool](r.rig, `navigator.serviceWorker.ready.then(reg => !!reg.active)`), "the service worker, under Trusted Types")
}

// withHeadersFile sends with every file the headers that dir's `_headers`
// sets for every path ("/*"), as Netlify or Cloudflare Pages would.
func withHeadersFile(t *testing.T, dir string, next http.Handler) http.Handler {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "_headers"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.Equal(t, "/*", lines[0])
	h := http.Header{}
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(strings.TrimSpace(l), ": ")
		require.True(t, ok, l)
		h.Set(name, value)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name, values := range h {
			w.Header()[name] = values
		}
		next.ServeHTTP(w, r)
	})
}
