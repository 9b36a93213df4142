package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// SignIn is the signed-out screen: where the app will sign in, and the button.
type SignIn struct {
	app.Compo

	Tenant    string
	CloudName string
	Busy      bool
	// Starting is the server's prerender: the button does nothing until the
	// wasm runs, and says so.
	Starting bool
	OnSignIn func(ctx app.Context)
}

// Render draws the screen.
func (c *SignIn) Render() app.UI {
	return app.Section().Class("panel sign-in").Aria("labelledby", "sign-in-title").Body(
		app.H2().ID("sign-in-title").Text("Sign in"),
		app.P().Text("Sign in with an Intune administrator's work or school account to see and change who each device enrollment configuration is assigned to."),
		app.If(c.Tenant != "", func() app.UI { return app.P().Class("muted").Text("Tenant " + c.Tenant + " · " + c.CloudName) }),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("sign-in").
				Text("Sign in with Microsoft").Disabled(c.Busy || c.Starting).
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnSignIn != nil {
						c.OnSignIn(ctx)
					}
				}),
			app.If(c.Busy, func() app.UI { return app.Span().Class("loading").Role("status").Text("Opening the sign-in page") }),
			app.If(c.Starting, func() app.UI {
				return app.Span().Class("loading").ID("starting").Role("status").Text("Starting the app: sign-in is available in a moment")
			}),
		),
	)
}
