package components

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// The target editor's part in "nothing lost": the form kept as a draft as
// it is filled in, every save recorded in the history, and a conflict shown
// with the ways on. Kept beside the editor so that its own file stays about
// the form.

// OnMount keeps the editor's own context: a save started from the conflict
// view must come back here after that view is gone.
func (c *TargetEditor) OnMount(ctx app.Context) { c.ctx, c.mounted = ctx, true }

// own is the editor's context once mounted, else the one given (tests).
func (c *TargetEditor) own(ctx app.Context) app.Context {
	if c.mounted {
		return c.ctx
	}
	return ctx
}

// conflicted shows a conflict, and learns the names of the groups theirs
// targets that the screen does not know yet.
func (c *TargetEditor) conflicted(ctx app.Context, ce *graph.ConflictError) {
	c.conflict = ce
	ctx = c.own(ctx) // the save button that asked is gone with the preview
	var unknown []string
	for _, a := range ce.Actual {
		if a.Target.Kind.HasGroup() && c.nameOf(a.Target.GroupID) == "" {
			unknown = append(unknown, a.Target.GroupID)
		}
	}
	if len(unknown) == 0 {
		return
	}
	g := c.Graph
	ctx.Async(func() {
		found, err := g.GetGroups(ctx, unknown)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				return
			}
			if c.names == nil {
				c.names = map[string]string{}
			}
			for id, gr := range found {
				c.names[id] = gr.DisplayName
			}
		})
	})
}

// draft is the form as it stands.
func (c *TargetEditor) draft() drafts.Edit {
	a := c.loaded()
	return drafts.Edit{
		ConfigurationID: c.Configuration.ID, ConfigurationName: c.Configuration.DisplayName,
		ConfigurationKind: c.Configuration.Kind, Priority: c.Configuration.Priority,
		AssignmentID: a.ID, Before: a.Target,
		BeforeWords: widgets.DescribeTarget(a.Target, func(string) string { return c.GroupName }).String(),
		Kind:        c.kind, GroupText: c.groupText, Group: c.group, CollectionID: c.collectionID,
	}
}

// keepDraft saves the form, so that a reload, a new sign-in or a closed tab
// does not lose it.
func (c *TargetEditor) keepDraft() {
	if !c.Keeping.Enabled() {
		return
	}
	d := c.draft()
	c.keptErr = c.Keeping.Drafts.Save(drafts.KindEdit, d.ID(), d.Title(), d)
}

// forgetDraft drops the kept form: saved, or discarded by the user.
func (c *TargetEditor) forgetDraft() {
	if c.Keeping.Enabled() {
		c.Keeping.Drafts.Remove(drafts.KindEdit, c.draft().ID())
	}
}

// remember records the save in the history, whatever its outcome.
func (c *TargetEditor) remember(u graph.Update, r graph.UpdateResult, err error) {
	e, ok := history.FromUpdate(c.Keeping.Who, history.SourceEdit, u, r, err, time.Now())
	if !ok {
		return
	}
	if recErr := c.Keeping.Record(e); recErr != nil {
		c.keptErr = recErr
	}
}

func (c *TargetEditor) renderConflict() app.UI {
	names := map[string]string{}
	for _, id := range widgets.ConflictGroups(c.conflict, c.loaded().Target, c.target()) {
		if name := c.nameOf(id); name != "" {
			names[id] = name
		}
	}
	return &widgets.ConflictView{
		Conflict: c.conflict, AssignmentID: c.loaded().ID, Before: c.loaded().Target, Yours: c.target(),
		GroupNames: names, OnKeepTheirs: c.KeepTheirs, OnApplyMine: c.ApplyMine, OnEdit: c.EditMine,
	}
}

// nameOf is the name of a group the editor knows of.
func (c *TargetEditor) nameOf(id string) string {
	switch {
	case id == c.group.ID && c.group.DisplayName != "":
		return c.group.DisplayName
	case id == c.Assignment.Target.GroupID && c.GroupName != "":
		return c.GroupName
	case c.names[id] != "":
		return c.names[id]
	case c.GroupNames != nil:
		return c.GroupNames(id)
	}
	return ""
}

// KeepTheirs drops the edit: the service's version stands, the screen
// shows it.
func (c *TargetEditor) KeepTheirs(ctx app.Context) {
	c.forgetDraft()
	c.conflict = nil
	call(ctx, c.OnRefresh)
	call(ctx, c.OnCancel)
}

// ApplyMine writes the user's target over theirs: the edit now starts from
// the assignment as the service has it, and is sent again, through the same
// checks (a further change in the meantime is a new conflict).
func (c *TargetEditor) ApplyMine(ctx app.Context) {
	if !c.rebase() || !c.showPreview() {
		return
	}
	c.Save(c.own(ctx))
}

// EditMine keeps the user's form on top of theirs, for the user to change
// and save again; the screen shows theirs meanwhile.
func (c *TargetEditor) EditMine(ctx app.Context) {
	if !c.rebase() {
		c.KeepTheirs(ctx)
		return
	}
	call(ctx, c.OnRefresh)
	c.Preview(c.own(ctx))
}

// rebase takes theirs as the edit's starting point; false when the
// assignment no longer exists.
func (c *TargetEditor) rebase() bool {
	if c.conflict == nil {
		return false
	}
	theirs, ok := widgets.FindAssignment(c.conflict.Actual, c.loaded().ID)
	if !ok {
		return false
	}
	set := c.conflict.Actual
	if len(set) == 1 { // the PATCH path re-read the one assignment
		set = replaced(c.loadedSet(), theirs)
	}
	c.base, c.siblings, c.conflict = &theirs, set, nil
	c.keepDraft()
	return true
}

// replaced is set with the assignment of a's ID replaced by a.
func replaced(set []graph.Assignment, a graph.Assignment) []graph.Assignment {
	out := make([]graph.Assignment, len(set))
	for i, s := range set {
		out[i] = s
		if s.ID == a.ID {
			out[i] = a
		}
	}
	return out
}
