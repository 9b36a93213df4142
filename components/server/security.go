//go:build !wasm

package server

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"enrollassign/graph/cloud"
)

// The security headers every response of the server carries, and that
// `make static` writes for static hosts (see writeHeadersFile, staticHeaders
// and README).
//
// The Content-Security-Policy lets the page run only its own scripts (and
// compile its own WebAssembly: 'wasm-unsafe-eval', not 'unsafe-eval'), and
// connect only to its own origin and to the sign-in and Graph hosts of the
// clouds this deployment offers: a script injected into the page could not
// send a token anywhere else. The service worker's script is served with
// the same policy; it passes on same-origin GETs only, so every Graph and
// Entra call is the page's own, under the page's policy.
//
// go-app sets style attributes through setAttribute when a component uses
// Style(); style-src-attr allows those, while style sheets and <style>
// elements stay limited to the app's own (style-src).
//
// Trusted Types are required for every sink that takes script, and the one
// policy allowed is web/trusted-types.js's "default": it passes script URLs
// of the app's origin (go-app registers its service worker with a plain
// string) and nothing else, so a string reaching innerHTML, eval or a
// script's src from anywhere is refused by the browser.

// trustedTypesScript creates the page's Trusted Types policy; the page
// loads it before go-app's scripts.
const trustedTypesScript = "/web/trusted-types.js"

// cspSources lists, directive by directive, what the page may load.
func cspSources(clouds []cloud.Cloud) [][2]string {
	connect := []string{"'self'"}
	for _, c := range clouds {
		for _, h := range c.Hosts() {
			if o := origin(h); o != "" && !slices.Contains(connect, o) {
				connect = append(connect, o)
			}
		}
	}
	return [][2]string{
		{"default-src", "'none'"},
		{"script-src", "'self' 'wasm-unsafe-eval'"},
		{"style-src", "'self'"},
		{"style-src-attr", "'unsafe-inline'"},
		{"img-src", "'self'"},
		{"font-src", "'self'"},
		{"manifest-src", "'self'"},
		{"worker-src", "'self'"},
		{"connect-src", strings.Join(connect, " ")},
		{"base-uri", "'none'"},
		{"form-action", "'self'"},
		{"frame-ancestors", "'none'"},
		{"require-trusted-types-for", "'script'"},
		{"trusted-types", "default"},
	}
}

// origin is scheme://host[:port] of a cloud host URL.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// contentSecurityPolicy writes the policy for the offered clouds.
func contentSecurityPolicy(clouds []cloud.Cloud) string {
	var parts []string
	for _, d := range cspSources(clouds) {
		parts = append(parts, d[0]+" "+d[1])
	}
	return strings.Join(parts, "; ")
}

// securityHeaders are the headers of every response.
func securityHeaders(clouds []cloud.Cloud) http.Header {
	return http.Header{
		"Content-Security-Policy": {contentSecurityPolicy(clouds)},
		// The authorization code comes back in the fragment (never sent in
		// a Referer anyway); no-referrer also covers anything in the query.
		"Referrer-Policy":        {"no-referrer"},
		"X-Content-Type-Options": {"nosniff"},
		// The sign-in is a full-page redirect, never a popup: no other
		// window needs a handle on this one.
		"Cross-Origin-Opener-Policy": {"same-origin"},
		// Nothing of the app is meant for another site's page: not even a
		// <script> or <img> of another origin may load it.
		"Cross-Origin-Resource-Policy": {"same-origin"},
		"Permissions-Policy":           {permissionsPolicy()},
	}
}

// deniedFeatures are the browser features the app never uses, which
// Permissions-Policy turns off for the page and anything it could frame:
// every feature Chromium knows that a page may ask for. The app's own
// needs (downloading a backup, reading a file the user picks, storage)
// are no policy-controlled features, but for writing to the clipboard
// (selfFeatures). Chromium logs an error for a name it
// does not know, so the list holds none (battery, bluetooth, web-share,
// document-domain and others are unknown to Debian's Chromium 156;
// TestSafetyHeadersInTheBrowser fails on such an error).
var deniedFeatures = []string{
	"accelerometer", "autoplay", "browsing-topics", "camera", "captured-surface-control",
	"clipboard-read", "compute-pressure", "digital-credentials-get",
	"display-capture", "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope",
	"hid", "identity-credentials-get", "idle-detection", "keyboard-map", "local-fonts",
	"magnetometer", "microphone", "midi", "otp-credentials", "payment", "picture-in-picture",
	"private-state-token-issuance", "private-state-token-redemption",
	"publickey-credentials-create", "publickey-credentials-get", "screen-wake-lock", "serial",
	"speaker-selection", "storage-access", "sync-xhr", "usb", "window-management",
	"xr-spatial-tracking",
}

// selfFeatures are the features the app's own page uses, and no frame of
// another origin: the request snippets' Copy button writes the clipboard.
var selfFeatures = []string{"clipboard-write"}

// permissionsPolicy allows the app's own features to its origin and denies
// every other feature to every origin: "clipboard-write=(self), camera=(), ...".
func permissionsPolicy() string {
	var parts []string
	for _, f := range selfFeatures {
		parts = append(parts, f+"=(self)")
	}
	for _, f := range deniedFeatures {
		parts = append(parts, f+"=()")
	}
	return strings.Join(parts, ", ")
}

// strictTransportSecurity keeps a browser that once reached the app over
// https on https for a year. Browsers ignore it on a plain-http response, so
// the server adds it only to responses that went out over https (its own
// TLS or, behind a proxy, X-Forwarded-Proto), and a static host's
// `_headers` always carries it (those hosts serve https).
var strictTransportSecurity = [2]string{"Strict-Transport-Security", "max-age=31536000; includeSubDomains"}

// overHTTPS tells whether the browser reached the app over https. A forged
// X-Forwarded-Proto on a plain-http request only earns a header the browser
// ignores there.
func overHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// withSecurityHeaders sets h on every response before next writes it.
func withSecurityHeaders(next http.Handler, h http.Header) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range h {
			w.Header()[k] = v
		}
		if overHTTPS(r) {
			w.Header().Set(strictTransportSecurity[0], strictTransportSecurity[1])
		}
		next.ServeHTTP(w, r)
	})
}

// headersFile is the name static hosts such as Netlify and Cloudflare Pages
// read response headers from.
const headersFile = "_headers"

// writeHeadersFile writes h for every path of a static site, in the
// `_headers` format (a path pattern, then indented "Name: value" lines).
func writeHeadersFile(dir string, h http.Header) error {
	var b strings.Builder
	b.WriteString("/*\n")
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(h[k], ", "))
	}
	if err := os.WriteFile(filepath.Join(dir, headersFile), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", headersFile, err)
	}
	return nil
}

// nationalClouds lists the IDs -clouds takes.
const nationalClouds = "global,usgovl4,usgovl5,china"

// cloudsUsage documents the -clouds flag of both subcommands.
const cloudsUsage = "national clouds offered in Settings and allowed by the Content-Security-Policy, comma-separated (" +
	nationalClouds + "); empty offers all, \"none\" only the demo tenant"

// parseClouds reads the -clouds flag: national cloud IDs separated by
// commas, each offered in Settings and allowed by the CSP. Empty means every
// one (nil); "none" means none (the demo tenant alone).
func parseClouds(list string) ([]cloud.Cloud, error) {
	list = strings.TrimSpace(list)
	if list == "" {
		return nil, nil
	}
	out := []cloud.Cloud{}
	if list == "none" {
		return out, nil
	}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		c, ok := cloud.ByID(id)
		if !ok {
			return nil, fmt.Errorf("-clouds: %q is not one of %s", id, nationalClouds)
		}
		if !slices.ContainsFunc(out, func(o cloud.Cloud) bool { return o.ID == c.ID }) {
			out = append(out, c)
		}
	}
	return out, nil
}

// offeredClouds are the national clouds the app offers.
func (c AppConfig) offeredClouds() []cloud.Cloud {
	if c.Clouds == nil {
		return cloud.National()
	}
	return c.Clouds
}

// securityHeaders are the app's headers: the CSP allows the demo tenant's
// hosts when it is served, and the offered clouds'.
func (c AppConfig) securityHeaders() http.Header {
	clouds := c.offeredClouds()
	if c.Demo.Enabled() {
		clouds = append([]cloud.Cloud{c.Demo.Cloud}, clouds...)
	}
	return securityHeaders(clouds)
}

// cloudIDs lists the clouds' IDs, for the client's environment.
func cloudIDs(clouds []cloud.Cloud) []string {
	ids := make([]string, len(clouds))
	for i, c := range clouds {
		ids[i] = c.ID
	}
	return ids
}
