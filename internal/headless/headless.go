//go:build !js

// Package headless starts Debian's Chromium for the browser tests and the
// load benchmark, one way for all of them: no test or tool downloads a
// browser of its own.
package headless

import (
	"context"
	"fmt"
	"os"

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

// Start launches a browser with profile and returns its first tab, started,
// and the function that closes both.
func Start(profile string) (context.Context, context.CancelFunc, error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(profile)...)
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
