package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph/bulk"
)

// The shell's way to the bulk screen. Kept here, beside the screen, so
// that the shell itself only names the two screens and calls these.

// bulkEntry is the bulk button and resume offer, on the list screen only.
func (c *Shell) bulkEntry() app.UI {
	return app.If(c.phase == phaseSignedIn && c.screen == screenList, func() app.UI {
		return &BulkEntry{Key: c.bulkKey(), OnOpen: c.showBulk}
	})
}

// bulkScreen is the bulk screen for the signed-in user's tenant: it takes
// up the plan kept for the user, if any (the offer of drafts leads here).
func (c *Shell) bulkScreen() app.UI {
	cl, _ := c.settings.Cloud(c.Demo)
	return &BulkScreen{Graph: c.services.Graph, Cloud: cl, Key: c.bulkKey(), ResumeOnOpen: c.screen == screenBulkResume,
		SearchDelay: c.SearchDelay, OnBack: c.showList, OnSessionEnded: c.sessionEnded, Store: c.bulkRunStore(), Keeping: c.keeping()}
}

func (c *Shell) showBulk(_ app.Context, resume bool) {
	c.screen = screenBulk
	if resume {
		c.screen = screenBulkResume
	}
}

// bulkKey keeps each tenant and user's run apart: by IDs, as drafts and
// history are, when the account has them.
func (c *Shell) bulkKey() string {
	return bulk.RunKey(firstNonEmpty(c.account.TenantID, c.settings.Tenant), firstNonEmpty(c.account.ObjectID, c.account.UPN))
}
