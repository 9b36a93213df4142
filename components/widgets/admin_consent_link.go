package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// AdminConsentLink offers the tenant's admin consent link for this app, to
// copy and hand to an administrator who may grant it.
type AdminConsentLink struct {
	app.Compo

	URL string
}

// Render draws the link in a read-only field and a button that copies it.
func (c *AdminConsentLink) Render() app.UI {
	return app.Div().Class("admin-consent-link").Body(
		app.Label().For("admin-consent-url").Text("Admin consent link for this app (for an administrator to open)"),
		app.Input().Type("text").ID("admin-consent-url").ReadOnly(true).Value(c.URL).
			Spellcheck(false).OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
		app.Button().Type("button").ID("copy-admin-consent-url").Text("Copy the link").
			OnClick(func(ctx app.Context, e app.Event) { copyText(c.URL) }),
	)
}

// copyText puts text on the clipboard, when the browser lets the page.
func copyText(text string) {
	clipboard := app.Window().Get("navigator").Get("clipboard")
	if clipboard.Truthy() {
		clipboard.Call("writeText", text)
	}
}
