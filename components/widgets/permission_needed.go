package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// PermissionNeeded stands where a feature does without a Graph permission
// the session was not granted: "<feature> needs <permission> — [Allow …]".
// The button asks for the permission (a round trip to Microsoft's sign-in
// page, which comes back to this screen); the rest of the screen keeps
// working meanwhile.
type PermissionNeeded struct {
	app.Compo

	// Feature is what does without it, as a sentence's subject: "Group names".
	Feature string
	// Permission is the Graph permission: "GroupMember.Read.All".
	Permission string
	// Meanwhile says how the feature does without it: "IDs are shown instead."
	Meanwhile string
	// Action names the button: "Allow group names".
	Action  string
	OnAllow func(ctx app.Context)
}

// Render draws the notice and its button.
func (c *PermissionNeeded) Render() app.UI {
	return app.Div().Class("notice permission-needed").Role("note").DataSet("permission", c.Permission).Body(
		app.P().Body(
			app.Strong().Text(c.Feature+" need "+c.Permission),
			app.Text(", a Microsoft Graph permission this session does not have. "+c.Meanwhile),
		),
		app.If(c.OnAllow != nil, func() app.UI {
			return app.Button().Type("button").Class("allow-permission").Text(c.Action).
				Aria("label", c.Action+" (asks Microsoft for "+c.Permission+")").
				OnClick(func(ctx app.Context, e app.Event) { c.OnAllow(ctx) })
		}),
	)
}
