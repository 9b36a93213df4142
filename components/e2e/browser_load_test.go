//go:build !js

package e2e

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/server"
	"enrollassign/graph/emulator"
)

// served counts the app server's answers by path and status.
type served struct {
	mu     sync.Mutex
	counts map[string]int
}

func (s *served) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.counts[r.Method+" "+r.URL.Path+" "+http.StatusText(rec.status)]++
	})
}

func (s *served) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[key]
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// A first visit downloads app.wasm once: the service worker's install
// takes the copy the page has just put in the HTTP cache (and checks its
// SHA-256) instead of fetching 15 MB again; the app still works offline
// afterwards (scenario 6). And the sign-in screen is drawn without a single
// call to Entra or Graph: nothing but the app's own files comes before it.
func TestBrowserFirstVisitDownloadsTheWasmOnceAndCallsNobody(t *testing.T) {
	counts := &served{counts: map[string]int{}}
	withOwnProfile(t)
	r := newRigServing(t, emulator.Options{}, func(emu *emulator.Emulator) http.Handler {
		h, err := server.NewAppHandler(server.AppConfig{Root: testApp.root, Demo: server.EmulatorTenant(emu, 1)})
		require.NoError(t, err)
		return counts.wrap(h)
	})
	_, err := chromedp.Call(r.tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countWasmCopies})
	require.NoError(t, err)
	r.emu.ResetStats()
	r.open()
	r.waitFor("the sign-in screen", `document.querySelector('#app[data-rendered="client"] #sign-in')`)
	assert.Equal(t, 1, eval[int](r, `window.__wasmCopies`), "a first visit counts its download on one copy of the response")
	st := r.stats()
	assert.Empty(t, st.Requests, "no Graph call before the sign-in screen")
	assert.Empty(t, st.Preflights)
	assert.Empty(t, st.Entra.Requests, "no Entra call (no OpenID discovery) before the sign-in screen")

	r.waitFor("the service worker's cache", `navigator.serviceWorker.controller && caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/web/app.wasm'))))).then(ms => ms.some(Boolean))`)
	time.Sleep(300 * time.Millisecond) // let a late request, if any, reach the server
	assert.Equal(t, 1, counts.count("GET /web/app.wasm OK"), "app.wasm is sent once on a first visit")
	assert.Equal(t, 0, counts.count("GET /web/app.wasm Not Modified"), "not even revalidated")

	r.open() // the service worker answers now
	r.waitFor("the sign-in screen", `document.querySelector('#app[data-rendered="client"] #sign-in')`)
	assert.Equal(t, 0, eval[int](r, `window.__wasmCopies`), "a visit from the worker's cache copies nothing to count")
	assert.Equal(t, 1, counts.count("GET /web/app.wasm OK"), "and downloads nothing")
}

// countWasmCopies counts, in each page, the copies made of app.wasm's
// response (the progress label's count reads a clone).
const countWasmCopies = `window.__wasmCopies = 0;
const clone = Response.prototype.clone;
Response.prototype.clone = function () {
  if (new URL(this.url || location.href).pathname === '/web/app.wasm') window.__wasmCopies++;
  return clone.call(this);
};`
