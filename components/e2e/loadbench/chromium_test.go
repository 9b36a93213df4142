//go:build !js

package loadbench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"enrollassign/components/e2e/headless"
)

// stepTimeout bounds one wait: a ceiling for a stuck run, never a measure.
const stepTimeout = 60 * time.Second

// browser is one headless Chromium with a profile of its own, so that each
// run starts cold: no HTTP cache, no service worker, no compiled wasm.
type browser struct {
	tab     context.Context
	cancel  func()
	profile string
}

func newBrowser() (*browser, error) {
	if err := headless.Installed(); err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "loadbench-profile-")
	if err != nil {
		return nil, err
	}
	tab, stop, err := headless.Start(profile)
	if err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	return &browser{tab: tab, profile: profile, cancel: func() {
		stop()
		os.RemoveAll(profile)
	}}, nil
}

func (b *browser) close() { b.cancel() }

// onEveryPage runs a script in each new document before the page's own.
func (b *browser) onEveryPage(script string) error {
	_, err := chromedp.Call(b.tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	return err
}

// navigate loads a URL and waits for its load event.
func (b *browser) navigate(url string) error {
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate(url))
}

// eval evaluates JavaScript (awaiting a promise) and decodes the result.
func eval[T any](b *browser, js string) (T, error) {
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// waitFor polls a JavaScript condition until it holds, across page loads.
func (b *browser) waitFor(what, condition string) error {
	if err := headless.WaitFor(b.tab, condition, stepTimeout, 20*time.Millisecond); err != nil {
		text, _ := eval[string](b, "document.body ? document.body.innerText.slice(0, 500) : ''")
		return fmt.Errorf("waiting for %s: %w; page: %s", what, err, text)
	}
	return nil
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// markerScript records, in every page, when the client first rendered:
// performance.now() (milliseconds since the navigation started) at the
// first DOM change after which selector matches. The prerendered HTML says
// data-rendered="server", so only the wasm's own render can match. It also
// records when the wasm was compiled and instantiated, which splits the
// time to the first render into loading and the Go program's own start,
// and the browser's first and largest contentful paints.
func markerScript(selector string) string {
	return `(() => {
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    const result = await instantiateStreaming(...args);
    window.__wasmInstantiated = performance.now();
    return result;
  };
  window.__paint = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__paint[e.name] = e.startTime;
  }).observe({type: 'paint', buffered: true});
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    const last = entries[entries.length - 1];
    window.__paint['largest-contentful-paint'] = last.renderTime || last.startTime;
  }).observe({type: 'largest-contentful-paint', buffered: true});
  const selector = ` + jsString(selector) + `;
  const check = () => {
    if (window.__firstClientRender === undefined && document.querySelector(selector)) {
      window.__firstClientRender = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true});
})();`
}

// firstClientRender waits for the marker and returns its time.
func (b *browser) firstClientRender() (float64, error) {
	if err := b.waitFor("the first client render", `window.__firstClientRender !== undefined`); err != nil {
		return 0, err
	}
	return eval[float64](b, `window.__firstClientRender`)
}

// serviceWorkerReady waits until a service worker controls the page and its
// cache holds the wasm: the end of a first visit.
func (b *browser) serviceWorkerReady(wasmPath string) error {
	return b.waitFor("the service worker and its cache",
		`navigator.serviceWorker && navigator.serviceWorker.controller && caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match(`+jsString(wasmPath)+`))))).then(ms => ms.some(Boolean))`)
}

// loadPhases are the moments of a load, in ms after navigation start.
type loadPhases struct {
	// WasmLoaded is when the last byte of app.wasm arrived.
	WasmLoaded float64 `json:"wasmLoaded"`
	// Instantiated is when the compiled module was instantiated.
	Instantiated float64 `json:"instantiated"`
	// FirstContentfulPaint and LargestContentfulPaint are the browser's
	// paint timings (the largest as it stood when asked: after the client's
	// first render).
	FirstContentfulPaint   float64 `json:"fcp"`
	LargestContentfulPaint float64 `json:"lcp"`
}

func (b *browser) loadPhases() (loadPhases, error) {
	return eval[loadPhases](b, `({
  wasmLoaded: (performance.getEntriesByType('resource').find(e => e.name.endsWith('/web/app.wasm')) || {responseEnd: 0}).responseEnd,
  instantiated: window.__wasmInstantiated || 0,
  fcp: window.__paint['first-contentful-paint'] || 0,
  lcp: window.__paint['largest-contentful-paint'] || 0,
})`)
}
