package components

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkScreen changes many assignments together: choose them, choose the
// change, read the dry run, confirm, watch the progress, retry what failed,
// choose for each conflict. What is chosen is kept as a draft until it is
// confirmed; the run is kept in localStorage after every batch, so that a
// reload or a closed tab offers to resume it, and only the tab holding the
// run's lease sends it (bulk_screen_safety.go).
type BulkScreen struct {
	app.Compo

	Graph Graph
	// Runs keeps the run at keep.RunKey: localStorage, scoped to the
	// tenant and user, recording every write in the history.
	Runs bulk.Storage
	// Keeping keeps the plan being chosen as a draft; KeptPlan is a kept
	// plan to take up (without it, the one kept for the user is).
	Keeping  keep.Keeping
	KeptPlan *drafts.Draft
	// Pace is how fast the run writes.
	Pace Pace
	// ResumeOnOpen starts the kept run as soon as the screen opens.
	ResumeOnOpen   bool
	OnBack         func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)
	// People is the session's directory, for the dry run's impact.
	People People

	loading bool
	loadErr error
	configs []graph.Configuration
	groups  map[string]graph.Group

	selection bulk.Selection
	draft     drafts.Change
	plan      *bulk.Plan
	planErr   error
	strategy  bulk.Strategy

	run      *bulk.Run
	progress bulk.Progress
	running  bool
	cancel   context.CancelFunc
	runErr   error
	keptErr  error

	// lease keeps other tabs off the run this screen sends, and follows
	// another tab sending the kept run.
	lease leaseWatch
	// restored says the selection was taken up from a kept draft;
	// wantDryRun that the draft was at the dry run, to make again once
	// the configurations are in.
	restored   bool
	wantDryRun bool
	draftErr   error
	// resolving is the conflicted item whose versions are shown.
	resolving string
	// ctx is the screen's own context: children call back with theirs.
	ctx  app.Context
	opts options
}

// OnMount picks up a kept run or a kept plan and loads the tenant; asked
// to, it resumes the kept run.
func (c *BulkScreen) OnMount(ctx app.Context) {
	c.ctx, c.strategy = ctx, bulk.StrategyFewest
	c.lease = newLeaseWatch(c.Runs, keep.RunKey, c.opts)
	c.lease.releaseOnPageHide()
	run, found, err := bulk.LoadRun(c.Runs, keep.RunKey)
	switch {
	case err != nil:
		c.keptErr = err
	case found:
		c.setRun(run)
		c.watchLease(ctx)
	}
	c.restoreDraft()
	c.load(ctx)
	if found && err == nil && c.ResumeOnOpen && run.Unfinished() {
		c.start(ctx)
	}
}

// OnDismount stops a run at the end of its batch in flight; it stays kept,
// ready to resume.
func (c *BulkScreen) OnDismount() {
	if c.cancel != nil {
		c.cancel()
	}
	c.lease.stop()
}

// load reads every configuration with its assignments, then the names of
// the groups they target.
func (c *BulkScreen) load(ctx app.Context) {
	c.loading, c.loadErr = true, nil
	g, kept := c.Graph, planGroupIDs(c.run)
	ctx.Async(func() {
		configs, err := g.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
		var groups map[string]graph.Group
		if err == nil {
			groups, _ = g.GetGroups(ctx, uniqueStrings(append(groupsOf(configs), kept...))) // names only; IDs are shown without them
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.loading, c.loadErr = false, err
			if err == nil {
				c.configs, c.groups = sortConfigurations(configs), groups
				c.dryRunIfWanted(ctx)
			}
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
			}
		})
	})
}

func groupsOf(configs []graph.Configuration) []string {
	seen := map[string]bool{}
	var ids []string
	for _, cfg := range configs {
		for _, id := range groupIDs(cfg.Assignments) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// DryRun makes the plan of the chosen change over the selection. The group
// picked to put in is named by the name it was picked by.
func (c *BulkScreen) DryRun(app.Context) {
	plan, err := bulk.NewPlan(c.configs, c.selection, c.draft.Operation())
	c.plan, c.planErr = nil, err
	if err == nil {
		c.plan = &plan
	}
	c.knowGroup(c.draft.ToGroup)
	c.keepDraft()
	if c.plan != nil {
		focusOn(c.ctx, "bulk-dry-run-title")
	}
}

// knowGroup adds a group the screen learnt otherwise (picked by name).
func (c *BulkScreen) knowGroup(g graph.Group) {
	if g.ID == "" || g.DisplayName == "" {
		return
	}
	c.groups = merged(c.groups, map[string]graph.Group{g.ID: g})
}

// planGroupIDs are the groups a kept run's items target, before and after.
func planGroupIDs(run *bulk.Run) []string {
	if run == nil {
		return nil
	}
	var ids []string
	for _, it := range run.Plan.Items() {
		for _, t := range []graph.Target{it.Before, it.After} {
			if t.Kind.HasGroup() {
				ids = append(ids, t.GroupID)
			}
		}
	}
	return ids
}

// Confirm keeps the plan as a run and starts sending it; the run now holds
// what the draft held.
func (c *BulkScreen) Confirm(app.Context) {
	ctx := c.ctx
	if c.plan == nil || c.running {
		return
	}
	if _, held := c.lease.keeper.Elsewhere(); held {
		// Another tab started a run meanwhile: it is not replaced under
		// that tab, it is shown; the plan stays kept as a draft.
		if kept, found, err := bulk.LoadRun(c.Runs, keep.RunKey); err == nil && found {
			c.setRun(kept)
			c.watchLease(ctx)
		}
		return
	}
	now := time.Now()
	run := bulk.NewRun("run-"+now.UTC().Format("20060102T150405.000"), *c.plan, c.strategy, now)
	if err := bulk.SaveRun(c.Runs, keep.RunKey, run); err != nil {
		c.runErr = err
		return
	}
	c.forgetDraft()
	c.setRun(run)
	c.start(ctx)
	focusOn(ctx, "bulk-run-title")
}

// start runs the current run in the background. The engine works on its
// own copy and hands the screen a snapshot after every batch.
func (c *BulkScreen) start(ctx app.Context) {
	if c.running || c.run == nil {
		return
	}
	writer, ok := bulkWriterOf(c.Graph)
	if !ok {
		c.runErr = errors.New("this Graph client cannot send batches")
		return
	}
	if c.lease.look(); c.lease.held != nil {
		c.watchLease(ctx)
		return
	}
	work := c.latestRun()
	runCtx, cancel := context.WithCancel(ctx)
	c.cancel, c.running, c.runErr, c.resolving = cancel, true, nil, ""
	c.lease.claim()
	c.setRun(work.Snapshot())
	engine := &bulk.Engine{Graph: writer, Store: c.Runs, Key: keep.RunKey, Limits: c.Pace.limits(), Clock: c.opts.clock,
		OnProgress: func(p bulk.Progress) {
			ctx.Dispatch(func(app.Context) { c.progress, c.run = p, p.Run })
		}}
	c.lease.engine(engine)
	ctx.Async(func() {
		err := engine.Run(runCtx, work)
		final := work.Snapshot()
		ctx.Dispatch(func(ctx app.Context) {
			cancel()
			c.running, c.cancel, c.runErr = false, nil, err
			c.setRun(final)
			c.ended(ctx, err)
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
			}
		})
	})
}

// setRun shows a run, with its figures as the progress bar wants them.
func (c *BulkScreen) setRun(run *bulk.Run) {
	c.run = run
	c.progress.Counts, c.progress.Status, c.progress.Run = run.Counts(), run.Status, run
	c.progress.Writes, c.progress.Reads, c.progress.Throttled = run.Writes, run.Reads, run.Throttled
	if run.Status != bulk.RunRunning {
		c.progress.Waiting = ""
	}
}

// Cancel asks the run to stop after its batch in flight.
func (c *BulkScreen) Cancel(app.Context) {
	if c.cancel != nil {
		c.cancel()
	}
}

// Resume sends the rest of a stopped run.
func (c *BulkScreen) Resume(app.Context) { c.start(c.ctx) }

// RetryFailed sends every failed item again, and nothing else. Conflicts
// are not among them: each waits for the user's choice.
func (c *BulkScreen) RetryFailed(app.Context) {
	var keys []string
	for _, it := range c.run.Plan.Items() {
		if it.Outcome.State == bulk.StateFailed && !isConflict(it) {
			keys = append(keys, it.Key)
		}
	}
	if len(keys) > 0 {
		c.retry(keys...)
	}
}

// RetryItem sends one failed item again.
func (c *BulkScreen) RetryItem(_ app.Context, key string) { c.retry(key) }

func (c *BulkScreen) retry(keys ...string) {
	c.amend(func(run *bulk.Run) error {
		if run.Retry(keys...) == 0 {
			return errNothingToRetry
		}
		return nil
	}, true)
}

var errNothingToRetry = errors.New("nothing to retry: the change has ended meanwhile")

// Discard forgets the kept run and goes back to choosing.
func (c *BulkScreen) Discard(app.Context) {
	if c.running || c.run == nil {
		return
	}
	if c.lease.look(); c.lease.held != nil {
		return
	}
	c.Runs.Remove(keep.RunKey)
	c.run, c.plan, c.runErr, c.keptErr, c.progress, c.resolving = nil, nil, nil, nil, bulk.Progress{}, ""
	c.load(c.ctx)
}

// Render draws the step the user is at.
func (c *BulkScreen) Render() app.UI {
	return app.Section().Class("panel bulk").Aria("labelledby", "bulk-title").Body(
		app.H2().ID("bulk-title").TabIndex(-1).Text("Bulk changes"),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("bulk-back").Text("Back to configurations").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnBack) }),
		),
		app.If(c.keptErr != nil, func() app.UI {
			return app.Div().Class("notice").Body(
				app.Text("A kept bulk change could not be read, so it cannot be resumed: "+c.keptErr.Error()+" "),
				app.Button().Type("button").ID("bulk-forget").Text("Forget it").OnClick(func(ctx app.Context, e app.Event) { c.Discard(ctx) }),
			)
		}),
		c.renderStep(),
	)
}

func (c *BulkScreen) renderStep() app.UI {
	switch {
	case c.run != nil:
		return app.Div().Body(
			app.If(c.resolving != "" && !c.running && c.lease.held == nil, c.renderConflict),
			&BulkProgress{Progress: c.progress, Running: c.running, StopReason: c.run.StopReason, Err: c.runErr, Held: c.lease.held,
				OnCancel: c.Cancel, OnResume: c.Resume, OnRetryFailed: c.RetryFailed, OnDiscard: c.Discard},
			&BulkOutcomes{Run: c.run, Groups: c.groups, Running: c.running || c.lease.held != nil, OnRetry: c.RetryItem, OnResolve: c.Resolve},
		)
	case c.loadErr != nil:
		return &widgets.GraphError{Title: "Loading configurations failed", Err: c.loadErr}
	case c.loading && c.configs == nil:
		return app.P().Class("loading").Role("status").Text("Loading configurations")
	case c.plan != nil:
		return app.Div().Body(
			c.renderKept(),
			&BulkDryRun{Plan: *c.plan, Groups: c.groups, People: c.People, Strategy: c.strategy, Limits: c.Pace.limits(), LimitsNote: c.Pace.Note,
				OnStrategy: func(_ app.Context, s bulk.Strategy) { c.strategy = s; c.keepDraft() },
				OnConfirm:  c.Confirm, OnBack: func(app.Context) { c.plan = nil; c.keepDraft(); focusOn(c.ctx, "bulk-dry-run") }},
		)
	}
	return app.Div().Body(
		c.renderKept(),
		&BulkSelection{Configurations: c.configs, Groups: c.groups, Selection: c.selection,
			OnChange: func(_ app.Context, s bulk.Selection) { c.selection = s; c.keepDraft() }},
		&BulkOperationForm{Graph: c.Graph, Groups: c.groups, InUse: groupsOf(c.configs), Draft: c.draft, opts: c.opts,
			Problem:  problemWords(c.planErr),
			OnChange: func(_ app.Context, d drafts.Change) { c.draft = d; c.keepDraft() },
			OnDryRun: c.DryRun},
	)
}

func problemWords(err error) string {
	if err == nil {
		return ""
	}
	return widgets.ExplainError(err).Message
}
