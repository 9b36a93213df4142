// Package hellopage is the page of the load benchmark's floor apps: a
// heading, rendered by the server first and then by the client, with the
// same first-render marker as enrollassign's shell.
package hellopage

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Route declares the page at "/".
func Route() {
	app.Route("/", func() app.Composer { return &hello{} })
}

type hello struct {
	app.Compo
	mounted bool
}

// OnMount marks the client's render, as the shell's does.
func (h *hello) OnMount(app.Context) { h.mounted = true }

// Render draws the heading, marked data-rendered="server" when prerendered
// and "client" once the wasm has rendered it.
func (h *hello) Render() app.UI {
	rendered := "server"
	if h.mounted {
		rendered = "client"
	}
	return app.Div().ID("app").DataSet("rendered", rendered).Body(
		app.H1().Text("Hello"),
	)
}
