//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/server"
)

// serve serves the app from -root as enrollassign's server does.
func serve(args []string) int {
	fs := flag.NewFlagSet("hello", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8010", "address to serve on")
	root := fs.String("root", ".", "directory holding web/ (app.wasm, icons) and wasm_exec.js")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	h, err := server.NewPWA(server.PWAConfig{App: goApp(), Root: *root})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		return 1
	}
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		return 1
	}
	return 0
}

// goApp is go-app's handler with local icons (its default ones are remote,
// which a loopback benchmark cannot fetch, and which break the offline
// cache) and nothing else.
func goApp() *app.Handler {
	return &app.Handler{
		Name: "Hello",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable-512.png",
		},
	}
}
