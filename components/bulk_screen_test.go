package components

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// bulkTenant: an ESP and a limit that target Sales Laptops and Pilot
// Users, and the default limit, which includes Sales Laptops too.
func bulkTenant() *bulkGraph {
	esp := graph.Configuration{Kind: graph.ConfigurationEnrollmentCompletionPage, ID: espID, DisplayName: "Autopilot ESP", Priority: 1,
		Assignments: []graph.Assignment{
			{ID: espID + "_" + salesID, Target: graph.GroupTarget(salesID)},
			{ID: espID + "_" + pilotID, Target: graph.GroupTarget(pilotID)},
			{ID: espID + "_SMS00001", Target: graph.CollectionTarget("SMS00001")},
		}}
	limit := graph.Configuration{Kind: graph.ConfigurationLimit, ID: limitID, DisplayName: "Ten devices", Priority: 2,
		Assignments: []graph.Assignment{
			{ID: limitID + "_" + pilotID, Target: graph.GroupTarget(pilotID)},
			{ID: limitID + "_" + salesID, Target: graph.ExclusionGroupTarget(salesID)},
		}}
	def := graph.Configuration{Kind: graph.ConfigurationLimit, ID: defaultL, DisplayName: "All users and all devices",
		Assignments: []graph.Assignment{{ID: defaultL + "_" + salesID, Target: graph.GroupTarget(salesID)}}}
	return newBulkGraph(&fakeGraph{configurations: []graph.Configuration{esp, limit, def}, groups: testGroups()})
}

func bulkScreen(g *bulkGraph, store *keeptest.Memory) *BulkScreen {
	return &BulkScreen{Graph: g, Runs: store, Pace: Pace{Limits: bulk.IntuneLimits},
		opts: options{clock: &stepClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}}
}

// planFor takes the screen to the dry run of op over rules.
func planFor(t *testing.T, e app.TestEngine, c *BulkScreen, draft drafts.Change, rules ...bulk.Rule) {
	t.Helper()
	sel := latest[*BulkSelection](t)
	for _, r := range rules {
		act(t, e, sel, func(ctx app.Context) { sel.AddRule(ctx, r.Kind, r.GroupID, r.ConfigurationKind) })
	}
	form := latest[*BulkOperationForm](t)
	act(t, e, form, func(ctx app.Context) { form.change(ctx, draft) })
	act(t, e, c, func(ctx app.Context) { c.DryRun(ctx) })
}

func TestBulkSelectionByRuleAndByHand(t *testing.T) {
	c := bulkScreen(bulkTenant(), new(keeptest.Memory))
	e := mount(t, c)
	sel := latest[*BulkSelection](t)
	page := visible(html(c))
	assert.Contains(t, page, "0 assignments selected")
	assert.Contains(t, html(c), `aria-label="Pick: Autopilot ESP: Include group Sales Laptops"`, "every row can be ticked, named in words")

	act(t, e, sel, func(ctx app.Context) { sel.AddRule(ctx, bulk.RuleGroup, salesID, "") })
	page = visible(html(c))
	assert.Contains(t, page, "Every assignment targeting Sales Laptops")
	assert.Contains(t, page, "3 assignments selected", "include and exclude, the default's too")

	act(t, e, sel, func(ctx app.Context) {
		sel.AddRule(ctx, bulk.RuleIncludesOfKind, pilotID, graph.ConfigurationLimit)
	})
	assert.Contains(t, visible(html(c)), "Every include of Pilot Users in Device limit configurations")
	assert.Contains(t, visible(html(c)), "4 assignments selected")

	act(t, e, sel, func(ctx app.Context) { sel.Toggle(ctx, espID, espID+"_SMS00001") })
	assert.Contains(t, visible(html(c)), "5 assignments selected")
	assert.True(t, c.selection.Picked(espID, espID+"_SMS00001"), "the screen holds the pick")
	page = html(c)
	byRule := elementWith(t, page, "input", "aria-label", "Pick: Ten devices: Include group Pilot Users")
	assert.Equal(t, "true", byRule["checked"], "a row a rule selects is ticked")
	assert.Equal(t, "true", byRule["disabled"], "and cannot be unticked by hand")
	byHand := elementWith(t, page, "input", "aria-label", "Pick: Autopilot ESP: Configuration Manager collection SMS00001")
	assert.Equal(t, "true", byHand["checked"], "a row ticked by hand is ticked")
	assert.NotEqual(t, "true", byHand["disabled"], "and can be unticked")
	unpicked := elementWith(t, page, "input", "aria-label", "Pick: Autopilot ESP: Include group Pilot Users")
	assert.NotEqual(t, "true", unpicked["checked"])
	assert.NotEqual(t, "true", unpicked["disabled"])
}

func TestBulkDryRunShowsEveryChangeAndSendsNothing(t *testing.T) {
	g := bulkTenant()
	c := bulkScreen(g, new(keeptest.Memory))
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceToggle}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: salesID}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: pilotID})

	page := html(c)
	text := visible(page)
	assert.Contains(t, text, "Dry run: nothing has been sent")
	assert.Contains(t, text, "4 changes in 2 configurations; 1 selected assignment cannot be changed")
	assert.Contains(t, text, "Refused: \"All users and all devices\" is the tenant's default Device limit")
	assert.Contains(t, text, "Include group Sales Laptops Exclude group Sales Laptops Will change")
	assert.Contains(t, text, "Exclude group Sales Laptops Include group Sales Laptops Will change")
	assert.Regexp(t, `writes-fewest">2<`, page)
	assert.Regexp(t, `writes-assign">2<`, page)
	assert.Regexp(t, `writes-patch">4<`, page)
	assert.Contains(t, text, "Apply 4 changes")
	assert.Zero(t, g.batches, "nothing is sent before Confirm")
}

func TestBulkDryRunRefusesAChangeThatCannotBeMade(t *testing.T) {
	c := bulkScreen(bulkTenant(), new(keeptest.Memory))
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceReplace, ToText: "not-a-group"}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: salesID})
	assert.Nil(t, c.plan)
	assert.Contains(t, visible(html(c)), "is not a group ID", "the reason, beside the form")
}

func TestBulkConfirmAppliesAndReportsEachItem(t *testing.T) {
	g := bulkTenant()
	store := new(keeptest.Memory)
	c := bulkScreen(g, store)
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceReplace, ToGroup: graph.Group{ID: teamID, DisplayName: "Sales Team"}},
		bulk.Rule{Kind: bulk.RuleGroup, GroupID: salesID})
	page := visible(html(c))
	assert.Contains(t, page, "Autopilot ESP Include group Sales Laptops Include group Sales Team Will change",
		"the group picked by name is shown by name, though no assignment targets it yet")
	assert.NotContains(t, page, teamID)
	act(t, e, c, func(ctx app.Context) { c.Confirm(ctx) })
	waitFor(t, e, func() bool { return !c.running })

	page = visible(html(c))
	assert.Contains(t, page, "Ten devices Exclude group Sales Laptops Exclude group Sales Team Succeeded")
	assert.NotContains(t, page, teamID)
	assert.Contains(t, page, "Finished")
	assert.Contains(t, page, "2 done · 0 failed · 0 remaining · 1 not sent (refused in the plan)")
	assert.Contains(t, page, "Succeeded: PATCH 204, request-id batch-req-")
	assert.Contains(t, page, "Not sent: \"All users and all devices\" is the tenant's default")
	assert.Equal(t, graph.TargetExclusionGroup, g.set(limitID)[1].Target.Kind, "exclude kept")
	assert.Equal(t, "2055bd7e-3680-4788-8cb4-3744ef9778f0", g.set(limitID)[1].Target.GroupID)
	assert.Equal(t, "2055bd7e-3680-4788-8cb4-3744ef9778f0", g.set(espID)[0].Target.GroupID)
	assert.Zero(t, g.writeCount(defaultL))

	kept, found, err := bulk.LoadRun(store, keep.RunKey)
	require.NoError(t, err)
	require.True(t, found, "the run is kept in the tab's storage")
	assert.Equal(t, bulk.RunFinished, kept.Status)
	assert.Equal(t, 2, kept.Counts().Succeeded)
	assert.Contains(t, html(c), `id="bulk-discard"`)
	assert.NotContains(t, html(c), `id="bulk-cancel"`)
}

func TestBulkFailedItemIsShownAndRetriedAlone(t *testing.T) {
	g := bulkTenant()
	g.fail[limitID] = 403
	c := bulkScreen(g, new(keeptest.Memory))
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceToggle}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: pilotID})
	act(t, e, c, func(ctx app.Context) { c.Confirm(ctx) })
	waitFor(t, e, func() bool { return !c.running })

	page := visible(html(c))
	assert.Contains(t, page, "1 done · 1 failed")
	assert.Contains(t, page, "Failed: 403 Forbidden: Application is not authorized to perform this operation. (request-id req-fail, 2026-03-01T09:00:00)")
	assert.Contains(t, page, "What to do: The signed-in account may not do this")
	assert.Contains(t, html(c), `aria-label="Retry: Ten devices: Include group Pilot Users"`)
	espWrites := g.writeCount(espID)

	delete(g.fail, limitID)
	item := limitID + "/" + limitID + "_" + pilotID
	act(t, e, c, func(ctx app.Context) { c.RetryItem(ctx, item) })
	waitFor(t, e, func() bool { return !c.running })
	assert.Contains(t, visible(html(c)), "2 done · 0 failed")
	assert.Equal(t, espWrites, g.writeCount(espID), "only the failed item was sent again")
	assert.Equal(t, graph.TargetExclusionGroup, g.set(limitID)[0].Target.Kind)
}

func TestBulkCancelFinishesTheBatchInFlightAndOffersToResume(t *testing.T) {
	g := bulkTenant()
	c := bulkScreen(g, new(keeptest.Memory))
	e := mount(t, c)
	planFor(t, e, c, drafts.Change{Choice: drafts.ChoiceToggle}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: salesID}, bulk.Rule{Kind: bulk.RuleGroup, GroupID: pilotID})
	c.strategy = bulk.StrategyPatch
	g.onBatch = func(n int, reqs []graph.BatchRequest) {
		if n == 2 { // the first write batch (the lone PATCH) is in flight
			c.Cancel(c.ctx)
		}
	}
	act(t, e, c, func(ctx app.Context) { c.Confirm(ctx) })
	waitFor(t, e, func() bool { return !c.running })

	assert.Equal(t, 2, g.batches, "nothing after the batch in flight")
	page := visible(html(c))
	assert.Contains(t, page, "Stopped: cancelled")
	assert.Contains(t, page, "1 done · 0 failed · 3 remaining")
	assert.Contains(t, page, "Resume: send the 3 remaining changes")

	g.onBatch = nil
	act(t, e, c, func(ctx app.Context) { c.Resume(ctx) })
	waitFor(t, e, func() bool { return !c.running })
	assert.Contains(t, visible(html(c)), "4 done · 0 failed · 0 remaining")
}

func TestBulkScreenResumesTheKeptRunWhenAsked(t *testing.T) {
	g := bulkTenant()
	store := new(keeptest.Memory)
	plan, err := bulk.NewPlan(g.configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	run := bulk.NewRun("kept", plan, bulk.StrategyFewest, time.Now())
	require.NoError(t, bulk.SaveRun(store, keep.RunKey, run))

	entry := &BulkEntry{Runs: store}
	var opened []bool
	entry.OnOpen = func(_ app.Context, resume bool) { opened = append(opened, resume) }
	ee := mount(t, entry)
	text := visible(html(entry))
	assert.Contains(t, text, "A bulk change was interrupted: 0 of 2 changes applied, 2 not yet confirmed")
	act(t, ee, entry, func(ctx app.Context) { entry.open(ctx, true) })
	assert.Equal(t, []bool{true}, opened)

	c := bulkScreen(g, store)
	c.ResumeOnOpen = true
	e := mount(t, c)
	waitFor(t, e, func() bool { return !c.running && c.run != nil && c.run.Status == bulk.RunFinished })
	assert.Contains(t, visible(html(c)), "2 done · 0 failed · 0 remaining")
	assert.Equal(t, graph.TargetExclusionGroup, g.set(limitID)[0].Target.Kind)
}

func TestBulkEntryWithoutAKeptRunOnlyOpens(t *testing.T) {
	entry := &BulkEntry{Runs: new(keeptest.Memory)}
	mount(t, entry)
	page := html(entry)
	assert.Contains(t, page, `id="open-bulk"`)
	assert.NotContains(t, page, "interrupted")
	assert.True(t, strings.Contains(visible(page), "Bulk changes"))
}

// waitFor lets the test engine run until cond holds; a run is a goroutine.
func waitFor(t *testing.T, e app.TestEngine, cond func() bool) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		e.ConsumeAll()
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the condition never held")
}
