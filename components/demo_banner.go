package components

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DemoBanner says, on every screen, that the tenant is the local emulator's.
type DemoBanner struct {
	app.Compo

	Users []string
}

// Render draws the banner.
func (c *DemoBanner) Render() app.UI {
	users := ""
	if len(c.Users) > 0 {
		users = " Demo users: " + strings.Join(c.Users, ", ") + "."
	}
	return app.Div().Class("banner demo").Role("note").Aria("label", "Demo mode").Body(
		app.Strong().Text("Demo mode. "),
		app.Text("A local emulator plays Microsoft Entra ID and Microsoft Graph; nothing reaches Microsoft."+users),
	)
}
