//go:build !wasm

package server

import (
	"crypto/sha256"
	"encoding/hex"
	"enrollassign/components"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	components.Route(nil)
	os.Exit(m.Run())
}

// fixture is a build directory as `make build` leaves it.
type fixture struct {
	root string
	wasm []byte
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	root := t.TempDir()
	web := filepath.Join(root, "web")
	require.NoError(t, os.MkdirAll(web, 0o755))
	f := fixture{root: root, wasm: compressibleBytes(40_000)}
	f.write(t, "web/app.wasm", f.wasm)
	f.write(t, "web/app.css", compressibleBytes(2_000))
	f.write(t, "web/icon.png", []byte("\x89PNG not really"))
	f.write(t, "wasm_exec.js", compressibleBytes(17_000))
	return f
}

func (f fixture) write(t *testing.T, name string, body []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(f.root, name), body, 0o644))
}

func (f fixture) config(logf func(string, ...any)) PWAConfig {
	return PWAConfig{
		App:  &app.Handler{Name: "Test", Icon: app.Icon{Default: "/web/icon.png"}, Env: map[string]string{"K": "v"}},
		Root: f.root, Logf: logf,
	}
}

func (f fixture) handler(t *testing.T) *PWA {
	t.Helper()
	h, err := NewPWA(f.config(nil))
	require.NoError(t, err)
	return h
}

func request(h http.Handler, method, path string, header ...string) *http.Response {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec.Result()
}

// body is what a GET sends, as sent.
func body(t *testing.T, h http.Handler, path, accept string) []byte {
	t.Helper()
	b, err := io.ReadAll(request(h, http.MethodGet, path, "Accept-Encoding", accept).Body)
	require.NoError(t, err)
	return b
}

// decoded is a response's body as the browser sees it.
func decoded(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if coding := resp.Header.Get("Content-Encoding"); coding != "" {
		body, err = decode(coding, body)
		require.NoError(t, err)
	}
	return body
}

func TestTheWasmIsServedInTheBestCodingTheBrowserAccepts(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, func() error { _, err := Precompress(filepath.Join(f.root, "web", "app.wasm")); return err }())
	h := f.handler(t)
	for _, tt := range []struct{ accept, coding string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip, deflate", "gzip"},
		{"", ""},
	} {
		t.Run(fmt.Sprintf("%q", tt.accept), func(t *testing.T) {
			resp := request(h, http.MethodGet, "/web/app.wasm", "Accept-Encoding", tt.accept)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.coding, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
			assert.Equal(t, "Accept-Encoding", resp.Header.Get("Vary"))
			assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"))
			assert.NotEmpty(t, resp.Header.Get("ETag"))
			assert.Equal(t, resp.ContentLength, int64(len(body(t, h, "/web/app.wasm", tt.accept))), "the length of what is sent")
			assert.Equal(t, f.wasm, decoded(t, resp))
		})
	}
}

func TestARangeIsOfTheRepresentationSent(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	resp := request(h, http.MethodGet, "/web/app.wasm", "Accept-Encoding", "br", "Range", "bytes=0-9")
	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Equal(t, "br", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, "10", resp.Header.Get("Content-Length"))
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, body(t, h, "/web/app.wasm", "br")[:10], got)
}

func TestEachRepresentationHasItsOwnValidator(t *testing.T) {
	h := newFixture(t).handler(t)
	tags := map[string]bool{}
	for _, accept := range []string{"br", "gzip", ""} {
		resp := request(h, http.MethodGet, "/web/app.css", "Accept-Encoding", accept)
		etag := resp.Header.Get("ETag")
		assert.False(t, tags[etag], "ETag %s names one representation only", etag)
		tags[etag] = true

		again := request(h, http.MethodGet, "/web/app.css", "Accept-Encoding", accept, "If-None-Match", etag)
		assert.Equal(t, http.StatusNotModified, again.StatusCode, "a revalidation is a 304")
		body, _ := io.ReadAll(again.Body)
		assert.Empty(t, body)
	}
	changed := request(h, http.MethodGet, "/web/app.css", "Accept-Encoding", "br", "If-None-Match", `"another build"`)
	assert.Equal(t, http.StatusOK, changed.StatusCode)
}

func TestAVariantOfAnotherBuildIsNeverServed(t *testing.T) {
	f := newFixture(t)
	other, err := encode(encodingBrotli, compressibleBytes(30_000))
	require.NoError(t, err)
	f.write(t, "web/app.wasm.br", other)
	var logged []string
	h, err := NewPWA(f.config(func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }))
	require.NoError(t, err)

	resp := request(h, http.MethodGet, "/web/app.wasm", "Accept-Encoding", "br")
	assert.Equal(t, f.wasm, decoded(t, resp), "this build's bytes, compressed at start instead")
	require.NotEmpty(t, logged)
	assert.Contains(t, logged[0], "app.wasm.br is not app.wasm compressed")
}

func TestSmallResourcesAreCompressedAtStartAndLargeOnesByTheBuild(t *testing.T) {
	f := newFixture(t)
	big := compressibleBytes(startupCompressLimit + 1)
	f.write(t, "web/app.wasm", big)
	var logged []string
	h, err := NewPWA(f.config(func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }))
	require.NoError(t, err)

	wasm := request(h, http.MethodGet, "/web/app.wasm", "Accept-Encoding", "br")
	assert.Empty(t, wasm.Header.Get("Content-Encoding"), "too large to compress at start")
	assert.Equal(t, big, decoded(t, wasm))
	require.Len(t, logged, 1)
	assert.Contains(t, logged[0], "no compressed variants")

	css := request(h, http.MethodGet, "/web/app.css", "Accept-Encoding", "br")
	assert.Equal(t, "br", css.Header.Get("Content-Encoding"), "small enough to compress at start")
	png := request(h, http.MethodGet, "/web/icon.png", "Accept-Encoding", "br")
	assert.Empty(t, png.Header.Get("Content-Encoding"), "PNG is compressed already")
	assert.Empty(t, png.Header.Get("Vary"))
	assert.Equal(t, "image/png", png.Header.Get("Content-Type"))
}

func TestGoAppsResourcesAreServedCompressed(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	tests := []struct{ path, contentType, contains string }{
		{"/", "text/html; charset=utf-8", `data-rendered="server"`},
		{"/app.js", "application/javascript", `"K":"v"`},
		{"/app-worker.js", "application/javascript", "/web/app.wasm"},
		{"/manifest.webmanifest", "application/manifest+json", `"name":"Test"`},
		{"/wasm_exec.js", "application/javascript", string(compressibleBytes(100))},
		{"/app.css", "text/css", "goapp"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := request(h, http.MethodGet, tt.path, "Accept-Encoding", "gzip, br")
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "br", resp.Header.Get("Content-Encoding"))
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"))
			assert.Contains(t, string(decoded(t, resp)), tt.contains)
		})
	}
}

func TestGoAppIsToldTheBuild(t *testing.T) {
	f := newFixture(t)
	c := f.config(nil)
	h, err := NewPWA(c)
	require.NoError(t, err)

	js := string(decoded(t, request(h, http.MethodGet, "/app.js")))
	assert.Contains(t, js, `goappWasmContentLength = "`+strconv.Itoa(len(f.wasm))+`"`,
		"the progress bar divides decompressed bytes by the uncompressed size")
	assert.Contains(t, js, c.App.Version)

	worker := string(decoded(t, request(h, http.MethodGet, "/app-worker.js")))
	sum := sha256.Sum256(f.wasm)
	assert.Contains(t, worker, `const wasmDigest = "`+hex.EncodeToString(sum[:])+`"`)
	assert.Contains(t, worker, `const cacheName = "app-`+c.App.Version+`"`)
	assert.Contains(t, worker, `"/web/icon.png"`, "go-app's list of resources to cache")
	assert.NotContains(t, worker, "{{", "every placeholder filled")
}

func TestTheVersionNamesEverythingTheBrowserCaches(t *testing.T) {
	version := func(f fixture, env map[string]string) string {
		c := f.config(nil)
		c.App.Env = env
		_, err := NewPWA(c)
		require.NoError(t, err)
		return c.App.Version
	}
	f := newFixture(t)
	base := version(f, nil)
	assert.Equal(t, base, version(f, nil), "a restart of the same build")
	assert.NotEqual(t, base, version(f, map[string]string{"K": "other"}), "another environment for the client")

	g := newFixture(t)
	g.write(t, "web/app.css", compressibleBytes(2_001))
	assert.NotEqual(t, base, version(g, nil), "a stylesheet changed alone")

	set := f.config(nil)
	set.App.Version = "chosen"
	_, err := NewPWA(set)
	require.NoError(t, err)
	assert.Equal(t, "chosen", set.App.Version, "a version set by the caller is kept")
}

func TestPathsGoAppAliasesAndRefusals(t *testing.T) {
	f := newFixture(t)
	c := f.config(nil)
	h, err := NewPWA(c)
	require.NoError(t, err)
	js := decoded(t, request(h, http.MethodGet, "/app.js"))

	assert.Equal(t, js, decoded(t, request(h, http.MethodGet, "/goapp.js")))
	assert.Equal(t, js, decoded(t, request(h, http.MethodGet, "/"+c.App.Version+"/app.js")))
	assert.Equal(t, f.wasm, decoded(t, request(h, http.MethodGet, "/app.wasm")))

	head := request(h, http.MethodHead, "/web/app.wasm")
	assert.Equal(t, http.StatusOK, head.StatusCode)
	assert.Equal(t, strconv.Itoa(len(f.wasm)), head.Header.Get("Content-Length"))

	post := request(h, http.MethodPost, "/app.js")
	assert.Equal(t, http.StatusMethodNotAllowed, post.StatusCode)
	assert.Equal(t, "GET, HEAD", post.Header.Get("Allow"))

	for _, p := range []string{"/web/app.wasm.br", "/web/missing.js", "/no-such-page"} {
		assert.Equal(t, http.StatusNotFound, request(h, http.MethodGet, p).StatusCode, p)
	}
}

// Every screen's address is answered with the app's page (a reload, a
// shared link), and nothing else that looks like one.
func TestEveryScreensAddressServesTheAppsPage(t *testing.T) {
	h := newFixture(t).handler(t)
	page := decoded(t, request(h, http.MethodGet, "/"))
	for _, p := range []string{"/bulk", "/history", "/backup", "/settings", "/priority/deviceEnrollmentLimitConfiguration",
		"/configurations/abc_DefaultLimit", "/configurations/a%2Fb/assignments/a%20b"} {
		res := request(h, http.MethodGet, p)
		assert.Equal(t, http.StatusOK, res.StatusCode, p)
		assert.Equal(t, page, decoded(t, res), p)
	}
	for _, p := range []string{"/bulk/", "/configurations", "/configurations/", "/configurations/x/assignments",
		"/configurations/x/y/z", "/priority/nothing", "/history.html", "/BULK"} {
		assert.Equal(t, http.StatusNotFound, request(h, http.MethodGet, p).StatusCode, p)
	}
}

func TestAMissingBuildIsExplained(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, os.Remove(filepath.Join(f.root, "web", "app.wasm")))
	_, err := NewPWA(f.config(nil))
	assert.ErrorContains(t, err, "app.wasm is missing: run make build")

	require.NoError(t, os.Remove(filepath.Join(f.root, "wasm_exec.js")))
	_, err = NewPWA(f.config(nil))
	assert.ErrorContains(t, err, "wasm_exec.js is missing")

	_, err = NewPWA(PWAConfig{App: &app.Handler{}, Root: filepath.Join(t.TempDir(), "nothing")})
	assert.Error(t, err)
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"app.wasm": "application/wasm", "manifest.webmanifest": "application/manifest+json",
		"icon.svg": "image/svg+xml", "app.js": "application/javascript", "x.unknownext": "application/octet-stream",
	} {
		assert.Equal(t, want, contentTypeOf(name), name)
	}
	assert.True(t, strings.HasPrefix(contentTypeOf("index.html"), "text/html"))
}
