package components

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/cloud"
)

// SettingsForm edits where the app signs in: cloud, tenant, application
// (client) ID and Graph API version.
type SettingsForm struct {
	app.Compo

	Value keep.Settings
	Demo  Demo
	// Clouds are the national clouds the server offers; nil offers all.
	Clouds []string
	// RedirectURI is the address to register for the app, shown as help.
	RedirectURI string
	// Reason says why the form is shown when the user did not ask for it.
	Reason string
	// Permissions are the signed-in session's; nil when nobody is.
	Permissions *Permissions
	OnSave      func(ctx app.Context, s keep.Settings)
	OnCancel    func(ctx app.Context)

	draft    keep.Settings
	problems map[string]string
}

// OnInit starts the draft from the current settings.
func (c *SettingsForm) OnInit() { c.draft = c.Value }

// clouds lists the choices: the demo tenant first when there is one.
func (c *SettingsForm) clouds() []cloud.Cloud {
	all := offeredClouds(c.Clouds)
	if c.Demo.Enabled() {
		all = append([]cloud.Cloud{c.Demo.Cloud}, all...)
	}
	return all
}

// Render draws the form.
func (c *SettingsForm) Render() app.UI {
	return app.Section().Class("panel settings").Aria("labelledby", "settings-title").OnKeyDown(onEscape(c.escape)).Body(
		app.H2().ID("settings-title").TabIndex(-1).Text("Settings"),
		app.If(c.Reason != "", func() app.UI { return app.P().Class("notice panel").Role("status").Text(c.Reason) }),
		app.Label().For("settings-cloud").Text("Cloud"),
		app.Select().ID("settings-cloud").Aria("describedby", "settings-cloud-message").
			OnChange(func(ctx app.Context, e app.Event) { c.Set("cloud", ctx.JSSrc().Get("value").String()) }).
			Body(app.Range(c.clouds()).Slice(func(i int) app.UI {
				cl := c.clouds()[i]
				return app.Option().Value(cl.ID).Selected(cl.ID == c.draft.CloudID).Text(cl.Name)
			})),
		c.message("cloud"),
		c.textField("settings-tenant", "tenant", "Tenant (ID or domain)", c.draft.Tenant, "contoso.onmicrosoft.com"),
		c.textField("settings-client-id", "clientId", "Application (client) ID", c.draft.ClientID, "00000000-0000-0000-0000-000000000000"),
		app.Label().For("settings-api-version").Text("Microsoft Graph API version"),
		app.Select().ID("settings-api-version").
			OnChange(func(ctx app.Context, e app.Event) { c.Set("apiVersion", ctx.JSSrc().Get("value").String()) }).
			Body(
				app.Option().Value(graph.V1).Selected(c.draft.APIVersion == graph.V1).Text("v1.0 (stable)"),
				app.Option().Value(graph.Beta).Selected(c.draft.APIVersion == graph.Beta).Text("beta (assignment filters, may change)"),
			),
		c.message("apiVersion"),
		app.P().Class("muted small").Body(
			app.Text("Register the app in Microsoft Entra ID under the "),
			app.Strong().Text("Single-page application"),
			app.Text(" platform with the redirect URI "),
			app.Code().Text(c.RedirectURI),
			app.Text(". Sign-in asks only for the first permission below; each other one is asked for when its feature is first used, and an administrator may grant them all ahead. These settings are kept in this browser; they hold no secret."),
		),
		c.renderPermissions(),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("save-settings").Text("Save settings").
				OnClick(func(ctx app.Context, e app.Event) { c.Save(ctx) }),
			app.If(c.Demo.Enabled(), func() app.UI {
				return app.Button().Type("button").ID("use-demo").Text("Use the demo tenant").
					OnClick(func(ctx app.Context, e app.Event) { c.draft = DefaultSettings(c.Demo); c.problems = nil })
			}),
			app.If(c.OnCancel != nil, func() app.UI {
				return app.Button().Type("button").ID("cancel-settings").Text("Cancel").
					OnClick(func(ctx app.Context, e app.Event) { c.OnCancel(ctx) })
			}),
		),
	)
}

// renderPermissions lists every Graph permission the app can use, whether
// this session has it, and what it unlocks.
func (c *SettingsForm) renderPermissions() app.UI {
	all := auth.Permissions()
	return app.Table().Class("permissions").Aria("label", "Microsoft Graph permissions").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Microsoft Graph permission (delegated)"),
			app.Th().Scope("col").Text("This session"),
			app.Th().Scope("col").Text("What it unlocks"),
		)),
		app.TBody().Body(app.Range(all).Slice(func(i int) app.UI {
			p := all[i]
			return app.Tr().Class("permission").DataSet("permission", p.Scope).Body(
				app.Td().Body(app.Code().Text(p.Scope), app.If(p.AtSignIn, func() app.UI { return app.Span().Class("muted small").Text(" (asked at sign-in)") })),
				app.Td().Class("held").Body(c.renderHeld(p)),
				app.Td().Text(capitalize(p.Unlocks)+"."),
			)
		})),
	)
}

// renderHeld says whether the session has a permission, and offers to ask
// for one it has not.
func (c *SettingsForm) renderHeld(p auth.Permission) app.UI {
	switch {
	case c.Permissions == nil:
		return app.Text("— (not signed in)")
	case c.Permissions.Has(p.Scope):
		return app.Text("Granted")
	case c.Permissions.Ask == nil:
		return app.Text("Not granted")
	}
	ask := c.Permissions.Ask
	return app.Span().Body(app.Text("Not granted "),
		app.Button().Type("button").Class("ask-permission").Text("Ask for it").Aria("label", "Ask for "+p.Scope).
			OnClick(func(ctx app.Context, e app.Event) { ask(ctx, p.Scope) }, app.EventScope(p.Scope)))
}

func (c *SettingsForm) textField(id, field, label, value, placeholder string) app.UI {
	return app.Div().Body(
		app.Label().For(id).Text(label),
		app.Input().Type("text").ID(id).Value(value).Placeholder(placeholder).
			AutoComplete(false).Spellcheck(false).
			Aria("invalid", c.problems[field] != "").
			Aria("describedby", "settings-"+field+"-message").
			OnInput(func(ctx app.Context, e app.Event) { c.Set(field, ctx.JSSrc().Get("value").String()) }, app.EventScope(field)),
		c.message(field),
	)
}

func (c *SettingsForm) message(field string) app.UI {
	return app.Div().ID("settings-"+field+"-message").Class("field-message error").Aria("live", "polite").Text(c.problems[field])
}

// settingsFields are the form's fields in the order it shows them, with
// their controls' IDs.
var settingsFields = []struct{ field, id string }{
	{"cloud", "settings-cloud"},
	{"tenant", "settings-tenant"},
	{"clientId", "settings-client-id"},
	{"apiVersion", "settings-api-version"},
}

// firstProblem is the control of the first field at fault.
func (c *SettingsForm) firstProblem() string {
	for _, f := range settingsFields {
		if c.problems[f.field] != "" {
			return f.id
		}
	}
	return "save-settings"
}

// Set changes one field of the draft.
func (c *SettingsForm) Set(field, value string) {
	switch field {
	case "cloud":
		c.draft.CloudID = value
	case "tenant":
		c.draft.Tenant = value
	case "clientId":
		c.draft.ClientID = value
	case "apiVersion":
		c.draft.APIVersion = value
	}
	delete(c.problems, field)
}

// Save checks the draft and hands it on; problems stay beside their fields.
func (c *SettingsForm) Save(ctx app.Context) {
	c.draft.Tenant = strings.TrimSpace(c.draft.Tenant)
	c.draft.ClientID = strings.TrimSpace(c.draft.ClientID)
	c.problems = c.draft.Problems(c.Demo.Cloud)
	if len(c.problems) > 0 {
		focusOn(ctx, c.firstProblem())
		return
	}
	if c.OnSave != nil {
		c.OnSave(ctx, c.draft)
	}
}

// escape is Cancel from the keyboard, where the form can be cancelled.
func (c *SettingsForm) escape(ctx app.Context) {
	if c.OnCancel != nil {
		c.OnCancel(ctx)
	}
}
