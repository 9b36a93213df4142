// Command hello is the floor of the load benchmark: the smallest app go-app
// makes, built with the same flags as enrollassign, keeping the server out
// of the wasm as enrollassign does (serve_wasm.go), and served the same way
// (components/server). What enrollassign costs beyond it is what enrollassign
// adds.
//
//	hello -addr 127.0.0.1:8010 -root DIR
package main

import (
	"os"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/e2e/loadbench/testdata/hellopage"
)

func main() {
	hellopage.Route(nil)
	app.RunWhenOnBrowser()
	os.Exit(serve(os.Args[1:]))
}
