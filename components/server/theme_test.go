//go:build !wasm

package server

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// WCAG 2.2's minimum contrast ratios (1.4.3, 1.4.11, 2.4.13 as AA asks for
// focus indicators through 1.4.11).
const (
	textContrast    = 4.5 // body text
	nonTextContrast = 3.0 // large text, edges of controls, focus indicators
)

// colourPairs are the foreground/background pairs web/app.css paints with:
// each must meet its minimum in both themes.
var colourPairs = []struct {
	fg, bg string
	min    float64
	what   string
}{
	{"fg", "bg", textContrast, "text on a card"},
	{"fg", "bg-page", textContrast, "text on the page"},
	{"fg", "bg-hover", textContrast, "a hovered button's words"},
	{"fg", "selected", textContrast, "a pressed choice's words"},
	{"fg-muted", "bg", textContrast, "secondary text on a card"},
	{"fg-muted", "bg-page", textContrast, "secondary text on the page"},
	{"fg-muted", "warn-bg", textContrast, "secondary text in a notice"},
	{"fg-muted", "bad-bg", textContrast, "secondary text in an error"},
	{"link", "bg", textContrast, "a link on a card"},
	{"link", "bg-page", textContrast, "a link on the page"},
	{"link", "warn-bg", textContrast, "a link in a notice"},
	{"link", "bad-bg", textContrast, "a link in an error"},
	{"fg", "bad-bg", textContrast, "an error's text"},
	{"fg", "warn-bg", textContrast, "a notice's text"},
	{"on-brand", "brand", textContrast, "a primary button, the header"},
	{"on-brand", "brand-hover", textContrast, "a hovered primary button"},
	{"ok", "ok-bg", textContrast, "the update banner, a success"},
	{"warn", "warn-bg", textContrast, "the demo banner, a read-only badge"},
	{"bad", "bad-bg", textContrast, "the offline banner, an error's title"},
	{"warn", "bg", textContrast, "a field's warning"},
	{"bad", "bg", textContrast, "a field's error"},
	{"code", "code-bg", textContrast, "a request's text"},
	{"focus", "bg", nonTextContrast, "the focus ring on a card"},
	{"focus", "bg-page", nonTextContrast, "the focus ring on the page"},
	{"focus", "focus-inner", nonTextContrast, "the focus ring against its inner ring"},
	{"on-brand", "brand", nonTextContrast, "the focus ring in the header"},
	{"stroke-control", "bg", nonTextContrast, "a field's or a button's edge on a card"},
	{"stroke-control", "bg-page", nonTextContrast, "a field's or a button's edge on the page"},
	{"ok", "bg", nonTextContrast, "a success's edge"},
	{"warn", "bg", nonTextContrast, "a notice's edge"},
	{"bad", "bg", nonTextContrast, "an error's edge"},
}

// TestThemeColourPairsMeetWCAG22AA reads the colour tokens of both themes
// from web/app.css and holds every pair above to WCAG 2.2 AA.
func TestThemeColourPairsMeetWCAG22AA(t *testing.T) {
	light, dark := themesOf(t, readStylesheet(t))
	for name, theme := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range colourPairs {
			fg, bg := theme[p.fg], theme[p.bg]
			require.NotEmpty(t, fg, "%s theme: --color-%s", name, p.fg)
			require.NotEmpty(t, bg, "%s theme: --color-%s", name, p.bg)
			ratio := contrast(t, fg, bg)
			assert.GreaterOrEqual(t, ratio, p.min, "%s theme, %s: --color-%s %s on --color-%s %s is %.2f:1", name, p.what, p.fg, fg, p.bg, bg, ratio)
			t.Logf("%-5s %-40s %s on %s  %5.2f:1 (≥ %.1f)", name, p.what, fg, bg, ratio, p.min)
		}
	}
}

// TestThemeDarkSetsEveryColour fails when a colour of the light theme is
// not set again in the dark one, where it would show unchanged on a dark
// background, or when a colour is not one the contrast test can weigh.
func TestThemeDarkSetsEveryColour(t *testing.T) {
	light, dark := themesOf(t, readStylesheet(t))
	assert.Equal(t, sortedKeys(light), sortedKeys(dark), "both themes set the same colours")
	for name, theme := range map[string]map[string]string{"light": light, "dark": dark} {
		for token, v := range theme {
			assert.Regexp(t, `^#[0-9a-f]{6}$`, v, "%s theme: --color-%s is #rrggbb", name, token)
		}
	}
}

func TestContrastOfKnownPairs(t *testing.T) {
	tests := []struct {
		fg, bg string
		want   float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes on white
		{"#ffb900", "#ffffff", 1.73}, // the old focus ring
		{"#0f5ea8", "#161b22", 2.62}, // the old dark theme's links, as axe-core measured them
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, contrast(t, tt.fg, tt.bg), 0.01, "%s on %s", tt.fg, tt.bg)
	}
}

func readStylesheet(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "web", "app.css"))
	require.NoError(t, err)
	return string(raw)
}

var (
	rootBlock    = regexp.MustCompile(`(?s):root\s*\{([^}]*)\}`)
	darkBlock    = regexp.MustCompile(`(?s)@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}`)
	colourToken  = regexp.MustCompile(`--color-([a-z0-9-]+)\s*:\s*([^;]+);`)
	cssComment   = regexp.MustCompile(`(?s)/\*.*?\*/`)
	hexColourSix = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// themesOf finds the --color-* tokens of the light theme (the first :root
// block) and of the dark one (the :root block in the dark media query).
func themesOf(t *testing.T, css string) (light, dark map[string]string) {
	t.Helper()
	css = cssComment.ReplaceAllString(css, "")
	l, d := rootBlock.FindStringSubmatch(css), darkBlock.FindStringSubmatch(css)
	require.NotNil(t, l, "web/app.css has a :root block")
	require.NotNil(t, d, "web/app.css has a dark :root block")
	return tokens(l[1]), tokens(d[1])
}

func tokens(block string) map[string]string {
	out := map[string]string{}
	for _, m := range colourToken.FindAllStringSubmatch(block, -1) {
		out[m[1]] = strings.ToLower(strings.TrimSpace(m[2]))
	}
	return out
}

// contrast is WCAG 2's contrast ratio of two #rrggbb colours.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	require.Regexp(t, hexColourSix, hex)
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		require.NoError(t, err, hex)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += weight * c
	}
	return l
}
