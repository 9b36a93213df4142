package components

import (
	"errors"
	"maps"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// SetSaved is a successful addition or removal: what was asked and what
// Graph answered.
type SetSaved struct {
	Change graph.SetChange
	Result graph.SetChangeResult
	// Groups are the groups added, so their names are known without
	// another request.
	Groups []graph.Group
}

// SetChangeEditor adds groups (or, on the included side, everyone) to a
// configuration's included or excluded list, or removes one assignment:
// choose, read why anything is refused, preview the exact requests, save.
// Nothing is sent while a target is refused or before the preview was
// shown. Kept as a draft until sent, recorded in the history, and a
// conflict offers the ways on (set_change_editor_keeping.go).
type SetChangeEditor struct {
	app.Compo

	Graph         Graph
	Configuration graph.Configuration
	// Seen is the configuration's set as loaded.
	Seen []graph.Assignment
	// Side is the list additions go to: graph.TargetGroup (included) or
	// graph.TargetExclusionGroup (excluded). Empty, the editor removes
	// Remove.
	Side   graph.TargetKind
	Remove []graph.Assignment
	// GroupNames names the groups the screen knows; Counts their members.
	GroupNames map[string]string
	Counts     map[string]int
	Keeping    keep.Keeping
	// Permissions are the session's, for the group picker's search.
	Permissions Permissions
	// People is the session's directory, for the preview's impact.
	People People
	// Draft, when set, is an earlier form of this change to start from.
	Draft          *drafts.SetChange
	OnSaved        func(ctx app.Context, s SetSaved)
	OnCancel       func(ctx app.Context)
	OnRefresh      func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)

	picked   []graph.Group
	everyone []graph.TargetKind
	// base replaces Seen once a conflict showed the service has moved on.
	base     []graph.Assignment
	previews []graph.RequestPreview
	saving   bool
	err      error
	conflict *graph.ConflictError
	partial  *graph.SetChangeResult
	facts    groupFacts // names of the groups a conflict shows
	keptErr  error
	ctx      app.Context
	mounted  bool
	opts     options
}

// everyoneKinds are the targets beside groups the included side offers.
var everyoneKinds = []graph.TargetKind{graph.TargetAllLicensedUsers, graph.TargetAllDevices}

// CompoID makes go-app mount a fresh editor for another configuration or
// another change.
func (c *SetChangeEditor) CompoID() string {
	id := c.Configuration.ID + "/" + string(c.Side)
	for _, a := range c.Remove {
		id += "/" + a.ID
	}
	return id
}

// OnInit starts from a kept draft of this change.
func (c *SetChangeEditor) OnInit() {
	d := c.Draft
	if d == nil || d.ConfigurationID != c.Configuration.ID {
		return
	}
	c.picked = append([]graph.Group(nil), d.Groups...)
	for _, t := range d.Add {
		if !t.Kind.HasGroup() {
			c.everyone = append(c.everyone, t.Kind)
		}
	}
}

// Render draws the choice, the refusals, then the preview and the save.
func (c *SetChangeEditor) Render() app.UI {
	return app.Section().Class("panel editor set-editor").Aria("label", c.title()).OnKeyDown(onEscape(c.escape)).Body(
		app.H3().ID("set-editor-title").TabIndex(-1).Text(c.title()),
		app.If(c.removing(), c.renderRemoval),
		app.If(!c.removing() && c.Side == graph.TargetGroup, c.renderEveryone),
		app.If(!c.removing(), func() app.UI {
			return &GroupPicker{Graph: c.Graph, InputID: "set-group-picker", Label: c.pickerLabel(), Multiple: true,
				Picked: c.picked, OnPick: c.pick, opts: c.opts, Permissions: c.Permissions}
		}),
		c.renderRefusals(),
		app.If(c.previews != nil && c.conflict == nil, c.renderPreviews),
		app.If(c.conflict != nil, c.renderConflict),
		app.If(c.partial != nil, func() app.UI { return &widgets.SetChangeResult{Result: *c.partial, GroupNames: c.names()} }),
		app.If(c.err != nil, func() app.UI { return &widgets.GraphError{Title: "Saving failed", Err: c.err} }),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("preview-set-change").Text("Preview requests").
				Disabled(c.saving || len(c.targets())+len(c.Remove) == 0 || len(c.refusals()) > 0).
				OnClick(func(ctx app.Context, e app.Event) { c.Preview(ctx) }),
			app.If(c.previews != nil && c.conflict == nil, c.renderSave),
			app.Button().Type("button").ID("cancel-set-change").Text("Cancel").Disabled(c.saving).OnClick(c.cancel),
			app.If(c.saving, func() app.UI { return app.Span().Class("loading").Role("status").Text("Saving") }),
		),
		app.If(c.keptErr != nil, func() app.UI {
			return app.P().Class("field-message warning").Role("status").Text("Not kept in this browser: " + c.keptErr.Error())
		}),
	)
}

func (c *SetChangeEditor) removing() bool { return c.Side == "" }

func (c *SetChangeEditor) title() string {
	switch {
	case c.removing():
		return "Remove: " + c.words()
	case c.Side == graph.TargetExclusionGroup:
		return "Add to excluded groups"
	}
	return "Add to included groups"
}

func (c *SetChangeEditor) pickerLabel() string {
	if c.Side == graph.TargetExclusionGroup {
		return "Groups to exclude"
	}
	return "Groups to include"
}

func (c *SetChangeEditor) renderRemoval() app.UI {
	var lines []string
	for _, a := range c.Remove {
		line := widgets.DescribeTarget(a.Target, c.name).String() + " is taken out of " + c.Configuration.DisplayName
		if n, ok := c.Counts[a.Target.GroupID]; ok && a.Target.Kind.HasGroup() {
			line += ": " + widgets.MemberWords(n) + " no longer " + map[bool]string{true: "excluded", false: "targeted"}[a.Target.Kind == graph.TargetExclusionGroup] + " by it"
		}
		lines = append(lines, line+".")
	}
	return app.Ul().Class("set-removals").Body(app.Range(lines).Slice(func(i int) app.UI { return app.Li().Text(lines[i]) }))
}

// renderEveryone offers all licensed users and all devices, where the
// configuration's type takes them.
func (c *SetChangeEditor) renderEveryone() app.UI {
	return app.FieldSet().Class("everyone").Body(
		app.Legend().Text("Everyone"),
		app.Range(everyoneKinds).Slice(func(i int) app.UI {
			k := everyoneKinds[i]
			id := "set-everyone-" + string(k)
			accepted := c.Configuration.Kind.AcceptsTarget(k)
			return app.Div().Body(
				app.Input().Type("checkbox").ID(id).Checked(c.hasEveryone(k)).Disabled(!accepted || c.saving).
					OnChange(func(ctx app.Context, e app.Event) { c.ToggleEveryone(ctx, k) }, app.EventScope(string(k))),
				app.Label().For(id).Text(" "+widgets.KindChoice(k)),
				app.If(!accepted, func() app.UI {
					return app.Span().Class("muted small").Text(" (not for " + c.Configuration.Kind.Label() + " configurations)")
				}),
			)
		}),
	)
}

func (c *SetChangeEditor) renderRefusals() app.UI {
	refused := c.refusals()
	if len(refused) == 0 {
		return app.Div().Class("refusals-none")
	}
	return app.Ul().Class("refusals field-message error").Role("alert").Body(app.Range(refused).Slice(func(i int) app.UI {
		return app.Li().Class("refusal").DataSet("rule", string(refused[i].Rule)).Text(widgets.RefusalWords(refused[i], c.name))
	}))
}

func (c *SetChangeEditor) renderPreviews() app.UI {
	n := len(c.previews)
	return app.Div().Class("set-previews").ID(previewID).TabIndex(-1).Role("status").Aria("live", "polite").Body(
		app.Range(c.previews).Slice(func(i int) app.UI {
			title := "Request to send"
			if n > 1 {
				title = "Request " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n) + " to send"
			}
			return &widgets.RequestPreview{Preview: c.previews[i], Title: title}
		}),
		c.renderImpact(),
	)
}

// renderSave is Save (or Remove), beside Preview and Cancel once the
// requests are shown.
func (c *SetChangeEditor) renderSave() app.UI {
	action := "Save"
	if c.removing() {
		action = "Remove"
	}
	return app.Button().Type("button").Class("primary").ID("save-set-change").
		Aria("label", action+": "+c.words()).Text(action).
		Disabled(c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Save(ctx) })
}

// renderImpact is who the change moves: the set as loaded, then without
// the removed assignments and with the added targets.
func (c *SetChangeEditor) renderImpact() app.UI {
	var next []graph.Assignment
	for _, a := range c.loaded() {
		if _, removed := widgets.FindAssignment(c.Remove, a.ID); !removed {
			next = append(next, a)
		}
	}
	for _, t := range c.targets() {
		next = append(next, graph.Assignment{Target: t})
	}
	names := maps.Clone(c.GroupNames)
	if names == nil {
		names = map[string]string{}
	}
	for _, g := range c.picked {
		names[g.ID] = g.DisplayName
	}
	return c.People.ImpactView([]graph.Configuration{withAssignments(c.Configuration, c.loaded())},
		[]graph.Configuration{withAssignments(c.Configuration, next)}, names)
}

// pick takes the picker's choice.
func (c *SetChangeEditor) pick(ctx app.Context, picked []graph.Group) {
	c.picked = picked
	c.edited()
}

// ToggleEveryone ticks or unticks all licensed users or all devices.
func (c *SetChangeEditor) ToggleEveryone(ctx app.Context, k graph.TargetKind) {
	if i := kindIndex(c.everyone, k); i >= 0 {
		c.everyone = append(c.everyone[:i:i], c.everyone[i+1:]...)
	} else {
		c.everyone = append(c.everyone, k)
	}
	c.edited()
}

func (c *SetChangeEditor) hasEveryone(k graph.TargetKind) bool { return kindIndex(c.everyone, k) >= 0 }

func kindIndex(list []graph.TargetKind, k graph.TargetKind) int {
	for i, x := range list {
		if x == k {
			return i
		}
	}
	return -1
}

// edited drops what no longer matches the form, and keeps it.
func (c *SetChangeEditor) edited() {
	c.previews, c.err, c.conflict = nil, nil, nil
	c.keepDraft()
}

// targets are the targets the form adds: everyone ticked, then the groups.
func (c *SetChangeEditor) targets() []graph.Target {
	if c.removing() {
		return nil
	}
	var out []graph.Target
	for _, k := range everyoneKinds {
		if c.hasEveryone(k) {
			out = append(out, graph.Target{Kind: k})
		}
	}
	for _, g := range c.picked {
		out = append(out, graph.Target{Kind: c.Side, GroupID: g.ID})
	}
	return out
}

// change is the change the form describes, on the set it starts from.
func (c *SetChangeEditor) change() graph.SetChange {
	return graph.SetChange{Configuration: c.Configuration, Add: c.targets(), Remove: c.Remove, Seen: c.loaded(), Strategy: graph.StrategyAuto}
}

// loaded is the set the change starts from: as the screen loaded it, or
// as the service had it when a conflict was taken up.
func (c *SetChangeEditor) loaded() []graph.Assignment {
	if c.base != nil {
		return c.base
	}
	if c.Seen == nil {
		return []graph.Assignment{}
	}
	return c.Seen
}

// refusals are the targets refused on the set it starts from, as graph
// decides them.
func (c *SetChangeEditor) refusals() []*graph.Refusal {
	var kept []graph.Assignment
	for _, a := range c.loaded() {
		if _, removed := widgets.FindAssignment(c.Remove, a.ID); !removed {
			kept = append(kept, a)
		}
	}
	return graph.RefuseTargets(c.Configuration.Kind, kept, c.targets())
}

// words says what the form does: "Add Include group A, All devices".
func (c *SetChangeEditor) words() string {
	var parts []string
	for _, a := range c.Remove {
		parts = append(parts, widgets.DescribeTarget(a.Target, c.name).String())
	}
	if c.removing() {
		return strings.Join(parts, ", ")
	}
	for _, t := range c.targets() {
		parts = append(parts, widgets.DescribeTarget(t, c.name).String())
	}
	return "Add " + strings.Join(parts, ", ")
}

// name is a group's name: chosen here, or known to the screen.
func (c *SetChangeEditor) name(id string) string {
	if i := pickedIndex(c.picked, id); i >= 0 {
		return c.picked[i].DisplayName
	}
	return c.GroupNames[id]
}

func (c *SetChangeEditor) names() map[string]string {
	out := c.facts.names()
	for id, n := range c.GroupNames {
		out[id] = n
	}
	for _, g := range c.picked {
		out[g.ID] = g.DisplayName
	}
	return out
}

// Preview asks the client what it would send; nothing is asked while a
// target is refused.
func (c *SetChangeEditor) Preview(ctx app.Context) {
	c.previews, c.err = nil, nil
	if len(c.refusals()) > 0 {
		return
	}
	if c.showPreview() {
		focusOn(ctx, previewID)
	}
}

func (c *SetChangeEditor) showPreview() bool {
	p, err := c.Graph.PreviewSetChange(c.change())
	if err != nil {
		c.err = err
		return false
	}
	c.previews = p
	return true
}

// Save sends the previewed change. The result goes to OnSaved; a failure
// stays here, with what was written before it.
func (c *SetChangeEditor) Save(ctx app.Context) {
	if c.previews == nil || c.saving || len(c.refusals()) > 0 {
		return
	}
	c.saving, c.err, c.conflict, c.partial = true, nil, nil, nil
	ch, g := c.change(), c.Graph
	ctx.Async(func() {
		r, err := g.ChangeAssignments(ctx, ch)
		ctx.Dispatch(func(ctx app.Context) { c.saved(ctx, ch, r, err) })
	})
}

// saved records the outcome and shows it.
func (c *SetChangeEditor) saved(ctx app.Context, ch graph.SetChange, r graph.SetChangeResult, err error) {
	c.saving = false
	c.remember(ch, r, err)
	var ce *graph.ConflictError
	switch {
	case SessionEnded(err):
		call2(ctx, c.OnSessionEnded, err)
	case errors.As(err, &ce):
		c.conflicted(ctx, ce)
	case err != nil:
		c.err, c.previews = err, nil
		if writtenAny(r) {
			c.partial = &r
			call(ctx, c.OnRefresh) // the set changed: the lists must show it
		}
	default:
		c.forgetDraft()
		if c.OnSaved != nil {
			c.OnSaved(ctx, SetSaved{Change: ch, Result: r, Groups: c.picked})
		}
	}
}

func writtenAny(r graph.SetChangeResult) bool {
	for _, it := range r.Items {
		if it.Done {
			return true
		}
	}
	return false
}

// escape is Cancel from the keyboard, unless a save is on its way.
func (c *SetChangeEditor) escape(ctx app.Context) {
	if !c.saving {
		c.cancel(ctx, app.Event{})
	}
}

// cancel discards the change and its draft: the user chose to.
func (c *SetChangeEditor) cancel(ctx app.Context, e app.Event) {
	c.forgetDraft()
	call(ctx, c.OnCancel)
}
