package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// AssignmentList is one of a configuration's two lists, as the admin
// center shows them: the included groups (with all licensed users, all
// devices and any other target) or the excluded groups. Each row names the
// target, the group's type and member count, and offers to change or remove
// it; the list offers to add to it.
type AssignmentList struct {
	app.Compo

	// Side is graph.TargetGroup (the included list) or
	// graph.TargetExclusionGroup (the excluded list).
	Side        graph.TargetKind
	Assignments []graph.Assignment
	Groups      map[string]graph.Group
	Counts      map[string]int
	// Editable offers the changes; a default configuration has none.
	Editable bool
	// Open is the assignment whose editor is open.
	Open     string
	OnChange func(ctx app.Context, assignmentID string)
	OnRemove func(ctx app.Context, assignmentID string)
	OnAdd    func(ctx app.Context)
	// FilterCell draws an assignment's filter column; without it the list
	// has none.
	FilterCell func(a graph.Assignment) app.UI
	// Unassigned says the configuration has no assignment at all, which
	// the detail says once (unassignedWords): the list adds nothing.
	Unassigned bool
}

// onSide splits a set into the two lists: excluded groups on one side,
// every other target on the other.
func onSide(set []graph.Assignment, side graph.TargetKind) []graph.Assignment {
	var out []graph.Assignment
	for _, a := range set {
		if (a.Target.Kind == graph.TargetExclusionGroup) == (side == graph.TargetExclusionGroup) {
			out = append(out, a)
		}
	}
	return out
}

func (c *AssignmentList) excluded() bool { return c.Side == graph.TargetExclusionGroup }

func (c *AssignmentList) id() string {
	if c.excluded() {
		return "excluded"
	}
	return "included"
}

// Render draws the list's title, its add button and its rows.
func (c *AssignmentList) Render() app.UI {
	title := map[bool]string{false: "Included groups", true: "Excluded groups"}[c.excluded()]
	return app.Section().Class("assignment-list").DataSet("side", c.id()).Aria("labelledby", c.id()+"-title").Body(
		app.Div().Class("list-head").Body(
			app.H4().ID(c.id()+"-title").Text(title),
			app.If(c.Editable, func() app.UI {
				return app.Button().Type("button").Class("add-assignments").ID("add-"+c.id()).
					Aria("label", "Add "+map[bool]string{false: "included", true: "excluded"}[c.excluded()]+" groups").
					Text("Add groups").OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnAdd) })
			}),
		),
		app.If(len(c.Assignments) == 0 && !c.Unassigned, func() app.UI {
			return app.P().Class("empty").Text(map[bool]string{false: "No one is included.", true: "No group is excluded."}[c.excluded()])
		}),
		app.If(len(c.Assignments) > 0, func() app.UI {
			return app.Table().Class("assignments").Body(
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text(map[bool]string{false: "Assigned to", true: "Excluded"}[c.excluded()]),
					app.Th().Scope("col").Text("Type"),
					app.Th().Scope("col").Text("Members"),
					app.If(c.FilterCell != nil, func() app.UI { return app.Th().Scope("col").Text("Filter") }),
					app.Th().Scope("col").Text("Assignment ID"),
					app.Th().Scope("col").Body(app.Span().Class("visually-hidden").Text("Actions")),
				)),
				app.TBody().Body(app.Range(c.Assignments).Slice(func(i int) app.UI { return c.renderRow(c.Assignments[i]) })),
			)
		}),
	)
}

// renderRow draws one assignment; its handlers are scoped to the
// assignment for the reason given at ConfigurationList.renderRow.
func (c *AssignmentList) renderRow(a graph.Assignment) app.UI {
	words := widgets.DescribeTarget(a.Target, func(id string) string { return c.Groups[id].DisplayName })
	return app.Tr().Class("assignment").DataSet("assignment-id", a.ID).Body(
		app.Td().Class("target").Body(
			app.Text(words.Lead+" "),
			app.If(words.Subject != "", func() app.UI { return app.Em().Text(words.Subject) }),
		),
		app.Td().Class("group-kind").Text(c.kindWords(a.Target)),
		app.Td().Class("member-count").Text(c.countWords(a.Target)),
		app.If(c.FilterCell != nil, func() app.UI { return c.FilterCell(a) }),
		app.Td().Class("muted small").Text(a.ID),
		app.Td().Body(
			app.If(c.Editable, func() app.UI {
				return app.Div().Class("row-actions").Body(
					app.Button().Type("button").Class("edit-assignment").ID(changeButtonID(a.ID)).
						Aria("label", "Change target: "+words.String()).
						Aria("expanded", c.Open == a.ID).
						Text("Change").
						OnClick(func(ctx app.Context, e app.Event) { c.on(ctx, c.OnChange, a.ID) }, app.EventScope(a.ID)),
					app.Button().Type("button").Class("remove-assignment").ID(removeButtonID(a.ID)).
						Aria("label", "Remove: "+words.String()).
						Text("Remove").
						OnClick(func(ctx app.Context, e app.Event) { c.on(ctx, c.OnRemove, a.ID) }, app.EventScope(a.ID)),
				)
			}),
			app.If(!c.Editable, func() app.UI { return app.Span().Class("badge readonly").Text("Read-only") }),
		),
	)
}

// kindWords is the target's type: the group's kind as Entra names it, or
// what the other targets are.
func (c *AssignmentList) kindWords(t graph.Target) string {
	switch {
	case t.Kind.HasGroup():
		return widgets.OrDash(c.Groups[t.GroupID].Kind())
	case t.Kind == graph.TargetAllLicensedUsers, t.Kind == graph.TargetAllDevices:
		return "Built-in"
	case t.Kind == graph.TargetCollection:
		return "Configuration Manager"
	}
	return "—"
}

func (c *AssignmentList) countWords(t graph.Target) string {
	if n, ok := c.Counts[t.GroupID]; ok && t.Kind.HasGroup() {
		return widgets.MemberWords(n)
	}
	return "—"
}

// changeButtonID is the ID of an assignment's Change button, where the
// focus goes back when its editor closes.
func changeButtonID(assignmentID string) string { return "change-" + assignmentID }

// removeButtonID is the ID of an assignment's Remove button.
func removeButtonID(assignmentID string) string { return "remove-" + assignmentID }

func (c *AssignmentList) on(ctx app.Context, f func(app.Context, string), id string) {
	if f != nil {
		f(ctx, id)
	}
}
