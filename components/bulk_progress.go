package components

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph/bulk"
)

// BulkProgress is the run's progress bar: done, failed and remaining, the
// pace and the time left, why it waits when it waits, and the buttons that
// fit the moment (cancel while running; resume, retry or start over after).
type BulkProgress struct {
	app.Compo

	Progress bulk.Progress
	Running  bool
	// StopReason says why a stopped run stopped; Err what stopped it.
	StopReason string
	Err        error
	// Held is another tab's lease on the run: it is sending it, so nothing
	// is offered here but to wait.
	Held *bulk.Lease

	OnCancel      func(ctx app.Context)
	OnResume      func(ctx app.Context)
	OnRetryFailed func(ctx app.Context)
	OnDiscard     func(ctx app.Context)
}

// Render draws the bar, the figures and the buttons.
func (c *BulkProgress) Render() app.UI {
	p := c.Progress
	ended := p.Succeeded + p.Failed
	return app.Section().ID("bulk-run").Class("panel bulk-run").Aria("labelledby", "bulk-run-title").
		DataSet("status", string(p.Status)).DataSet("running", c.Running).
		DataSet("done", p.Succeeded).DataSet("failed", p.Failed).DataSet("remaining", p.Pending).DataSet("total", p.Changes).Body(
		app.H3().ID("bulk-run-title").TabIndex(-1).Text(c.title()),
		app.Progress().ID("bulk-progress").Max(max(p.Changes, 1)).Value(ended).Aria("label", "Changes ended"),
		app.P().Class("bulk-progress-text").Role("status").Text(c.figures()),
		app.If(p.Waiting != "" && c.Running, func() app.UI { return app.P().Class("bulk-waiting muted").Text(capitalize(p.Waiting) + "…") }),
		app.If(!c.Running && c.StopReason != "", func() app.UI { return app.P().Class("notice bulk-stopped").Text("Stopped: " + c.StopReason) }),
		app.If(c.Err != nil, func() app.UI { return &widgets.GraphError{Title: "The bulk change stopped", Err: c.Err} }),
		app.If(c.Held != nil, func() app.UI { return renderHeldRun("This bulk change", c.Held) }),
		app.If(!c.Running && c.Held == nil && p.Conflicts > 0, func() app.UI {
			return app.P().Class("notice bulk-conflicts").Text(widgets.Count(p.Conflicts, "change was", "changes were") +
				" not sent because someone else changed their configuration meanwhile: choose, for each one below, to keep theirs or to overwrite theirs with yours.")
		}),
		app.Div().Class("actions").Body(
			app.If(c.Running, func() app.UI {
				return app.Button().Type("button").ID("bulk-cancel").Text("Cancel (the batch in flight finishes)").
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnCancel) })
			}),
			app.If(c.idle() && p.Pending > 0, func() app.UI {
				return app.Button().Type("button").ID("bulk-resume").Text("Resume: send the " + widgets.Count(p.Pending, "remaining change", "remaining changes")).
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnResume) })
			}),
			app.If(c.idle() && p.Failed > p.Conflicts, func() app.UI {
				return app.Button().Type("button").ID("bulk-retry-failed").Text("Retry the " + widgets.Count(p.Failed-p.Conflicts, "failed change", "failed changes")).
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnRetryFailed) })
			}),
			app.If(c.idle(), func() app.UI {
				return app.Button().Type("button").ID("bulk-discard").Text("Start a new bulk change").
					OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnDiscard) })
			}),
		),
	)
}

// idle reports a run nobody is sending: it may be changed from here.
func (c *BulkProgress) idle() bool { return !c.Running && c.Held == nil }

func (c *BulkProgress) title() string {
	switch {
	case c.Running:
		return "4. Applying the changes"
	case c.Held != nil:
		return "4. Being applied from another tab"
	case c.Progress.Status == bulk.RunFinished:
		return "4. Finished"
	}
	return "4. Stopped"
}

// figures reads like "120 done · 0 failed · 180 remaining · 95.0 writes/s
// (limit 5.0/s) · about 2 s left · 0 throttled".
func (c *BulkProgress) figures() string {
	p := c.Progress
	parts := []string{
		strconv.Itoa(p.Succeeded) + " done",
		strconv.Itoa(p.Failed) + " failed",
		strconv.Itoa(p.Pending) + " remaining",
	}
	if p.Skipped > 0 {
		parts = append(parts, strconv.Itoa(p.Skipped)+" not sent (their change kept)")
	}
	if p.Refused > 0 {
		parts = append(parts, strconv.Itoa(p.Refused)+" not sent (refused in the plan)")
	}
	if p.Writes > 0 {
		parts = append(parts, strconv.FormatFloat(p.WritesPerSecond, 'f', 1, 64)+" writes/s (limit "+strconv.FormatFloat(p.Limit, 'f', 1, 64)+"/s)")
	}
	if c.Running && p.Pending > 0 {
		parts = append(parts, DurationWords(p.TimeLeft)+" left")
	}
	parts = append(parts, widgets.Count(p.Writes, "write", "writes")+" and "+widgets.Count(p.Reads, "re-read", "re-reads")+" sent", strconv.Itoa(p.Throttled)+" throttled (429)")
	return strings.Join(parts, " · ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
