//go:build !wasm

package server

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// poisoner is what an attacker points a forged Host at: a listener that
// counts the connections it gets and answers each request with a script,
// as the one that put its JavaScript on the app's origin through go-app's
// proxied /robots.txt did.
type poisoner struct {
	ln          net.Listener
	connections atomic.Int64
}

const poison = "alert(document.domain)"

func startPoisoner(t *testing.T) *poisoner {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &poisoner{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *poisoner) serve() {
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.connections.Add(1)
		go func() {
			defer conn.Close()
			if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
				return
			}
			fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(poison), poison)
		}()
	}
}

// host is what the forged requests carry.
func (p *poisoner) host() string { return p.ln.Addr().String() }

// goAppPaths are the paths go-app's handler serves or treats specially
// (pkg/app/http.go of v10.1.11): its generated resources and their old
// names, app.wasm's aliases, /web/, and the three it proxies from the
// request's Host.
func goAppPaths(version string) []string {
	paths := []string{"/", "/app.js", "/goapp.js", "/app-worker.js", "/manifest.webmanifest", "/manifest.json",
		"/app.css", "/wasm_exec.js", "/app.wasm", "/goapp.wasm", "/web/app.wasm", "/web/app.css",
		"/robots.txt", "/sitemap.xml", "/ads.txt", "/web/robots.txt", "/web/sitemap.xml", "/web/ads.txt"}
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/ads.txt", "/app.js", "/web/app.css"} {
		paths = append(paths, "/"+version+p)
	}
	return paths
}

// randomPaths are paths nobody prepared, from a seeded generator.
func randomPaths(n int) []string {
	rng := rand.New(rand.NewPCG(13, 11))
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789-_."
	exts := []string{"", ".txt", ".xml", ".js", ".html", ".wasm", ".json", "/"}
	var out []string
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(3) {
			b.WriteByte('/')
			for range 1 + rng.IntN(12) {
				b.WriteByte(letters[rng.IntN(len(letters))])
			}
		}
		prefix := []string{"", "/web"}[rng.IntN(2)]
		out = append(out, prefix+b.String()+exts[rng.IntN(len(exts))])
	}
	return out
}

// answer is what one request got, as compared before and after.
type answer struct {
	status                     int
	contentType, body, allowed string
}

func ask(t *testing.T, srv *httptest.Server, method, path, host string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	require.NoError(t, err)
	if host != "" {
		req.Host = host
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), string(body), resp.Header.Get("Allow")}
}

// snapshot is what every path answers to an honest GET.
func snapshot(t *testing.T, srv *httptest.Server, paths []string) map[string]answer {
	out := map[string]answer{}
	for _, p := range paths {
		out[p] = ask(t, srv, http.MethodGet, p, "")
	}
	return out
}

func TestAForgedHostMakesTheServerConnectNowhere(t *testing.T) {
	c := AppConfig{Root: fakeRoot(t, "wasm"), Demo: DemoTenant("http://127.0.0.1:8001", "http://127.0.0.1:8002")}
	goapp := c.pwa()
	pwa, err := NewPWA(goapp)
	require.NoError(t, err)
	srv := httptest.NewServer(withSecurityHeaders(pwa, c.securityHeaders()))
	t.Cleanup(srv.Close)
	attacker := startPoisoner(t)

	paths := append(goAppPaths(goapp.App.Version), randomPaths(200)...)
	before := snapshot(t, srv, paths)
	for _, p := range paths {
		for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
			got := ask(t, srv, method, p, attacker.host())
			if method == http.MethodGet {
				assert.Equal(t, before[p], got, "GET %s with a forged Host answers what it answers without", p)
			}
			assert.NotContains(t, got.body, poison, "%s %s", method, p)
		}
	}
	assert.Zero(t, attacker.connections.Load(), "the server connected to the forged Host")
	assert.Equal(t, before, snapshot(t, srv, paths), "what is served afterwards is what was served before")

	for _, p := range []string{"/robots.txt", "/" + goapp.App.Version + "/robots.txt"} {
		assert.Equal(t, answer{status: http.StatusOK, contentType: "text/plain; charset=utf-8", body: robotsTxt}, before[p], "our own robots.txt at %s", p)
	}
	for _, p := range []string{"/sitemap.xml", "/ads.txt", "/web/robots.txt"} {
		assert.Equal(t, http.StatusNotFound, before[p].status, p)
	}
}

// The poisoner catches what it is meant to: go-app's own handler, asked
// for /robots.txt with the forged Host, connects to it and then serves its
// script to everyone.
func TestThePoisonerCatchesGoAppsProxy(t *testing.T) {
	srv := httptest.NewServer(&app.Handler{Name: "stock"})
	t.Cleanup(srv.Close)
	attacker := startPoisoner(t)

	ask(t, srv, http.MethodGet, "/robots.txt", attacker.host())
	assert.Positive(t, attacker.connections.Load())
	assert.Equal(t, poison, ask(t, srv, http.MethodGet, "/robots.txt", "").body, "cached for the next, honest visitor")
}
