package components

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// HistoryScreen lists every write the app made in this tenant as this
// administrator, newest first, exports the list as JSON or CSV, and undoes
// a change: writes its "before" back, through the same re-read and
// conflict check as any other write.
type HistoryScreen struct {
	app.Compo

	Graph   Graph
	Keeping keep.Keeping
	// Files downloads the exports; nil is the browser's.
	Files          Files
	OnBack         func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)
	// OnEdit opens the editor on an undo the user wants to change first.
	OnEdit func(ctx app.Context, d drafts.Edit)
	// ReadOnly offers no undo: Intune refused a change for the role.
	ReadOnly bool

	entries []history.Entry
	loadErr error
	groups  map[string]graph.Group
	undoing string
	// confirming is the entry whose Undo asks "are you sure" in its row.
	confirming string
	undone     *history.Entry
	undoErr    error
	conflict   *undoConflict
	fileErr    error
	ctx        app.Context
}

// undoConflict is an undo not sent because the assignment moved on.
type undoConflict struct {
	entry history.Entry
	cfg   graph.Configuration
	live  []graph.Assignment
	err   *graph.ConflictError
}

// OnMount reads the history and the names of the groups it mentions.
func (c *HistoryScreen) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.reload()
	c.learnGroups(ctx, c.groupIDs())
}

// learnGroups reads the names of the groups not known yet.
func (c *HistoryScreen) learnGroups(ctx app.Context, ids []string) {
	var unknown []string
	for _, id := range ids {
		if c.groupName(id) == "" {
			unknown = append(unknown, id)
		}
	}
	g := c.Graph
	if len(unknown) == 0 || g == nil {
		return
	}
	ctx.Async(func() {
		found, err := g.GetGroups(ctx, unknown)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				return
			}
			if c.groups == nil {
				c.groups = map[string]graph.Group{}
			}
			for id, gr := range found {
				c.groups[id] = gr
			}
		})
	})
}

func (c *HistoryScreen) reload() {
	c.entries, c.loadErr = c.Keeping.History.Entries()
}

func (c *HistoryScreen) groupIDs() []string {
	var ids []string
	for _, e := range c.entries {
		for _, t := range []graph.Target{e.Before, e.After} {
			if t.Kind.HasGroup() && !slices.Contains(ids, t.GroupID) {
				ids = append(ids, t.GroupID)
			}
		}
	}
	return ids
}

func (c *HistoryScreen) groupName(id string) string { return c.groups[id].DisplayName }

// Render draws the exports, the outcome of the last undo, and the list.
func (c *HistoryScreen) Render() app.UI {
	return app.Section().Class("panel history").Aria("labelledby", "history-title").Body(
		app.Button().Type("button").Class("link").ID("history-back").Text("← All configurations").
			OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnBack) }),
		app.H2().ID("history-title").TabIndex(-1).Text("History of changes"),
		app.P().Class("muted").Text("Every change this app sent to tenant "+c.Keeping.Who.Tenant+" as "+c.Keeping.Who.User+
			", kept in this browser. Signing out removes it: export it first to keep it."),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("export-history-json").Text("Export as JSON").
				Disabled(len(c.entries) == 0).OnClick(func(ctx app.Context, e app.Event) { c.Export("json") }),
			app.Button().Type("button").ID("export-history-csv").Text("Export as CSV").
				Disabled(len(c.entries) == 0).OnClick(func(ctx app.Context, e app.Event) { c.Export("csv") }),
		),
		app.If(c.fileErr != nil, func() app.UI { return app.P().Class("field-message error").Role("alert").Text(c.fileErr.Error()) }),
		app.If(c.loadErr != nil, func() app.UI {
			return app.P().Class("error-box panel").Role("alert").Text(c.loadErr.Error())
		}),
		app.If(c.conflict != nil, c.renderConflict),
		app.If(c.undone != nil, c.renderUndone),
		app.If(c.undoErr != nil, func() app.UI { return &widgets.GraphError{Title: "Undoing failed", Err: c.undoErr} }),
		c.renderList(),
	)
}

func (c *HistoryScreen) renderList() app.UI {
	if len(c.entries) == 0 {
		return app.P().Class("empty").Text("No change has been made from this browser yet.")
	}
	newest := slices.Clone(c.entries)
	slices.Reverse(newest)
	return app.Table().Class("history-entries").Body(
		app.Caption().Class("muted small").Text(widgets.Count(len(newest), "change", "changes")+", newest first"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("When"),
			app.Th().Scope("col").Text("By"),
			app.Th().Scope("col").Text("Configuration"),
			app.Th().Scope("col").Text("Change"),
			app.Th().Scope("col").Text("Outcome"),
			app.Th().Scope("col").Text("request-id"),
			app.Th().Scope("col").Body(app.Span().Class("visually-hidden").Text("Actions")),
		)),
		app.TBody().Body(app.Range(newest).Slice(func(i int) app.UI { return c.renderEntry(newest[i]) })),
	)
}

func (c *HistoryScreen) renderEntry(e history.Entry) app.UI {
	change := c.change(e)
	return app.Tr().Class("history-entry").DataSet("entry-id", e.ID).DataSet("outcome", string(e.Outcome)).
		DataSet("source", string(e.Source)).DataSet("configuration-id", e.ConfigurationID).DataSet("assignment-id", e.AssignmentID).Body(
		app.Td().Text(e.Time.Local().Format("2 Jan 2006 15:04:05")),
		app.Td().Text(e.User+" ("+sourceWords(e.Source)+")"),
		app.Td().Text(firstNonEmpty(e.ConfigurationName, e.ConfigurationID)),
		app.Td().Class("change").Text(change),
		app.Td().Class("outcome").Body(
			app.Text(outcomeWords(e.Outcome)),
			app.If(c.undoneBy(e.ID), func() app.UI { return app.Div().Class("undone").Text("Undone since") }),
			app.If(e.Error != "", func() app.UI { return app.Div().Class("muted small").Text(e.Error) }),
		),
		app.Td().Class("muted small request-id").Text(widgets.OrDash(e.RequestID)),
		app.Td().Body(app.If(e.Undoable() && !c.ReadOnly && !c.undoneBy(e.ID), func() app.UI { return c.renderUndo(e, change) })),
	)
}

// renderUndo is an entry's Undo button, or, once pressed, the question
// whether to write its "before" back, in the row.
func (c *HistoryScreen) renderUndo(e history.Entry, change string) app.UI {
	if c.confirming != e.ID {
		return app.Button().Type("button").Class("undo-entry").ID(undoButtonID(e.ID)).Aria("label", "Undo: "+change+" in "+e.ConfigurationName).
			Text("Undo").Disabled(c.undoing != "").
			OnClick(func(ctx app.Context, ev app.Event) { c.askUndo(ctx, e.ID) }, app.EventScope(e.ID))
	}
	return app.Div().Class("undo-confirm").Role("group").Aria("label", "Undo: "+change+"?").
		OnKeyDown(func(ctx app.Context, ev app.Event) {
			if ev.Get("key").String() == "Escape" {
				c.keepEntry(ctx, e.ID)
			}
		}, app.EventScope(e.ID)).Body(
		app.Span().Text("Write the earlier target back? "),
		app.Button().Type("button").Class("primary confirm-undo").ID("confirm-undo").Text("Yes, undo").
			OnClick(func(ctx app.Context, ev app.Event) { c.confirming = ""; c.Undo(ctx, e.ID) }, app.EventScope(e.ID)),
		app.Button().Type("button").Class("cancel-undo").ID("cancel-undo").Text("No, keep it").
			OnClick(func(ctx app.Context, ev app.Event) { c.keepEntry(ctx, e.ID) }, app.EventScope(e.ID)),
	)
}

func undoButtonID(entryID string) string { return "undo-" + entryID }

// askUndo asks, in the entry's row, before anything is written.
func (c *HistoryScreen) askUndo(ctx app.Context, id string) {
	c.confirming = id
	focusOn(ctx, "confirm-undo")
}

// keepEntry drops the question and gives the focus back to its Undo.
func (c *HistoryScreen) keepEntry(ctx app.Context, id string) {
	c.confirming = ""
	focusOn(ctx, undoButtonID(id))
}

// undoneBy reports whether a later undo wrote the entry's change back.
func (c *HistoryScreen) undoneBy(id string) bool {
	for _, e := range c.entries {
		if e.UndoOf == id && e.Outcome == history.Succeeded {
			return true
		}
	}
	return false
}

// change says what an entry did: "Include group A → Exclude group B".
func (c *HistoryScreen) change(e history.Entry) string {
	switch {
	case e.Before.IsZero():
		return "Added " + widgets.DescribeTarget(e.After, c.groupName).String()
	case e.After.IsZero():
		return "Removed " + widgets.DescribeTarget(e.Before, c.groupName).String()
	}
	return widgets.DescribeTarget(e.Before, c.groupName).String() + " → " + widgets.DescribeTarget(e.After, c.groupName).String()
}

func sourceWords(s history.Source) string {
	switch s {
	case history.SourceUndo:
		return "undo"
	case history.SourceBulk:
		return "bulk change"
	case history.SourceRestore:
		return "restore"
	}
	return "edit"
}

func outcomeWords(o history.Outcome) string {
	switch o {
	case history.Succeeded:
		return "Done"
	case history.Failed:
		return "Failed: nothing changed"
	case history.Conflict:
		return "Not sent: it had changed"
	case history.Skipped:
		return "Not sent: their change was kept"
	}
	return "Unknown: no answer came"
}

func (c *HistoryScreen) renderUndone() app.UI {
	e := *c.undone
	return app.P().ID("undo-result").TabIndex(-1).Class("panel result ok undo-result").Role("status").
		Text("Undone: " + c.change(e) + " in " + e.ConfigurationName + " (request-id " + widgets.OrDash(e.RequestID) + ").")
}

// Export downloads the history as JSON or CSV.
func (c *HistoryScreen) Export(format string) {
	now := time.Now()
	var data []byte
	var err error
	mime := "application/json"
	if format == "csv" {
		mime = "text/csv"
		data, err = history.ExportCSV(c.entries)
	} else {
		data, err = history.ExportJSON(c.Keeping.Who, c.entries, now)
	}
	if err == nil {
		name := "enrollassign-history-" + now.UTC().Format("20060102T150405Z") + "." + format
		err = c.files().Download(name, mime, data)
	}
	c.fileErr = err
}

func (c *HistoryScreen) files() Files {
	if c.Files != nil {
		return c.Files
	}
	return browser.Files{}
}

// Undo writes an entry's "before" back: the configuration and its set are
// read again, the assignment that shows the entry's "after" is found (or
// a conflict shown), and the update goes through UpdateAssignment's own
// re-read and check. An addition is undone by a removal and the reverse
// (history_screen_sets.go).
func (c *HistoryScreen) Undo(ctx app.Context, id string) {
	e, ok := history.Find(c.entries, id)
	if !ok || c.undoing != "" {
		return
	}
	c.undoing, c.undone, c.undoErr, c.conflict = id, nil, nil, nil
	g := c.Graph
	ctx = c.ctx // rows move as entries are added: the button may not last
	ctx.Async(func() {
		cfg, live, err := readConfiguration(ctx, g, e.ConfigurationID)
		if err == nil && !e.Retargets() {
			c.finishSetUndo(ctx, e, cfg, live)
			return
		}
		var u graph.Update
		if err == nil {
			u, err = history.UndoUpdate(e, cfg, live)
		}
		c.finishUndo(ctx, e, cfg, live, u, err)
	})
}

// finishUndo sends the undo (unless reading already failed) and shows how
// it ended. It runs on the Async goroutine.
func (c *HistoryScreen) finishUndo(ctx app.Context, e history.Entry, cfg graph.Configuration, live []graph.Assignment, u graph.Update, err error) {
	var r graph.UpdateResult
	sent := false
	if err == nil {
		r, err = c.Graph.UpdateAssignment(ctx, u)
		sent = true
	}
	ctx.Dispatch(func(ctx app.Context) {
		c.undoing = ""
		if sent {
			if rec, ok := history.FromUpdate(c.Keeping.Who, history.SourceUndo, u, r, err, time.Now()); ok {
				rec.UndoOf = e.ID
				if recErr := c.Keeping.Record(rec); recErr != nil {
					c.fileErr = recErr
				}
				if err == nil {
					c.undone = &rec
					focusOn(ctx, "undo-result")
				}
			}
			c.reload()
		}
		var ce *graph.ConflictError
		switch {
		case SessionEnded(err):
			call2(ctx, c.OnSessionEnded, err)
		case errors.As(err, &ce):
			c.conflict = &undoConflict{entry: e, cfg: cfg, live: live, err: ce}
			c.learnGroups(ctx, widgets.ConflictGroups(ce))
		case err != nil:
			c.undoErr = err
		}
	})
}

func call2(ctx app.Context, f func(app.Context, error), err error) {
	if f != nil {
		f(ctx, err)
	}
}

func (c *HistoryScreen) renderConflict() app.UI {
	k := c.conflict
	id := firstNonEmpty(k.entry.AssignmentIDAfter, k.entry.AssignmentID)
	if len(k.err.Expected) == 1 && k.err.Expected[0].ID != "" {
		id = k.err.Expected[0].ID
	}
	names := map[string]string{}
	for _, gid := range widgets.ConflictGroups(k.err, k.entry.Before, k.entry.After) {
		if name := c.groupName(gid); name != "" {
			names[gid] = name
		}
	}
	v := &widgets.ConflictView{Conflict: k.err, AssignmentID: id, Before: k.entry.After, Yours: k.entry.Before,
		GroupNames: names, OnKeepTheirs: func(app.Context) { c.conflict = nil }}
	if _, ok := widgets.FindAssignment(k.err.Actual, id); ok {
		v.OnApplyMine = func(ctx app.Context) { c.applyUndo(ctx, id) }
		if c.OnEdit != nil {
			v.OnEdit = func(ctx app.Context) { c.editUndo(ctx, id) }
		}
	}
	return v
}

// applyUndo writes the entry's "before" over theirs.
func (c *HistoryScreen) applyUndo(ctx app.Context, id string) {
	k := c.conflict
	theirs, ok := widgets.FindAssignment(k.err.Actual, id)
	if !ok {
		return
	}
	set := k.err.Actual
	if len(set) == 1 {
		set = replaced(k.live, theirs)
	}
	u := graph.Update{Configuration: k.cfg, Before: theirs, After: k.entry.Before, Siblings: set, Strategy: graph.StrategyAuto}
	c.conflict, c.undoing = nil, k.entry.ID
	e, cfg := k.entry, k.cfg
	ctx = c.ctx // the conflict view that asked goes away
	ctx.Async(func() { c.finishUndo(ctx, e, cfg, set, u, nil) })
}

// editUndo opens the editor on theirs with the entry's "before" filled in.
func (c *HistoryScreen) editUndo(ctx app.Context, id string) {
	k := c.conflict
	theirs, _ := widgets.FindAssignment(k.err.Actual, id)
	before := k.entry.Before
	d := drafts.Edit{ConfigurationID: k.cfg.ID, ConfigurationName: k.cfg.DisplayName, ConfigurationKind: k.cfg.Kind,
		Priority: k.cfg.Priority, AssignmentID: theirs.ID, Before: theirs.Target,
		BeforeWords: widgets.DescribeTarget(theirs.Target, c.groupName).String(),
		Kind:        before.Kind, CollectionID: before.CollectionID}
	if before.Kind.HasGroup() {
		d.Group = graph.Group{ID: before.GroupID, DisplayName: c.groupName(before.GroupID)}
		d.GroupText = firstNonEmpty(d.Group.DisplayName, before.GroupID)
	}
	c.conflict = nil
	c.OnEdit(ctx, d)
}

// configurationGetter is graph.Client's read of one configuration.
type configurationGetter interface {
	GetConfiguration(ctx context.Context, id string) (graph.Configuration, error)
}

// readConfiguration reads a configuration as it is now (its kind and
// priority decide what may be written) and its set of assignments.
func readConfiguration(ctx context.Context, g Graph, id string) (graph.Configuration, []graph.Assignment, error) {
	var cfg graph.Configuration
	var err error
	if getter, ok := g.(configurationGetter); ok {
		cfg, err = getter.GetConfiguration(ctx, id)
	} else {
		cfg, err = findConfiguration(ctx, g, id)
	}
	if err != nil {
		return cfg, nil, err
	}
	live, err := g.ListAssignments(ctx, id)
	return cfg, live, err
}

func findConfiguration(ctx context.Context, g Graph, id string) (graph.Configuration, error) {
	all, err := g.ListConfigurations(ctx, graph.ListOptions{})
	if err != nil {
		return graph.Configuration{}, err
	}
	for _, cfg := range all {
		if strings.EqualFold(cfg.ID, id) {
			return cfg, nil
		}
	}
	return graph.Configuration{}, errors.New("configuration " + id + " no longer exists")
}
