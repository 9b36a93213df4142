package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
)

// Route declares the app's page: every screen is drawn by the Shell on "/",
// which is also the redirect URI registered for sign-in. connect opens a
// tenant (main.go's composition root); the server's prerender never calls it.
func Route(connect Connector) {
	app.Route("/", func() app.Composer {
		return &Shell{
			Connect: connect,
			Browser: browser.Window{},
			Files:   browser.Files{},
			Demo:    DemoFromEnv(app.Getenv),
			Clouds:  CloudsFromEnv(app.Getenv),
		}
	})
}
