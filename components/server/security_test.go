//go:build !js

package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components"
	"enrollassign/graph/cloud"
)

// directives splits a policy into directive → sources.
func directives(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		fields := strings.Fields(d)
		if len(fields) > 0 {
			out[fields[0]] = fields[1:]
		}
	}
	return out
}

func TestContentSecurityPolicy(t *testing.T) {
	demo := cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002")
	csp := directives(contentSecurityPolicy([]cloud.Cloud{demo, cloud.Global, cloud.USGovL4, cloud.USGovL5}))

	assert.Equal(t, []string{"'self'", "http://127.0.0.1:8001", "http://127.0.0.1:8002",
		"https://login.microsoftonline.com", "https://graph.microsoft.com",
		"https://login.microsoftonline.us", "https://graph.microsoft.us", "https://dod-graph.microsoft.us"},
		csp["connect-src"], "the app's origin and each offered cloud's sign-in and Graph hosts, once each")
	assert.Equal(t, []string{"'none'"}, csp["default-src"], "nothing else by default")
	assert.Equal(t, []string{"'self'", "'wasm-unsafe-eval'"}, csp["script-src"], "own scripts and WebAssembly; no eval, no inline script")
	assert.Equal(t, []string{"'none'"}, csp["frame-ancestors"])
	assert.Equal(t, []string{"'none'"}, csp["base-uri"])
	assert.Equal(t, []string{"'self'"}, csp["worker-src"], "go-app's service worker")
	assert.Equal(t, []string{"'self'"}, csp["manifest-src"])
	assert.Equal(t, []string{"'script'"}, csp["require-trusted-types-for"], "no string reaches a script sink")
	assert.Equal(t, []string{"default"}, csp["trusted-types"], "web/trusted-types.js's policy, no other")
	assert.NotContains(t, csp["connect-src"], "https://microsoftgraph.chinacloudapi.cn", "a cloud not offered is not allowed")
	for name, sources := range csp {
		assert.NotContains(t, sources, "*", name)
		assert.NotContains(t, sources, "'unsafe-eval'", name)
		if name != "style-src-attr" {
			assert.NotContains(t, sources, "'unsafe-inline'", name)
		}
	}

	only := directives(contentSecurityPolicy([]cloud.Cloud{cloud.China}))
	assert.Equal(t, []string{"'self'", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"}, only["connect-src"])
}

// Every response of the app's handler carries each header: pages, go-app's
// resources, web/, wasm_exec.js, the worker, robots.txt, and the errors.
func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	root := fakeRoot(t, "wasm")
	demo := DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")
	h, err := NewAppHandler(AppConfig{Root: root, Demo: demo, Clouds: []cloud.Cloud{cloud.Global}})
	require.NoError(t, err)
	for _, tt := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/app.js"}, {"GET", "/app-worker.js"}, {"GET", "/manifest.webmanifest"}, {"GET", "/wasm_exec.js"},
		{"GET", "/web/app.css"}, {"GET", "/web/app.wasm"}, {"GET", "/web/trusted-types.js"}, {"GET", "/robots.txt"},
		{"GET", "/web/nothing-here"}, {"GET", "/sitemap.xml"}, {"POST", "/"}, {"HEAD", "/no-such-page"},
		{"GET", "/bulk"}, {"GET", "/configurations/abc_DefaultLimit/assignments/x%2Fy"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			csp := directives(rec.Header().Get("Content-Security-Policy"))
			assert.Equal(t, []string{"'self'", "http://127.0.0.1:8001", "http://127.0.0.1:8002",
				"https://login.microsoftonline.com", "https://graph.microsoft.com"}, csp["connect-src"], "the demo's hosts and the offered cloud's")
			assert.Equal(t, []string{"'none'"}, csp["frame-ancestors"])
			assert.Equal(t, "no-referrer", rec.Header().Get("Referrer-Policy"))
			assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			assert.Equal(t, "same-origin", rec.Header().Get("Cross-Origin-Opener-Policy"))
			assert.Equal(t, "same-origin", rec.Header().Get("Cross-Origin-Resource-Policy"))
			assert.Equal(t, permissionsPolicy(), rec.Header().Get("Permissions-Policy"))
			assert.Empty(t, rec.Header().Get("Strict-Transport-Security"), "not over plain http")
		})
	}
}

func TestThePermissionsPolicyDeniesEveryFeatureItNames(t *testing.T) {
	policy := permissionsPolicy()
	for _, f := range []string{"camera", "microphone", "geolocation", "payment", "usb", "clipboard-read", "publickey-credentials-get"} {
		assert.Contains(t, policy, f+"=()", "%s is one the app does not use", f)
	}
	assert.Contains(t, policy, "clipboard-write=(self)", "the snippets' Copy button writes the clipboard from the app's own page")
	assert.NotContains(t, policy, "clipboard-write=()")
	for _, item := range strings.Split(policy, ", ") {
		if item != "clipboard-write=(self)" {
			assert.Regexp(t, `^[a-z-]+=\(\)$`, item, "each other feature allowed to no origin")
		}
	}
}

func TestStrictTransportSecurityOnlyOverHTTPS(t *testing.T) {
	h, err := NewAppHandler(AppConfig{Root: fakeRoot(t, "wasm")})
	require.NoError(t, err)
	hsts := func(r *http.Request) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Header().Get("Strict-Transport-Security")
	}
	plain := httptest.NewRequest(http.MethodGet, "/", nil)
	assert.Empty(t, hsts(plain), "browsers ignore it over http; a loopback demo must not be pinned to https")

	tlsReq := httptest.NewRequest(http.MethodGet, "https://app.example/", nil)
	require.NotNil(t, tlsReq.TLS)
	assert.Equal(t, "max-age=31536000; includeSubDomains", hsts(tlsReq), "the server's own TLS")

	proxied := httptest.NewRequest(http.MethodGet, "/no-such-page", nil)
	proxied.Header.Set("X-Forwarded-Proto", "https")
	assert.Equal(t, "max-age=31536000; includeSubDomains", hsts(proxied), "https ended at a proxy, errors included")
}

func TestParseClouds(t *testing.T) {
	all, err := parseClouds(nationalClouds)
	require.NoError(t, err)
	assert.Equal(t, cloud.National(), all)
	unset, err := parseClouds("")
	require.NoError(t, err)
	assert.Nil(t, unset, "no flag: every national cloud")
	some, err := parseClouds(" usgovl4, global ,usgovl4,")
	require.NoError(t, err)
	assert.Equal(t, []string{"usgovl4", "global"}, cloudIDs(some))
	none, err := parseClouds("none")
	require.NoError(t, err)
	assert.Equal(t, []cloud.Cloud{}, none, "the demo alone")
	_, err = parseClouds("global,azure-germany")
	assert.ErrorContains(t, err, "azure-germany")
}

func TestHeadersFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, writeHeadersFile(dir, securityHeaders([]cloud.Cloud{cloud.Global})))
	got := readHeadersFile(t, dir)
	assert.Equal(t, contentSecurityPolicy([]cloud.Cloud{cloud.Global}), got["Content-Security-Policy"])
	assert.Equal(t, "no-referrer", got["Referrer-Policy"])
	assert.Equal(t, "nosniff", got["X-Content-Type-Options"])
	assert.Equal(t, "same-origin", got["Cross-Origin-Resource-Policy"])
	assert.Equal(t, permissionsPolicy(), got["Permissions-Policy"])
}

// readHeadersFile reads a `_headers` file written for every path.
func readHeadersFile(t *testing.T, dir string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "_headers"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	assert.Equal(t, "/*", lines[0], "every path")
	got := map[string]string{}
	for _, l := range lines[1:] {
		require.True(t, strings.HasPrefix(l, "  "), "indented: %q", l)
		name, value, ok := strings.Cut(strings.TrimSpace(l), ": ")
		require.True(t, ok, l)
		got[name] = value
	}
	return got
}

// A static host given `_headers` sends with every file what the server
// sends with it over https: the security headers, Strict-Transport-Security
// and the caching rule alike.
func TestStaticHeadersAreWhatTheServerSends(t *testing.T) {
	c := AppConfig{Root: fakeRoot(t, "wasm"), Demo: DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")}
	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WriteApp(out, c))
	want := readHeadersFile(t, out)
	assert.Equal(t, "no-cache", want["Cache-Control"])
	assert.Equal(t, "max-age=31536000; includeSubDomains", want["Strict-Transport-Security"])

	h, err := NewAppHandler(c)
	require.NoError(t, err)
	for _, path := range []string{"/", "/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js", "/web/app.css", "/web/app.wasm", "/web/icon-192.png", "/robots.txt"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://app.example"+path, nil))
		require.Equal(t, http.StatusOK, rec.Code, path)
		for name, value := range want {
			assert.Equal(t, value, rec.Header().Get(name), "%s: %s", path, name)
		}
	}
}

// The deployment's clouds reach the client's Settings and the CSP alike,
// and `make static` writes the headers for static hosts.
func TestCloudsFlagReachesTheClientAndThePolicy(t *testing.T) {
	root := fakeRoot(t, "wasm")
	c := AppConfig{Root: root, Clouds: []cloud.Cloud{cloud.USGovL4}}
	assert.Equal(t, "usgovl4", newGoAppHandler(c).Env[components.EnvClouds])
	csp := directives(c.securityHeaders().Get("Content-Security-Policy"))
	assert.Equal(t, []string{"'self'", "https://login.microsoftonline.us", "https://graph.microsoft.us"}, csp["connect-src"])

	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WriteApp(out, c))
	raw, err := os.ReadFile(filepath.Join(out, "_headers"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), "connect-src 'self' https://login.microsoftonline.us https://graph.microsoft.us;")

	flags, err := parseServeFlags([]string{"-clouds", "usgovl4,usgovl5"})
	require.NoError(t, err)
	assert.Equal(t, "usgovl4,usgovl5", flags.Clouds)
}
