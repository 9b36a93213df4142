package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ReadOnlyBanner says the session is read-only and why: Intune refused a
// change for the signed-in user's role. The screens offer no change until
// the user tries again, once an administrator has changed the role.
type ReadOnlyBanner struct {
	app.Compo

	// Roles are the Intune roles that allow changes.
	Roles   string
	OnRetry func(ctx app.Context)
}

// Render draws the banner.
func (c *ReadOnlyBanner) Render() app.UI {
	return app.Section().ID("read-only-banner").Class("panel notice read-only-session").Role("status").Body(
		app.Strong().Text("Read-only session. "),
		app.Text("Intune refused a change because your Intune role does not allow changes; the app's permission is fine. "+
			"Nothing can be changed from here until an administrator gives you the "+c.Roles+" role. "),
		app.Button().Type("button").ID("retry-changes").Text("My role was changed: offer changes again").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnRetry != nil {
					c.OnRetry(ctx)
				}
			}),
	)
}
