//go:build !wasm

package server

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
)

// runStatic is `enrollassign static`: the whole PWA as plain files for any
// static host or CDN. What it writes is a production app unless -demo asks
// for the demo tenant, whose loopback hosts would otherwise reach every
// deployment's Settings and Content-Security-Policy.
func runStatic(args []string) int {
	out, c, err := parseStaticFlags(args)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "enrollassign static:", err)
		}
		return 2
	}
	if err := WriteApp(out, c); err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign static:", err)
		return 1
	}
	if c.Demo.Enabled() {
		fmt.Printf("wrote the app with the demo tenant (%s, %s) to %s/\n", c.Demo.Cloud.AuthorityURL, c.Demo.Cloud.GraphURL, out)
	} else {
		fmt.Printf("wrote the app to %s/\n", out)
	}
	return 0
}

// parseStaticFlags reads `enrollassign static`'s flags: the directory to
// write to and the app to write.
func parseStaticFlags(args []string) (string, AppConfig, error) {
	fs := flag.NewFlagSet("enrollassign static", flag.ContinueOnError)
	out := fs.String("out", "static", "directory to write the app to")
	root := fs.String("root", ".", "directory holding web/ and wasm_exec.js")
	demo := fs.Bool("demo", false, "offer the demo tenant of -entra-addr and -graph-addr (make run's emulator) besides the national clouds; without it, a production app")
	entra := fs.String("entra-addr", "127.0.0.1:8001", "with -demo: address of the demo Microsoft Entra ID")
	graphAddr := fs.String("graph-addr", "127.0.0.1:8002", "with -demo: address of the demo Microsoft Graph")
	fs.Bool("no-demo", true, "the default, kept for scripts that pass it")
	clouds := fs.String("clouds", "", cloudsUsage)
	if err := fs.Parse(args); err != nil {
		return "", AppConfig{}, err
	}
	offered, err := parseClouds(*clouds)
	if err != nil {
		return "", AppConfig{}, err
	}
	if !*demo && offered != nil && len(offered) == 0 {
		return "", AppConfig{}, fmt.Errorf("-clouds none leaves nothing to sign in to without -demo")
	}
	c := AppConfig{Root: *root, Logf: warnf, Clouds: offered}
	if *demo {
		c.Demo = DemoTenant("http://"+*entra, "http://"+*graphAddr)
	}
	return *out, c, nil
}

// WriteApp writes the whole PWA under out, with the compressed variants
// of every text resource beside it (see components/server), and the headers the
// server would send for hosts that read a `_headers` file.
func WriteApp(out string, c AppConfig) error {
	if err := WritePWA(out, c.pwa()); err != nil {
		return err
	}
	return writeHeadersFile(out, c.staticHeaders())
}

// staticHeaders are what a static host must send with every file, as the
// server does over https: the security headers (security.go) with
// Strict-Transport-Security, and components/server's Cache-Control, since
// no URL of the app is versioned (the host makes the validators that turn a
// revalidation into a 304).
func (c AppConfig) staticHeaders() http.Header {
	h := c.securityHeaders()
	h.Set(strictTransportSecurity[0], strictTransportSecurity[1])
	h.Set("Cache-Control", CacheControl)
	return h
}
