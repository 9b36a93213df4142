package components

import (
	"cmp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/history"
	"enrollassign/graph/bulk"
)

// The shell's way to the bulk screen. Kept here, beside the screen, so
// that the shell itself only names the two screens and calls these.

// bulkEntry is the bulk button and resume offer, on the list screen only.
func (c *Shell) bulkEntry() app.UI {
	if c.phase != phaseSignedIn || c.screen != screenList || c.readOnly() {
		return nil // a read-only session is offered no bulk change
	}
	runs := c.bulkRuns()
	if runs == nil {
		return nil // nobody to keep a run for: no way to the bulk screen
	}
	return &BulkEntry{Runs: runs, OnOpen: c.showBulk, opts: c.opts}
}

// bulkScreen is the bulk screen for the signed-in user's tenant: it takes
// up the plan kept for the user, if any (the offer of drafts leads here).
func (c *Shell) bulkScreen() app.UI {
	cl, _ := c.settings.Cloud(c.Demo.Cloud)
	return &BulkScreen{Graph: c.services.Graph, Pace: PaceIn(cl, c.Demo), Runs: c.bulkRuns(), ResumeOnOpen: c.screen == screenBulkResume,
		OnBack: c.showList, OnSessionEnded: c.sessionEnded, Keeping: c.keeping(), People: c.people(), opts: c.opts}
}

func (c *Shell) showBulk(ctx app.Context, resume bool) {
	if resume {
		c.screen = screenBulkResume // show keeps it: the same address
	}
	c.goTo(ctx, address{screen: screenBulk})
}

// bulkRuns is where the signed-in user's bulk run is kept: localStorage, so
// that a closed tab loses nothing, each tenant and user apart (by IDs, as
// drafts and history are, when the account has them). Once there is
// someone to keep a history for, every item that ends is recorded in it.
func (c *Shell) bulkRuns() bulk.Storage {
	runs, ok := keep.Bulk.Of(browser.Local(c.ctx), cmp.Or(c.account.TenantID, c.settings.Tenant), cmp.Or(c.account.ObjectID, c.account.UPN))
	if !ok {
		return nil
	}
	if k := c.keeping(); k.Enabled() {
		return keep.Recorder{Runs: runs, Keeping: k, Source: history.SourceBulk}
	}
	return runs
}
