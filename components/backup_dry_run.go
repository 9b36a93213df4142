package components

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/backup"
	"enrollassign/graph/bulk"
)

// The restore's dry run and progress, drawn for BackupScreen.

func (c *BackupScreen) renderKept() app.UI {
	n := c.kept.Counts()
	return app.Div().Class("notice panel restore-resume-offer").Role("status").Body(
		app.Text("A restore was interrupted: "+strconv.Itoa(n.Succeeded)+" of "+widgets.Count(n.Changes, "change", "changes")+
			" written, "+strconv.Itoa(n.Pending)+" not yet confirmed. Resuming reads each configuration again first, so nothing is written twice. "),
		app.If(c.mayWrite(), func() app.UI {
			return app.Button().Type("button").ID("resume-restore").Text("Resume the restore").
				OnClick(func(ctx app.Context, e app.Event) { c.ResumeKept(ctx) })
		}),
	)
}

func (c *BackupScreen) renderDryRun() app.UI {
	d, f := *c.diff, c.file
	n := d.Counts()
	return app.Div().Class("restore-dry-run").DataSet("changes", n.Changes).Body(
		app.H3().ID("restore-dry-run-title").TabIndex(-1).Text("What the restore would change"),
		app.P().Class("muted").Text("Backup of tenant "+f.TenantID+" taken "+f.TakenAt.Local().Format("2 Jan 2006 15:04")+" by "+f.TakenBy+", compared with the tenant now."),
		app.P().ID("restore-summary").Role("status").Text(summaryWords(n, d)),
		c.People.ImpactView(restoreSets(d, nil), restoreSets(d, func(backup.ConfigurationDiff) bool { return true }), nil),
		app.Table().Class("restore-diff").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Configuration"),
				app.Th().Scope("col").Text("What happens"),
				app.Th().Scope("col").Text("Now → as in the backup"),
				app.Th().Scope("col").Text("Who moves"),
			)),
			app.TBody().Body(app.Range(d.Configurations).Slice(func(i int) app.UI { return c.renderDiffRow(d.Configurations[i]) })),
		),
		app.Div().Class("actions").Body(
			app.If(!c.ReadOnly, func() app.UI {
				return app.Button().Type("button").Class("primary").ID("start-restore").
					Text("Restore: write " + widgets.Count(n.Changes, "change", "changes")).Disabled(n.Changes == 0 || c.lease.held != nil).
					OnClick(func(ctx app.Context, e app.Event) { c.Start(ctx) })
			}),
			app.Button().Type("button").ID("discard-restore").Text("Discard this file").
				OnClick(func(ctx app.Context, e app.Event) { c.Discard(ctx) }),
		),
	)
}

// mayWrite reports whether this tab may write a restore now: no other tab
// holds it, and the session is not read-only.
func (c *BackupScreen) mayWrite() bool { return c.lease.held == nil && !c.ReadOnly }

func summaryWords(n backup.Counts, d backup.Diff) string {
	if n.Changes == 0 {
		return "The tenant already holds what the backup holds: nothing to write."
	}
	plan := d.BulkPlan().Writes()
	s := widgets.Count(n.Changes, "change", "changes") + ": "
	var parts []string
	if n.Retargets > 0 {
		parts = append(parts, widgets.Count(plan.Changes, "assignment", "assignments")+" pointed back at their targets in "+widgets.Count(n.Retargets, "configuration", "configurations")+
			" (the bulk engine: "+widgets.Count(plan.Fewest, "write", "writes")+")")
	}
	if n.Replacements > 0 {
		parts = append(parts, widgets.Count(n.Replacements, "configuration", "configurations")+" whose whole set is written back (one assign each, after a re-read)")
	}
	s += strings.Join(parts, "; ") + "."
	if n.LeftOut > 0 {
		s += " " + widgets.Count(n.LeftOut, "configuration is", "configurations are") + " left out (see why below)."
	}
	return s
}

func (c *BackupScreen) renderDiffRow(cd backup.ConfigurationDiff) app.UI {
	return app.Tr().Class("restore-configuration").DataSet("configuration-id", cd.ID).DataSet("status", string(cd.Status)).Body(
		app.Td().Text(firstNonEmpty(cd.DisplayName, cd.ID)),
		app.Td().Text(statusWords(cd)),
		app.Td().Body(app.Ul().Body(app.Range(c.changeLines(cd)).Slice(func(i int) app.UI {
			return app.Li().Text(c.changeLines(cd)[i])
		}))),
		app.Td().Class("restore-impact").Text(c.rowImpact(cd)),
	)
}

// restoreSets are the diff's configurations that a restore writes, with
// their sets as they are now, or as in the backup where restored accepts
// them (nil: none).
func restoreSets(d backup.Diff, restored func(backup.ConfigurationDiff) bool) []graph.Configuration {
	var out []graph.Configuration
	for _, cd := range d.Configurations {
		if cd.Status != backup.Retarget && cd.Status != backup.Replace {
			continue
		}
		set := cd.Live
		if restored != nil && restored(cd) {
			set = cd.Want
		}
		out = append(out, withAssignments(graph.Configuration{ID: cd.ID, DisplayName: cd.DisplayName, Kind: cd.Kind}, set))
	}
	return out
}

// rowImpact is who restoring one configuration moves, for its row.
func (c *BackupScreen) rowImpact(cd backup.ConfigurationDiff) string {
	if cd.Status != backup.Retarget && cd.Status != backup.Replace {
		return "—"
	}
	if c.People.Snapshot == nil {
		return "Not known: the directory has not been read."
	}
	return c.impacts.get(c.People.Snapshot, c.diffSignature(), cd.ID, func() string {
		im, _ := c.People.Snapshot.ImpactOf(restoreSets(*c.diff, nil), restoreSets(*c.diff, func(o backup.ConfigurationDiff) bool { return o.ID == cd.ID }))
		return widgets.MoverWords(im)
	})
}

// diffSignature tells one dry run from another: the file taken and each
// configuration's status.
func (c *BackupScreen) diffSignature() string {
	var b strings.Builder
	if c.file != nil {
		b.WriteString(c.file.TakenAt.String() + "\n")
	}
	for _, cd := range c.diff.Configurations {
		b.WriteString(cd.ID + "|" + string(cd.Status) + "\n")
	}
	return b.String()
}

func statusWords(cd backup.ConfigurationDiff) string {
	switch cd.Status {
	case backup.Unchanged:
		return "Nothing: as in the backup"
	case backup.Retarget:
		return "Retarget " + strconv.Itoa(len(cd.Changes))
	case backup.Replace:
		return "Write the whole set back"
	}
	return "Left out: " + cd.Reason
}

func (c *BackupScreen) changeLines(cd backup.ConfigurationDiff) []string {
	words := func(t graph.Target) string { return widgets.DescribeTarget(t, c.groupName).String() }
	var out []string
	for _, ch := range cd.Changes {
		out = append(out, words(ch.Before)+" → "+words(ch.After))
	}
	for _, t := range cd.Removed {
		out = append(out, "Remove "+words(t))
	}
	for _, t := range cd.Added {
		out = append(out, "Add "+words(t))
	}
	for _, t := range cd.FiltersLeftOut {
		out = append(out, "The backup's assignment filter on "+words(t)+" is not written back: "+cd.Kind.NoFilterReason()+".")
	}
	return out
}

func (c *BackupScreen) renderRun() app.UI {
	p := c.progress
	ended := p.Succeeded + p.Failed
	replacedFailed := 0
	for _, r := range c.replaced {
		if r.Err != nil {
			replacedFailed++
		}
	}
	return app.Section().ID("restore-run").Class("panel restore-run").Aria("labelledby", "restore-run-title").
		DataSet("running", c.running).DataSet("finished", c.finished).DataSet("done", p.Succeeded).DataSet("failed", p.Failed).
		DataSet("remaining", p.Pending).DataSet("replaced", len(c.replaced)).DataSet("replaced-failed", replacedFailed).Body(
		app.H3().ID("restore-run-title").TabIndex(-1).Text(c.runTitle()),
		app.Progress().ID("restore-progress").Max(max(p.Changes, 1)).Value(ended).Aria("label", "Retargets ended"),
		app.P().Role("status").Text(widgets.Count(p.Succeeded, "retarget", "retargets")+" written, "+strconv.Itoa(p.Failed)+" failed, "+
			strconv.Itoa(p.Pending)+" to go; "+widgets.Count(len(c.replaced)-replacedFailed, "set", "sets")+" written back, "+strconv.Itoa(replacedFailed)+" failed."),
		app.If(p.Waiting != "" && c.running, func() app.UI { return app.P().Class("muted").Text(capitalize(p.Waiting) + "…") }),
		app.If(c.runErr != nil, func() app.UI { return &widgets.GraphError{Title: "The restore stopped", Err: c.runErr} }),
		c.renderFailures(),
		app.Div().Class("actions").Body(
			app.If(c.running, func() app.UI {
				return app.Button().Type("button").ID("cancel-restore").Text("Cancel (the write in flight finishes)").
					OnClick(func(ctx app.Context, e app.Event) { c.Cancel(ctx) })
			}),
			app.If(!c.running && c.mayWrite() && p.Failed > 0, func() app.UI {
				return app.Button().Type("button").ID("retry-restore").Text("Retry the " + widgets.Count(p.Failed, "failed retarget", "failed retargets")).
					OnClick(func(ctx app.Context, e app.Event) { c.RetryFailed(ctx) })
			}),
			app.If(!c.running && c.mayWrite() && p.Pending > 0, func() app.UI {
				return app.Button().Type("button").ID("resume-restore-run").Text("Resume").
					OnClick(func(ctx app.Context, e app.Event) { c.begin(ctx, backup.Diff{}, c.run.Snapshot()) })
			}),
			app.If(!c.running && c.file != nil, func() app.UI {
				return app.Button().Type("button").ID("restore-compare-again").Text("Compare with the tenant again").
					OnClick(func(ctx app.Context, e app.Event) { c.run, c.replaced, c.finished = nil, nil, false; c.compare(ctx) })
			}),
		),
	)
}

func (c *BackupScreen) groupName(id string) string { return c.groups[id].DisplayName }

// diffGroupIDs are the groups a dry run's changes target, now and in the backup.
func diffGroupIDs(d backup.Diff) []string {
	var ids []string
	for _, cd := range d.Configurations {
		targets := append(append([]graph.Target(nil), cd.Removed...), cd.Added...)
		for _, ch := range cd.Changes {
			targets = append(targets, ch.Before, ch.After)
		}
		for _, t := range targets {
			if t.Kind.HasGroup() {
				ids = append(ids, t.GroupID)
			}
		}
	}
	return uniqueStrings(ids)
}

func (c *BackupScreen) runTitle() string {
	switch {
	case c.running:
		return "Restoring"
	case c.succeeded():
		return "Restored: the tenant holds what the backup holds"
	}
	return "The restore ended with changes not written"
}

// renderFailures lists what did not get written, with the reason and the
// request-id support asks for.
func (c *BackupScreen) renderFailures() app.UI {
	var lines []string
	for _, r := range c.replaced {
		if r.Err != nil {
			lines = append(lines, firstNonEmpty(r.Configuration.DisplayName, r.Configuration.ID)+": "+widgets.ExplainError(r.Err).Message)
		}
	}
	if c.run != nil {
		for _, cp := range c.run.Plan.Configurations {
			for _, it := range cp.Items {
				if it.Outcome.State == bulk.StateFailed && it.Outcome.Error != nil {
					lines = append(lines, cp.DisplayName+", "+widgets.DescribeTarget(it.Before, c.groupName).String()+": "+widgets.WithGroupNames(it.Outcome.Error.Error(), c.groupName)+
						" (request-id "+widgets.OrDash(it.Outcome.Error.RequestID)+")")
				}
			}
		}
	}
	if len(lines) == 0 {
		return app.Div()
	}
	return app.Ul().Class("restore-failures").Body(app.Range(lines).Slice(func(i int) app.UI { return app.Li().Text(lines[i]) }))
}
