//go:build !wasm

package server

import (
	"flag"
	"fmt"
	"net/http"
	"os"
)

// runStatic is `enrollassign static`: the whole PWA as plain files for any
// static host or CDN.
func runStatic(args []string) int {
	fs := flag.NewFlagSet("enrollassign static", flag.ContinueOnError)
	out := fs.String("out", "static", "directory to write the app to")
	root := fs.String("root", ".", "directory holding web/ and wasm_exec.js")
	entra := fs.String("entra-addr", "127.0.0.1:8001", "address of the demo Microsoft Entra ID the app offers")
	graphAddr := fs.String("graph-addr", "127.0.0.1:8002", "address of the demo Microsoft Graph the app offers")
	noDemo := fs.Bool("no-demo", false, "leave the demo tenant out: users choose a national cloud in Settings")
	clouds := fs.String("clouds", "", cloudsUsage)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	offered, err := parseClouds(*clouds)
	if err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign static:", err)
		return 2
	}
	c := AppConfig{Root: *root, Logf: warnf, Clouds: offered}
	if !*noDemo {
		c.Demo = DemoTenant("http://"+*entra, "http://"+*graphAddr)
	}
	if err := WriteApp(*out, c); err != nil {
		fmt.Fprintln(os.Stderr, "enrollassign static:", err)
		return 1
	}
	fmt.Printf("wrote the app to %s/\n", *out)
	return 0
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
