//go:build !js

package server

import (
	"bytes"
	"encoding/json"
	"enrollassign/graph/emulator/demo"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator"
)

// fakeRoot is a directory laid out as `make build` leaves it: web/ with the
// CSS, the icons and an app.wasm (here a stand-in), and the Makefile's copy
// of the toolchain's wasm_exec.js.
func fakeRoot(t *testing.T, wasm string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(root, "web"), os.DirFS(filepath.Join("..", "..", "web"))))
	require.NoError(t, os.WriteFile(filepath.Join(root, "web", "app.wasm"), []byte(wasm), 0o644))
	glue, err := os.ReadFile(toolchainWasmExec())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "wasm_exec.js"), glue, 0o644))
	return root
}

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	resp := rec.Result()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

// toolchainWasmExec is the glue of the Go toolchain that runs these tests.
func toolchainWasmExec() string {
	return filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
}

func TestServedWasmExecIsTheToolchains(t *testing.T) {
	toolchain, err := os.ReadFile(toolchainWasmExec())
	require.NoError(t, err)

	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm")})
	require.NoError(t, err)
	resp, body := get(t, h, "/wasm_exec.js")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/javascript", resp.Header.Get("Content-Type"))
	assert.Equal(t, string(toolchain), body, "the app serves the toolchain's glue, not go-app's copy")
}

// The Makefile copies wasm_exec.js from the toolchain; if Go is upgraded and
// the copy is not refreshed, the glue and the compiler disagree.
func TestMakefileCopyOfWasmExecHasNotDrifted(t *testing.T) {
	copied, err := os.ReadFile(filepath.Join("..", "..", "wasm_exec.js"))
	if os.IsNotExist(err) {
		t.Fatalf("wasm_exec.js is missing: run make build (make test copies it too)")
	}
	require.NoError(t, err)
	toolchain, err := os.ReadFile(toolchainWasmExec())
	require.NoError(t, err)
	assert.True(t, bytes.Equal(toolchain, copied), "wasm_exec.js differs from %s: run make build", toolchainWasmExec())
}

func TestManifestAndServiceWorkerUseLocalIcons(t *testing.T) {
	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm")})
	require.NoError(t, err)

	_, manifest := get(t, h, "/manifest.webmanifest")
	var m struct {
		ShortName string `json:"short_name"`
		Icons     []struct{ Src, Sizes, Purpose string }
	}
	require.NoError(t, json.Unmarshal([]byte(manifest), &m))
	assert.Equal(t, "Enrollment", m.ShortName)
	require.NotEmpty(t, m.Icons)
	sizes := map[string]bool{}
	for _, icon := range m.Icons {
		assert.True(t, strings.HasPrefix(icon.Src, "/web/"), "icon %s must be local: a remote one breaks the offline cache", icon.Src)
		resp, _ := get(t, h, icon.Src)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "icon %s is served", icon.Src)
		sizes[icon.Sizes+" "+icon.Purpose] = true
	}
	assert.True(t, sizes["192x192 "] && sizes["512x512 "] && sizes["512x512 maskable"] && sizes["any "], "192, 512, maskable and SVG icons: %v", sizes)

	_, worker := get(t, h, "/app-worker.js")
	assert.NotContains(t, worker, "https://", "the service worker precaches nothing remote")
	for _, path := range []string{"/web/app.wasm", "/web/app.css", "/web/icon-192.png", "/web/trusted-types.js", "/wasm_exec.js", `"/"`} {
		assert.Contains(t, worker, path, "the service worker precaches %s", path)
	}
}

func TestTheDemoTenantReachesTheClientThroughItsEnvironment(t *testing.T) {
	emu := emulator.StartTest(t, emulator.Options{TimeScale: 0.05})
	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm"), Demo: EmulatorTenant(emu, 0.05)})
	require.NoError(t, err)
	_, js := get(t, h, "/app.js")
	for _, want := range []string{
		`"ENROLLASSIGN_DEMO_ENTRA_URL":"` + emu.EntraURL() + `"`,
		`"ENROLLASSIGN_DEMO_GRAPH_URL":"` + emu.GraphURL() + `"`,
		`"ENROLLASSIGN_DEMO_TENANT":"8a3f5d2c-6b1e-4f7a-9c0d-2e4b6a8c1f35"`,
		`"ENROLLASSIGN_DEMO_USERS":"admin@contoso.onmicrosoft.com,`,
		`"ENROLLASSIGN_DEMO_TIME_SCALE":"0.05"`,
	} {
		assert.Contains(t, js, want)
	}

	h, err = NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm"), Demo: DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")})
	require.NoError(t, err)
	_, js = get(t, h, "/app.js")
	assert.Contains(t, js, `"ENROLLASSIGN_DEMO_GRAPH_URL":"http://127.0.0.1:8002"`)
	assert.Contains(t, js, `"ENROLLASSIGN_DEMO_USERS":""`, "no emulator of the server's: no users named")

	h, err = NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm")})
	require.NoError(t, err)
	_, js = get(t, h, "/app.js")
	assert.NotContains(t, js, "ENROLLASSIGN_DEMO", "no demo, no demo variables")
}

func TestThePrerenderedPageIsTheShell(t *testing.T) {
	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm")})
	require.NoError(t, err)
	resp, page := get(t, h, "/")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, page, `data-rendered="server"`)
	assert.Contains(t, page, "Enrollment assignments")
	assert.Regexp(t, `<link[^>]* href="/web/app.css"`, page)
	assert.Equal(t, []string{"/wasm_exec.js deferred", "/app.js deferred", "/web/trusted-types.js"}, scripts(page),
		"go-app's scripts deferred, the policy not: it runs while the page is parsed, before them")

	resp, _ = get(t, h, "/web/app.wasm")
	assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
}

// The page the server sends is the first screen itself, before the wasm
// runs: the header, the sign-in panel with its explanation and the demo
// banner, the buttons that need the wasm disabled and saying so.
func TestThePrerenderedPageIsTheFirstScreen(t *testing.T) {
	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm"), Demo: DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")})
	require.NoError(t, err)
	_, page := get(t, h, "/")
	for _, want := range []string{
		`<h2 id="sign-in-title">Sign in</h2>`,
		"Sign in with an Intune administrator&#39;s work or school account",
		"Tenant " + demo.TenantID,
		"Demo mode.",
		"Starting the app: sign-in is available in a moment",
	} {
		assert.Contains(t, page, want)
	}
	assert.Contains(t, tagWithID(t, page, "sign-in"), " disabled", "the sign-in button waits for the wasm")
	assert.Contains(t, tagWithID(t, page, "open-settings"), " disabled", "so does Settings")
	assert.NotContains(t, page, ">Starting<", "no bare loading text in place of the screen")
}

func TestTheVersionFollowsTheBuild(t *testing.T) {
	version := func(wasm string) string {
		c := AppConfig{Root: fakeRoot(t, wasm)}.pwa()
		_, err := NewPWA(c)
		require.NoError(t, err)
		return c.App.Version
	}
	assert.Equal(t, version("build 1"), version("build 1"), "a restart with the same build prompts no update")
	assert.NotEqual(t, version("build 1"), version("build 2"), "a new build does")

	_, err := NewAppHandler(AppConfig{Root: t.TempDir()})
	assert.ErrorContains(t, err, "wasm_exec.js is missing")
}

func TestStaticWritesTheWholeApp(t *testing.T) {
	root := fakeRoot(t, "the wasm")
	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WriteApp(out, AppConfig{Root: root, Demo: DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")}))

	for _, f := range []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest", "app.css", "wasm_exec.js", "robots.txt",
		"web/trusted-types.js", "web/app.wasm", "web/app.css", "web/icon-192.png", "web/icon-512.png", "web/icon.svg", "web/icon-maskable-512.png"} {
		_, err := os.Stat(filepath.Join(out, f))
		assert.NoError(t, err, "static/%s", f)
	}
	glue, err := os.ReadFile(filepath.Join(out, "wasm_exec.js"))
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join(root, "wasm_exec.js"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(glue), "the toolchain's glue, not go-app's")
	wasm, err := os.ReadFile(filepath.Join(out, "web", "app.wasm"))
	require.NoError(t, err)
	assert.Equal(t, "the wasm", string(wasm))
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(index), `id="app"`)
}

func TestRedirectURIsCoverBothLoopbackNames(t *testing.T) {
	assert.Equal(t, []string{"http://127.0.0.1:8000/", "http://localhost:8000/"}, redirectURIs("http://127.0.0.1:8000/"))
	assert.Equal(t, []string{"https://app.example/"}, redirectURIs("https://app.example/"))
}

func TestFlags(t *testing.T) {
	c, err := parseServeFlags(nil)
	require.NoError(t, err)
	assert.Equal(t, serveConfig{Addr: "127.0.0.1:8000", EntraAddr: "127.0.0.1:8001", GraphAddr: "127.0.0.1:8002", Mode: "documented", Root: ".", TimeScale: 1}, c)
	c, err = parseServeFlags([]string{"-no-emulator", "-addr", "127.0.0.1:9000", "-mode", "as-reported", "-time-scale", "0.05"})
	require.NoError(t, err)
	assert.True(t, c.NoEmulator)
	assert.Equal(t, "127.0.0.1:9000", c.Addr)
	assert.Equal(t, "as-reported", c.Mode)
	assert.Equal(t, 0.05, c.TimeScale)
}

// With -no-emulator the server started nothing at the demo's addresses: it
// names the time scale it was told, and no users, whom only an emulator of
// its own would sign in. The emulator it starts runs at that scale, and its
// users are named.
func TestTheDemoNamesUsersOnlyOfAnEmulatorTheServerStarted(t *testing.T) {
	c, err := parseServeFlags([]string{"-no-emulator", "-time-scale", "0.05"})
	require.NoError(t, err)
	d := c.demo(nil)
	assert.Empty(t, d.Users)
	assert.Equal(t, 0.05, d.TimeScale)
	assert.Equal(t, "http://127.0.0.1:8001", d.Cloud.AuthorityURL)
	assert.Equal(t, "http://127.0.0.1:8002", d.Cloud.GraphURL)
	assert.Equal(t, "8a3f5d2c-6b1e-4f7a-9c0d-2e4b6a8c1f35", d.Tenant, "the tenant printed at start")

	emu := emulator.StartTest(t, emulator.Options{TimeScale: 0.05})
	d = c.demo(emu)
	assert.Contains(t, d.Users, "admin@contoso.onmicrosoft.com")
	assert.Equal(t, 0.05, d.TimeScale)
	assert.Equal(t, emu.GraphURL(), d.Cloud.GraphURL)
}

func TestWelcomeNamesTheURLsAndTheDemoUsers(t *testing.T) {
	var out bytes.Buffer
	printWelcome(&out, "http://127.0.0.1:8000/", DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002"), true)
	for _, want := range []string{"http://127.0.0.1:8000/", "http://127.0.0.1:8001", "http://127.0.0.1:8002",
		"admin@contoso.onmicrosoft.com", "reader@contoso.onmicrosoft.com", "pat.personal@outlook.com"} {
		assert.Contains(t, out.String(), want)
	}
}

func TestWelcomeWithoutTheEmulatorNamesNoDemoUsers(t *testing.T) {
	var out bytes.Buffer
	printWelcome(&out, "http://127.0.0.1:8000/", DemoTenant("http://127.0.0.1:9001", "http://127.0.0.1:9002"), false)
	assert.Contains(t, out.String(), "No emulator started")
	assert.Contains(t, out.String(), "http://127.0.0.1:9001")
	assert.NotContains(t, out.String(), "admin@contoso.onmicrosoft.com", "another stand-in has users of its own")
}

// The client binary users download must not carry the server: the emulator,
// go-app's handler code paths and the test endpoints stay server-side.
func TestTheClientDoesNotLinkTheServer(t *testing.T) {
	list := exec.Command("go", "list", "-deps", "enrollassign")
	list.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := list.CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, "enrollassign/graph/auth")
	assert.Contains(t, deps, "enrollassign/graph")
	for _, d := range deps {
		assert.False(t, strings.HasPrefix(d, "enrollassign/graph/emulator"), "the wasm links %s", d)
		assert.NotEqual(t, "net/http/httptest", d)
		assert.NotEqual(t, "github.com/andybalholm/brotli", d, "brotli is for the server and the build only")
	}
}

// tagWithID is the opening tag of the element with that id: go-app writes
// attributes in no fixed order, so a test looks inside the tag.
func tagWithID(t *testing.T, page, id string) string {
	t.Helper()
	tag := regexp.MustCompile(`<[a-z]+[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(page)
	require.NotEmpty(t, tag, "no element with id %q", id)
	return tag
}

// scripts lists a page's script elements in order as their src, with
// " deferred" for a deferred one: go-app writes an element's attributes
// in no fixed order.
func scripts(page string) []string {
	var out []string
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		src := regexp.MustCompile(`\ssrc="([^"]*)"`).FindStringSubmatch(tag)
		if len(src) < 2 {
			out = append(out, tag)
			continue
		}
		if regexp.MustCompile(`\sdefer[\s>=]`).MatchString(tag) {
			src[1] += " deferred"
		}
		out = append(out, src[1])
	}
	return out
}

// A build read once serves what its root would, and goes on serving it
// when the files change afterwards: handlers made from it never read the
// disk again.
func TestALoadedBuildServesWhatItsRootWould(t *testing.T) {
	root := fakeRoot(t, "wasm")
	b, err := LoadBuild(root, nil)
	require.NoError(t, err)
	fromRoot, err := NewAppHandler(AppConfig{Root: root})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(root, "web", "app.wasm"), []byte("another build"), 0o644))
	fromBuild, err := NewAppHandler(AppConfig{Build: b})
	require.NoError(t, err)
	for _, path := range []string{"/web/app.wasm", "/app.js", "/app-worker.js", "/manifest.webmanifest"} {
		_, want := get(t, fromRoot, path)
		_, got := get(t, fromBuild, path)
		assert.Equal(t, want, got, path)
	}
}
