package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// AppHeader is the bar on top of every screen: the app's name, who is signed
// in, and the settings and sign-out buttons.
type AppHeader struct {
	app.Compo

	Account  string
	SignedIn bool
	// Starting is the server's prerender: Settings waits for the wasm.
	Starting   bool
	OnSettings func(ctx app.Context)
	OnSignOut  func(ctx app.Context)
}

// Render draws the bar.
func (c *AppHeader) Render() app.UI {
	return app.Header().Class("app-header").Body(
		app.H1().Text("Enrollment assignments"),
		app.Span().Class("spacer"),
		app.If(c.SignedIn, func() app.UI {
			return app.Span().Class("account").ID("signed-in-account").Text(c.Account)
		}),
		app.Button().Type("button").ID("open-settings").Text("Settings").Disabled(c.Starting).
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnSettings != nil {
					c.OnSettings(ctx)
				}
			}),
		app.If(c.SignedIn, func() app.UI {
			return app.Button().Type("button").ID("sign-out").Text("Sign out").
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnSignOut != nil {
						c.OnSignOut(ctx)
					}
				})
		}),
	)
}
