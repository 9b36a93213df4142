// Command hellostock is go-app's hello as go-app's documentation writes it:
// one main for both sides, so the wasm links the server too, served by
// go-app's handler as it comes (app.wasm uncompressed, go-app's service
// worker, its copy of wasm_exec.js). The load benchmark shows it for
// reference: it is the "hello" the first figures were taken from.
// Run it from the directory that holds web/.
//
//	hellostock -addr 127.0.0.1:8020
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/e2e/loadbench/testdata/hellopage"
)

func main() {
	hellopage.Route(nil)
	app.RunWhenOnBrowser()

	addr := flag.String("addr", "127.0.0.1:8020", "address to serve on")
	flag.Parse()
	http.Handle("/", &app.Handler{
		Name: "Hello",
		Icon: app.Icon{ // local: a loopback benchmark cannot fetch go-app's remote default
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable-512.png",
		},
		Version: "stock",
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
