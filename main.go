// Command enrollassign is a Progressive Web App with which an Intune
// administrator sees and changes who each device enrollment configuration is
// assigned to. The same program is the client (compiled to WebAssembly, it
// runs the screens in the browser and calls Microsoft Graph from the page)
// and the server (it only serves files, runs the demo emulator, and writes
// the app as static files).
//
// Start reading here: components.Shell draws every screen (components/),
// graph.Client and auth.Session reach Microsoft (graph/), and
// components/server is everything that runs outside the browser.
package main

import (
	"fmt"
	"os"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components"
	"enrollassign/components/server"
	"enrollassign/graph"
	"enrollassign/graph/auth"
)

func main() {
	components.Route(connect)
	app.RunWhenOnBrowser() // in the browser, runs the app and never returns
	os.Exit(server.Main(os.Args[1:]))
}

// connect opens a tenant: an MSAL session and a Graph client that takes its
// tokens (and renews them after a 401) from it.
func connect(c components.Connection) (components.Services, error) {
	session, err := auth.New(auth.Config{
		Cloud:       c.Cloud,
		Tenant:      c.Tenant,
		ClientID:    c.ClientID,
		RedirectURI: c.RedirectURI,
		Store:       c.Store,
	})
	if err != nil {
		return components.Services{}, fmt.Errorf("sign-in settings: %w", err)
	}
	client, err := graph.New(graph.Config{
		BaseURL:    c.Cloud.GraphURL,
		APIVersion: c.APIVersion,
		Tokens:     session,
	})
	if err != nil {
		return components.Services{}, fmt.Errorf("graph settings: %w", err)
	}
	return components.Services{Session: session, Graph: client}, nil
}
