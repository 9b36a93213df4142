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
	shell := shellOf(connect)
	for _, r := range fixedRoutes {
		app.Route(r.path, shell)
	}
	app.RouteWithRegexp(patternedRoutes, shell)
}

// shellOf builds the Shell go-app creates on every navigation and compares
// with the one on screen: every exported field must compare equal, or the
// whole app is drawn again each time the address changes.
func shellOf(connect Connector) func() app.Composer {
	return func() app.Composer {
		return &Shell{
			connector: connect,
			Browser:   browser.Window{},
			Files:     browser.Files{},
			Demo:      DemoFromEnv(app.Getenv),
			Clouds:    CloudsFromEnv(app.Getenv),
		}
	}
}
