package components

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/graph"
)

func (c *SetChangeEditor) OnPreRender(ctx app.Context) { remember(c, ctx); c.OnMount(ctx) }

// unassignedLimit is a device limit nobody is assigned to.
func unassignedLimit() graph.Configuration {
	return graph.Configuration{Kind: graph.ConfigurationLimit, ID: "3111de26-aa64-4328-a989-29006acfb7ed_Limit", DisplayName: "Draft - two devices", Priority: 3}
}

// detailOf mounts the detail screen of cfg over a tenant that holds it.
func detailOf(t *testing.T, g *fakeGraph, cfg graph.Configuration) (*ConfigurationDetail, app.TestEngine) {
	t.Helper()
	if g.assignments[cfg.ID] == nil {
		g.assignments[cfg.ID] = []graph.Assignment{}
	}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg, Keeping: testKeeping(), opts: options{searchDelay: time.Millisecond}}
	return c, mount(t, c)
}

func TestDetailShowsIncludedAndExcludedListsWithKindsAndCounts(t *testing.T) {
	g := newTenant()
	cfg := limitConfiguration()
	g.assignments[cfg.ID] = append(g.assignments[cfg.ID], graph.Assignment{ID: cfg.ID + "_" + salesID, Target: graph.ExclusionGroupTarget(salesID)},
		graph.Assignment{ID: cfg.ID + "_all", Target: graph.AllLicensedUsersTarget()})
	c, _ := detailOf(t, g, cfg)
	page := visible(html(c))
	assert.Contains(t, page, "Included groups Add groups Assigned to Type Members Assignment ID Actions "+
		"Include group Pilot Users Security 18 members "+cfg.ID+"_"+pilotID+" Change Remove "+
		"All licensed users Built-in — "+cfg.ID+"_all Change Remove")
	assert.Contains(t, page, "Excluded groups Add groups Excluded Type Members Assignment ID Actions "+
		"Exclude group Sales Laptops Security, dynamic 42 members")
	assert.Contains(t, html(c), `aria-label="Add excluded groups"`)
	assert.Contains(t, html(c), `aria-label="Remove: Exclude group Sales Laptops"`)
}

func TestDetailWithoutDirectoryPermissionShowsIDsAndSaysWhy(t *testing.T) {
	g := newTenant()
	g.groups, g.countErr = nil, &graph.Error{Status: 403, Code: "Authorization_RequestDenied"}
	c, _ := detailOf(t, g, limitConfiguration())
	page := visible(html(c))
	assert.Contains(t, page, "Include group "+pilotID+" — —", "the ID, no kind, no count")
	assert.Contains(t, page, "need the permission GroupMember.Read.All")
}

// addGroups opens the included (or excluded) list's editor on a detail
// screen and picks groups with the multi-select picker.
func addGroups(t *testing.T, e app.TestEngine, c *ConfigurationDetail, side graph.TargetKind, groups ...graph.Group) *SetChangeEditor {
	t.Helper()
	act(t, e, c, func(ctx app.Context) { c.AddTo(ctx, side) })
	ed := latest[*SetChangeEditor](t)
	picker := latest[*GroupPicker](t)
	act(t, e, picker, func(ctx app.Context) { picker.Type(ctx, "Sa") })
	for _, g := range groups {
		act(t, e, picker, func(ctx app.Context) { picker.choose(ctx, g) })
	}
	return ed
}

func TestAddingSeveralGroupsToAConfigurationWithNoAssignment(t *testing.T) {
	g := newTenant()
	cfg := unassignedLimit()
	c, e := detailOf(t, g, cfg)
	assert.Contains(t, visible(html(c)), "This configuration is not assigned to anyone.")

	ed := addGroups(t, e, c, graph.TargetGroup, testGroups()[0], testGroups()[2])
	assert.Contains(t, html(ed), `aria-label="Groups chosen"`)
	kept := c.Keeping.Drafts.List()
	require.Len(t, kept, 1, "the choice is kept as it is made")
	assert.Equal(t, drafts.KindSetChange, kept[0].Kind)
	assert.Contains(t, kept[0].Title, "Add Include group Sales Laptops, Include group Sales Team")

	act(t, e, ed, ed.Preview)
	page := visible(html(ed))
	assert.Contains(t, page, "Request 1 of 2 to send")
	assert.Contains(t, page, "POST https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+cfg.ID+"/assignments")
	assert.Contains(t, html(ed), `aria-label="Save: Add Include group Sales Laptops, Include group Sales Team"`)

	act(t, e, ed, ed.Save)
	e.ConsumeAll()
	page = visible(html(c))
	assert.Contains(t, page, "Saved: 2 added")
	assert.Contains(t, page, "Added Include group Sales Laptops POST 201 req-create")
	assert.Contains(t, page, "Include group Sales Team Security 57 members", "the list shows what the service now holds")
	assert.False(t, c.sets.open(), "the editor closes")
	assert.Empty(t, c.Keeping.Drafts.List(), "the draft is gone once sent")
	entries, err := c.Keeping.History.Entries()
	require.NoError(t, err)
	require.Len(t, entries, 2, "each addition is in the history")
	assert.Equal(t, history.SourceEdit, entries[0].Source)
	assert.True(t, entries[0].Before.IsZero())
	assert.True(t, entries[1].Undoable())
}

func TestIncludingAndExcludingOneGroupIsRefusedBeforeSending(t *testing.T) {
	g := newTenant()
	c, e := detailOf(t, g, limitConfiguration()) // includes Pilot Users
	ed := addGroups(t, e, c, graph.TargetExclusionGroup)
	picker := latest[*GroupPicker](t)
	act(t, e, picker, func(ctx app.Context) { picker.Type(ctx, "Pil") })
	act(t, e, picker, func(ctx app.Context) { picker.choose(ctx, testGroups()[1]) })

	page := visible(html(ed))
	assert.Contains(t, page, "“Pilot Users” is included in this configuration, so it cannot also be excluded")
	assert.Equal(t, "true", tagAttrs(t, html(ed), "preview-set-change")["disabled"], "nothing to preview")
	act(t, e, ed, ed.Preview)
	act(t, e, ed, ed.Save)
	assert.NotContains(t, strings.Join(g.Calls(), " "), "ChangeAssignments")
	assert.NotContains(t, strings.Join(g.Calls(), " "), "PreviewSetChange")
}

func TestAllDevicesIsOfferedOnlyWhereTheTypeTakesIt(t *testing.T) {
	g := newTenant()
	c, e := detailOf(t, g, unassignedLimit())
	ed := addGroups(t, e, c, graph.TargetGroup)
	attrs := tagAttrs(t, html(ed), "set-everyone-"+string(graph.TargetAllDevices))
	assert.Equal(t, "true", attrs["disabled"])
	assert.Contains(t, visible(html(ed)), "All devices (not for Device limit configurations)")

	act(t, e, ed, func(ctx app.Context) { ed.ToggleEveryone(ctx, graph.TargetAllDevices) })
	assert.Contains(t, visible(html(ed)), "A Device limit configuration applies to users, so it cannot be assigned to all devices.",
		"asked anyway, it is refused with the reason")
}

func TestRemovingAnAssignment(t *testing.T) {
	g := newTenant()
	cfg := limitConfiguration()
	c, e := detailOf(t, g, cfg)
	act(t, e, c, func(ctx app.Context) { c.Remove(ctx, cfg.Assignments[0].ID) })
	ed := latest[*SetChangeEditor](t)
	assert.Contains(t, visible(html(ed)), "Include group Pilot Users is taken out of Ten devices: 18 members no longer targeted by it.")
	require.Len(t, c.Keeping.Drafts.List(), 1, "the removal is kept until sent")

	act(t, e, ed, ed.Preview)
	assert.Contains(t, visible(html(ed)), "DELETE https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+cfg.ID+"/assignments/"+cfg.Assignments[0].ID)
	assert.Contains(t, html(ed), `aria-label="Remove: Include group Pilot Users"`)
	act(t, e, ed, ed.Save)
	e.ConsumeAll()
	page := visible(html(c))
	assert.Contains(t, page, "Saved: 1 removed")
	assert.Contains(t, page, "This configuration is not assigned to anyone.")
	entries, _ := c.Keeping.History.Entries()
	require.Len(t, entries, 1)
	assert.True(t, entries[0].After.IsZero(), "a removal: nothing after")
}

func TestASetConflictOffersTheWaysOn(t *testing.T) {
	g := newTenant()
	cfg := limitConfiguration()
	c, e := detailOf(t, g, cfg)
	theirs := []graph.Assignment{{ID: cfg.ID + "_" + teamID, Target: graph.GroupTarget(teamID)}}
	g.setErr = &graph.ConflictError{Configuration: cfg.ID, Reason: "the set is not the one you loaded", Actual: theirs}
	ed := addGroups(t, e, c, graph.TargetGroup, testGroups()[0])
	act(t, e, ed, ed.Preview)
	act(t, e, ed, ed.Save)
	page := visible(html(ed))
	assert.Contains(t, page, "nothing was written")
	assert.Contains(t, page, "Theirs, now in the tenant: Include group Sales Team")
	entries, _ := c.Keeping.History.Entries()
	assert.Empty(t, entries, "the fake's conflict carries no items: nothing was sent")

	g.setErr = nil
	g.assignments[cfg.ID] = theirs
	act(t, e, ed, ed.ApplyMine)
	e.ConsumeAll()
	require.Len(t, g.setChanges, 2)
	assert.Equal(t, theirs, g.setChanges[1].Seen, "mine is applied on top of theirs")
	assert.Contains(t, visible(html(c)), "Saved: 1 added")
}

func TestAKeptAdditionIsTakenUp(t *testing.T) {
	g := newTenant()
	cfg := unassignedLimit()
	g.assignments[cfg.ID] = []graph.Assignment{}
	d := drafts.SetChange{ConfigurationID: cfg.ID, ConfigurationName: cfg.DisplayName, ConfigurationKind: cfg.Kind, Priority: cfg.Priority,
		Add: []graph.Target{graph.ExclusionGroupTarget(salesID)}, Groups: []graph.Group{testGroups()[0]}, Words: "Add Exclude group Sales Laptops"}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg, Keeping: testKeeping(), ResumeSet: &d}
	mount(t, c)
	ed := latest[*SetChangeEditor](t)
	assert.Equal(t, graph.TargetExclusionGroup, ed.Side)
	assert.Contains(t, visible(html(ed)), "Add to excluded groups")
	assert.Contains(t, visible(html(ed)), "Sales Laptops Security, dynamic")
}

func TestHistoryUndoesAnAdditionByRemovingIt(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	added := graph.Assignment{ID: limitID + "_" + salesID, Target: graph.GroupTarget(salesID)}
	g.assignments[limitID] = append(g.assignments[limitID], added)
	require.NoError(t, k.Record(history.Entry{ID: "e1", Outcome: history.Succeeded, Source: history.SourceEdit, User: adminUPN, Tenant: tenantID,
		ConfigurationID: limitID, ConfigurationName: "Ten devices", AssignmentIDAfter: added.ID, After: added.Target, Write: "POST"}))
	c := &HistoryScreen{Graph: g, Keeping: k}
	e := mount(t, c)
	assert.Contains(t, html(c), `aria-label="Undo: Added Include group Sales Laptops in Ten devices"`)
	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, "e1") })

	require.Len(t, g.setChanges, 1)
	ch := g.setChanges[0]
	assert.Equal(t, []graph.Assignment{added}, ch.Remove, "the addition is removed")
	assert.Empty(t, ch.Add)
	assert.Equal(t, graph.ConfigurationLimit, ch.Configuration.Kind, "the configuration as read now")
	entries, _ := k.History.Entries()
	require.Len(t, entries, 2)
	assert.Equal(t, history.SourceUndo, entries[1].Source)
	assert.Equal(t, "e1", entries[1].UndoOf)
	assert.True(t, entries[1].After.IsZero(), "a removal")
	assert.True(t, entries[1].Undoable(), "and it can be undone in turn: the addition again")
	assert.Contains(t, visible(html(c)), "Undone: Removed Include group Sales Laptops in Ten devices")

	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, entries[1].ID) })
	require.Len(t, g.setChanges, 2)
	require.Len(t, g.setChanges[1].Add, 1)
	assert.True(t, g.setChanges[1].Add[0].Equal(added.Target), "the removal undone is the addition again")
}

func TestHistoryUndoOfARemovalWhoseTargetIsBackIsAConflict(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	require.NoError(t, k.Record(history.Entry{ID: "e1", Outcome: history.Succeeded, Source: history.SourceEdit,
		ConfigurationID: limitID, ConfigurationName: "Ten devices", AssignmentID: limitID + "_" + pilotID, Before: graph.GroupTarget(pilotID), Write: "DELETE"}))
	c := &HistoryScreen{Graph: g, Keeping: k}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, "e1") })
	assert.Empty(t, g.setChanges, "nothing written: Pilot Users is included again")
	assert.Contains(t, visible(html(c)), "changed since you loaded them, so nothing was written")
}

func TestShellTakesUpAKeptSetChange(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedInAdmin())
	k := r.shell.keeping()
	cfg := limitConfiguration()
	d := drafts.SetChange{ConfigurationID: cfg.ID, ConfigurationName: cfg.DisplayName, ConfigurationKind: cfg.Kind, Priority: cfg.Priority,
		Remove: cfg.Assignments, Words: "Include group Pilot Users"}
	require.NoError(t, k.Drafts.Save(drafts.KindSetChange, d.ID(), d.Title(), d))
	act(t, r.engine, r.shell, func(app.Context) { r.shell.screen = screenHistory })
	act(t, r.engine, r.shell, r.shell.showList)
	assert.Contains(t, r.page(), "Unsaved change of the assignments of Ten devices: Include group Pilot Users")
	offer := latest[*DraftOffer](t)
	act(t, r.engine, offer, func(ctx app.Context) { offer.restore(ctx, offer.list[0]) })
	assert.Equal(t, screenDetail, r.shell.screen)
	ed := latest[*SetChangeEditor](t)
	assert.Equal(t, cfg.Assignments, ed.Remove, "the removal reopened as it was left")
}
