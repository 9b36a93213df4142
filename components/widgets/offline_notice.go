package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// OfflineNotice says the browser is offline: the app shell still works from
// the service worker's cache, but nothing can be read or saved.
type OfflineNotice struct {
	app.Compo
}

// Render draws the notice.
func (c *OfflineNotice) Render() app.UI {
	// A named region around the status, so that it sits in a landmark.
	return app.Section().Class("banner offline").Aria("label", "Connection").Body(
		app.Div().ID("offline-notice").Role("status").Body(
			app.Strong().Text("You are offline. "),
			app.Text("The app is running from its offline copy; signing in, loading and saving need the network and resume when it returns."),
		),
	)
}
