package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// BulkOperationForm chooses what the selected assignments become.
type BulkOperationForm struct {
	app.Compo

	Graph  Graph
	Groups map[string]graph.Group
	InUse  []string // group IDs the loaded assignments target
	Draft  drafts.Change
	// Problem is why the last dry run was refused, shown under the form.
	Problem  string
	OnChange func(ctx app.Context, d drafts.Change)
	OnDryRun func(ctx app.Context)

	opts options
}

var operationChoices = []struct{ value, label string }{
	{drafts.ChoiceReplace, "Replace the group with another, keeping include or exclude"},
	{drafts.ChoiceToggle, "Turn includes into excludes, and excludes into includes"},
	{drafts.ChoiceAllDevices, "Assign to all devices"},
	{drafts.ChoiceAllUsers, "Assign to all licensed users"},
	{drafts.ChoiceCollection, "Assign to a Configuration Manager collection"},
}

// Render draws the choices, the fields the chosen one needs, and the dry run button.
func (c *BulkOperationForm) Render() app.UI {
	return app.Section().Class("panel bulk-operation").Aria("labelledby", "bulk-operation-title").Body(
		app.H3().ID("bulk-operation-title").Text("2. Choose the change"),
		app.FieldSet().Body(
			app.Legend().Class("visually-hidden").Text("Change"),
			app.Range(operationChoices).Slice(func(i int) app.UI {
				ch := operationChoices[i]
				id := "bulk-op-" + ch.value
				return app.Div().Body(
					app.Input().Type("radio").Name("bulk-operation").ID(id).Value(ch.value).Checked(c.Draft.Choice == ch.value).
						OnChange(func(ctx app.Context, e app.Event) { c.choose(ctx, ch.value) }),
					app.Label().For(id).Text(" "+ch.label),
				)
			}),
		),
		app.If(c.Draft.Choice == drafts.ChoiceReplace, c.renderReplace),
		app.If(c.Draft.Choice == drafts.ChoiceCollection, func() app.UI {
			return app.Div().Body(
				app.Label().For("bulk-collection-id").Text("Collection ID"),
				app.Input().Type("text").ID("bulk-collection-id").Value(c.Draft.Collection).Placeholder("SMS00001").
					OnInput(func(ctx app.Context, e app.Event) {
						d := c.Draft
						d.Collection = ctx.JSSrc().Get("value").String()
						c.change(ctx, d)
					}),
			)
		}),
		app.Div().ID("bulk-operation-message").Class("field-message error").Aria("live", "polite").Text(c.Problem),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("bulk-dry-run").Text("Dry run: show every change").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnDryRun) }),
		),
	)
}

func (c *BulkOperationForm) renderReplace() app.UI {
	return app.Div().Body(
		app.Label().For("bulk-replace-from").Text("Only where it targets"),
		app.Select().ID("bulk-replace-from").OnChange(func(ctx app.Context, e app.Event) {
			d := c.Draft
			d.FromGroupID = ctx.JSSrc().Get("value").String()
			c.change(ctx, d)
		}).Body(
			widgets.NoChoice("whichever group it targets", c.Draft.FromGroupID == ""),
			app.Range(c.InUse).Slice(func(i int) app.UI {
				id := c.InUse[i]
				return app.Option().Value(id).Selected(c.Draft.FromGroupID == id).Text(widgets.NameOrID(id, c.groupName))
			}),
		),
		&GroupPicker{Graph: c.Graph, InputID: "bulk-replace-with", Label: "Replace with", Text: c.Draft.ToText, Chosen: c.Draft.ToGroup,
			opts: c.opts, OnChange: func(ctx app.Context, text string, chosen graph.Group) {
				d := c.Draft
				d.ToText, d.ToGroup = text, chosen
				c.change(ctx, d)
			}},
	)
}

func (c *BulkOperationForm) choose(ctx app.Context, choice string) {
	d := c.Draft
	d.Choice = choice
	c.change(ctx, d)
}

func (c *BulkOperationForm) change(ctx app.Context, d drafts.Change) {
	c.Draft = d
	if c.OnChange != nil {
		c.OnChange(ctx, d)
	}
}

func (c *BulkOperationForm) groupName(id string) string {
	return c.Groups[id].DisplayName
}
