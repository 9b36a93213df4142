package components

import (
	"errors"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// Saved is a successful save: what was asked, what Graph answered, and the
// group chosen (so its name is known without another request).
type Saved struct {
	Update graph.Update
	Result graph.UpdateResult
	Group  graph.Group
}

// Fields of the target editor that carry their own message.
const (
	fieldKind       = "kind"
	fieldGroup      = "group"
	fieldCollection = "collection"
	fieldForm       = "form"
)

// TargetEditor changes one assignment's target: choose the kind, the group
// (searched by name) or the collection, see the exact request, then save.
// Nothing is sent before the fields are valid and the preview was shown.
type TargetEditor struct {
	app.Compo

	Graph         Graph
	Configuration graph.Configuration
	Assignment    graph.Assignment
	// Siblings is the configuration's whole set as loaded: the assign
	// strategy refuses to write if the service's set differs.
	Siblings []graph.Assignment
	// GroupName is the display name of the assignment's current group.
	GroupName string
	OnSaved   func(ctx app.Context, s Saved)
	OnCancel  func(ctx app.Context)
	// OnSessionEnded is told when the save failed for want of a sign-in.
	OnSessionEnded func(ctx app.Context, err error)
	// Keeping keeps the form as a draft while it is filled in and records
	// the save in the history (nothing is kept when it is not Enabled).
	Keeping keep.Keeping
	// Draft, when set, is an earlier form of this edit to start from.
	Draft *drafts.Edit
	// OnRefresh asks the screen to read the configuration's assignments
	// again (after a conflict, the list must show theirs).
	OnRefresh func(ctx app.Context)
	// GroupNames names the groups the screen knows, for a conflict's
	// versions; nil knows none.
	GroupNames func(id string) string
	// Permissions are the session's, for the group picker's search.
	Permissions Permissions
	// People is the session's directory, for the preview's impact.
	People People

	// base replaces Assignment and Siblings once a conflict showed that
	// the service has moved on: the next save starts from theirs.
	base     *graph.Assignment
	siblings []graph.Assignment
	conflict *graph.ConflictError
	names    map[string]string // groups theirs targets, by ID
	keptErr  error
	ctx      app.Context
	mounted  bool
	opts     options

	kind         graph.TargetKind
	groupText    string
	group        graph.Group
	collectionID string
	problems     map[string]string
	warnings     map[string]string
	preview      *graph.RequestPreview
	saving       bool
	err          error
}

// CompoID makes go-app mount a fresh editor for another assignment.
func (c *TargetEditor) CompoID() string { return c.Assignment.ID }

// OnInit starts the form from a kept draft of this edit, or else from the
// assignment's current target.
func (c *TargetEditor) OnInit() {
	if d := c.Draft; d != nil && d.AssignmentID == c.Assignment.ID {
		c.kind, c.groupText, c.group, c.collectionID = d.Kind, d.GroupText, d.Group, d.CollectionID
		return
	}
	t := c.Assignment.Target
	c.kind = t.Kind
	if t.Kind.HasGroup() {
		c.group = graph.Group{ID: t.GroupID, DisplayName: c.GroupName}
		c.groupText = firstNonEmpty(c.GroupName, t.GroupID)
	}
	c.collectionID = t.CollectionID
}

// Render draws the form, then the preview and the save button once valid.
func (c *TargetEditor) Render() app.UI {
	current := widgets.DescribeTarget(c.Assignment.Target, func(string) string { return c.GroupName }).String()
	return app.Section().Class("panel editor").Aria("label", "Change assignment target").OnKeyDown(onEscape(c.escape)).Body(
		app.H3().ID("target-editor-title").TabIndex(-1).Text("Change target: "+current),
		c.renderKinds(),
		app.If(c.kind.HasGroup(), func() app.UI {
			return &GroupPicker{
				Graph: c.Graph, InputID: "group-picker", Label: "Group",
				Text: c.groupText, Chosen: c.group, Problem: c.problems[fieldGroup],
				opts: c.opts, OnChange: c.groupChanged, Permissions: c.keptAcross(c.Permissions),
			}
		}),
		app.If(c.kind == graph.TargetCollection, c.renderCollection),
		app.If(c.problems[fieldForm] != "", func() app.UI {
			return app.P().ID("form-message").TabIndex(-1).Class("field-message error").Role("alert").Text(c.problems[fieldForm])
		}),
		app.If(c.preview != nil && c.conflict == nil, c.renderPreview),
		app.If(c.conflict != nil, c.renderConflict),
		app.If(c.err != nil, func() app.UI { return &widgets.GraphError{Title: "Saving failed", Err: c.err} }),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("preview-request").Text("Preview request").
				Disabled(c.saving || !c.changed()).OnClick(func(ctx app.Context, e app.Event) { c.Preview(ctx) }),
			app.If(c.preview != nil && c.conflict == nil, c.renderSave),
			app.Button().Type("button").ID("cancel-edit").Text("Cancel").
				Disabled(c.saving).OnClick(c.cancel),
			app.If(c.saving, func() app.UI { return app.Span().Class("loading").Role("status").Text("Saving") }),
		),
		app.If(c.keptErr != nil, func() app.UI {
			return app.P().Class("field-message warning").Role("status").Text("Not kept in this browser: " + c.keptErr.Error())
		}),
	)
}

func (c *TargetEditor) renderKinds() app.UI {
	return app.FieldSet().Aria("describedby", "kind-message").Body(
		app.Legend().Text("Target type"),
		app.Range(graph.TargetKinds).Slice(func(i int) app.UI {
			k := graph.TargetKinds[i]
			accepted := c.Configuration.Kind.AcceptsTarget(k)
			id := "kind-" + string(k)
			return app.Label().For(id).Body(
				app.Input().Type("radio").Name("target-kind").ID(id).Value(string(k)).
					Checked(c.kind == k).Disabled(!accepted || c.saving).
					OnChange(func(ctx app.Context, e app.Event) { c.ChooseKind(ctx, k) }, app.EventScope(k)),
				app.Text(widgets.KindChoice(k)),
				app.If(!accepted, func() app.UI {
					return app.Span().Class("muted small").Text(" (not for " + c.Configuration.Kind.Label() + " configurations)")
				}),
			)
		}),
		app.Div().ID("kind-message").Class("field-message error").Text(c.problems[fieldKind]),
	)
}

func (c *TargetEditor) renderCollection() app.UI {
	message, class := c.problems[fieldCollection], "field-message error"
	if message == "" {
		message, class = c.warnings[fieldCollection], "field-message warning"
	}
	return app.Div().Body(
		app.Label().For("collection-id").Text("Collection ID"),
		app.Input().Type("text").ID("collection-id").Value(c.collectionID).
			Placeholder("SMS00001").AutoComplete(false).Spellcheck(false).
			Aria("invalid", c.problems[fieldCollection] != "").
			Aria("describedby", "collection-message").
			OnInput(func(ctx app.Context, e app.Event) { c.SetCollection(ctx, ctx.JSSrc().Get("value").String()) }),
		app.Div().ID("collection-message").Class(class).Aria("live", "polite").Text(message),
	)
}

// renderPreview is the request to send, announced and focused when it
// comes (previewShown).
func (c *TargetEditor) renderPreview() app.UI {
	return app.Div().ID(previewID).TabIndex(-1).Role("status").Aria("live", "polite").Body(
		&widgets.RequestPreview{Preview: *c.preview, Title: "Request to send"},
		c.renderImpact(),
	)
}

// previewID is the request preview's container in an editor.
const previewID = "request-preview"

// renderSave is Save, beside Preview and Cancel once the request is shown.
func (c *TargetEditor) renderSave() app.UI {
	next := widgets.DescribeTarget(c.target(), func(string) string { return c.group.DisplayName }).String()
	return app.Button().Type("button").Class("primary").ID("save-assignment").
		Aria("label", "Save: "+next).Text("Save").
		Disabled(c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Save(ctx) })
}

// changed reports a form that says something else than the assignment:
// only then is there anything to preview or save.
func (c *TargetEditor) changed() bool {
	return !c.target().Equal(c.loaded().Target)
}

// escape is Cancel from the keyboard, unless a save is on its way.
func (c *TargetEditor) escape(ctx app.Context) {
	if !c.saving {
		c.cancel(ctx, app.Event{})
	}
}

// renderImpact is who the edit moves: the configuration's set as loaded,
// then with the edited assignment's new target.
func (c *TargetEditor) renderImpact() app.UI {
	set := c.loadedSet()
	if len(set) == 0 {
		set = []graph.Assignment{c.loaded()}
	}
	next := make([]graph.Assignment, len(set))
	for i, a := range set {
		next[i] = a
		if a.ID == c.loaded().ID {
			next[i] = a.WithTarget(c.target())
		}
	}
	names := map[string]string{c.group.ID: c.group.DisplayName}
	return c.People.ImpactView([]graph.Configuration{withAssignments(c.Configuration, set)},
		[]graph.Configuration{withAssignments(c.Configuration, next)}, names)
}

// ChooseKind switches the target kind; the preview is dropped because it no
// longer matches the form.
func (c *TargetEditor) ChooseKind(ctx app.Context, k graph.TargetKind) {
	c.kind = k
	c.edited()
}

func (c *TargetEditor) groupChanged(ctx app.Context, text string, g graph.Group) {
	c.groupText, c.group = text, g
	c.edited()
}

// SetCollection changes the collection ID.
func (c *TargetEditor) SetCollection(ctx app.Context, id string) {
	c.collectionID = id
	c.edited()
}

func (c *TargetEditor) edited() {
	c.preview, c.err, c.problems, c.warnings, c.conflict = nil, nil, nil, nil, nil
	c.keepDraft()
}

// cancel discards the edit and its draft: the user chose to.
func (c *TargetEditor) cancel(ctx app.Context, e app.Event) {
	c.forgetDraft()
	if c.OnCancel != nil {
		c.OnCancel(ctx)
	}
}

// target is the target the form describes. A group typed rather than chosen
// is taken as an object ID, which validation then checks.
func (c *TargetEditor) target() graph.Target {
	switch c.kind {
	case graph.TargetGroup:
		return graph.GroupTarget(c.groupID())
	case graph.TargetExclusionGroup:
		return graph.ExclusionGroupTarget(c.groupID())
	case graph.TargetCollection:
		return graph.CollectionTarget(strings.TrimSpace(c.collectionID))
	case graph.TargetAllDevices:
		return graph.AllDevicesTarget()
	case graph.TargetAllLicensedUsers:
		return graph.AllLicensedUsersTarget()
	}
	return graph.Target{}
}

func (c *TargetEditor) groupID() string {
	if c.group.ID != "" && c.groupText == firstNonEmpty(c.group.DisplayName, c.group.ID) {
		return c.group.ID
	}
	return strings.TrimSpace(c.groupText)
}

func (c *TargetEditor) update() graph.Update {
	return graph.Update{
		Configuration: c.Configuration,
		Before:        c.loaded(),
		After:         c.target(),
		Siblings:      c.loadedSet(),
		Strategy:      graph.StrategyAuto,
	}
}

// loaded is the assignment the edit starts from: as the screen loaded it,
// or as the service had it when a conflict was resolved.
func (c *TargetEditor) loaded() graph.Assignment {
	if c.base != nil {
		return *c.base
	}
	return c.Assignment
}

func (c *TargetEditor) loadedSet() []graph.Assignment {
	if c.base != nil {
		return c.siblings
	}
	return c.Siblings
}

// Validate checks the form without sending anything and records a message
// beside each field at fault. It reports whether the form may be previewed.
func (c *TargetEditor) Validate() bool {
	c.problems, c.warnings = map[string]string{}, map[string]string{}
	t := c.target()
	if c.kind.HasGroup() && c.group.ID == "" && strings.TrimSpace(c.groupText) == "" {
		c.problems[fieldGroup] = "Choose a group from the list, or paste its object ID."
		return false
	}
	warnings, err := graph.ValidateTarget(t)
	for _, w := range warnings {
		c.warnings[fieldOf(w.Field)] = sentence(w.Message)
	}
	if err != nil {
		c.record(err)
		return false
	}
	if t.Equal(c.loaded().Target) {
		c.problems[fieldForm] = "That is already this assignment's target: nothing to save."
		return false
	}
	return true
}

// Preview validates the form, then asks the client what it would send.
func (c *TargetEditor) Preview(ctx app.Context) {
	c.preview, c.err = nil, nil
	if !c.Validate() {
		focusOn(ctx, c.firstProblem())
		return
	}
	if c.showPreview() {
		focusOn(ctx, previewID)
	}
}

// firstProblem is the field to correct first, or the form's message.
func (c *TargetEditor) firstProblem() string {
	switch {
	case c.problems[fieldKind] != "":
		return "kind-" + string(c.kind)
	case c.problems[fieldGroup] != "":
		return "group-picker"
	case c.problems[fieldCollection] != "":
		return "collection-id"
	}
	return "form-message"
}

// showPreview asks the client what it would send for the form as it is;
// false when it refuses (the reason is recorded for the screen).
func (c *TargetEditor) showPreview() bool {
	p, err := c.Graph.Preview(c.update())
	if err != nil {
		c.record(err)
		return false
	}
	c.preview = &p
	return true
}

// Save sends the previewed update. The result goes to OnSaved; a failure
// stays in the editor so the user can correct and retry.
func (c *TargetEditor) Save(ctx app.Context) {
	if c.preview == nil || c.saving || !c.Validate() {
		return
	}
	c.saving, c.err, c.conflict = true, nil, nil
	u, g := c.update(), c.Graph
	ctx.Async(func() {
		r, err := g.UpdateAssignment(ctx, u)
		ctx.Dispatch(func(ctx app.Context) {
			c.saving = false
			c.remember(u, r, err)
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
				return
			}
			var ce *graph.ConflictError
			if errors.As(err, &ce) {
				c.conflicted(ctx, ce)
				return
			}
			if err != nil {
				c.record(err)
				return
			}
			c.forgetDraft()
			if c.OnSaved != nil {
				c.OnSaved(ctx, Saved{Update: u, Result: r, Group: c.group})
			}
		})
	})
}

// record files a validation error beside its field (a target the set
// refuses in words, with group names) and anything else in the error box.
func (c *TargetEditor) record(err error) {
	var ve *graph.ValidationError
	if !errors.As(err, &ve) {
		c.err = err
		return
	}
	if c.problems == nil {
		c.problems = map[string]string{}
	}
	c.problems[fieldOf(ve.Field)] = sentence(ve.Message)
	var r *graph.Refusal
	if errors.As(err, &r) {
		c.problems[fieldOf(ve.Field)] = widgets.RefusalWords(r, c.nameOf)
	}
}

// fieldOf maps the graph package's field names to the editor's fields.
func fieldOf(graphField string) string {
	switch graphField {
	case "target.groupId":
		return fieldGroup
	case "target.collectionId":
		return fieldCollection
	case "target.@odata.type":
		return fieldKind
	}
	return fieldForm
}

// sentence capitalises a message and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
