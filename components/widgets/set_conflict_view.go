package widgets

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// SetConflictView shows an addition or removal that was not sent because
// the configuration's set changed since the user loaded it: what the user
// wanted, the set as it is now, and the ways on (keep theirs, make my change to
// theirs, edit mine from theirs). Nothing has been written when it
// shows.
type SetConflictView struct {
	app.Compo

	Conflict *graph.ConflictError
	// Yours is the change not sent, in words.
	Yours string
	// GroupNames names the groups theirs targets, by ID.
	GroupNames   map[string]string
	OnKeepTheirs func(ctx app.Context)
	// OnApplyMine and OnEdit are offered when set.
	OnApplyMine func(ctx app.Context)
	OnEdit      func(ctx app.Context)
}

// Render draws the versions and the choices.
func (c *SetConflictView) Render() app.UI {
	theirs := c.theirs()
	return app.Section().Class("panel conflict set-conflict").Role("alert").Aria("labelledby", "set-conflict-title").Body(
		app.H3().ID("set-conflict-title").Text("Someone changed these assignments since you loaded them: nothing was written"),
		app.P().Class("muted").Text("The app reads the configuration's assignments again just before writing, and found them different from what you saw. Choose how to go on."),
		app.P().Body(app.Strong().Text("Yours (not sent): "), app.Span().Class("conflict-yours").Text(c.Yours)),
		app.P().Text("Theirs, now in the tenant:"),
		app.If(len(theirs) == 0, func() app.UI { return app.P().Class("conflict-theirs empty").Text("No assignment.") }),
		app.Ul().Class("conflict-theirs").Body(app.Range(theirs).Slice(func(i int) app.UI { return app.Li().Text(theirs[i]) })),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("set-conflict-keep-theirs").Text("Keep theirs").OnClick(c.on(c.OnKeepTheirs)),
			app.If(c.OnApplyMine != nil, func() app.UI {
				return app.Button().Type("button").Class("primary").ID("set-conflict-apply-mine").
					Text("Make my change to theirs").OnClick(c.on(c.OnApplyMine))
			}),
			app.If(c.OnEdit != nil, func() app.UI {
				return app.Button().Type("button").ID("set-conflict-edit").Text("Edit mine").OnClick(c.on(c.OnEdit))
			}),
		),
	)
}

func (c *SetConflictView) theirs() []string {
	if c.Conflict == nil {
		return nil
	}
	out := make([]string, len(c.Conflict.Actual))
	for i, a := range c.Conflict.Actual {
		out[i] = DescribeTarget(a.Target, func(id string) string { return c.GroupNames[id] }).String()
	}
	return out
}

func (c *SetConflictView) on(f func(app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if f != nil {
			f(ctx)
		}
	}
}
