package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
)

// DraftOffer lists the unsent work kept for the signed-in administrator (an
// edit in progress, an unconfirmed bulk change, an imported backup) and
// offers to take it up again or discard it: after a reload, a closed tab,
// or a new sign-in.
type DraftOffer struct {
	app.Compo

	Keeping   keep.Keeping
	OnRestore func(ctx app.Context, d drafts.Draft)
	// Leave says which drafts the screen under the offer takes up itself.
	Leave func(d drafts.Draft) bool

	list []drafts.Draft
}

// OnMount reads the kept drafts.
func (c *DraftOffer) OnMount(ctx app.Context) { c.refresh() }

// OnUpdate reads them again: the offer may stay drawn while the screen
// under it changes (the one a reload landed on, then the list).
func (c *DraftOffer) OnUpdate(ctx app.Context) { c.refresh() }

func (c *DraftOffer) refresh() {
	c.list = nil
	if !c.Keeping.Enabled() {
		return
	}
	for _, d := range c.Keeping.Drafts.List() {
		if c.Leave != nil && c.Leave(d) {
			continue
		}
		if d.Kind == drafts.KindEdit || d.Kind == drafts.KindRestore || d.Kind == drafts.KindBulkPlan || d.Kind == drafts.KindSetChange {
			c.list = append(c.list, d)
		}
	}
}

// Render draws the offer, or nothing when nothing is kept.
func (c *DraftOffer) Render() app.UI {
	if len(c.list) == 0 {
		return app.Div().Class("draft-offer-none")
	}
	return app.Section().Class("panel notice draft-offer").Role("status").Aria("labelledby", "draft-offer-title").Body(
		app.H2().ID("draft-offer-title").Text("Unsaved work kept in this browser"),
		app.Ul().Body(app.Range(c.list).Slice(func(i int) app.UI {
			d := c.list[i]
			return app.Li().Class("draft").DataSet("draft-kind", string(d.Kind)).DataSet("draft-id", d.ID).Body(
				app.Span().Class("draft-title").Text(d.Title),
				app.Span().Class("muted small").Text(" (kept "+d.Saved.Local().Format("2 Jan 15:04")+") "),
				app.Button().Type("button").Class("restore-draft").Aria("label", "Restore: "+d.Title).Text("Restore").
					OnClick(func(ctx app.Context, e app.Event) { c.restore(ctx, d) }, app.EventScope(string(d.Kind)+d.ID)),
				app.Button().Type("button").Class("discard-draft").Aria("label", "Discard: "+d.Title).Text("Discard").
					OnClick(func(ctx app.Context, e app.Event) { c.Discard(d) }, app.EventScope(string(d.Kind)+d.ID)),
			)
		})),
	)
}

func (c *DraftOffer) restore(ctx app.Context, d drafts.Draft) {
	if c.OnRestore != nil {
		c.OnRestore(ctx, d)
	}
}

// Discard forgets a draft for good.
func (c *DraftOffer) Discard(d drafts.Draft) {
	c.Keeping.Drafts.Remove(d.Kind, d.ID)
	c.refresh()
}
