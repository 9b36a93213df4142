package components

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/widgets"
	"enrollassign/graph/bulk"
)

// BulkEntry is the way to the bulk screen from the list, and the offer to
// resume a bulk change that a reload, a closed tab, a closed screen or a
// cancel left unfinished. The run is kept in localStorage, so another tab
// may be sending it right now: then the entry says so and looks again
// until that tab lets it go.
type BulkEntry struct {
	app.Compo

	// Runs is where this tenant and user's run is kept (keep.RunKey).
	Runs   bulk.Storage
	OnOpen func(ctx app.Context, resume bool)

	kept    bulk.Counts
	hasKept bool
	lease   leaseWatch
	opts    options
}

// OnMount looks for an unfinished run.
func (c *BulkEntry) OnMount(ctx app.Context) {
	c.lease = newLeaseWatch(c.Runs, keep.RunKey, c.opts)
	c.look(ctx)
}

// look reads the kept run and its lease; while another tab sends it, it
// looks again (its figures move on, and it is offered once that tab stops).
func (c *BulkEntry) look(ctx app.Context) {
	run, found, err := bulk.LoadRun(c.Runs, keep.RunKey)
	c.hasKept = found && err == nil && run.Unfinished()
	c.lease.held = nil
	if !c.hasKept {
		return
	}
	c.kept = run.Counts()
	c.lease.look()
	c.lease.again(ctx, c.look)
}

// Render draws the button, and the offer when there is a run to resume.
func (c *BulkEntry) Render() app.UI {
	return app.Div().Class("bulk-entry").Body(
		app.If(c.hasKept && c.lease.held != nil, func() app.UI {
			return app.Div().Class("notice bulk-resume-offer").Role("status").DataSet("held", true).Body(
				app.Text(c.keptWords()+" "),
				renderHeldRun("This bulk change", c.lease.held),
			)
		}),
		app.If(c.hasKept && c.lease.held == nil, func() app.UI {
			return app.Div().Class("notice bulk-resume-offer").Role("status").DataSet("held", false).Body(
				app.Text("A bulk change was interrupted: "+c.keptWords()+" Resuming re-reads each configuration first, so nothing is written twice. "),
				app.Button().Type("button").ID("resume-bulk").Text("Resume the bulk change").
					OnClick(func(ctx app.Context, e app.Event) { c.open(ctx, true) }),
			)
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("open-bulk").Text("Bulk changes").
				OnClick(func(ctx app.Context, e app.Event) { c.open(ctx, false) }),
		),
	)
}

func (c *BulkEntry) keptWords() string {
	return strconv.Itoa(c.kept.Succeeded) + " of " + widgets.Count(c.kept.Changes, "change", "changes") + " applied, " +
		strconv.Itoa(c.kept.Pending) + " not yet confirmed."
}

func (c *BulkEntry) open(ctx app.Context, resume bool) {
	if c.OnOpen != nil {
		c.OnOpen(ctx, resume)
	}
}
