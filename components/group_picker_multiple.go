package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// The group picker's Multiple mode: each match toggles a group in or out of
// the choice, the matches stay open for the next, and the choice is listed
// under the field with a button to take each one out.

// toggle adds a group to the choice, or takes it out.
func (c *GroupPicker) toggle(ctx app.Context, g graph.Group) {
	picked := append([]graph.Group(nil), c.Picked...)
	if i := pickedIndex(picked, g.ID); i >= 0 {
		picked = append(picked[:i], picked[i+1:]...)
	} else {
		picked = append(picked, g)
	}
	c.setPicked(ctx, picked)
}

// unpick takes a group out of the choice and gives the field the focus
// back (the button pressed is gone).
func (c *GroupPicker) unpick(ctx app.Context, id string) {
	picked := append([]graph.Group(nil), c.Picked...)
	if i := pickedIndex(picked, id); i >= 0 {
		c.setPicked(ctx, append(picked[:i], picked[i+1:]...))
	}
	c.focus(c.InputID)
}

func (c *GroupPicker) setPicked(ctx app.Context, picked []graph.Group) {
	c.Picked = picked
	if c.OnPick != nil {
		c.OnPick(ctx, picked)
	}
}

func (c *GroupPicker) renderPicked() app.UI {
	if len(c.Picked) == 0 {
		return app.P().Class("muted small picked-none").Text("No group chosen yet: search, then choose as many as you need.")
	}
	return app.Ul().Class("picked").Aria("label", "Groups chosen").Body(app.Range(c.Picked).Slice(func(i int) app.UI {
		g := c.Picked[i]
		return app.Li().Class("picked-group").DataSet("group-id", g.ID).Body(
			app.Strong().Text(g.DisplayName),
			app.Span().Class("muted small").Text(" "+c.factWords(g)+" "),
			app.Button().Type("button").Class("unpick link").Aria("label", "Take out "+g.DisplayName).Text("Take out").
				OnClick(func(ctx app.Context, e app.Event) { c.unpick(ctx, g.ID) }, app.EventScope(g.ID)),
		)
	}))
}

func pickedIndex(picked []graph.Group, id string) int {
	for i, g := range picked {
		if g.ID == id {
			return i
		}
	}
	return -1
}

func groupIDsOf(groups []graph.Group) []string {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	return ids
}
