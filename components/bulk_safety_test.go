package components

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

const salesTeamID = "2055bd7e-3680-4788-8cb4-3744ef9778f0"

func keptPlan(t *testing.T, k keep.Keeping) (drafts.BulkPlan, drafts.Draft) {
	t.Helper()
	d, ok := k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	require.True(t, ok, "a bulk plan is kept")
	p, err := drafts.BulkPlanOf(d)
	require.NoError(t, err)
	return p, d
}

// What is chosen is kept as it is chosen; a new screen (a reload, a closed
// tab) takes it up where it was left, dry run included; confirming it
// turns it into the run, and the draft is gone.
func TestBulkPlanIsKeptAsItIsChosenAndTakenUpAgain(t *testing.T) {
	g, store, k := bulkTenant(), new(keeptest.Memory), testKeeping()
	c := bulkScreen(g, store)
	c.Keeping = k
	e := mount(t, c)
	_, kept := k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	assert.False(t, kept, "nothing chosen, nothing kept")

	sel := latest[*BulkSelection](t)
	act(t, e, sel, func(ctx app.Context) { sel.AddRule(ctx, bulk.RuleGroup, salesID, "") })
	p, _ := keptPlan(t, k)
	assert.Equal(t, []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: salesID}}, p.Selection.Rules, "kept at the first choice")

	form := latest[*BulkOperationForm](t)
	act(t, e, form, func(ctx app.Context) {
		form.change(ctx, drafts.Change{Choice: drafts.ChoiceReplace, ToText: "Sales Te", ToGroup: graph.Group{ID: salesTeamID, DisplayName: "Sales Team"}})
	})
	act(t, e, c, func(ctx app.Context) { c.DryRun(ctx) })
	dry := latest[*BulkDryRun](t)
	act(t, e, dry, func(ctx app.Context) { dry.choose(ctx, bulk.StrategyAssign) })
	p, d := keptPlan(t, k)
	assert.True(t, p.DryRun)
	assert.Equal(t, bulk.StrategyAssign, p.Strategy)
	assert.Equal(t, salesTeamID, p.Change.ToGroup.ID)
	assert.Equal(t, "Unconfirmed bulk change: Replace the group with Sales Team, keeping include or exclude (1 rule, 0 assignments ticked by hand)", d.Title)

	again := bulkScreen(g, store)
	again.Keeping = k
	ea := mount(t, again)
	require.NotNil(t, again.plan, "the dry run is made again from the tenant")
	assert.Equal(t, bulk.StrategyAssign, again.strategy)
	page := visible(html(again))
	assert.Contains(t, page, "Your unconfirmed bulk change, kept in this browser, is taken up where you left it")
	assert.Contains(t, page, "Dry run: nothing has been sent")
	assert.Contains(t, page, "2 changes in 2 configurations")

	act(t, ea, again, func(ctx app.Context) { again.Confirm(ctx) })
	waitFor(t, ea, func() bool { return !again.running })
	_, kept = k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	assert.False(t, kept, "confirmed: the run holds it now")
	assert.Equal(t, salesTeamID, g.set(espID)[0].Target.GroupID, "the plan taken up is the one applied")
	assert.Zero(t, g.writeCount(defaultL))
}

func TestBulkStartOverDropsTheKeptPlan(t *testing.T) {
	k := testKeeping()
	require.NoError(t, k.Drafts.Save(drafts.KindBulkPlan, drafts.BulkPlanID, "x",
		drafts.BulkPlan{Selection: bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, Change: drafts.Change{Choice: drafts.ChoiceToggle}}))
	c := bulkScreen(bulkTenant(), new(keeptest.Memory))
	c.Keeping = k
	e := mount(t, c)
	assert.Contains(t, visible(html(c)), "2 assignments selected", "taken up")
	act(t, e, c, func(ctx app.Context) { c.StartOver(ctx) })
	assert.Contains(t, visible(html(c)), "0 assignments selected")
	assert.NotContains(t, visible(html(c)), "taken up where you left it")
	_, kept := k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	assert.False(t, kept)
}

func TestBulkKeptPlanThatCannotBeReadIsDroppedWithTheReason(t *testing.T) {
	k := testKeeping()
	bad := drafts.BulkPlan{Selection: bulk.Selection{Picks: []bulk.Pick{{ConfigurationID: "..", AssignmentID: "a"}}}}
	require.NoError(t, k.Drafts.Save(drafts.KindBulkPlan, drafts.BulkPlanID, "x", bad))
	c := bulkScreen(bulkTenant(), new(keeptest.Memory))
	c.Keeping = k
	mount(t, c)
	assert.Contains(t, visible(html(c)), "a kept bulk change could not be read and was dropped")
	assert.Contains(t, visible(html(c)), "0 assignments selected")
	_, kept := k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	assert.False(t, kept)
}

// FuzzKeptBulkPlan: whatever a tampered or damaged localStorage holds as a
// kept bulk plan, reading it fails with an error or gives a draft whose
// IDs are Graph IDs, which the plan is made from without a panic.
func FuzzKeptBulkPlan(f *testing.F) {
	good, _ := json.Marshal(drafts.BulkPlan{Selection: bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleIncludesOfKind, GroupID: salesID, ConfigurationKind: graph.ConfigurationLimit}},
		Picks: []bulk.Pick{{ConfigurationID: espID, AssignmentID: espID + "_" + salesID}}}, Change: drafts.Change{Choice: drafts.ChoiceReplace, FromGroupID: salesID, ToText: "x"},
		Strategy: bulk.StrategyPatch, DryRun: true})
	f.Add(good)
	f.Add([]byte(`{"selection":{"rules":[{"kind":"group","groupId":"a/b"}]}}`))
	f.Add([]byte(`{"change":{"choice":"collection","collection":"SMS\u0000"},"strategy":"fast"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		p, err := drafts.BulkPlanOf(drafts.Draft{Version: 1, Kind: drafts.KindBulkPlan, ID: drafts.BulkPlanID, Saved: time.Now(), Data: data})
		if err != nil {
			return
		}
		for _, r := range p.Selection.Rules {
			assert.NoError(t, graph.ValidateID("g", r.GroupID))
		}
		for _, pk := range p.Selection.Picks {
			assert.NoError(t, graph.ValidateID("c", pk.ConfigurationID))
			assert.NoError(t, graph.ValidateID("a", pk.AssignmentID))
		}
		_ = bulkPlanTitle(p, func(string) string { return "" })
		_, _ = bulk.NewPlan(bulkTenant().configurations, p.Selection, p.Change.Operation())
	})
}

// From the list, a kept bulk plan is offered beside kept edits; restoring
// it opens the bulk screen where it was left.
func TestShellOffersAKeptBulkPlan(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedInAdmin())
	k := r.shell.keeping()
	p := drafts.BulkPlan{Selection: bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, Change: drafts.Change{Choice: drafts.ChoiceToggle}}
	require.NoError(t, k.Drafts.Save(drafts.KindBulkPlan, drafts.BulkPlanID, bulkPlanTitle(p, nil), p))
	act(t, r.engine, r.shell, func(app.Context) { r.shell.screen = screenHistory })
	act(t, r.engine, r.shell, r.shell.showList)

	assert.Contains(t, r.page(), "Unconfirmed bulk change: Turn includes into excludes and excludes into includes (1 rule, 0 assignments ticked by hand)")
	offer := latest[*DraftOffer](t)
	act(t, r.engine, offer, func(ctx app.Context) { offer.restore(ctx, offer.list[0]) })
	assert.Equal(t, screenBulk, r.shell.screen)
	screen := latest[*BulkScreen](t)
	assert.Equal(t, p.Selection, screen.selection, "the bulk screen took it up")
	assert.Equal(t, drafts.ChoiceToggle, screen.draft.Choice)
}

// Runs live in localStorage (a closed tab loses nothing), kept by tenant
// and user IDs in the tenant data sign-out clears, with their lease.
func TestBulkRunsAreKeptInLocalStorageAndSignOutRemovesThem(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedInAdmin())
	local := browser.Local(contextOf(t, r.shell))
	runs, ok := keep.Bulk.Of(local, tenantID, admin().ObjectID)
	require.True(t, ok)
	plan, err := bulk.NewPlan(bulkTenant().configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	require.NoError(t, bulk.SaveRun(runs, keep.RunKey, bulk.NewRun("kept", plan, bulk.StrategyFewest, time.Now())))
	require.NoError(t, runs.Set(bulk.LeaseKey(keep.RunKey), `{"holder":"tab-x","renewed":"2026-03-01T09:00:00Z","expires":"2026-03-01T09:00:15Z"}`))
	act(t, r.engine, r.shell, func(app.Context) { r.shell.screen = screenHistory })
	act(t, r.engine, r.shell, r.shell.showList)
	assert.Contains(t, r.page(), "A bulk change was interrupted: 0 of 2 changes applied", "offered from localStorage")

	act(t, r.engine, r.shell, func(ctx app.Context) { r.shell.showBulk(ctx, false) })
	screen := latest[*BulkScreen](t)
	store, ok := screen.Runs.(keep.Recorder)
	require.True(t, ok, "bulk items are recorded in the history")
	assert.Equal(t, runs, store.Runs, "kept in localStorage, by tenant and user IDs")

	act(t, r.engine, r.shell, r.shell.SignOut)
	for _, k := range []string{keep.RunKey, bulk.LeaseKey(keep.RunKey)} {
		_, found := runs.Get(k)
		assert.False(t, found, "%s is gone after sign-out", k)
	}
}

// Another tab is sending the kept run: the entry says so and offers no
// resume, then offers it once that tab lets go.
func TestBulkEntryWaitsWhileAnotherTabSendsTheRun(t *testing.T) {
	store := new(keeptest.Memory)
	g := bulkTenant()
	plan, err := bulk.NewPlan(g.configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	require.NoError(t, bulk.SaveRun(store, keep.RunKey, bulk.NewRun("kept", plan, bulk.StrategyFewest, time.Now())))
	now := time.Now()
	putLease(t, store, bulk.Lease{Holder: "tab-b", Renewed: now, Expires: now.Add(time.Hour)})

	entry := &BulkEntry{Runs: store, opts: options{leaseRecheck: 5 * time.Millisecond}}
	e := mount(t, entry)
	page := html(entry)
	assert.Contains(t, visible(page), "being sent from another tab or window")
	assert.NotContains(t, page, `id="resume-bulk"`)

	store.Remove(bulk.LeaseKey(keep.RunKey)) // that tab stopped and let it go
	waitFor(t, e, func() bool { return strings.Contains(html(entry), `id="resume-bulk"`) })
	assert.NotContains(t, visible(html(entry)), "another tab")
}

// The bulk screen of a second tab shows the run, refuses to send, amend or
// discard it while the first holds it, and resumes it once the first's
// lease has lapsed (it was closed without letting go).
func TestBulkScreenDoesNotSendARunAnotherTabHolds(t *testing.T) {
	g, store := bulkTenant(), new(keeptest.Memory)
	plan, err := bulk.NewPlan(g.configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	require.NoError(t, bulk.SaveRun(store, keep.RunKey, bulk.NewRun("kept", plan, bulk.StrategyFewest, time.Now())))
	clock := &stepClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	putLease(t, store, bulk.Lease{Holder: "tab-b", Renewed: clock.Now(), Expires: clock.Now().Add(15 * time.Second)})

	c := bulkScreen(g, store)
	c.ResumeOnOpen, c.opts.leaseClock, c.opts.leaseRecheck = true, clock, 5*time.Millisecond
	e := mount(t, c)
	assert.Zero(t, g.batches, "nothing sent")
	page := visible(html(c))
	assert.Contains(t, page, "Being applied from another tab")
	assert.Contains(t, page, "being sent from another tab or window")
	for _, id := range []string{"bulk-resume", "bulk-discard", "bulk-cancel"} {
		assert.NotContains(t, html(c), `id="`+id+`"`)
	}
	act(t, e, c, func(ctx app.Context) { c.Discard(ctx) })
	_, found := store.Get(keep.RunKey)
	assert.True(t, found, "not discarded under the other tab")

	moved, _, err := bulk.LoadRun(store, keep.RunKey) // the other tab moves on
	require.NoError(t, err)
	moved.Plan.Configurations[0].Items[0].Outcome = bulk.Outcome{State: bulk.StateSucceeded, Write: bulk.WritePatch, Status: 200, RequestID: "other-tab"}
	require.NoError(t, bulk.SaveRun(store, keep.RunKey, moved))
	waitFor(t, e, func() bool { return strings.Contains(visible(html(c)), "1 done · 0 failed · 1 remaining") })

	clock.mu.Lock()
	clock.now = clock.now.Add(15 * time.Second) // the other tab went silent
	clock.mu.Unlock()
	waitFor(t, e, func() bool { return strings.Contains(html(c), `id="bulk-resume"`) })
	act(t, e, c, func(ctx app.Context) { c.Resume(ctx) })
	waitFor(t, e, func() bool { return !c.running })
	assert.Contains(t, visible(html(c)), "2 done · 0 failed · 0 remaining")
	assert.Contains(t, visible(html(c)), "request-id other-tab", "resumed from where the other tab left it")
	assert.Equal(t, 1, g.writeCount(espID)+g.writeCount(limitID), "only what the other tab had not done was sent")
	_, leased := bulk.ReadLease(store, keep.RunKey)
	assert.False(t, leased, "released when done")
}

// Another tab started a run while this one was at its dry run: confirming
// does not replace that run; it is shown as being sent there, and the plan
// stays kept.
func TestBulkConfirmDoesNotReplaceARunAnotherTabStarted(t *testing.T) {
	g, store, k := bulkTenant(), new(keeptest.Memory), testKeeping()
	c := bulkScreen(g, store)
	c.Keeping, c.opts.leaseRecheck = k, 5*time.Millisecond
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceToggle}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: pilotID})

	theirs, err := bulk.NewPlan(g.configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: salesID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	require.NoError(t, bulk.SaveRun(store, keep.RunKey, bulk.NewRun("other-tab-run", theirs, bulk.StrategyFewest, time.Now())))
	now := time.Now()
	putLease(t, store, bulk.Lease{Holder: "tab-b", Renewed: now, Expires: now.Add(time.Hour)})

	act(t, e, c, func(ctx app.Context) { c.Confirm(ctx) })
	kept, _, err := bulk.LoadRun(store, keep.RunKey)
	require.NoError(t, err)
	assert.Equal(t, "other-tab-run", kept.ID, "their run is not replaced")
	assert.Zero(t, g.batches)
	assert.Contains(t, visible(html(c)), "Being applied from another tab")
	_, drafted := k.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID)
	assert.True(t, drafted, "this plan is still kept")

	store.Remove(bulk.LeaseKey(keep.RunKey)) // that tab stops: this one stops looking
	waitFor(t, e, func() bool { return !strings.Contains(visible(html(c)), "Being applied from another tab") })
}

func putLease(t *testing.T, s bulk.Storage, l bulk.Lease) {
	t.Helper()
	raw, err := json.Marshal(l)
	require.NoError(t, err)
	require.NoError(t, s.Set(bulk.LeaseKey(keep.RunKey), string(raw)))
}

// conflictedScreen runs include↔exclude of Pilot Users after someone added
// an assignment to the limit configuration: its item ends a conflict.
func conflictedScreen(t *testing.T, k keep.Keeping) (*BulkScreen, app.TestEngine, *bulkGraph) {
	t.Helper()
	g := bulkTenant()
	c := bulkScreen(g, new(keeptest.Memory))
	if k.Enabled() {
		c.Runs = keep.Recorder{Runs: c.Runs, Keeping: k, Source: history.SourceBulk}
	}
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceToggle}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: pilotID})
	g.bmu.Lock()
	g.sets[limitID] = append(g.sets[limitID], graph.Assignment{ID: limitID + "_" + salesTeamID, Target: graph.GroupTarget(salesTeamID)})
	g.bmu.Unlock()
	act(t, e, c, func(ctx app.Context) { c.Confirm(ctx) })
	waitFor(t, e, func() bool { return !c.running })
	return c, e, g
}

var pilotInLimit = limitID + "/" + limitID + "_" + pilotID

func TestBulkConflictShowsBeforeTheirsYoursAndKeepsTheirs(t *testing.T) {
	k := testKeeping()
	c, e, g := conflictedScreen(t, k)
	page := visible(html(c))
	assert.Contains(t, page, "1 done · 1 failed")
	assert.Contains(t, page, "1 change was not sent because someone else changed their configuration meanwhile")
	assert.NotContains(t, html(c), `id="bulk-retry-failed"`, "a conflict is not retried blindly")
	assert.Contains(t, html(c), `aria-label="Keep theirs or apply mine… (Ten devices: Include group Pilot Users)"`)

	act(t, e, c, func(ctx app.Context) { c.Resolve(ctx, pilotInLimit) })
	assert.Equal(t, "Include group Pilot Users", visible(tagText(t, html(c), "conflict-before")))
	assert.Equal(t, "Include group Pilot Users", visible(tagText(t, html(c), "conflict-theirs")), "this assignment itself is unchanged")
	assert.Equal(t, "Exclude group Pilot Users", visible(tagText(t, html(c), "conflict-yours")))
	assert.Contains(t, visible(html(c)), "Include group Sales Team", "their added assignment is named")
	assert.Contains(t, visible(html(c)), "it now also has an included group “Sales Team”", "the conflict's reason names it too")
	assert.NotContains(t, visible(html(c)), salesTeamID)
	assert.Contains(t, html(c), `id="conflict-apply-mine"`)

	writes := g.writeCount(limitID)
	act(t, e, c, func(ctx app.Context) { c.KeepTheirs(ctx) })
	assert.Equal(t, writes, g.writeCount(limitID), "nothing written")
	it, _ := c.run.Item(pilotInLimit)
	assert.Equal(t, bulk.StateSkipped, it.Outcome.State)
	page = visible(html(c))
	assert.Contains(t, page, "1 not sent (their change kept)")
	assert.Contains(t, page, "Not sent: you kept the change someone else made")
	assert.NotContains(t, html(c), `class="panel conflict"`)
	entries, err := k.History.Entries()
	require.NoError(t, err)
	last := entries[len(entries)-1]
	assert.Equal(t, history.Skipped, last.Outcome, "the choice is in the history")
	assert.Equal(t, limitID, last.ConfigurationID)
}

func TestBulkConflictAppliesMineOnTopOfTheirs(t *testing.T) {
	c, e, g := conflictedScreen(t, keep.Keeping{})
	act(t, e, c, func(ctx app.Context) { c.Resolve(ctx, pilotInLimit) })
	espWrites := g.writeCount(espID)
	act(t, e, c, func(ctx app.Context) { c.ApplyMineOnTop(ctx) })
	waitFor(t, e, func() bool { return !c.running })

	assert.Contains(t, visible(html(c)), "2 done · 0 failed · 0 remaining")
	set := g.set(limitID)
	require.Len(t, set, 3, "theirs kept")
	assert.Equal(t, graph.TargetExclusionGroup, set[0].Target.Kind, "mine applied")
	assert.Equal(t, salesTeamID, set[2].Target.GroupID)
	assert.Equal(t, espWrites, g.writeCount(espID), "the item alone was sent")
}

// tagText is the inner HTML of the first element whose class list holds class.
func tagText(t *testing.T, page, class string) string {
	t.Helper()
	i := strings.Index(page, `class="`+class+`"`)
	require.GreaterOrEqual(t, i, 0, "no element of class %s", class)
	start := strings.Index(page[i:], ">") + i + 1
	end := strings.Index(page[start:], "</td>") + start
	return page[start:end]
}
