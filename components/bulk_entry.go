package components

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/bulk"
)

// BulkEntry is the way to the bulk screen from the list, and the offer to
// resume a bulk change that a reload, a closed screen or a cancel left
// unfinished in this tab.
type BulkEntry struct {
	app.Compo

	// Key is where this tenant and user's run is kept.
	Key string
	// Store overrides the tab's sessionStorage (tests).
	Store  bulk.Storage
	OnOpen func(ctx app.Context, resume bool)

	kept    bulk.Counts
	hasKept bool
}

// OnMount looks for an unfinished run.
func (c *BulkEntry) OnMount(ctx app.Context) {
	store := c.Store
	if store == nil {
		store = SessionStore{Storage: ctx.SessionStorage()}
	}
	run, found, err := bulk.LoadRun(store, c.Key)
	c.hasKept = found && err == nil && run.Unfinished()
	if c.hasKept {
		c.kept = run.Counts()
	}
}

// Render draws the button, and the offer when there is a run to resume.
func (c *BulkEntry) Render() app.UI {
	return app.Div().Class("bulk-entry").Body(
		app.If(c.hasKept, func() app.UI {
			return app.Div().Class("notice bulk-resume-offer").Role("status").Body(
				app.Text("A bulk change was interrupted: "+strconv.Itoa(c.kept.Succeeded)+" of "+strconv.Itoa(c.kept.Changes)+
					" changes applied, "+strconv.Itoa(c.kept.Pending)+" not yet confirmed. Resuming re-reads each configuration first, so nothing is written twice. "),
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

func (c *BulkEntry) open(ctx app.Context, resume bool) {
	if c.OnOpen != nil {
		c.OnOpen(ctx, resume)
	}
}
