package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// PermissionRefusal says that a permission asked for a feature was not
// granted, while the session goes on without it: what happened, who can
// grant it and how, the admin consent link, and Entra's code and trace ID
// when it gave them.
type PermissionRefusal struct {
	app.Compo

	Title     string
	Hint      string
	Link      string
	Facts     []Fact
	OnDismiss func(ctx app.Context)
}

// Render draws the panel.
func (c *PermissionRefusal) Render() app.UI {
	return app.Section().ID("permission-refusal").Class("panel error-box permission-refusal").Role("alert").
		Aria("labelledby", "permission-refusal-title").Body(
		app.H2().ID("permission-refusal-title").Text(c.Title),
		app.P().Class("error-hint").Text(c.Hint),
		app.If(c.Link != "", func() app.UI { return &AdminConsentLink{URL: c.Link} }),
		FactList(c.Facts),
		app.Button().Type("button").ID("dismiss-permission-refusal").Text("Dismiss").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnDismiss != nil {
					c.OnDismiss(ctx)
				}
			}),
	)
}
