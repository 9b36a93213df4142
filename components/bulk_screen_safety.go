package components

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// The bulk screen's part in "nothing lost": the plan kept as a draft while
// it is chosen, the run's lease (one tab at a time sends it), and the
// choice offered for each conflict. Kept beside the screen so that its own
// file stays about the steps.

// ---------------------------------------------------------------- the lease

// watchLease shows the kept run as another tab left it (it may have moved
// on, or ended) and notes whether that tab is still sending it; while it
// is, it looks again.
func (c *BulkScreen) watchLease(ctx app.Context) {
	if c.running || c.run == nil {
		c.lease.held = nil
		return
	}
	c.lease.look()
	if kept, found, err := bulk.LoadRun(c.Runs, keep.RunKey); err == nil && found && kept.ID == c.run.ID {
		c.setRun(kept)
	}
	c.lease.again(ctx, c.watchLease)
}

// latestRun is the run to send: the kept one when it is this run, since
// another tab may have moved it on since this screen read it.
func (c *BulkScreen) latestRun() *bulk.Run {
	if kept, found, err := bulk.LoadRun(c.Runs, keep.RunKey); err == nil && found && kept.ID == c.run.ID {
		return kept
	}
	return c.run.Snapshot()
}

// ended reads why a run stopped: another tab holding or taking the lease
// is shown as such, not as a failure.
func (c *BulkScreen) ended(ctx app.Context, err error) {
	held, lost := c.lease.stoppedBy(err)
	if held {
		c.runErr = nil
	}
	if held || lost {
		c.watchLease(ctx)
	}
}

// amend changes the kept run (a retry, a choice on a conflict) and keeps
// it, unless it is running here or another tab is sending it; send starts
// it again.
func (c *BulkScreen) amend(change func(run *bulk.Run) error, send bool) {
	if c.running || c.run == nil {
		return
	}
	if c.lease.look(); c.lease.held != nil {
		c.watchLease(c.ctx)
		return
	}
	run := c.latestRun()
	if err := change(run); err != nil {
		c.runErr = err
		return
	}
	if err := bulk.SaveRun(c.Runs, keep.RunKey, run); err != nil {
		c.runErr = err
		return
	}
	c.runErr, c.resolving = nil, ""
	c.setRun(run)
	if send {
		c.start(c.ctx)
	}
}

// ---------------------------------------------------------------- conflicts

func isConflict(it bulk.Item) bool {
	return it.Outcome.Error != nil && it.Outcome.Error.Conflict
}

// Resolve shows a conflicted item's versions and the choices.
func (c *BulkScreen) Resolve(_ app.Context, key string) {
	c.resolving = key
	if it, ok := c.run.Item(key); ok && isConflict(it) {
		c.learnNames(it.Outcome.Error.Theirs)
	}
}

// KeepTheirs closes the conflicted item shown: nothing is written, and the
// history records the choice.
func (c *BulkScreen) KeepTheirs(app.Context) {
	key := c.resolving
	c.amend(func(run *bulk.Run) error { return run.KeepTheirs(key, c.now()) }, false)
}

// ApplyMineOnTop sends the conflicted item shown again, alone, re-planned
// on top of the set the service holds.
func (c *BulkScreen) ApplyMineOnTop(app.Context) {
	key := c.resolving
	c.amend(func(run *bulk.Run) error { return run.ApplyMineOnTop(key) }, true)
}

func (c *BulkScreen) now() time.Time {
	if c.opts.clock != nil {
		return c.opts.clock.Now()
	}
	return time.Now()
}

// learnNames finds the names of the groups theirs targets that the screen
// does not know yet.
func (c *BulkScreen) learnNames(set []graph.Assignment) {
	var unknown []string
	for _, a := range set {
		if _, known := c.groups[a.Target.GroupID]; a.Target.Kind.HasGroup() && !known {
			unknown = append(unknown, a.Target.GroupID)
		}
	}
	if len(unknown) == 0 {
		return
	}
	ctx, g := c.ctx, c.Graph
	ctx.Async(func() {
		found, err := g.GetGroups(ctx, unknown)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				return
			}
			names := make(map[string]graph.Group, len(c.groups)+len(found))
			for id, gr := range c.groups {
				names[id] = gr
			}
			for id, gr := range found {
				names[id] = gr
			}
			c.groups = names
		})
	})
}

func (c *BulkScreen) renderConflict() app.UI {
	it, ok := c.run.Item(c.resolving)
	if !ok || !isConflict(it) || it.Outcome.State != bulk.StateFailed {
		return app.Div()
	}
	f := it.Outcome.Error
	id := it.AssignmentID
	var applyMine func(app.Context)
	if theirs, exists := it.Theirs(); exists {
		id, applyMine = theirs.ID, c.ApplyMineOnTop
	}
	names := map[string]string{}
	for gid, gr := range c.groups {
		names[gid] = gr.DisplayName
	}
	return app.Div().Class("bulk-conflict").DataSet("key", it.Key).Body(
		app.P().Class("bulk-conflict-about").Text(configurationNames(c.run.Plan)[it.ConfigurationID]+": "+f.Message),
		&widgets.ConflictView{Conflict: &graph.ConflictError{Configuration: it.ConfigurationID, Reason: f.Message, Actual: f.Theirs},
			AssignmentID: id, Before: it.Before, Yours: it.After, GroupNames: names,
			OnKeepTheirs: c.KeepTheirs, OnApplyMine: applyMine},
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("bulk-conflict-later").Text("Decide later").
				OnClick(func(ctx app.Context, e app.Event) { c.resolving = "" }),
		),
	)
}

// ---------------------------------------------------------------- the draft

// planDraft is what is chosen, as kept.
func (c *BulkScreen) planDraft() drafts.BulkPlan {
	return drafts.BulkPlan{Selection: c.selection, Change: c.draft, Strategy: c.strategy, DryRun: c.plan != nil}
}

// keepDraft saves what is chosen, so that a reload, a new sign-in or a
// closed tab does not lose it; with nothing chosen, nothing is kept.
func (c *BulkScreen) keepDraft() {
	if !c.Keeping.Enabled() {
		return
	}
	d := c.planDraft()
	if d.Empty() {
		c.forgetDraft()
		return
	}
	c.draftErr = c.Keeping.Drafts.Save(drafts.KindBulkPlan, drafts.BulkPlanID, bulkPlanTitle(d, c.groupName), d)
}

func (c *BulkScreen) forgetDraft() {
	if c.Keeping.Enabled() {
		c.Keeping.Drafts.Remove(drafts.KindBulkPlan, drafts.BulkPlanID)
	}
	c.restored = false
}

// restoreDraft takes up the kept plan: the one the shell hands over, or
// else the one kept for this user.
func (c *BulkScreen) restoreDraft() {
	d := c.KeptPlan
	if d == nil && c.Keeping.Enabled() {
		if kept, ok := c.Keeping.Drafts.Get(drafts.KindBulkPlan, drafts.BulkPlanID); ok {
			d = &kept
		}
	}
	if d == nil {
		return
	}
	p, err := drafts.BulkPlanOf(*d)
	if err != nil {
		c.forgetDraft()
		c.draftErr = fmt.Errorf("a kept bulk change could not be read and was dropped: %w", err)
		return
	}
	c.selection, c.draft, c.restored, c.wantDryRun = p.Selection, p.Change, true, p.DryRun
	if p.Strategy != "" {
		c.strategy = p.Strategy
	}
}

// dryRunIfWanted makes again the dry run a restored draft was at, from the
// tenant as it is now.
func (c *BulkScreen) dryRunIfWanted(ctx app.Context) {
	if c.wantDryRun && c.run == nil {
		c.wantDryRun = false
		c.DryRun(ctx)
	}
}

// StartOver drops what is chosen, and its draft.
func (c *BulkScreen) StartOver(app.Context) {
	c.selection, c.draft, c.plan, c.planErr, c.strategy = bulk.Selection{}, drafts.Change{}, nil, nil, bulk.StrategyFewest
	c.forgetDraft()
}

// renderKept says the choice was taken up from a draft, or could not be.
func (c *BulkScreen) renderKept() app.UI {
	return app.Div().Body(
		app.If(c.restored, func() app.UI {
			return app.P().Class("notice bulk-restored").Role("status").Body(
				app.Text("Your unconfirmed bulk change, kept in this browser, is taken up where you left it; the dry run is made from the tenant as it is now. "),
				app.Button().Type("button").ID("bulk-start-over").Text("Start over").
					OnClick(func(ctx app.Context, e app.Event) { c.StartOver(ctx) }),
			)
		}),
		app.If(c.draftErr != nil, func() app.UI {
			return app.P().Class("field-message warning").Role("status").Text("Not kept in this browser: " + errorText(c.draftErr))
		}),
	)
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (c *BulkScreen) groupName(id string) string { return c.groups[id].DisplayName }
