//go:build !wasm

package server

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components"
)

// PWAConfig is what New serves and WritePWA writes.
type PWAConfig struct {
	// App is go-app's handler, with the app's names, icons, styles and
	// environment. New and WritePWA complete it: Version (unless set),
	// WasmContentLength, and the service worker.
	App *app.Handler
	// Root holds web/ (app.wasm, the .br/.gz variants `make build` writes,
	// CSS, icons) and the toolchain's wasm_exec.js.
	Root string
	// Build, when set, is Root already read (LoadBuild).
	Build *Build
	// Logf reports what is served less well than it could be (a variant
	// missing or left by another build); nil discards it.
	Logf func(format string, args ...any)
}

// build is c.Build, or the build read from c.Root.
func (c PWAConfig) build() (*build, error) {
	if c.Build != nil {
		return c.Build.b, nil
	}
	return loadBuild(c.Root, c.logf())
}

func (c PWAConfig) logf() func(string, ...any) {
	if c.Logf == nil {
		return func(string, ...any) {}
	}
	return c.Logf
}

// PWA serves the app. Every resource is in memory, read and compressed
// when the handler is made: serving costs no disk read and no compression.
//
// Every other path is answered 404 here: no request ever reaches go-app's
// handler, which fetches /robots.txt, /sitemap.xml and /ads.txt from
// "http://" + the request's Host and caches whatever answers for every
// later visitor (a forged Host put anyone's script on the app's origin),
// and serves /web/ from the working directory.
type PWA struct {
	version   string
	resources map[string]*resource
}

// generatedPaths are the resources go-app makes from its configuration,
// "/" being the app's one page (components.Route): every other address of
// the app (components.IsAppPath) is answered with it, as nothing is
// rendered per request.
var generatedPaths = []string{"/", "/app.js", "/app-worker.js", "/manifest.webmanifest", "/app.css"}

// NewPWA reads the build under c.Root and prepares every response.
func NewPWA(c PWAConfig) (*PWA, error) {
	b, err := c.build()
	if err != nil {
		return nil, err
	}
	complete(c.App, b)
	resources := map[string]*resource{
		"/wasm_exec.js": mustCompress(contentTypeOf("wasm_exec.js"), b.wasmExec),
		robotsPath:      mustCompress(contentTypeOf(robotsPath), []byte(robotsTxt)),
	}
	for p, res := range b.web {
		resources[p] = res
	}
	for _, p := range generatedPaths {
		contentType, body, ok, err := render(c.App, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		resources[p] = mustCompress(contentType, body)
	}
	return &PWA{version: c.App.Version, resources: resources}, nil
}

// robotsPath is the one file crawlers ask for that the app answers itself
// (go-app would proxy it, see PWA); sitemap.xml and ads.txt are 404s.
const robotsPath = "/robots.txt"

// robotsTxt keeps crawlers out: an administrator's tool has nothing to
// index, and a crawler that runs the page would only meet the sign-in.
const robotsTxt = "User-agent: *\nDisallow: /\n"

// ServeHTTP answers from memory what NewPWA prepared, and 404 to the rest.
func (h *PWA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res, ok := h.resources[h.canonicalPath(r.URL.Path)]
	if !ok && components.IsAppPath(r.URL.EscapedPath()) {
		res, ok = h.resources["/"]
	}
	switch {
	case !ok:
		http.NotFound(w, r)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		res.serve(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// canonicalPath undoes go-app's aliases: its versioned prefix and the names
// older go-app versions used.
func (h *PWA) canonicalPath(p string) string {
	if versioned := "/" + h.version + "/"; strings.HasPrefix(p, versioned) {
		p = p[len(versioned)-1:]
	}
	switch p {
	case "/goapp.js":
		return "/app.js"
	case "/manifest.json":
		return "/manifest.webmanifest"
	case "/app.wasm", "/goapp.wasm":
		return wasmPath
	}
	return p
}

//go:embed worker.js
var workerTemplate string

// complete sets what go-app needs to know about the build: the
// uncompressed size of app.wasm (its progress bar would otherwise divide
// the bytes it reads, decompressed, by a compressed Content-Length), the
// service worker, and a version naming the whole build.
func complete(h *app.Handler, b *build) {
	sum := b.digest
	h.WasmContentLength = strconv.Itoa(len(b.wasm()))
	h.ServiceWorkerTemplate = strings.NewReplacer(
		"{{.WasmURL}}", wasmPath,
		"{{.WasmDigest}}", hex.EncodeToString(sum[:]),
	).Replace(workerTemplate)
	if h.Version == "" {
		h.Version = b.version(h.Env, h.ServiceWorkerTemplate)
	}
	if !slices.Contains(h.RawHeaders, wasmPreload) {
		h.RawHeaders = append(h.RawHeaders, wasmPreload)
	}
}

// wasmPreload starts the download of app.wasm while the page is parsed,
// rather than once go-app's deferred scripts have run and ask for it: on a
// slow link that is a round trip earlier. It must match go-app's own
// fetch(url) (mode cors, credentials same-origin, hence crossorigin), or the
// browser would download the file twice.
const wasmPreload = `<link rel="preload" href="` + wasmPath + `" as="fetch" type="application/wasm" crossorigin="anonymous">`

// render asks go-app for one of the resources it generates, once. ok is
// false for a path go-app does not serve (no route).
func render(h *app.Handler, path string) (contentType string, body []byte, ok bool, err error) {
	rec := newRecorder()
	h.ServeHTTP(rec, &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Header: http.Header{}, Host: "localhost"})
	switch rec.status {
	case http.StatusOK:
	case http.StatusNotFound:
		return "", nil, false, nil
	default:
		return "", nil, false, fmt.Errorf("go-app answered %s with %d", path, rec.status)
	}
	contentType = rec.header.Get("Content-Type")
	body = rec.body.Bytes()
	switch path {
	case "/":
		contentType = contentTypeOf("index.html")
	case "/app.js":
		body, err = rewriteAppJS(body)
	}
	return contentType, body, err == nil, err
}

// mustCompress makes a small in-memory resource with its variants. The
// encoders only fail on a failing writer, and a bytes.Buffer never fails.
func mustCompress(contentType string, raw []byte) *resource {
	vs, err := compressAll(raw)
	if err != nil {
		panic(fmt.Sprintf("compressing into memory: %v", err))
	}
	return newResource(contentType, raw, vs)
}

// recorder keeps one response of go-app's handler.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
