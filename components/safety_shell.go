package components

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/graph/auth"
)

// The shell's part in "nothing lost, nobody let in": the offer of kept
// drafts, the ways to the history and backup screens, clearing localStorage
// on sign-out, and refusing a forged sign-in response without signing the
// user out. Kept here so that shell.go only calls these.

// shellSafety is the shell's state for them.
type shellSafety struct {
	// resume is a kept edit to reopen on the detail screen; resumeSet a
	// kept addition or removal.
	resume    *drafts.Edit
	resumeSet *drafts.SetChange
	// restore is a kept import to reopen on the backup screen.
	restore *drafts.Draft
	// notice is said above the screen (a refused sign-in response).
	notice string
	// landed says the screen shown is the one a reload or a sign-in landed
	// on: it offers the kept drafts as the list does, until the user moves
	// on, so that no screen an address reopens hides them.
	landed bool
}

// keeping is where the signed-in user's drafts and history live.
func (c *Shell) keeping() keep.Keeping {
	if c.phase != phaseSignedIn || !c.mounted {
		return keep.Keeping{}
	}
	return keep.For(c.account, browser.Local(c.ctx))
}

// safetyEntry is the notice, the offer of kept drafts and the ways to the
// history and backup screens, on the list screen; the notice and the offer
// also on the screen a reload or a sign-in landed on.
func (c *Shell) safetyEntry() app.UI {
	list := c.screen == screenList
	return app.If(c.phase == phaseSignedIn && (list || c.safety.landed), func() app.UI {
		return app.Div().Class("safety-entry").Body(
			app.If(c.safety.notice != "", func() app.UI {
				return app.P().ID("shell-notice").Class("panel notice").Role("status").Text(c.safety.notice)
			}),
			&DraftOffer{Keeping: c.keeping(), OnRestore: c.openDraft, Leave: c.takenUpHere},
			app.If(list, func() app.UI {
				return app.Div().Class("actions").Body(
					app.Button().Type("button").ID("open-history").Text("History of changes").
						OnClick(func(ctx app.Context, e app.Event) { c.goTo(ctx, address{screen: screenHistory}) }),
					app.Button().Type("button").ID("open-backup").Text("Backup and restore").
						OnClick(func(ctx app.Context, e app.Event) { c.safety.restore = nil; c.goTo(ctx, address{screen: screenBackup}) }),
				)
			}),
		)
	})
}

// takenUpHere says the screen shown takes up a draft itself, so that the
// offer leaves it out: the bulk screen its plan, the detail screen the edit
// it reopened.
func (c *Shell) takenUpHere(d drafts.Draft) bool {
	switch {
	case d.Kind == drafts.KindBulkPlan:
		return c.screen == screenBulk || c.screen == screenBulkResume
	case d.Kind == drafts.KindEdit && c.screen == screenDetail && c.safety.resume != nil:
		return d.ID == c.safety.resume.ID()
	}
	return false
}

// land shows the screen a reload or a sign-in arrives at. An address that
// opens the editor of an assignment reopens the edit kept for it; any other
// kept work is offered there.
func (c *Shell) land(ctx app.Context, a address, show func(app.Context, address)) {
	c.safety.resume = c.keptEditAt(a)
	show(ctx, a)
	c.safety.landed = true
}

// keptEditAt is the kept edit of the assignment an address names, if any.
func (c *Shell) keptEditAt(a address) *drafts.Edit {
	k := c.keeping()
	if a.screen != screenDetail || a.assignment == "" || !k.Enabled() {
		return nil
	}
	for _, d := range k.Drafts.List() {
		if d.Kind != drafts.KindEdit {
			continue
		}
		if e, err := drafts.EditOf(d); err == nil && e.ConfigurationID == a.configuration && e.AssignmentID == a.assignment {
			return &e
		}
	}
	return nil
}

func (c *Shell) historyScreen() app.UI {
	return &HistoryScreen{Graph: c.services.Graph, Keeping: c.keeping(), Files: c.Files, OnBack: c.showList,
		OnSessionEnded: c.sessionEnded, OnEdit: c.editDraft, ReadOnly: c.readOnly()}
}

func (c *Shell) backupScreen() app.UI {
	cl, _ := c.settings.Cloud(c.Demo.Cloud)
	return &BackupScreen{Graph: c.services.Graph, Keeping: c.keeping(), Cloud: cl, Pace: PaceIn(cl, c.Demo), Files: c.Files, Resume: c.safety.restore,
		OnBack: c.showList, OnSessionEnded: c.sessionEnded, ReadOnly: c.readOnly(), People: c.people(), opts: c.opts}
}

// openDraft takes up kept work where it was left.
func (c *Shell) openDraft(ctx app.Context, d drafts.Draft) {
	switch d.Kind {
	case drafts.KindEdit:
		e, err := drafts.EditOf(d)
		if err != nil {
			c.keeping().Drafts.Remove(d.Kind, d.ID)
			c.safety.notice = "A kept edit could not be read and was dropped: " + err.Error()
			return
		}
		c.editDraft(ctx, e)
	case drafts.KindRestore:
		c.safety.restore = &d
		c.goTo(ctx, address{screen: screenBackup})
	case drafts.KindBulkPlan:
		c.goTo(ctx, address{screen: screenBulk}) // the bulk screen takes up the user's kept plan
	case drafts.KindSetChange:
		s, err := drafts.SetChangeOf(d)
		if err != nil {
			c.keeping().Drafts.Remove(d.Kind, d.ID)
			c.safety.notice = "A kept change of assignments could not be read and was dropped: " + err.Error()
			return
		}
		c.selected, c.safety.resume, c.safety.resumeSet = s.Configuration(), nil, &s
		c.goTo(ctx, address{screen: screenDetail, configuration: c.selected.ID})
	}
}

// editDraft opens the detail screen with the editor on a kept edit.
func (c *Shell) editDraft(ctx app.Context, e drafts.Edit) {
	if k := c.keeping(); k.Enabled() {
		_ = k.Drafts.Save(drafts.KindEdit, e.ID(), e.Title(), e)
	}
	c.selected, c.safety.resume, c.safety.resumeSet = e.Configuration(), &e, nil
	c.goTo(ctx, address{screen: screenDetail, configuration: c.selected.ID, assignment: e.AssignmentID})
}

// forgetLocalTenantData removes the drafts, history and kept runs of every
// user from localStorage on sign-out; the settings stay.
func (c *Shell) forgetLocalTenantData(ctx app.Context) {
	keep.ClearTenantData(browser.Local(ctx))
	c.safety = shellSafety{}
}

// refusedCallback handles a sign-in response this tab did not ask for (its
// state is not ours) while someone is signed in: nothing changed in the
// tab's storage, so the user stays signed in and is told. It reports
// whether it handled err.
func (c *Shell) refusedCallback(err error, session Session) bool {
	var se *auth.SignInError
	if !errors.As(err, &se) || se.Kind != auth.StateMismatch {
		return false
	}
	acct, ok := session.Account()
	if !ok {
		return false
	}
	c.account, c.phase = acct, phaseSignedIn
	c.safety.notice = "A sign-in response that this tab did not ask for was refused; nothing changed."
	return true
}
