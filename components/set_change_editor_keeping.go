package components

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// The set change editor's part in "nothing lost": the change kept as a
// draft as it is made, every save recorded in the history, and a conflict
// shown with the ways on. Kept beside the editor so that its own file stays
// about the form.

// OnMount keeps the editor's own context, and keeps a removal as a draft
// from the moment it is asked for (its form holds nothing else).
func (c *SetChangeEditor) OnMount(ctx app.Context) {
	c.ctx, c.mounted = ctx, true
	if c.removing() {
		c.keepDraft()
	}
}

func (c *SetChangeEditor) own(ctx app.Context) app.Context {
	if c.mounted {
		return c.ctx
	}
	return ctx
}

// draft is the form as it stands.
func (c *SetChangeEditor) draft() drafts.SetChange {
	cfg := c.Configuration
	return drafts.SetChange{ConfigurationID: cfg.ID, ConfigurationName: cfg.DisplayName, ConfigurationKind: cfg.Kind,
		Priority: cfg.Priority, Add: c.targets(), Groups: c.picked, Remove: c.Remove, Words: c.words()}
}

// keepDraft saves the form, so that a reload, a new sign-in or a closed
// tab does not lose it; with nothing chosen, nothing is kept.
func (c *SetChangeEditor) keepDraft() {
	if !c.Keeping.Enabled() {
		return
	}
	d := c.draft()
	if len(d.Add)+len(d.Remove) == 0 {
		c.forgetDraft()
		return
	}
	c.keptErr = c.Keeping.Drafts.Save(drafts.KindSetChange, d.ID(), d.Title(), d)
}

func (c *SetChangeEditor) forgetDraft() {
	if c.Keeping.Enabled() {
		c.Keeping.Drafts.Remove(drafts.KindSetChange, c.draft().ID())
	}
}

// remember records the save in the history, whatever its outcome.
func (c *SetChangeEditor) remember(ch graph.SetChange, r graph.SetChangeResult, err error) {
	if recErr := c.Keeping.Record(history.FromSetChange(c.Keeping.Who, history.SourceEdit, ch, r, err, time.Now())...); recErr != nil {
		c.keptErr = recErr
	}
}

// conflicted shows a conflict, and learns the names of the groups theirs
// targets that the screen does not know yet.
func (c *SetChangeEditor) conflicted(ctx app.Context, ce *graph.ConflictError) {
	c.conflict, c.previews = ce, nil
	var unknown []string
	for _, id := range widgets.ConflictGroups(ce) {
		if c.name(id) == "" {
			unknown = append(unknown, id)
		}
	}
	c.facts.learnNames(c.own(ctx), c.Graph, unknown)
}

func (c *SetChangeEditor) renderConflict() app.UI {
	v := &widgets.SetConflictView{Conflict: c.conflict, Yours: c.words(), GroupNames: c.names(),
		OnKeepTheirs: c.KeepTheirs, OnEdit: c.EditMine}
	if c.stillApplies() {
		v.OnApplyMine = c.ApplyMine
	}
	return v
}

// stillApplies reports whether the change can be made on theirs: what it
// removes is still there.
func (c *SetChangeEditor) stillApplies() bool {
	for _, a := range c.Remove {
		if _, there := widgets.FindAssignment(c.conflict.Actual, a.ID); !there {
			return false
		}
	}
	return true
}

// KeepTheirs drops the change: the service's set stands, the screen shows it.
func (c *SetChangeEditor) KeepTheirs(ctx app.Context) {
	c.forgetDraft()
	c.conflict = nil
	call(ctx, c.OnRefresh)
	call(ctx, c.OnCancel)
}

// ApplyMine makes the change on theirs: it now starts from the set as the
// service has it, and is checked and sent again (a target theirs already
// has is refused, with the reason).
func (c *SetChangeEditor) ApplyMine(ctx app.Context) {
	c.rebase()
	call(ctx, c.OnRefresh)
	if len(c.refusals()) > 0 || !c.showPreview() {
		return
	}
	c.Save(c.own(ctx))
}

// EditMine keeps the form on top of theirs, for the user to change and
// save again; the screen shows theirs meanwhile.
func (c *SetChangeEditor) EditMine(ctx app.Context) {
	c.rebase()
	call(ctx, c.OnRefresh)
	c.Preview(c.own(ctx))
}

func (c *SetChangeEditor) rebase() {
	if c.conflict == nil {
		return
	}
	c.base, c.conflict = c.conflict.Actual, nil
	if c.base == nil {
		c.base = []graph.Assignment{}
	}
	c.keepDraft()
}
