package widgets

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// ConflictView shows a write that was not sent because the assignment (or,
// for assign, its configuration's set) changed since the user loaded it:
// what it was, what it is now ("theirs"), what the user wants ("yours"), and
// the three ways on: keep theirs, overwrite theirs with mine, or edit mine
// from theirs. Nothing has been written when it shows.
type ConflictView struct {
	app.Compo

	Conflict *graph.ConflictError
	// AssignmentID is the assignment the write was for.
	AssignmentID string
	// Before is its target as the user loaded it; Yours the one wanted.
	Before, Yours graph.Target
	// GroupNames names the groups the versions target, by ID (data, not a
	// func, so that go-app renders again when a name arrives).
	GroupNames   map[string]string
	OnKeepTheirs func(ctx app.Context)
	OnApplyMine  func(ctx app.Context)
	OnEdit       func(ctx app.Context)
}

// Theirs finds the assignment as the service has it now, if it still exists.
func (c *ConflictView) Theirs() (graph.Assignment, bool) {
	if c.Conflict == nil {
		return graph.Assignment{}, false
	}
	return FindAssignment(c.Conflict.Actual, c.AssignmentID)
}

func FindAssignment(set []graph.Assignment, id string) (graph.Assignment, bool) {
	for _, a := range set {
		if strings.EqualFold(a.ID, id) {
			return a, true
		}
	}
	return graph.Assignment{}, false
}

// Render draws the three versions side by side and the choices.
func (c *ConflictView) Render() app.UI {
	theirs, exists := c.Theirs()
	theirsWords := "This assignment no longer exists."
	if exists {
		theirsWords = c.words(theirs.Target)
	}
	return app.Section().Class("panel conflict").Role("alert").Aria("labelledby", "conflict-title").Body(
		app.H3().ID("conflict-title").Text("Someone changed this since you loaded it: nothing was written"),
		app.P().Class("muted").Text("The app reads the assignment again just before writing, and found it different from what you saw. Choose how to go on."),
		app.Table().Class("conflict-versions").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("When you loaded it"),
				app.Th().Scope("col").Text("Theirs (now in the tenant)"),
				app.Th().Scope("col").Text("Yours (not sent)"),
			)),
			app.TBody().Body(app.Tr().Body(
				app.Td().Class("conflict-before").Text(c.words(c.Before)),
				app.Td().Class("conflict-theirs").Text(theirsWords),
				app.Td().Class("conflict-yours").Text(c.words(c.Yours)),
			)),
		),
		app.If(len(c.otherChanges()) > 0, func() app.UI {
			return app.Div().Body(
				app.P().Text("The configuration's other assignments now are:"),
				app.Ul().Class("conflict-set").Body(app.Range(c.otherChanges()).Slice(func(i int) app.UI {
					return app.Li().Text(c.otherChanges()[i])
				})),
			)
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("conflict-keep-theirs").Text("Keep theirs").
				OnClick(func(ctx app.Context, e app.Event) {
					if c.OnKeepTheirs != nil {
						c.OnKeepTheirs(ctx)
					}
				}),
			app.If(exists && c.OnApplyMine != nil, func() app.UI {
				return app.Button().Type("button").Class("primary").ID("conflict-apply-mine").
					Text("Overwrite theirs with mine").
					OnClick(func(ctx app.Context, e app.Event) {
						if c.OnApplyMine != nil {
							c.OnApplyMine(ctx)
						}
					})
			}),
			app.If(c.OnEdit != nil, func() app.UI {
				return app.Button().Type("button").ID("conflict-edit").Text("Edit mine").
					OnClick(func(ctx app.Context, e app.Event) {
						if c.OnEdit != nil {
							c.OnEdit(ctx)
						}
					})
			}),
		),
	)
}

// otherChanges lists, in words, the rest of the set as it is now: when the
// conflict was found on the whole set (assign) rather than on this one, or
// this one is gone.
func (c *ConflictView) otherChanges() []string {
	if c.Conflict == nil {
		return nil
	}
	if _, exists := c.Theirs(); exists && len(c.Conflict.Actual) <= 1 {
		return nil
	}
	var out []string
	for _, a := range c.Conflict.Actual {
		if !strings.EqualFold(a.ID, c.AssignmentID) {
			out = append(out, c.words(a.Target))
		}
	}
	return out
}

func (c *ConflictView) words(t graph.Target) string {
	return DescribeTarget(t, func(id string) string { return c.GroupNames[id] }).String()
}

// ConflictGroups lists the group IDs a conflict's versions target.
func ConflictGroups(ce *graph.ConflictError, targets ...graph.Target) []string {
	var ids []string
	add := func(t graph.Target) {
		if t.Kind.HasGroup() && t.GroupID != "" {
			ids = append(ids, t.GroupID)
		}
	}
	for _, t := range targets {
		add(t)
	}
	if ce != nil {
		for _, a := range ce.Actual {
			add(a.Target)
		}
	}
	return ids
}
