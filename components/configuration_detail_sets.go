package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// The detail screen's additions and removals: which editor is open, the
// last one saved, and a kept one taken up. Kept beside the screen so that
// its own file stays about showing the configuration.

// detailSets is the screen's state for them.
type detailSets struct {
	// adding is the list an addition goes to (graph.TargetGroup or
	// graph.TargetExclusionGroup); removing the assignment being removed.
	adding   graph.TargetKind
	removing string
	saved    *SetSaved
	// sent is the assign sent instead of the documented requests.
	sent       *graph.RequestPreview
	resumed    bool
	resumeDone bool
}

func (s detailSets) open() bool { return s.adding != "" || s.removing != "" }

// closed is the state with no editor open and no result shown.
func (s detailSets) closed() detailSets {
	s.adding, s.removing, s.saved, s.sent = "", "", nil, nil
	return s
}

// AddTo opens the editor that adds to one list.
func (c *ConfigurationDetail) AddTo(ctx app.Context, side graph.TargetKind) {
	if c.Configuration.IsDefault() {
		return
	}
	c.sets = c.sets.closed()
	c.sets.adding, c.editing, c.filters.editing, c.saved = side, "", "", nil
	focusOn(c.ctx, "set-editor-title")
}

// Remove opens the editor that removes one assignment.
func (c *ConfigurationDetail) Remove(ctx app.Context, assignmentID string) {
	if c.Configuration.IsDefault() {
		return
	}
	c.sets = c.sets.closed()
	c.sets.removing, c.editing, c.filters.editing, c.saved = assignmentID, "", "", nil
	focusOn(c.ctx, "set-editor-title")
}

func (c *ConfigurationDetail) renderSetEditor() app.UI {
	ed := &SetChangeEditor{Graph: c.Graph, Configuration: c.Configuration, Seen: c.assignments, Side: c.sets.adding,
		GroupNames: c.facts.names(), Counts: c.facts.counts, Keeping: c.Keeping, Draft: c.setDraft(), Permissions: c.Permissions, People: c.People,
		OnSaved: c.onSetSaved, OnCancel: c.cancelSetEditor, OnRefresh: func(app.Context) { c.Load(c.ctx) },
		OnSessionEnded: c.OnSessionEnded, opts: c.opts}
	if c.sets.removing != "" {
		a, ok := c.assignment(c.sets.removing)
		if !ok {
			return nil
		}
		ed.Remove = []graph.Assignment{a}
	}
	return ed
}

func (c *ConfigurationDetail) closeSetEditor(app.Context) {
	c.sets.adding, c.sets.removing, c.sets.resumeDone = "", "", true
}

// cancelSetEditor closes the editor and gives the focus back to the
// button that opened it.
func (c *ConfigurationDetail) cancelSetEditor(ctx app.Context) {
	opener := removeButtonID(c.sets.removing)
	switch c.sets.adding {
	case graph.TargetGroup:
		opener = "add-included"
	case graph.TargetExclusionGroup:
		opener = "add-excluded"
	}
	c.closeSetEditor(ctx)
	focusOn(c.ctx, opener)
}

// onSetSaved shows the result, learns the new groups' names, and reloads
// the lists once the result is drawn (as onSaved does).
func (c *ConfigurationDetail) onSetSaved(_ app.Context, s SetSaved) {
	c.facts.know(s.Groups...)
	c.closeSetEditor(c.ctx)
	c.sets.saved, c.sets.sent = &s, nil
	if s.Result.FellBack {
		if sent, err := c.Graph.PreviewSetChange(s.Change); err == nil && len(sent) == 1 {
			c.sets.sent = &sent[0]
		}
	}
	focusOn(c.ctx, "set-result")
	c.ctx.Defer(c.Load)
}

func (c *ConfigurationDetail) renderSetSaved() app.UI {
	return app.Div().ID("set-result").TabIndex(-1).Body(
		&widgets.SetChangeResult{Result: c.sets.saved.Result, GroupNames: c.facts.names()},
		app.If(c.sets.sent != nil, func() app.UI {
			return &widgets.RequestPreview{Preview: *c.sets.sent, Title: "Sent instead of the documented requests: the assign request"}
		}),
	)
}

// resumeSet opens the editor on the kept addition or removal, once; a
// removal whose assignment is gone says so, and its draft stays.
func (c *ConfigurationDetail) resumeSet() {
	d := c.ResumeSet
	if d == nil || c.sets.resumed {
		return
	}
	c.sets.resumed = true
	if len(d.Remove) == 0 {
		c.sets.adding = sideOf(d.Add)
		return
	}
	if _, ok := c.assignment(d.Remove[0].ID); ok {
		c.sets.removing = d.Remove[0].ID
		return
	}
	c.resumeGone = "The assignment your unsaved removal was for (“" + d.Words + "”) is no longer in this configuration: someone changed or removed it."
}

// sideOf is the list a kept addition was made to.
func sideOf(add []graph.Target) graph.TargetKind {
	for _, t := range add {
		if t.Kind == graph.TargetExclusionGroup {
			return t.Kind
		}
	}
	return graph.TargetGroup
}

// setDraft is the kept change to start the editor from.
func (c *ConfigurationDetail) setDraft() *drafts.SetChange {
	if c.ResumeSet != nil && !c.sets.resumeDone {
		return c.ResumeSet
	}
	return nil
}
