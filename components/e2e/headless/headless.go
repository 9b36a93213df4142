//go:build !js

// Package headless starts Debian's Chromium for the browser tests and the
// load benchmark, one way for all of them: no test or tool downloads a
// browser of its own.
package headless

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package installs the browser;
// `make test` installs it when it is missing.
const ChromiumPath = "/usr/bin/chromium"

// Installed explains, as an error, what to do when Chromium is missing.
func Installed() error {
	if _, err := os.Stat(ChromiumPath); err != nil {
		return fmt.Errorf("the browser tests need Debian's chromium at %s (make test installs it; or apt-get install -y chromium): %w", ChromiumPath, err)
	}
	return nil
}

// Options are the allocator options of every run: headless, no sandbox
// (CI runs as root), nothing in the background that would add requests a
// test or a measurement did not ask for, and profile as the user data
// directory so that each browser starts cold.
func Options(profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	}
}

// ForTests are the options browser tests add: each page load of a test
// compiles app.wasm (17 MB) again, in a browser context that keeps no
// compiled code, and most of it never runs in that test. Compiling a
// function when it is first called, with the baseline compiler only,
// took a fifth off a run of browser tests on a 2-core machine (45.9 s
// against 56.7 s for the same three). Measurements keep the browser's
// defaults: a user's Chromium compiles the way it chooses.
var ForTests = []chromedp.ExecAllocatorOption{chromedp.Flag("js-flags", "--liftoff-only --wasm-lazy-compilation")}

// Start launches a browser with profile and returns its first tab, started,
// and the function that closes both.
func Start(profile string, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(Options(profile), extra...)...)
	tab, cancelTab := chromedp.NewContext(alloc)
	stop := func() {
		cancelTab()
		cancelAlloc()
	}
	if err := chromedp.Do(tab); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting chromium: %w", err)
	}
	return tab, stop, nil
}

// Browser is one Chromium process shared by many tests, each in a browser
// context of its own (Chromium's incognito-like profile: its own cookies,
// Web Storage, HTTP cache, Cache Storage and service workers, nothing
// written to disk, nothing shared with another context). Starting Chromium
// costs about a second on a busy two-core machine; a context, a few
// milliseconds.
type Browser struct {
	ctx  context.Context
	stop context.CancelFunc
}

// StartBrowser launches Chromium with profile as its user data directory
// (which no browser context but the unused default one writes to).
func StartBrowser(profile string, extra ...chromedp.ExecAllocatorOption) (*Browser, error) {
	tab, stop, err := Start(profile, extra...)
	if err != nil {
		return nil, err
	}
	return &Browser{ctx: tab, stop: stop}, nil
}

// NewTab opens a tab in a new browser context; cancelling it closes the tab
// and discards the context with everything it stored. Tabs of different
// contexts are safe to use in parallel.
func (b *Browser) NewTab() (context.Context, context.CancelFunc, error) {
	tab, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tab); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening a tab in a new browser context: %w", err)
	}
	return tab, cancel, nil
}

// Close stops the browser.
func (b *Browser) Close() { b.stop() }

// WaitFor asks tab every interval whether a JavaScript condition (a value
// or a promise) holds, until it does or timeout has passed. It keeps asking
// across page loads: an evaluation that fails while a page is replaced (a
// sign-in leaves the app and comes back) is asked again. The error carries
// the last evaluation's error.
func WaitFor(tab context.Context, condition string, timeout, interval time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Promise.resolve("+condition+").then(v => !!v)", chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return nil
		}
		last = err
		time.Sleep(interval)
	}
	return fmt.Errorf("%s never held (last error: %v)", condition, last)
}
