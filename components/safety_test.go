package components

import (
	"context"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/backup"
)

// Test-only hooks, as fakes_test.go has for the other screens.
func (c *HistoryScreen) OnPreRender(ctx app.Context) { remember(c, ctx); c.OnMount(ctx) }
func (c *BackupScreen) OnPreRender(ctx app.Context)  { remember(c, ctx); c.OnMount(ctx) }
func (c *DraftOffer) OnPreRender(ctx app.Context)    { remember(c, ctx); c.OnMount(ctx) }

const tenantID = "7d3c1a52-6f4b-4c8e-9a1d-2b5e8f0c3a71"

// admin is a signed-in account with a tenant, so there is someone to keep
// drafts and history for.
func admin() auth.Account {
	return auth.Account{UPN: adminUPN, TenantID: tenantID, ObjectID: "0b1c2d3e-0000-4000-8000-000000000001"}
}

func signedInAdmin() *fakeSession { return &fakeSession{account: admin(), signedIn: true} }

func testKeeping() keep.Keeping { return keep.For(admin(), new(keeptest.Memory)) }

// editESPKeeping is editESP with drafts and history kept.
func editESPKeeping(t *testing.T, g *fakeGraph, k keep.Keeping) (*TargetEditor, app.TestEngine) {
	t.Helper()
	cfg := espConfiguration()
	c := &TargetEditor{Graph: g, Configuration: cfg, Assignment: cfg.Assignments[0], Siblings: cfg.Assignments,
		GroupName: "Sales Laptops", Keeping: k, GroupNames: func(id string) string {
			for _, gr := range testGroups() {
				if gr.ID == id {
					return gr.DisplayName
				}
			}
			return ""
		}}
	return c, mount(t, c)
}

func TestEditorKeepsItsFormAsItIsFilledIn(t *testing.T) {
	k := testKeeping()
	c, e := editESPKeeping(t, newTenant(), k)
	act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetCollection) })
	act(t, e, c, func(ctx app.Context) { c.SetCollection(ctx, "SMS00042") })

	kept := k.Drafts.List()
	require.Len(t, kept, 1)
	assert.Equal(t, drafts.KindEdit, kept[0].Kind)
	assert.Contains(t, kept[0].Title, "Include group Sales Laptops")
	d, err := drafts.EditOf(kept[0])
	require.NoError(t, err)
	assert.Equal(t, graph.TargetCollection, d.Kind)
	assert.Equal(t, "SMS00042", d.CollectionID)
	assert.Equal(t, espID+"_"+salesID, d.AssignmentID)

	// A new editor on the same assignment starts from the draft.
	again := &TargetEditor{Graph: newTenant(), Configuration: espConfiguration(), Assignment: espAssignments()[0], Draft: &d, Keeping: k}
	mount(t, again)
	assert.Equal(t, graph.TargetCollection, again.kind)
	assert.Equal(t, "SMS00042", again.collectionID)

	act(t, e, c, func(ctx app.Context) { c.cancel(ctx, app.Event{}) })
	assert.Empty(t, k.Drafts.List(), "cancelling discards the draft")
}

func TestEditorSaveRecordsHistoryAndDropsTheDraft(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, APIVersion: graph.V1,
		Write:      graph.WriteResult{Status: 200, RequestID: "rid-1"},
		Assignment: graph.Assignment{ID: espID + "_" + salesID, Target: graph.CollectionTarget("SMS00042")}}
	c, e := editESPKeeping(t, g, k)
	act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetCollection) })
	act(t, e, c, func(ctx app.Context) { c.SetCollection(ctx, "SMS00042") })
	act(t, e, c, func(ctx app.Context) { c.Preview(ctx) })
	act(t, e, c, func(ctx app.Context) { c.Save(ctx) })

	assert.Empty(t, k.Drafts.List(), "saved: nothing left unsent")
	entries, err := k.History.Entries()
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, history.Succeeded, entries[0].Outcome)
	assert.Equal(t, "rid-1", entries[0].RequestID)
	assert.Equal(t, adminUPN, entries[0].User)
	assert.Equal(t, tenantID, entries[0].Tenant)
	assert.True(t, entries[0].Before.Equal(graph.GroupTarget(salesID)))
}

// theirsConflict is what UpdateAssignment answers when someone changed the
// ESP's first assignment to Pilot Users since it was loaded.
func theirsConflict() *graph.ConflictError {
	theirs := graph.Assignment{ID: espID + "_" + salesID, Target: graph.GroupTarget(pilotID)}
	return &graph.ConflictError{Configuration: espID, Reason: "assignment now has another target",
		Expected: []graph.Assignment{espAssignments()[0]}, Actual: []graph.Assignment{theirs}}
}

func TestEditorShowsAConflictAndAppliesMineOnTopOfTheirs(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	g.updateErr = theirsConflict()
	c, e := editESPKeeping(t, g, k)
	act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetExclusionGroup) })
	act(t, e, c, func(ctx app.Context) { c.Preview(ctx) })
	act(t, e, c, func(ctx app.Context) { c.Save(ctx) })

	page := visible(html(c))
	assert.Contains(t, page, "nothing was written")
	assert.Contains(t, page, "When you loaded it Theirs (now in the tenant) Yours (not sent) Include group Sales Laptops Include group Pilot Users Exclude group Sales Laptops")
	assert.Len(t, k.Drafts.List(), 1, "the change is still kept")
	entries, _ := k.History.Entries()
	require.Len(t, entries, 1)
	assert.Equal(t, history.Conflict, entries[0].Outcome)

	g.updateErr = nil
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, Write: graph.WriteResult{Status: 200}}
	act(t, e, c, func(ctx app.Context) { c.ApplyMine(ctx) })
	require.Len(t, g.updates, 2)
	second := g.updates[1]
	assert.True(t, second.Before.Target.Equal(graph.GroupTarget(pilotID)), "mine goes on top of theirs")
	assert.True(t, second.After.Equal(graph.ExclusionGroupTarget(salesID)))
	assert.True(t, second.Siblings[0].Target.Equal(graph.GroupTarget(pilotID)), "the set as it is now")
	assert.Len(t, second.Siblings, 2)
	assert.Empty(t, k.Drafts.List())
}

func TestEditorKeepTheirsAndEditMine(t *testing.T) {
	t.Run("keep theirs", func(t *testing.T) {
		k, g := testKeeping(), newTenant()
		g.updateErr = theirsConflict()
		refreshed, closed := 0, 0
		c, e := editESPKeeping(t, g, k)
		c.OnRefresh = func(app.Context) { refreshed++ }
		c.OnCancel = func(app.Context) { closed++ }
		act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetExclusionGroup) })
		act(t, e, c, func(ctx app.Context) { c.Preview(ctx) })
		act(t, e, c, func(ctx app.Context) { c.Save(ctx) })
		act(t, e, c, func(ctx app.Context) { c.KeepTheirs(ctx) })
		assert.Equal(t, 1, refreshed)
		assert.Equal(t, 1, closed)
		assert.Empty(t, k.Drafts.List())
		assert.Len(t, g.updates, 1, "nothing more was sent")
	})
	t.Run("edit mine", func(t *testing.T) {
		k, g := testKeeping(), newTenant()
		g.updateErr = theirsConflict()
		c, e := editESPKeeping(t, g, k)
		act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetExclusionGroup) })
		act(t, e, c, func(ctx app.Context) { c.Preview(ctx) })
		act(t, e, c, func(ctx app.Context) { c.Save(ctx) })
		act(t, e, c, func(ctx app.Context) { c.EditMine(ctx) })
		assert.Nil(t, c.conflict)
		assert.Equal(t, graph.TargetExclusionGroup, c.kind, "the form is as the user left it")
		assert.True(t, c.update().Before.Target.Equal(graph.GroupTarget(pilotID)), "and starts from theirs")
		assert.Len(t, g.updates, 1, "nothing sent until the user saves")
		assert.Contains(t, html(c), `id="save-assignment"`)
	})
	t.Run("the assignment is gone: no applying on top", func(t *testing.T) {
		g := newTenant()
		gone := theirsConflict()
		gone.Actual = []graph.Assignment{espAssignments()[1]}
		g.updateErr = gone
		c, e := editESPKeeping(t, g, testKeeping())
		act(t, e, c, func(ctx app.Context) { c.ChooseKind(ctx, graph.TargetExclusionGroup) })
		act(t, e, c, func(ctx app.Context) { c.Preview(ctx) })
		act(t, e, c, func(ctx app.Context) { c.Save(ctx) })
		page := visible(html(c))
		assert.Contains(t, page, "This assignment no longer exists.")
		assert.Contains(t, page, "Configuration Manager collection SMS00001", "the set as it is now")
		assert.NotContains(t, html(c), "conflict-apply-mine")
	})
}

func TestDetailReopensAKeptEdit(t *testing.T) {
	d := drafts.Edit{ConfigurationID: espID, ConfigurationName: "Autopilot ESP", ConfigurationKind: graph.ConfigurationEnrollmentCompletionPage,
		Priority: 1, AssignmentID: espID + "_" + salesID, Before: graph.GroupTarget(salesID), BeforeWords: "Include group Sales Laptops",
		Kind: graph.TargetCollection, CollectionID: "SMS00042"}
	c := &ConfigurationDetail{Graph: newTenant(), Configuration: d.Configuration(), Keeping: testKeeping(), Resume: &d}
	mount(t, c)
	editor := latest[*TargetEditor](t)
	assert.Equal(t, graph.TargetCollection, editor.kind)
	assert.Equal(t, "SMS00042", editor.collectionID)

	gone := d
	gone.AssignmentID = espID + "_removed"
	c = &ConfigurationDetail{Graph: newTenant(), Configuration: d.Configuration(), Keeping: testKeeping(), Resume: &gone}
	mount(t, c)
	assert.Contains(t, visible(html(c)), "is no longer in this configuration")
}

func TestShellOffersKeptWorkAndSignOutForgetsIt(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedInAdmin())
	ctx := contextOf(t, r.shell)
	k := r.shell.keeping()
	require.True(t, k.Enabled())
	d := drafts.Edit{ConfigurationID: espID, ConfigurationName: "Autopilot ESP", ConfigurationKind: graph.ConfigurationEnrollmentCompletionPage,
		Priority: 1, AssignmentID: espID + "_" + salesID, BeforeWords: "Include group Sales Laptops", Kind: graph.TargetAllDevices}
	require.NoError(t, k.Drafts.Save(drafts.KindEdit, d.ID(), d.Title(), d))
	require.NoError(t, k.Record(history.Entry{ID: "1", Outcome: history.Succeeded}))
	act(t, r.engine, r.shell, func(app.Context) { r.shell.screen = screenHistory })
	act(t, r.engine, r.shell, r.shell.showList) // back to the list: the offer reads the drafts again

	assert.Contains(t, r.page(), "Unsaved work kept in this browser")
	assert.Contains(t, r.page(), "Unsaved change of “Include group Sales Laptops” in Autopilot ESP")
	offer := latest[*DraftOffer](t)
	act(t, r.engine, offer, func(ctx app.Context) { offer.restore(ctx, offer.list[0]) })
	assert.Equal(t, screenDetail, r.shell.screen)
	editor := latest[*TargetEditor](t)
	assert.Equal(t, graph.TargetAllDevices, editor.kind, "the editor reopened as it was left")

	local := browser.Local(ctx)
	require.NoError(t, local.Set("enrollassign-settings", `{}`))
	act(t, r.engine, r.shell, r.shell.SignOut)
	for _, key := range local.Keys() {
		assert.False(t, strings.HasPrefix(key, keep.Namespace) && key != keep.SettingsKey, "localStorage still holds %s", key)
	}
	_, kept := local.Get("enrollassign-settings")
	assert.True(t, kept, "settings are not tenant data")
}

func TestShellStaysSignedInWhenAForgedCallbackIsRefused(t *testing.T) {
	session := signedInAdmin()
	session.complete = &auth.SignInError{Kind: auth.StateMismatch, Description: "the response's state is not the one this tab sent"}
	r := newShellRig(t, "http://127.0.0.1:8000/#code=stolen&state=forged", testDemo(), session)
	assert.Equal(t, phaseSignedIn, r.shell.phase, "nothing changed: the user is still signed in")
	assert.Contains(t, r.page(), "A sign-in response that this tab did not ask for was refused")
	assert.NotContains(t, r.browser.Location().String(), "code=", "the forged code left the address bar")

	// Signed out, the same refusal is the sign-in error screen.
	session = &fakeSession{complete: &auth.SignInError{Kind: auth.StateMismatch}}
	r = newShellRig(t, "http://127.0.0.1:8000/#code=stolen&state=forged", testDemo(), session)
	assert.Equal(t, phaseSignedOut, r.shell.phase)
}

func TestHistoryScreenUndoesAChange(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	done := history.Entry{ID: "e1", Outcome: history.Succeeded, Source: history.SourceEdit, User: adminUPN, Tenant: tenantID,
		ConfigurationID: espID, ConfigurationName: "Autopilot ESP", AssignmentID: espID + "_" + salesID,
		Before: graph.GroupTarget(pilotID), After: graph.GroupTarget(salesID)}
	require.NoError(t, k.Record(done, history.Entry{ID: "e2", Outcome: history.Failed, ConfigurationID: espID,
		Before: graph.GroupTarget(pilotID), After: graph.AllDevicesTarget()}))
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, Write: graph.WriteResult{Status: 200, RequestID: "rid-undo"},
		Assignment: graph.Assignment{ID: espID + "_" + salesID, Target: graph.GroupTarget(pilotID)}}

	c := &HistoryScreen{Graph: g, Keeping: k}
	e := mount(t, c)
	page := html(c)
	assert.Equal(t, 1, strings.Count(page, `class="undo-entry"`), "only a successful change can be undone")
	act(t, e, c, func(ctx app.Context) { c.askUndo(ctx, "e1") })
	assert.Contains(t, visible(html(c)), "Write the earlier target back? Yes, undo No, keep it", "Undo asks first, in the row")
	assert.Empty(t, g.updates, "nothing is sent before Yes")
	act(t, e, c, func(ctx app.Context) { c.keepEntry(ctx, "e1") })
	assert.NotContains(t, visible(html(c)), "Yes, undo")
	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, "e1") })

	require.Len(t, g.updates, 1)
	u := g.updates[0]
	assert.True(t, u.After.Equal(graph.GroupTarget(pilotID)), "back to before")
	assert.Equal(t, espID+"_"+salesID, u.Before.ID)
	assert.Equal(t, espConfiguration().Kind, u.Configuration.Kind, "the configuration as read now")
	entries, _ := k.History.Entries()
	require.Len(t, entries, 3)
	assert.Equal(t, history.SourceUndo, entries[2].Source)
	assert.Equal(t, "e1", entries[2].UndoOf)
	assert.Contains(t, visible(html(c)), "Undone: Include group Sales Laptops → Include group Pilot Users")
	assert.Contains(t, visible(html(c)), "Done Undone since", "the undone entry says so")
	assert.Equal(t, 1, strings.Count(html(c), `class="undo-entry"`), "and offers no Undo any more: only the undo itself can be undone")
}

func TestHistoryScreenUndoConflict(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	g.assignments[espID] = []graph.Assignment{{ID: espID + "_" + salesID, Target: graph.AllDevicesTarget()}, espAssignments()[1]}
	done := history.Entry{ID: "e1", Outcome: history.Succeeded, ConfigurationID: espID, ConfigurationName: "Autopilot ESP",
		AssignmentID: espID + "_" + salesID, Before: graph.GroupTarget(pilotID), After: graph.GroupTarget(salesID)}
	require.NoError(t, k.Record(done))
	c := &HistoryScreen{Graph: g, Keeping: k}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, "e1") })
	assert.Empty(t, g.updates, "nothing written over their change")
	page := visible(html(c))
	assert.Contains(t, page, "Include group Sales Laptops All devices Include group Pilot Users", "before (this change's after), theirs, yours")

	act(t, e, c, func(ctx app.Context) { c.applyUndo(ctx, espID+"_"+salesID) })
	require.Len(t, g.updates, 1)
	assert.True(t, g.updates[0].Before.Target.Equal(graph.AllDevicesTarget()), "on top of theirs")
	assert.True(t, g.updates[0].After.Equal(graph.GroupTarget(pilotID)))
}

// Choosing to edit instead opens the editor on their assignment as it is
// now, with the entry's "before" filled in, and sends nothing.
func TestHistoryScreenUndoConflictOpensTheEditor(t *testing.T) {
	k := testKeeping()
	g := newTenant()
	g.assignments[espID] = []graph.Assignment{{ID: espID + "_" + salesID, Target: graph.AllDevicesTarget()}, espAssignments()[1]}
	require.NoError(t, k.Record(history.Entry{ID: "e1", Outcome: history.Succeeded, ConfigurationID: espID, ConfigurationName: "Autopilot ESP",
		AssignmentID: espID + "_" + salesID, Before: graph.GroupTarget(pilotID), After: graph.GroupTarget(salesID)}))
	var edited []drafts.Edit
	c := &HistoryScreen{Graph: g, Keeping: k, OnEdit: func(_ app.Context, d drafts.Edit) { edited = append(edited, d) }}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Undo(ctx, "e1") })
	require.NotNil(t, c.conflict)

	act(t, e, c, func(ctx app.Context) { c.editUndo(ctx, espID+"_"+salesID) })
	require.Len(t, edited, 1)
	d := edited[0]
	assert.Equal(t, espID+"_"+salesID, d.AssignmentID)
	assert.Equal(t, espID, d.ConfigurationID)
	assert.True(t, d.Before.Equal(graph.AllDevicesTarget()), "the editor starts from theirs")
	assert.Equal(t, "All devices", d.BeforeWords)
	assert.Equal(t, graph.TargetGroup, d.Kind, "the entry's before is filled in")
	assert.Equal(t, graph.Group{ID: pilotID, DisplayName: "Pilot Users"}, d.Group)
	assert.Equal(t, "Pilot Users", d.GroupText)
	assert.Nil(t, c.conflict)
	assert.Empty(t, g.updates, "nothing sent")
}

func TestExportsAreDownloaded(t *testing.T) {
	k := testKeeping()
	require.NoError(t, k.Record(history.Entry{ID: "e1", Outcome: history.Succeeded, ConfigurationID: espID,
		Before: graph.GroupTarget(pilotID), After: graph.GroupTarget(salesID)}))
	files := &fakeFiles{}
	c := &HistoryScreen{Graph: newTenant(), Keeping: k, Files: files}
	mount(t, c)
	c.Export("json")
	c.Export("csv")
	require.Len(t, files.saved, 2)
	assert.True(t, strings.HasSuffix(files.saved[0].name, ".json"))
	assert.Equal(t, "text/csv", files.saved[1].mime)
	assert.Contains(t, string(files.saved[1].data), "requestId")
}

type savedFile struct {
	name, mime string
	data       []byte
}

type fakeFiles struct{ saved []savedFile }

func (f *fakeFiles) Download(name, mime string, data []byte) error {
	f.saved = append(f.saved, savedFile{name, mime, data})
	return nil
}

// tenantFake plays the beta endpoint for the backup screen.
type tenantFake struct {
	*fakeGraph
	replaced []string
}

func (f *fakeGraph) TenantGraph() TenantGraph { return tenantFake{fakeGraph: f} }

func (f tenantFake) ReplaceAssignments(ctx context.Context, id string, seen, next []graph.Assignment) (graph.WriteResult, error) {
	return graph.WriteResult{Status: 204}, nil
}

func (f tenantFake) SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	return graph.BatchAnswer{}, nil
}

func TestBackupScreenDownloadsAndRefusesWithTheReason(t *testing.T) {
	g := newTenant()
	files := &fakeFiles{}
	c := &BackupScreen{Graph: g, Keeping: testKeeping(), Files: files, Cloud: testDemo().Cloud}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.TakeBackup(ctx) })
	require.Len(t, files.saved, 1)
	f, err := backup.Parse(files.saved[0].data, backup.Expect{TenantID: tenantID, CloudID: testDemo().Cloud.ID})
	require.NoError(t, err, "the download is a backup of this tenant")
	assert.Len(t, f.Configurations, 3)
	assert.Contains(t, visible(html(c)), "3 configurations, 4 assignments")

	foreign := f
	foreign.TenantID = "00000000-0000-4000-8000-000000000000"
	raw, err := foreign.Encode()
	require.NoError(t, err)
	calls := len(g.Calls())
	act(t, e, c, func(ctx app.Context) { c.Import(ctx, "theirs.json", raw) })
	assert.Contains(t, visible(html(c)), "theirs.json: this file cannot be restored: it is a backup of tenant 00000000")
	assert.Len(t, g.Calls(), calls, "nothing was read or written")
	assert.Empty(t, c.Keeping.Drafts.List(), "a refused file is not kept")

	act(t, e, c, func(ctx app.Context) { c.Import(ctx, "half.json", files.saved[0].data[:100]) })
	assert.Contains(t, visible(html(c)), "truncated")

	act(t, e, c, func(ctx app.Context) { c.Import(ctx, "ours.json", files.saved[0].data) })
	assert.Contains(t, visible(html(c)), "The tenant already holds what the backup holds: nothing to write.")
	assert.Len(t, c.Keeping.Drafts.List(), 1, "the import is kept until restored")
	assert.Contains(t, html(c), `id="start-restore"`)
}

// The restore's dry run names the groups it puts back and takes out.
func TestRestoreDryRunNamesTheGroups(t *testing.T) {
	g := newTenant()
	files := &fakeFiles{}
	c := &BackupScreen{Graph: g, Keeping: testKeeping(), Files: files, Cloud: testDemo().Cloud}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.TakeBackup(ctx) })
	require.Len(t, files.saved, 1)
	g.configurations[2].Assignments = []graph.Assignment{{ID: limitID + "_" + salesID, Target: graph.GroupTarget(salesID)}} // since the backup
	act(t, e, c, func(ctx app.Context) { c.Import(ctx, "ours.json", files.saved[0].data) })
	page := visible(html(c))
	assert.Contains(t, page, "Include group Sales Laptops → Include group Pilot Users")
	assert.NotContains(t, page, salesID)
	assert.NotContains(t, page, pilotID)
}

func TestShellTakesUpKeptWorkWhereAReloadLands(t *testing.T) {
	r := newShellRig(t, appOrigin+"/", testDemo(), signedInAdmin())
	k := r.shell.keeping()
	require.True(t, k.Enabled())
	d := drafts.Edit{ConfigurationID: espID, ConfigurationName: "Autopilot ESP", ConfigurationKind: graph.ConfigurationEnrollmentCompletionPage,
		Priority: 1, AssignmentID: espID + "_" + salesID, BeforeWords: "Include group Sales Laptops", Kind: graph.TargetAllDevices}
	require.NoError(t, k.Drafts.Save(drafts.KindEdit, d.ID(), d.Title(), d))
	offered := "Unsaved change of “Include group Sales Laptops” in Autopilot ESP"

	editor := address{screen: screenDetail, configuration: espID, assignment: d.AssignmentID}
	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.land(ctx, editor, r.shell.show) })
	r.settle(t)
	assert.Equal(t, screenDetail, r.shell.screen)
	assert.Equal(t, graph.TargetAllDevices, latest[*TargetEditor](t).kind, "the editor the address names reopened as it was left")
	assert.NotContains(t, r.page(), offered, "the edit taken up is not offered again")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.land(ctx, address{screen: screenHistory}, r.shell.show) })
	assert.Equal(t, screenHistory, r.shell.screen)
	assert.Contains(t, r.page(), offered, "a screen that does not take it up offers it")
	assert.NotContains(t, html(r.shell), `id="open-history"`, "the ways to other screens stay on the list")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.goTo(ctx, address{screen: screenBackup}) })
	assert.NotContains(t, r.page(), offered, "moved on: the offer stays on the list")
	act(t, r.engine, r.shell, r.shell.showList)
	assert.Contains(t, r.page(), offered)
}
