package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// ConfigurationDetail shows one configuration and who it is assigned to, in
// the admin center's two lists (included, excluded), each target in words
// with its group's name, type and member count; it edits one target at a
// time, and adds and removes assignments (configuration_detail_sets.go).
type ConfigurationDetail struct {
	app.Compo

	Graph         Graph
	Configuration graph.Configuration
	OnBack        func(ctx app.Context)
	// OnSessionEnded is told when only a new sign-in can go on.
	OnSessionEnded func(ctx app.Context, err error)
	// Keeping keeps edits as drafts and records saves in the history.
	Keeping keep.Keeping
	// Resume is a kept edit of this configuration to reopen once loaded;
	// ResumeSet a kept addition or removal.
	Resume    *drafts.Edit
	ResumeSet *drafts.SetChange
	// Permissions are the session's: without the one group names need, IDs
	// are shown and the permission offered.
	Permissions Permissions
	// People is the session's directory, for the impact of each change.
	People People
	// ReadOnly offers no change: Intune refused one for the user's role.
	ReadOnly bool
	// Editing is the assignment the address opens the editor on;
	// OnEditing tells the shell the editor opened on one, or closed ("").
	Editing   string
	OnEditing func(ctx app.Context, assignmentID string)

	resumed bool
	// addressed is the Editing last acted on.
	addressed   string
	resumeDone  bool // the resumed editor was saved or closed
	resumeGone  string
	loading     bool
	err         error
	assignments []graph.Assignment
	facts       groupFacts
	editing     string
	filters     detailFilters
	saved       *savedChange
	sets        detailSets
	// ctx is the screen's own context: the editor calls back with its own,
	// which dies when the editor closes, so the reload that follows a save
	// runs on this one.
	ctx  app.Context
	opts options
}

// savedChange is the last save, shown above the refreshed list.
type savedChange struct {
	Words  string
	Result graph.UpdateResult
	Sent   *graph.RequestPreview
}

// CompoID makes go-app mount a fresh screen for another configuration.
func (c *ConfigurationDetail) CompoID() string { return c.Configuration.ID }

// OnMount loads the assignments and puts the keyboard focus on the title.
func (c *ConfigurationDetail) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.Load(ctx)
	ctx.Defer(func(app.Context) { app.Window().GetElementByID("detail-title").Call("focus") })
}

// Load reads the assignments, then the names, kinds and member counts of
// the groups they target that the screen does not know yet.
func (c *ConfigurationDetail) Load(ctx app.Context) {
	c.loading, c.err = true, nil
	g, id := c.Graph, c.Configuration.ID
	ctx.Async(func() {
		assignments, err := g.ListAssignments(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			c.loading, c.err = false, err
			if err == nil {
				c.assignments = assignments
				c.facts.ended = c.OnSessionEnded
				c.facts.learn(ctx, g, groupIDs(assignments), nil)
				c.resume()
				c.resumeSet()
				c.followAddress(ctx)
				c.loadFilters(ctx)
			}
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
			}
		})
	})
}

func groupIDs(assignments []graph.Assignment) []string {
	var ids []string
	for _, a := range assignments {
		if a.Target.Kind.HasGroup() && a.Target.GroupID != "" {
			ids = append(ids, a.Target.GroupID)
		}
	}
	return ids
}

func (c *ConfigurationDetail) groupName(id string) string { return c.facts.name(id) }

// Render draws the configuration's header, its assignments and the editor.
func (c *ConfigurationDetail) Render() app.UI {
	cfg := c.Configuration
	reason := cfg.DefaultReason()
	return app.Div().Class("detail").Body(
		app.Section().Class("panel").Body(
			app.Button().Type("button").Class("link").ID("back-to-list").Text("← All configurations").OnClick(c.back),
			app.H2().ID("detail-title").TabIndex(-1).Text(cfg.DisplayName),
			app.P().Class("muted").Text(cfg.Kind.Label()+" · priority "+PriorityWords(cfg)),
			app.If(cfg.Description != "", func() app.UI { return app.P().Text(cfg.Description) }),
			app.If(reason != "", func() app.UI {
				return app.Div().Class("panel notice read-only").Role("note").Body(
					app.Strong().Text("Read-only. "), app.Text(reason),
				)
			}),
		),
		app.If(c.resumeGone != "", func() app.UI {
			return app.P().Class("panel notice resume-gone").Role("status").Text(c.resumeGone)
		}),
		app.If(c.saved != nil, c.renderSaved),
		app.If(c.sets.saved != nil, c.renderSetSaved),
		c.renderAssignments(reason == "" && !c.ReadOnly),
	)
}

func (c *ConfigurationDetail) renderSaved() app.UI {
	return app.Div().ID("save-result").TabIndex(-1).Body(
		&widgets.SaveResult{Result: c.saved.Result, Target: c.saved.Words},
		app.If(c.saved.Sent != nil, func() app.UI {
			return &widgets.RequestPreview{Preview: *c.saved.Sent, Title: "Sent instead of PATCH: the assign request"}
		}),
	)
}

func (c *ConfigurationDetail) renderAssignments(editable bool) app.UI {
	switch {
	case c.loading && c.assignments == nil:
		return app.Section().Class("panel").Body(app.P().Class("loading").Role("status").Text("Loading assignments"))
	case c.err != nil:
		return app.Div().Body(
			&widgets.GraphError{Title: "Loading the assignments failed", Err: c.err},
			app.Button().Type("button").Text("Try again").OnClick(func(ctx app.Context, e app.Event) { c.Load(ctx) }),
		)
	}
	// The notices come and go as the names, counts and filters arrive; in
	// a wrapper of their own they never move the lists below them. go-app
	// matches children by position, so a notice inserted above the lists
	// turned the excluded list into the included one in place, under a
	// pointer already on its "Add groups" button.
	return app.Section().Class("panel").Aria("labelledby", "assignments-title").Body(
		app.H3().ID("assignments-title").Text("Assignments"),
		app.Div().Class("assignment-notices").Body(
			c.facts.notice(c.Permissions),
			c.renderFilterNotice(),
			app.If(len(c.assignments) == 0, func() app.UI {
				return app.P().Class("empty unassigned").Text(unassignedWords)
			}),
		),
		c.renderList(graph.TargetGroup, editable),
		c.renderList(graph.TargetExclusionGroup, editable),
		app.If(c.editing != "", c.renderEditor),
		app.If(c.sets.open(), c.renderSetEditor),
		app.If(c.filters.editing != "", c.renderFilterEditor),
	)
}

// unassignedWords are the one thing said of a configuration without an
// assignment.
const unassignedWords = "This configuration is not assigned to anyone."

func (c *ConfigurationDetail) renderList(side graph.TargetKind, editable bool) app.UI {
	return &AssignmentList{Side: side, Assignments: onSide(c.assignments, side), Groups: c.facts.groups, Counts: c.facts.counts,
		Editable: editable, Open: c.editing, OnChange: c.Edit, OnRemove: c.Remove, Unassigned: len(c.assignments) == 0,
		OnAdd:      func(ctx app.Context) { c.AddTo(ctx, side) },
		FilterCell: c.filterCell(editable)}
}

// filterCell draws the filter column where filters matter: a kind that
// takes them, or an assignment that holds one.
func (c *ConfigurationDetail) filterCell(editable bool) func(graph.Assignment) app.UI {
	if !c.hasFilters() {
		return nil
	}
	return func(a graph.Assignment) app.UI { return c.renderFilterCell(a, editable) }
}

func (c *ConfigurationDetail) renderEditor() app.UI {
	a, ok := c.assignment(c.editing)
	if !ok {
		return nil
	}
	return &TargetEditor{
		Graph:          c.Graph,
		Configuration:  c.Configuration,
		Assignment:     a,
		Siblings:       c.assignments,
		People:         c.People,
		GroupName:      c.groupName(a.Target.GroupID),
		opts:           c.opts,
		OnSaved:        c.onSaved,
		OnSessionEnded: c.OnSessionEnded,
		OnCancel:       c.closeEditor,
		Keeping:        c.Keeping,
		Draft:          c.draftFor(a.ID),
		OnRefresh:      func(app.Context) { c.Load(c.ctx) },
		GroupNames:     c.groupName,
		Permissions:    c.Permissions,
	}
}

// resume opens the editor on the kept edit, once, when its assignment is
// still there; otherwise it says so and the draft stays for the user.
func (c *ConfigurationDetail) resume() {
	if c.Resume == nil || c.resumed {
		return
	}
	c.resumed = true
	if _, ok := c.assignment(c.Resume.AssignmentID); ok {
		c.editing = c.Resume.AssignmentID
		return
	}
	c.resumeGone = "The assignment your unsaved change was for (“" + c.Resume.BeforeWords + "”) is no longer in this configuration: someone changed or removed it."
}

// draftFor is the kept edit to start the editor of an assignment from.
func (c *ConfigurationDetail) draftFor(assignmentID string) *drafts.Edit {
	if c.Resume != nil && !c.resumeDone && c.Resume.AssignmentID == assignmentID {
		return c.Resume
	}
	return nil
}

func (c *ConfigurationDetail) assignment(id string) (graph.Assignment, bool) {
	for _, a := range c.assignments {
		if a.ID == id {
			return a, true
		}
	}
	return graph.Assignment{}, false
}

// Edit opens the target editor on one assignment.
func (c *ConfigurationDetail) Edit(ctx app.Context, assignmentID string) {
	if c.Configuration.IsDefault() {
		return
	}
	c.editing, c.filters.editing, c.saved, c.sets = assignmentID, "", nil, c.sets.closed()
	c.tellEditing(ctx)
	focusOn(c.ctx, "target-editor-title") // Escape now reaches the editor
}

// OnUpdate follows the address when Back or Forward change it.
func (c *ConfigurationDetail) OnUpdate(ctx app.Context) { c.followAddress(ctx) }

// followAddress opens the editor on the assignment the address names, or
// closes it when the address names none, once the assignments are read.
func (c *ConfigurationDetail) followAddress(ctx app.Context) {
	if c.Editing == c.addressed || c.assignments == nil {
		return
	}
	c.addressed = c.Editing
	switch _, ok := c.assignment(c.Editing); {
	case c.Editing == "" && c.editing != "":
		c.closeEditor(ctx)
	case ok && c.editing != c.Editing && !c.Configuration.IsDefault():
		c.editing, c.filters.editing, c.saved, c.sets = c.Editing, "", nil, c.sets.closed()
	}
}

// tellEditing tells the shell which assignment the editor is open on.
func (c *ConfigurationDetail) tellEditing(ctx app.Context) {
	c.addressed = c.editing
	if c.OnEditing != nil {
		c.OnEditing(ctx, c.editing)
	}
}

// closeEditor closes the target editor and gives the focus back to the
// control that opened it.
func (c *ConfigurationDetail) closeEditor(ctx app.Context) {
	opener := c.editing
	c.editing, c.resumeDone = "", true
	c.tellEditing(ctx)
	focusOn(c.ctx, changeButtonID(opener)) // the editor's context dies with it
}

// onSaved shows the result, learns the new group's name, and reloads the
// list so the screen shows what the service now holds. The reload starts
// once the result is drawn: the user is waiting for the result, and the
// reload's own work (a token, a request) would otherwise come first.
func (c *ConfigurationDetail) onSaved(_ app.Context, s Saved) {
	c.facts.know(s.Group)
	c.showSaved(widgets.DescribeTarget(s.Update.After, c.groupName).String(), s)
}

// showSaved shows a save's result (and, where PATCH was refused, the assign
// request sent instead), closes the editors and reloads the list.
func (c *ConfigurationDetail) showSaved(words string, s Saved) {
	c.saved = &savedChange{Words: words, Result: s.Result}
	if s.Result.FellBack {
		if sent, err := c.Graph.Preview(s.Update); err == nil {
			c.saved.Sent = &sent
		}
	}
	c.editing, c.filters.editing, c.resumeDone = "", "", true
	c.tellEditing(c.ctx)
	focusOn(c.ctx, "save-result")
	c.ctx.Defer(c.Load) // after this update cycle has drawn the result
}

func (c *ConfigurationDetail) back(ctx app.Context, e app.Event) {
	if c.OnBack != nil {
		c.OnBack(ctx)
	}
}
