package components

import (
	"context"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

const (
	windowsFilter = "92aae069-eebf-4d3a-bcee-5354ab2d0ae2"
	kioskFilter   = "6b3e4c5d-7f80-4192-8c13-d4e5f6a7b803"
	ipadFilter    = "4f1c2a3b-5d6e-4f70-8a91-b2c3d4e5f601"
)

// filteredTenant is the screens' small tenant with assignment filters: a
// FilterGraph on an API version.
type filteredTenant struct {
	*fakeGraph
	version    string
	filters    []graph.AssignmentFilter
	filtersErr error
	beta       map[string][]graph.Assignment
}

func (f *filteredTenant) ListAssignmentFilters(context.Context) ([]graph.AssignmentFilter, error) {
	f.record("ListAssignmentFilters")
	if f.filtersErr != nil {
		return nil, f.filtersErr
	}
	return f.filters, nil
}

// The filter editor is mounted through the detail screen; tests reach it
// with latest (see fakes_test.go).
func (c *FilterEditor) OnPreRender(ctx app.Context) { remember(c, ctx) }

func (f *filteredTenant) BetaAssignments(_ context.Context, id string) ([]graph.Assignment, error) {
	f.record("BetaAssignments " + id)
	return f.beta[id], nil
}

func (f *filteredTenant) APIVersion() string { return f.version }

// newFilteredTenant holds an ESP whose Sales Laptops include filters in
// Windows 11 devices, as beta shows it.
func newFilteredTenant(version string) *filteredTenant {
	g := newTenant()
	filtered := espAssignments()
	filtered[0].Target = filtered[0].Target.WithFilter(windowsFilter, graph.FilterInclude)
	if version == graph.Beta {
		g.assignments[espID] = filtered
	}
	return &filteredTenant{fakeGraph: g, version: version, beta: map[string][]graph.Assignment{espID: filtered},
		filters: []graph.AssignmentFilter{
			{ID: windowsFilter, DisplayName: "Windows 11", Platform: "windows10AndLater"},
			{ID: kioskFilter, DisplayName: "Kiosk profile", Platform: "windows10AndLater"},
			{ID: ipadFilter, DisplayName: "Corporate iPads", Platform: "iOS"},
		}}
}

func TestOnBetaEachAssignmentShowsItsFilterByNameAndChangesIt(t *testing.T) {
	g := newFilteredTenant(graph.Beta)
	cfg := espConfiguration()
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, Write: graph.WriteResult{Status: 200}}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg}
	e := mount(t, c)
	page := html(c)
	assert.Contains(t, visible(page), "Include group Sales Laptops Security, dynamic 42 members Include filtered devices: Windows 11")
	assert.Contains(t, page, `aria-label="Change filter: Include group Sales Laptops"`)
	assert.Contains(t, page, `aria-label="Set filter: Configuration Manager collection SMS00001"`)
	assert.NotContains(t, page, "filter-read-only")
	assert.NotContains(t, g.Calls(), "BetaAssignments "+espID, "on beta the assignments show their filters already")

	act(t, e, c, func(ctx app.Context) { c.EditFilter(cfg.Assignments[0].ID) })
	editor := latest[*FilterEditor](t)
	editorPage := html(editor)
	assert.Contains(t, editorPage, "Kiosk profile (Windows 10 and later)")
	assert.NotContains(t, editorPage, "Corporate iPads", "an Enrollment Status Page takes Windows filters only")
	act(t, e, editor, func(ctx app.Context) {
		editor.ChooseMode(graph.FilterExclude)
		editor.ChooseFilter(kioskFilter)
		editor.Preview()
		editor.Save(ctx)
	})
	e.ConsumeAll()
	require.Len(t, g.updates, 1)
	u := g.updates[0]
	id, typ := u.After.Filter()
	assert.Equal(t, []string{kioskFilter, "exclude"}, []string{id, string(typ)})
	assert.Equal(t, graph.GroupTarget(salesID).Audience(), u.After.Audience(), "the target stays")
	beforeID, _ := u.Before.Target.Filter()
	assert.Equal(t, windowsFilter, beforeID, "the update starts from the filter as loaded")
	assert.Contains(t, visible(html(c)), "Saved: Include group Sales Laptops, Exclude filtered devices: Kiosk profile")
}

func TestTheFilterEditorRefusesNothingToSave(t *testing.T) {
	g := newFilteredTenant(graph.Beta)
	cfg := espConfiguration()
	c := &ConfigurationDetail{Graph: g, Configuration: cfg}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.EditFilter(cfg.Assignments[0].ID) })
	editor := latest[*FilterEditor](t)
	act(t, e, editor, func(ctx app.Context) {
		editor.Preview()
	})
	assert.Contains(t, visible(html(editor)), "already this assignment's filter")
	act(t, e, editor, func(ctx app.Context) {
		editor.ChooseMode(graph.FilterInclude)
		editor.ChooseFilter("")
		editor.Preview()
	})
	assert.Contains(t, visible(html(editor)), "Choose the filter")
	assert.NotContains(t, g.Calls(), "Preview")
	act(t, e, editor, func(ctx app.Context) {
		editor.ChooseMode(graph.FilterNone)
		editor.Preview()
	})
	assert.Contains(t, g.Calls(), "Preview", "removing the filter is a change")
}

func TestOnV1FiltersAreShownFromBetaAndReadOnly(t *testing.T) {
	g := newFilteredTenant(graph.V1)
	c := &ConfigurationDetail{Graph: g, Configuration: espConfiguration()}
	mount(t, c)
	page := html(c)
	assert.Contains(t, visible(page), "Include filtered devices: Windows 11", "v1.0 hides it; the beta read shows it")
	assert.Contains(t, visible(page), "Filters read-only. Assignment filters exist in Graph's beta only")
	assert.NotContains(t, page, "edit-filter")
	assert.Contains(t, g.Calls(), "BetaAssignments "+espID)
}

func TestWithoutTheirPermissionFiltersAreShownByIDAndReadOnly(t *testing.T) {
	g := newFilteredTenant(graph.Beta)
	g.filtersErr = &graph.Error{Status: 403, Code: "Forbidden", Method: "GET", URL: "https://graph.example/beta/deviceManagement/assignmentFilters"}
	c := &ConfigurationDetail{Graph: g, Configuration: espConfiguration()}
	mount(t, c)
	page := visible(html(c))
	assert.Contains(t, page, "Assignment filters are shown by ID, read-only")
	assert.Contains(t, page, graph.FilterReadPermission, "the reason names the permission")
	assert.Contains(t, page, "Include filtered devices: filter "+windowsFilter)
	assert.NotContains(t, html(c), "edit-filter")
}

func TestAKindThatTakesNoFilterOffersNone(t *testing.T) {
	g := newFilteredTenant(graph.Beta)
	c := &ConfigurationDetail{Graph: g, Configuration: limitConfiguration()}
	mount(t, c)
	page := html(c)
	assert.NotContains(t, page, "edit-filter")
	assert.NotContains(t, page, "filter-read-only", "nothing to say where no assignment has a filter")
	g.assignments[limitID][0].Target = g.assignments[limitID][0].Target.WithFilter(windowsFilter, graph.FilterInclude)
	c2 := &ConfigurationDetail{Graph: g, Configuration: limitConfiguration()}
	mount(t, c2)
	page = visible(html(c2))
	assert.Contains(t, page, "Include filtered devices: Windows 11", "a filter it holds is still shown")
	assert.True(t, strings.Contains(page, "not on Device limit configurations"), page)
}
