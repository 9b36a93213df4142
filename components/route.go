package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
)

// Route declares the app's page on every address of routes.go: the Shell
// draws every screen, and shows the one its address names. The root, "/",
// is also the redirect URI registered for sign-in. connect opens a tenant
// (main.go's composition root); the server's prerender never calls it.
func Route(connect Connector) {
	shell := func() app.Composer {
		return &Shell{
			Connect: connect,
			Browser: browser.Window{},
			Files:   browser.Files{},
			Demo:    DemoFromEnv(app.Getenv),
			Clouds:  CloudsFromEnv(app.Getenv),
		}
	}
	for _, r := range fixedRoutes {
		app.Route(r.path, shell)
	}
	app.RouteWithRegexp(patternedRoutes, shell)
}
