package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// The configuration detail's part in assignment filters (beta): each
// assignment's filter by name, read-only where it cannot be changed here
// and why, and the editor that sets, changes or removes one. Kept here so
// that configuration_detail.go only calls these.

// detailFilters is the detail screen's state for them.
type detailFilters struct {
	// all is the tenant's filters; readErr why they could not be read
	// (a 403 until the app has DeviceManagementConfiguration.Read.All).
	all     []graph.AssignmentFilter
	readErr error
	loaded  bool
	// beta is, in v1.0 mode, each assignment's target as beta shows it:
	// v1.0 hides the filter the assignment carries.
	beta    map[string]graph.Target
	betaErr error
	// editing is the assignment whose filter is being changed.
	editing string
}

// loadFilters reads the tenant's filters and, in v1.0 mode, the
// assignments as beta shows them. Without a FilterGraph (a test's fake)
// there is nothing to read.
func (c *ConfigurationDetail) loadFilters(ctx app.Context) {
	fg, ok := filterGraphOf(c.Graph)
	if !ok {
		return
	}
	id := c.Configuration.ID
	ctx.Async(func() {
		all, readErr := fg.ListAssignmentFilters(ctx)
		var beta map[string]graph.Target
		var betaErr error
		if fg.APIVersion() != graph.Beta {
			var set []graph.Assignment
			if set, betaErr = fg.BetaAssignments(ctx, id); betaErr == nil {
				beta = map[string]graph.Target{}
				for _, a := range set {
					beta[a.ID] = a.Target
				}
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.filters.all, c.filters.readErr, c.filters.loaded = all, readErr, true
			c.filters.beta, c.filters.betaErr = beta, betaErr
			if SessionEnded(readErr) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, readErr)
			}
		})
	})
}

// v1 reports a client on v1.0, where filters are shown but not changed.
func (c *ConfigurationDetail) v1() bool {
	fg, ok := filterGraphOf(c.Graph)
	return ok && fg.APIVersion() != graph.Beta
}

// filterOf is the filter an assignment carries, as beta shows it.
func (c *ConfigurationDetail) filterOf(a graph.Assignment) (string, graph.FilterType) {
	if t, ok := c.filters.beta[a.ID]; ok {
		return t.Filter()
	}
	return a.Target.Filter()
}

// filterName names a filter the tenant holds, or "" when unknown.
func (c *ConfigurationDetail) filterName(id string) string {
	for _, f := range c.filters.all {
		if f.ID == id {
			return f.DisplayName
		}
	}
	return ""
}

// filterReadOnly says why filters cannot be changed on this screen, or is
// empty when they can.
func (c *ConfigurationDetail) filterReadOnly() string {
	switch {
	case !c.filters.loaded:
		return "loading"
	case c.v1():
		return "Assignment filters exist in Graph's beta only: with v1.0 (Settings) they are shown from a beta read and kept on every save, but changed only with the beta API version."
	case c.filters.readErr != nil:
		return "The tenant's filters could not be read, so filters are shown by ID and cannot be changed here."
	}
	return c.Configuration.Kind.NoFilterReason()
}

// renderFilterNotice says, above the assignments, why filters are shown
// read-only or by ID.
func (c *ConfigurationDetail) renderFilterNotice() app.UI {
	reason := c.filterReadOnly()
	switch {
	case reason == "loading" || c.Configuration.IsDefault() || !c.hasFilters():
		return nil
	case c.filters.readErr != nil:
		if mp, ok := missingPermission(c.filters.readErr); ok {
			return c.Permissions.Needed("Assignment filters", mp.Permission, "Filters are shown by ID and cannot be changed here.", "Allow assignment filters")
		}
		return &widgets.GraphError{Title: "Assignment filters are shown by ID, read-only", Err: c.filters.readErr}
	case c.filters.betaErr != nil:
		return &widgets.GraphError{Title: "Assignment filters could not be read through beta", Err: c.filters.betaErr}
	case reason != "":
		return app.P().Class("panel notice filter-read-only").Role("note").Body(app.Strong().Text("Filters read-only. "), app.Text(reason))
	}
	return nil
}

func (c *ConfigurationDetail) hasFilters() bool {
	if c.Configuration.Kind.AcceptsFilters() {
		return true
	}
	for _, a := range c.assignments {
		if _, typ := c.filterOf(a); typ != graph.FilterNone {
			return true
		}
	}
	return false
}

// renderFilterCell shows an assignment's filter and the way to change it.
func (c *ConfigurationDetail) renderFilterCell(a graph.Assignment, editable bool) app.UI {
	id, typ := c.filterOf(a)
	words := widgets.FilterWords(id, typ, c.filterName(id))
	target := widgets.DescribeTarget(a.Target, c.groupName).String()
	changeable := editable && c.filterReadOnly() == ""
	label := "Set filter: " + target
	if words != "" {
		label = "Change filter: " + target
	}
	return app.Td().Class("filter").Body(
		app.If(words != "", func() app.UI { return app.Span().Class("filter-words").Text(words) }),
		app.If(words == "" && !changeable, func() app.UI { return app.Span().Class("muted").Text("—") }),
		app.If(changeable, func() app.UI {
			return app.Button().Type("button").Class("link edit-filter").ID(filterButtonID(a.ID)).Aria("label", label).
				Aria("expanded", c.filters.editing == a.ID).Text("Filter…").
				OnClick(func(ctx app.Context, e app.Event) { c.EditFilter(a.ID) }, app.EventScope(a.ID))
		}),
	)
}

// filterButtonID is the ID of an assignment's Filter… button.
func filterButtonID(assignmentID string) string { return "edit-filter-" + assignmentID }

// cancelFilterEditor closes the filter editor and gives the focus back to
// the button that opened it.
func (c *ConfigurationDetail) cancelFilterEditor(ctx app.Context) {
	opener := filterButtonID(c.filters.editing)
	c.filters.editing = ""
	focusOn(c.ctx, opener)
}

// EditFilter opens the filter editor on one assignment (and closes the
// target editor: one change at a time).
func (c *ConfigurationDetail) EditFilter(assignmentID string) {
	if c.Configuration.IsDefault() || c.filterReadOnly() != "" {
		return
	}
	c.filters.editing, c.editing, c.saved, c.sets = assignmentID, "", nil, c.sets.closed()
	focusOn(c.ctx, "filter-editor-title")
}

func (c *ConfigurationDetail) renderFilterEditor() app.UI {
	a, ok := c.assignment(c.filters.editing)
	if !ok {
		return nil
	}
	return &FilterEditor{
		Graph: c.Graph, Configuration: c.Configuration, Assignment: a, Siblings: c.assignments,
		Filters: graph.FiltersFor(c.filters.all, c.Configuration.Kind), FilterName: c.filterName,
		Words: widgets.DescribeTarget(a.Target, c.groupName).String(), Keeping: c.Keeping,
		OnSaved:        c.onFilterSaved,
		OnCancel:       c.cancelFilterEditor,
		OnRefresh:      func(app.Context) { c.Load(c.ctx) },
		OnSessionEnded: c.OnSessionEnded,
	}
}

// onFilterSaved shows what was saved, filter included, and reloads.
func (c *ConfigurationDetail) onFilterSaved(_ app.Context, s Saved) {
	words := widgets.DescribeTarget(s.Update.After, c.groupName).String()
	if id, typ := s.Update.After.Filter(); typ != graph.FilterNone {
		words += ", " + widgets.FilterWords(id, typ, c.filterName(id))
	} else {
		words += ", no filter"
	}
	c.showSaved(words, s)
}
