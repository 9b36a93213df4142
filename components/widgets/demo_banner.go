package widgets

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph/cloud"
)

// DemoBanner says, on every screen, that the tenant is the demo's. When the
// server started the emulator it names the demo users; otherwise the server
// started nothing at the demo cloud's addresses, and the banner says where
// the demo cloud points without claiming that anything answers there.
type DemoBanner struct {
	app.Compo

	Cloud cloud.Cloud
	// Users are the emulator's, when the server started it.
	Users []string
}

// Render draws the banner: a region of its own, named, so that it is
// found among the page's landmarks like everything else on it.
func (c *DemoBanner) Render() app.UI {
	return app.Section().Class("banner demo").Aria("label", "Demo mode").Body(
		app.Strong().Text("Demo mode. "),
		app.Text(c.words()),
	)
}

func (c *DemoBanner) words() string {
	if len(c.Users) == 0 {
		return "The demo cloud points at " + c.Cloud.AuthorityURL + " for Microsoft Entra ID and " + c.Cloud.GraphURL +
			" for Microsoft Graph, which this server does not run; nothing reaches Microsoft."
	}
	return "A local emulator plays Microsoft Entra ID and Microsoft Graph; nothing reaches Microsoft. Demo users: " +
		strings.Join(c.Users, ", ") + "."
}
