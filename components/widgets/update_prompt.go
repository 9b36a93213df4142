package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// UpdatePrompt offers to reload when the service worker has installed a new
// version of the app.
type UpdatePrompt struct {
	app.Compo

	available bool
}

// OnMount catches an update that arrived before the wasm started.
func (c *UpdatePrompt) OnMount(ctx app.Context) { c.available = ctx.AppUpdateAvailable() }

// OnAppUpdate is called by go-app when a new version is ready.
func (c *UpdatePrompt) OnAppUpdate(ctx app.Context) { c.available = ctx.AppUpdateAvailable() }

// Render draws the prompt, or nothing.
func (c *UpdatePrompt) Render() app.UI {
	if !c.available {
		return app.Div().Hidden(true)
	}
	// A named region around the status, so that it sits in a landmark.
	return app.Section().Class("banner update").Aria("label", "Update").Body(
		app.Div().ID("update-available").Role("status").Body(
			app.Text("A new version of this app is available."),
			app.Button().Type("button").ID("reload-for-update").Text("Reload to update").
				OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
		),
	)
}
