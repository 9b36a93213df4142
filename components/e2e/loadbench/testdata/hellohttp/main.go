// Command hellohttp is the floor of the load benchmark plus the least an app
// pays for calling its services through Go's net/http, as enrollassign must
// (MSAL and the Graph client take an *http.Client): once it has rendered,
// the page fetches one of its own files with an http.Client. Only its wasm
// is used; the floor's server (components/e2e/loadbench/testdata/hello) serves it.
package main

import (
	"io"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/e2e/loadbench/testdata/hellopage"
)

func main() {
	hellopage.Route(fetchIcon)
	app.RunWhenOnBrowser()
}

// fetchIcon GETs the page's icon with an http.Client (fetch-backed in the
// browser) and reports the status, or the error.
func fetchIcon() string {
	u := *app.Window().URL()
	u.Path, u.RawQuery, u.Fragment = "/web/icon.svg", "", ""
	client := &http.Client{}
	resp, err := client.Get(u.String())
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return "error: " + err.Error()
	}
	return strconv.Itoa(resp.StatusCode)
}
