// Package hellopage is the page of the load benchmark's floor apps: a
// heading, rendered by the server first and then by the client, with the
// same first-render marker as enrollassign's shell.
package hellopage

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Route declares the page at "/". then, when given, runs in the background
// once the client has rendered the page, and what it returns is shown in
// the page's data-then attribute. It is passed in, not written here, so
// that what it links stays out of the apps that do not use it.
func Route(then func() string) {
	app.Route("/", func() app.Composer { return &hello{then: then} })
}

type hello struct {
	app.Compo
	then    func() string
	mounted bool
	result  string
}

// OnMount marks the client's render, as the shell's does, then starts then.
func (h *hello) OnMount(ctx app.Context) {
	h.mounted = true
	if h.then == nil {
		return
	}
	then := h.then
	ctx.Async(func() {
		result := then()
		ctx.Dispatch(func(app.Context) { h.result = result })
	})
}

// Render draws the heading, marked data-rendered="server" when prerendered
// and "client" once the wasm has rendered it.
func (h *hello) Render() app.UI {
	rendered := "server"
	if h.mounted {
		rendered = "client"
	}
	page := app.Div().ID("app").DataSet("rendered", rendered)
	if h.result != "" {
		page = page.DataSet("then", h.result)
	}
	return page.Body(app.H1().Text("Hello"))
}
