package components

import (
	"context"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/backup"
	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
)

// BackupScreen downloads a backup of every configuration's assignments,
// and restores one: the file is read and checked in the browser, compared
// with the tenant (the dry run), and only on confirmation written, set
// replacements first, then retargets through the bulk engine. The run is
// kept in localStorage, which every tab shares, so only the tab holding its
// lease sends it (backup_lease.go).
type BackupScreen struct {
	app.Compo

	Graph   Graph
	Keeping keep.Keeping
	Cloud   cloud.Cloud
	// Pace is how fast a restore's retargets are written.
	Pace Pace
	// Files downloads the backup; nil is the browser's.
	Files Files
	// Resume is an import kept as a draft, to take up again.
	Resume         *drafts.Draft
	OnBack         func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)
	// ReadOnly offers no restore: Intune refused a change for the role.
	ReadOnly bool
	// People is the session's directory, for the dry run's impact.
	People People
	// impacts are the dry run's rows' words, once per diff and snapshot.
	impacts impactMemo

	taking  bool
	taken   string
	takeErr error

	fileName string
	refused  error
	file     *backup.File
	diffing  bool
	diff     *backup.Diff
	diffErr  error
	// groups names the groups the dry run and the run show.
	groups map[string]graph.Group

	kept     *bulk.Run
	running  bool
	cancel   context.CancelFunc
	progress bulk.Progress
	run      *bulk.Run
	replaced []backup.Replaced
	runErr   error
	finished bool
	keptErr  error
	// lease keeps other tabs off the restore this screen sends, and
	// follows another tab sending the kept one.
	lease leaseWatch
	ctx   app.Context
	opts  options
}

// OnMount takes up a kept import, and offers to resume a restore that a
// reload or a closed tab interrupted.
func (c *BackupScreen) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.lease = newLeaseWatch(c.Keeping.Restore, keep.RunKey, c.opts)
	c.lease.releaseOnPageHide()
	if c.Keeping.Enabled() {
		if run, found, err := bulk.LoadRun(c.Keeping.Restore, keep.RunKey); found && err == nil && run.Unfinished() {
			c.kept = run
			c.watchLease(ctx)
		}
	}
	if c.Resume != nil {
		var d drafts.Restore
		if err := c.Resume.Unmarshal(&d); err == nil {
			c.Import(ctx, d.Name, []byte(d.Content))
		}
	}
}

// OnDismount stops listening for the page going away.
func (c *BackupScreen) OnDismount() { c.lease.stop() }

// Render draws the two halves: backup, then restore.
func (c *BackupScreen) Render() app.UI {
	return app.Div().Class("backup").Body(
		app.Section().Class("panel").Aria("labelledby", "backup-title").Body(
			app.Button().Type("button").Class("link").ID("backup-back").Text("← All configurations").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnBack) }),
			app.H2().ID("backup-title").TabIndex(-1).Text("Backup"),
			app.P().Text("Download every configuration's assignments, filters included (read through beta), as one JSON file."),
			app.Button().Type("button").Class("primary").ID("take-backup").Text("Download a backup").
				Disabled(c.taking).OnClick(func(ctx app.Context, e app.Event) { c.TakeBackup(ctx) }),
			app.If(c.taking, func() app.UI { return app.P().Class("loading").Role("status").Text("Reading every configuration") }),
			app.If(c.taken != "", func() app.UI { return app.P().Class("backup-taken").Role("status").Text(c.taken) }),
			app.If(c.takeErr != nil, func() app.UI { return &widgets.GraphError{Title: "The backup could not be taken", Err: c.takeErr} }),
		),
		app.Section().Class("panel").Aria("labelledby", "restore-title").Body(
			app.H2().ID("restore-title").Text("Restore"),
			app.If(c.lease.held != nil && !c.running, func() app.UI { return renderHeldRun("A restore", c.lease.held) }),
			app.If(c.kept != nil && !c.running && c.run == nil, c.renderKept),
			app.Label().For("restore-file").Text("Backup file to restore"),
			app.Input().Type("file").ID("restore-file").Accept(".json,application/json").Disabled(c.running).
				OnChange(func(ctx app.Context, e app.Event) { browser.ReadChosenFile(ctx, backup.MaxSize, c.chosen) }),
			app.P().Class("muted small").Text("The file is read in this browser and checked; nothing is written until you confirm the changes it lists."),
			app.If(c.refused != nil, func() app.UI {
				return app.P().ID("restore-refused").Class("error-box panel").Role("alert").Text(c.fileName + ": " + c.refused.Error())
			}),
			app.If(c.diffing, func() app.UI {
				return app.P().Class("loading").Role("status").Text("Comparing the backup with the tenant")
			}),
			app.If(c.diffErr != nil, func() app.UI { return &widgets.GraphError{Title: "The tenant could not be read", Err: c.diffErr} }),
			app.If(c.diff != nil && c.run == nil && !c.running, c.renderDryRun),
			app.If(c.run != nil || c.running, c.renderRun),
			app.If(c.keptErr != nil, func() app.UI {
				return app.P().Class("field-message warning").Role("status").Text("Not kept in this browser: " + c.keptErr.Error())
			}),
		),
	)
}

func (c *BackupScreen) files() Files {
	if c.Files != nil {
		return c.Files
	}
	return browser.Files{}
}

// TakeBackup reads every configuration with its assignments through beta
// and downloads them as one file.
func (c *BackupScreen) TakeBackup(ctx app.Context) {
	ctx = c.ctx // the button that asked may be gone before the answer
	tg, ok := tenantGraphOf(c.Graph)
	if !ok || c.taking {
		return
	}
	c.taking, c.taken, c.takeErr = true, "", nil
	meta := backup.Meta{TenantID: c.Keeping.Who.Tenant, CloudID: c.Cloud.ID, GraphURL: c.Cloud.GraphURL,
		APIVersion: graph.Beta, TakenBy: c.Keeping.Who.User}
	ctx.Async(func() {
		all, err := tg.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
		ctx.Dispatch(func(ctx app.Context) {
			c.taking = false
			if err != nil {
				c.failed(ctx, &c.takeErr, err)
				return
			}
			meta.TakenAt = time.Now()
			f := backup.New(meta, all)
			data, err := f.Encode()
			if err == nil {
				err = c.files().Download(f.FileName(), "application/json", data)
			}
			if err != nil {
				c.takeErr = err
				return
			}
			c.taken = "Downloaded " + f.FileName() + ": " + widgets.Count(len(f.Configurations), "configuration", "configurations") + ", " +
				widgets.Count(assignmentCount(f), "assignment", "assignments") + "."
		})
	})
}

func assignmentCount(f backup.File) int {
	n := 0
	for _, c := range f.Configurations {
		n += len(c.Assignments)
	}
	return n
}

// failed files err in *slot, or hands a session that only a sign-in cures
// to the shell.
func (c *BackupScreen) failed(ctx app.Context, slot *error, err error) {
	if SessionEnded(err) && c.OnSessionEnded != nil {
		c.OnSessionEnded(ctx, err)
		return
	}
	*slot = err
}

func (c *BackupScreen) chosen(ctx app.Context, name string, data []byte, err error) {
	if err != nil {
		c.fileName, c.refused, c.file, c.diff = name, err, nil, nil
		return
	}
	c.Import(ctx, name, data)
}

// Import checks a backup file and compares it with the tenant. A file that
// is not one of this tenant's backups is refused with the reason, and
// nothing else happens.
func (c *BackupScreen) Import(ctx app.Context, name string, data []byte) {
	c.fileName, c.refused, c.file, c.diff, c.diffErr, c.run, c.replaced, c.finished = name, nil, nil, nil, nil, nil, nil, false
	f, err := backup.Parse(data, backup.Expect{TenantID: c.Keeping.Who.Tenant, CloudID: c.Cloud.ID})
	if err != nil {
		c.refused = err
		return
	}
	c.file = &f
	if c.Keeping.Enabled() {
		title := "Restore of " + name + " (backup taken " + f.TakenAt.Local().Format("2 Jan 2006 15:04") + ")"
		c.keptErr = c.Keeping.Drafts.Save(drafts.KindRestore, drafts.RestoreID, title, drafts.Restore{Name: name, Content: string(data)})
	}
	c.compare(ctx)
}

// compare reads the tenant as it is now and makes the dry run.
func (c *BackupScreen) compare(ctx app.Context) {
	ctx = c.ctx // the button that asked may be gone before the answer
	tg, ok := tenantGraphOf(c.Graph)
	if !ok || c.file == nil {
		return
	}
	c.diffing, c.diff, c.diffErr = true, nil, nil
	f, g := *c.file, c.Graph
	ctx.Async(func() {
		live, err := tg.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
		var d backup.Diff
		var groups map[string]graph.Group
		if err == nil {
			d = backup.Compare(f, live)
			groups, _ = g.GetGroups(ctx, diffGroupIDs(d)) // names only; IDs are shown without them
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.diffing = false
			if err != nil {
				c.failed(ctx, &c.diffErr, err)
				return
			}
			c.diff, c.groups = &d, merged(c.groups, groups)
			focusOn(ctx, "restore-dry-run-title")
		})
	})
}

// Discard forgets the import.
func (c *BackupScreen) Discard(app.Context) {
	if c.Keeping.Enabled() {
		c.Keeping.Drafts.Remove(drafts.KindRestore, drafts.RestoreID)
	}
	c.file, c.diff, c.fileName, c.run, c.replaced, c.finished = nil, nil, "", nil, nil, false
}

// Start confirms the dry run: the replacements, then the retargets.
func (c *BackupScreen) Start(ctx app.Context) {
	if c.diff == nil || c.running || c.diff.Counts().Changes == 0 {
		return
	}
	run := bulk.NewRun("restore-"+time.Now().UTC().Format("20060102T150405.000"), c.diff.BulkPlan(), bulk.StrategyFewest, time.Now())
	c.begin(ctx, *c.diff, run)
	focusOn(c.ctx, "restore-run-title")
}

// ResumeKept carries on with a restore's run that was interrupted.
func (c *BackupScreen) ResumeKept(ctx app.Context) {
	if c.kept == nil || c.running || c.heldElsewhere() {
		return
	}
	run := c.kept
	c.kept = nil
	c.begin(ctx, backup.Diff{}, run)
}

// begin runs the restore in the background; progress and the end come
// back through Dispatch. While another tab sends the kept restore, nothing
// starts here.
func (c *BackupScreen) begin(ctx app.Context, d backup.Diff, run *bulk.Run) {
	ctx = c.ctx // the button that asked may be gone before the answer
	tg, ok := tenantGraphOf(c.Graph)
	if !ok {
		c.runErr = errors.New("this Graph client cannot restore")
		return
	}
	if c.heldElsewhere() {
		return
	}
	runCtx, cancel := context.WithCancel(ctx)
	c.cancel, c.running, c.runErr, c.finished, c.replaced = cancel, true, nil, false, nil
	c.lease.claim()
	c.run = run.Snapshot() // the engine changes run itself as it goes
	c.progress = bulk.Progress{Counts: run.Counts(), Status: run.Status}
	keeping := c.Keeping
	r := c.restorer(ctx, tg, keeping)
	ctx.Async(func() {
		err := r.Restore(runCtx, d, run)
		final := run.Snapshot()
		ctx.Dispatch(func(ctx app.Context) {
			c.running, c.run, c.finished = false, final, true
			c.progress.Counts, c.progress.Status, c.progress.Waiting = final.Counts(), final.Status, ""
			if c.ended(ctx, err) {
				return
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				c.failed(ctx, &c.runErr, err)
			}
			if c.succeeded() && keeping.Enabled() {
				keeping.Drafts.Remove(drafts.KindRestore, drafts.RestoreID)
			}
		})
	})
}

// restorer wires the restore: its run kept (and its writes recorded in the
// history) after every batch and sent only under this page's lease, each
// replacement recorded as it ends.
func (c *BackupScreen) restorer(ctx app.Context, tg TenantGraph, keeping keep.Keeping) *backup.Restorer {
	store := keep.Recorder{Runs: keeping.Restore, Keeping: keeping, Source: history.SourceRestore,
		OnRecordErr: func(err error) { ctx.Dispatch(func(app.Context) { c.keptErr = err }) }}
	engine := &bulk.Engine{Graph: tg, Limits: c.Pace.limits(),
		OnProgress: func(p bulk.Progress) {
			ctx.Dispatch(func(app.Context) {
				c.progress = p
				if p.Run != nil {
					c.run = p.Run
				}
			})
		}}
	if keeping.Enabled() {
		engine.Store, engine.Key = store, keep.RunKey
		c.lease.engine(engine)
	}
	return &backup.Restorer{Replacer: tg, Engine: engine, OnReplaced: func(r backup.Replaced) {
		err := keeping.Record(history.FromReplacement(keeping.Who, history.SourceRestore, replacementOf(r))...)
		ctx.Dispatch(func(app.Context) {
			c.replaced = append(c.replaced, r)
			if err != nil {
				c.keptErr = err
			}
		})
	}}
}

func replacementOf(r backup.Replaced) history.Replacement {
	cd := r.Configuration
	return history.Replacement{ConfigurationID: cd.ID, ConfigurationName: cd.DisplayName, ConfigurationKind: cd.Kind,
		Removed: cd.Removed, Added: cd.Added, Write: r.Write, Err: r.Err, At: r.At}
}

// succeeded reports a restore that wrote everything it set out to.
func (c *BackupScreen) succeeded() bool {
	for _, r := range c.replaced {
		if r.Err != nil {
			return false
		}
	}
	if c.run == nil {
		return c.runErr == nil
	}
	n := c.run.Counts()
	return c.runErr == nil && n.Failed == 0 && n.Pending == 0
}

// Cancel stops after the write in flight; the run is kept to resume.
func (c *BackupScreen) Cancel(app.Context) {
	if c.cancel != nil {
		c.cancel()
	}
}

// RetryFailed sends the failed retargets again (their configurations are
// re-read first, as always).
func (c *BackupScreen) RetryFailed(ctx app.Context) {
	if c.run == nil || c.running {
		return
	}
	run := c.run.Snapshot()
	if run.Retry() == 0 {
		return
	}
	c.begin(ctx, backup.Diff{}, run)
}
