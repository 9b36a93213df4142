//go:build !wasm

package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// CacheControl is what every response carries (and what a static host must
// send for every file, see WritePWA). No URL of a go-app PWA is
// versioned (app.wasm is always /web/app.wasm), so a browser may keep each
// one but must ask before reusing it: the ETag makes that a 304 of a few
// hundred bytes, and a new build is never hidden behind a stale copy. After
// the first visit the service worker answers from its own cache anyway, and
// only app-worker.js is asked for (browsers skip the HTTP cache for it).
const CacheControl = "no-cache"

// resource is one URL's bytes in memory, as they are and in each worthwhile
// content coding, all named by one content hash.
type resource struct {
	contentType string
	raw         []byte
	variants    variants
	// tag is the content hash the ETags are made of.
	tag string
}

func newResource(contentType string, raw []byte, vs variants) *resource {
	sum := sha256.Sum256(raw)
	return &resource{contentType: contentType, raw: raw, variants: vs, tag: hex.EncodeToString(sum[:12])}
}

// codings lists the content codings the resource has, best first.
func (res *resource) codings() []string {
	var out []string
	for _, c := range codings {
		if _, ok := res.variants[c.name]; ok {
			out = append(out, c.name)
		}
	}
	return out
}

// body is the resource in one coding ("" for the identity).
func (res *resource) body(coding string) []byte {
	if coding == "" {
		return res.raw
	}
	return res.variants[coding]
}

// etag names one representation: each coding's bytes differ, so each has
// its own strong validator.
func (res *resource) etag(coding string) string {
	if coding == "" {
		return `"` + res.tag + `"`
	}
	return `"` + res.tag + "-" + coding + `"`
}

// serve answers a GET or HEAD with the best representation the client
// accepts, giving it the time it needs on a slow link (writeTime);
// http.ServeContent handles If-None-Match, ranges and HEAD.
func (res *resource) serve(w http.ResponseWriter, r *http.Request) {
	available := res.codings()
	coding := negotiate(r.Header.Get("Accept-Encoding"), available)
	h := w.Header()
	if len(available) > 0 {
		h.Add("Vary", "Accept-Encoding")
	}
	h.Set("Content-Type", res.contentType)
	h.Set("Cache-Control", CacheControl)
	h.Set("ETag", res.etag(coding))
	if coding != "" {
		h.Set("Content-Encoding", coding)
		// ServeContent leaves the length out once a coding is set (it
		// expects one applied on the fly); this one is known. A range
		// request gets the length of its range from ServeContent instead.
		if r.Header.Get("Range") == "" {
			h.Set("Content-Length", strconv.Itoa(len(res.body(coding))))
		}
	}
	allowWriting(w, len(res.body(coding)))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(res.body(coding)))
}

// contentTypes are the types of resources a go-app PWA serves that Go's
// table leaves to the operating system, or gets wrong for go-app's clients.
var contentTypes = map[string]string{
	".wasm":        "application/wasm",
	".webmanifest": "application/manifest+json",
	".js":          "application/javascript",
	".css":         "text/css",
	".html":        "text/html; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".json":        "application/json",
}

func contentTypeOf(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
