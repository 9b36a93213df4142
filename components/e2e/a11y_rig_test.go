//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator"
)

// axeCorePath is where `make test` (the Makefile's axe target) installs the
// pinned axe-core from npm: a git-ignored cache under the repository.
const axeCorePath = ".cache/npm/node_modules/axe-core/axe.min.js"

// axeTags are the rule sets every screen is held to: WCAG 2.0, 2.1 and 2.2
// at levels A and AA, and axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeCore is axe.min.js's text, read once for every test.
var axeCore struct {
	once sync.Once
	src  string
	err  error
}

func axeSource() (string, error) {
	axeCore.once.Do(func() {
		top, err := moduleRoot()
		if err != nil {
			axeCore.err = err
			return
		}
		raw, err := os.ReadFile(filepath.Join(top, axeCorePath))
		if err != nil {
			axeCore.err = fmt.Errorf("the accessibility tests need axe-core at %s (make test installs it with npm): %w", axeCorePath, err)
			return
		}
		axeCore.src = string(raw)
	})
	return axeCore.src, axeCore.err
}

// look is one way of seeing the app: a window size and a colour scheme.
type look struct {
	name          string
	width, height int64
	dark          bool
}

func (l look) phone() bool { return l.width < 600 }

var (
	desktopLight = look{"desktop-light", 1440, 900, false}
	desktopDark  = look{"desktop-dark", 1440, 900, true}
	phoneLight   = look{"phone-light", 390, 844, false}
	phoneDark    = look{"phone-dark", 390, 844, true}
	// everyLook is what each screen is checked in.
	everyLook = []look{desktopLight, desktopDark, phoneLight, phoneDark}
)

// wear shows the page at the look's size (a phone's as a phone: mobile
// viewport, touch) and colour scheme, through the DevTools protocol's
// emulation, which changes what media queries answer and nothing else.
func (r *rig) wear(l look) {
	r.t.Helper()
	scheme := "light"
	if l.dark {
		scheme = "dark"
	}
	viewport := chromedp.EmulateViewport(l.width, l.height)
	if l.phone() {
		viewport = chromedp.EmulateViewport(l.width, l.height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(1))
	}
	r.do(viewport, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
	// Two frames: the new layout and colours are painted before anyone looks.
	eval[bool](r, `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))`)
}

// axeViolation is one rule axe-core found broken, with every element that breaks it.
type axeViolation struct {
	Rule   string `json:"rule"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.Rule, v.Impact, v.Help)
	const shown = 6
	for i, n := range v.Nodes {
		if i == shown {
			fmt.Fprintf(&b, "\n      and %d more", len(v.Nodes)-shown)
			break
		}
		// The summary holds the colours and the ratio of a contrast failure.
		fmt.Fprintf(&b, "\n      %v\n        %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n        "))
	}
	return b.String()
}

// axe runs axe-core on the page as it is and returns what it finds. The
// script is handed to the page through the DevTools protocol's
// Runtime.evaluate, which runs beside the page's Content-Security-Policy
// without loosening it: the page itself still may not run it
// (TestA11yAxeDoesNotLoosenThePolicy).
func (r *rig) axe() []axeViolation {
	r.t.Helper()
	src, err := axeSource()
	require.NoError(r.t, err)
	if !eval[bool](r, `typeof window.axe === "object"`) {
		eval[chromedp.Void](r, src)
	}
	tags, _ := json.Marshal(axeTags)
	return eval[[]axeViolation](r, `axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]})
		.then(res => res.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})))`)
}

// sidewaysScroll names the elements wider than the window when the page
// scrolls sideways at the look's width, and is empty when it does not. The
// width is the look's, not only innerWidth: a mobile viewport widens its
// layout to content that overflows, and innerWidth with it.
func (r *rig) sidewaysScroll(l look) []string {
	r.t.Helper()
	return eval[[]string](r, fmt.Sprintf(`(() => {
		const w = Math.min(window.innerWidth, %d);
		if (document.documentElement.scrollWidth <= w && window.innerWidth <= %d) return [];
		return [...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > w + 0.5)
			.slice(0, 12)
			.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
				" right=" + Math.round(e.getBoundingClientRect().right))
			.concat(["scrollWidth " + document.documentElement.scrollWidth + ", innerWidth " + window.innerWidth + ", the window %d"]);
	})()`, l.width, l.width, l.width))
}

// radiosApartFromTheirLabels lists the radios and checkboxes whose label
// does not begin on the line they are on.
func (r *rig) radiosApartFromTheirLabels() []string {
	r.t.Helper()
	return eval[[]string](r, `[...document.querySelectorAll('input[type="radio"], input[type="checkbox"]')].filter(i => {
		const label = i.closest('label') || (i.id && document.querySelector('label[for="' + i.id + '"]'));
		if (!label || label.contains(i)) return false;
		const a = i.getBoundingClientRect(), b = label.getClientRects()[0];
		return !b || b.top >= a.bottom || b.bottom <= a.top;
	}).map(i => i.id || i.name)`)
}

// screenshotsWanted is set by `make screenshots`: the accessibility tests
// then write the README's pictures to docs/screenshots. With "all", they
// also keep every screen in every look under testdata/screens, to look at.
func screenshotsWanted() bool {
	v := os.Getenv("ENROLLASSIGN_SCREENSHOTS")
	return v == "1" || v == "all"
}

func everyScreenWanted() bool { return os.Getenv("ENROLLASSIGN_SCREENSHOTS") == "all" }

// checkScreen holds the screen as it is now to axe-core in every look, with
// no violation of any impact, and at a phone's width to no sideways
// scrolling. shots names the looks to photograph for the README (under
// docs/screenshots/<look>.png) when screenshots are wanted.
func (r *rig) checkScreen(screen string, shots ...look) {
	r.t.Helper()
	for _, l := range everyLook {
		r.wear(l)
		if found := r.axe(); len(found) > 0 {
			var lines []string
			for _, v := range found {
				lines = append(lines, "  "+v.String())
			}
			r.t.Errorf("%s, %s: axe-core found %d violations:\n%s", screen, l.name, len(found), strings.Join(lines, "\n"))
		}
		if apart := r.radiosApartFromTheirLabels(); len(apart) > 0 {
			r.t.Errorf("%s, %s: radios on another line than their labels: %v", screen, l.name, apart)
		}
		if l.phone() {
			if wide := r.sidewaysScroll(l); len(wide) > 0 {
				r.t.Errorf("%s, %s: the page scrolls sideways:\n  %s", screen, l.name, strings.Join(wide, "\n  "))
			}
		}
		for _, s := range shots {
			if s == l && screenshotsWanted() {
				r.photograph(filepath.Join("docs", "screenshots"), l.name)
			}
		}
		if everyScreenWanted() {
			r.photograph(filepath.Join("components", "e2e", "testdata", "screens"), "a11y "+screen+" "+l.name)
		}
	}
	r.wear(desktopLight)
}

// photograph writes what the window shows, from the top of the page, to
// name.png in dir, a directory of the repository.
func (r *rig) photograph(dir, name string) {
	r.t.Helper()
	eval[bool](r, `new Promise(done => { window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(() => done(true))); })`)
	shot, err := chromedp.Run(r.tab, chromedp.CaptureScreenshot())
	require.NoError(r.t, err)
	top, err := moduleRoot()
	require.NoError(r.t, err)
	dir = filepath.Join(top, dir)
	require.NoError(r.t, os.MkdirAll(dir, 0o755))
	require.NoError(r.t, os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644))
}

// a11yRig is a rig for the accessibility tests, which fail at once when
// axe-core is not installed.
func a11yRig(t *testing.T, opts emulator.Options) *rig {
	t.Helper()
	_, err := axeSource()
	require.NoError(t, err)
	return newRig(t, opts)
}
