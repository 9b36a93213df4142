package components

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/components/keep/history"
	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// FilterEditor sets, changes or removes the assignment filter of one
// assignment (beta): no filter, or include or exclude the devices of a
// filter that fits the configuration (graph.FiltersFor), as the admin
// center's "Edit filter" offers. The request is previewed, with its
// snippets, before anything is sent; the save goes through the same update
// as a target change, with its checks.
type FilterEditor struct {
	app.Compo

	Graph         Graph
	Configuration graph.Configuration
	// Assignment is the assignment as beta shows it, filter included.
	Assignment graph.Assignment
	Siblings   []graph.Assignment
	// Filters are the filters that fit the configuration.
	Filters []graph.AssignmentFilter
	// FilterName names any filter of the tenant ("" when unknown).
	FilterName func(id string) string
	// Words is the assignment's target in words.
	Words          string
	Keeping        keep.Keeping
	OnSaved        func(ctx app.Context, s Saved)
	OnCancel       func(ctx app.Context)
	OnRefresh      func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)

	mode     graph.FilterType
	filterID string
	problem  string
	preview  *graph.RequestPreview
	saving   bool
	err      error
	keptErr  error
}

// filterModes are the choices, in the admin center's words.
var filterModes = []struct {
	mode  graph.FilterType
	label string
}{
	{graph.FilterNone, "Do not apply a filter"},
	{graph.FilterInclude, "Include filtered devices in assignment"},
	{graph.FilterExclude, "Exclude filtered devices in assignment"},
}

// CompoID makes go-app mount a fresh editor for another assignment.
func (c *FilterEditor) CompoID() string { return "filter-" + c.Assignment.ID }

// OnInit starts from the assignment's filter.
func (c *FilterEditor) OnInit() { c.filterID, c.mode = c.Assignment.Target.Filter() }

// Render draws the mode, the filter, then the preview and save.
func (c *FilterEditor) Render() app.UI {
	return app.Section().Class("panel editor filter-editor").Aria("label", "Change assignment filter").OnKeyDown(onEscape(c.escape)).Body(
		app.H3().ID("filter-editor-title").TabIndex(-1).Text("Filter: "+c.Words),
		c.renderModes(),
		c.renderChoice(),
		app.If(c.problem != "", func() app.UI {
			return app.P().ID("filter-message").TabIndex(-1).Class("field-message error").Role("alert").Text(c.problem)
		}),
		app.If(c.preview != nil, c.renderPreview),
		app.If(c.err != nil, func() app.UI {
			return app.Div().Body(
				&widgets.GraphError{Title: "Saving the filter failed", Err: c.err},
				app.Button().Type("button").ID("reload-after-filter").Text("Reload the assignments").OnClick(c.refresh),
			)
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("preview-filter").Text("Preview request").
				Disabled(c.saving || !c.changed()).OnClick(c.previewClicked),
			app.If(c.preview != nil, c.renderSave),
			app.Button().Type("button").ID("cancel-filter").Text("Cancel").Disabled(c.saving).OnClick(c.cancel),
			app.If(c.saving, func() app.UI { return app.Span().Class("loading").Role("status").Text("Saving") }),
		),
		app.If(c.keptErr != nil, func() app.UI {
			return app.P().Class("field-message warning").Role("status").Text("Not kept in this browser's history: " + c.keptErr.Error())
		}),
	)
}

func (c *FilterEditor) renderModes() app.UI {
	return app.FieldSet().Body(
		app.Legend().Text("Filter mode"),
		app.Range(filterModes).Slice(func(i int) app.UI {
			m := filterModes[i]
			id := "filter-mode-" + string(m.mode)
			return app.Label().For(id).Body(
				app.Input().Type("radio").Name("filter-mode").ID(id).Value(string(m.mode)).
					Checked(c.mode == m.mode).Disabled(c.saving).
					OnChange(func(ctx app.Context, e app.Event) { c.ChooseMode(m.mode) }, app.EventScope(string(m.mode))),
				app.Text(m.label),
			)
		}),
	)
}

func (c *FilterEditor) renderChoice() app.UI {
	if len(c.Filters) == 0 {
		return app.P().Class("muted").Text("The tenant has no filter for the platforms a " + c.Configuration.Kind.Label() + " configuration takes.")
	}
	return app.Div().Body(
		app.Label().For("filter-choice").Text("Filter"),
		app.Select().ID("filter-choice").Disabled(c.mode == graph.FilterNone || c.saving).
			Aria("describedby", "filter-message").
			OnChange(func(ctx app.Context, e app.Event) { c.ChooseFilter(ctx.JSSrc().Get("value").String()) }).
			Body(
				widgets.NoChoice("Choose a filter", c.filterID == ""),
				app.Range(c.Filters).Slice(func(i int) app.UI {
					f := c.Filters[i]
					return app.Option().Value(f.ID).Selected(f.ID == c.filterID).Text(f.DisplayName + " (" + graph.PlatformLabel(f.Platform) + ")")
				}),
			),
	)
}

func (c *FilterEditor) renderPreview() app.UI {
	return app.Div().ID(previewID).TabIndex(-1).Role("status").Aria("live", "polite").Body(
		&widgets.RequestPreview{Preview: *c.preview, Title: "Request to send", ID: "filter-"},
	)
}

// renderSave is Save, beside Preview and Cancel once the request is shown.
func (c *FilterEditor) renderSave() app.UI {
	return app.Button().Type("button").Class("primary").ID("save-filter").Aria("label", "Save filter: "+c.Words).Text("Save").
		Disabled(c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Save(ctx) })
}

// changed reports a choice other than the assignment's filter: only then
// is there anything to preview or save.
func (c *FilterEditor) changed() bool {
	id, mode := c.Assignment.Target.Filter()
	return c.mode != mode || (c.mode != graph.FilterNone && c.filterID != id)
}

// previewClicked previews, then focuses the request, or the message that
// says why there is none.
func (c *FilterEditor) previewClicked(ctx app.Context, e app.Event) {
	c.Preview()
	switch {
	case c.preview != nil:
		focusOn(ctx, previewID)
	case c.problem != "":
		focusOn(ctx, "filter-message")
	}
}

// ChooseMode switches between no filter, include and exclude.
func (c *FilterEditor) ChooseMode(m graph.FilterType) {
	c.mode = m
	c.edited()
}

// ChooseFilter picks the filter by ID.
func (c *FilterEditor) ChooseFilter(id string) {
	c.filterID = id
	c.edited()
}

func (c *FilterEditor) edited() { c.preview, c.problem, c.err = nil, "", nil }

// target is the assignment's target with the filter the form describes.
func (c *FilterEditor) target() graph.Target {
	if c.mode == graph.FilterNone {
		return c.Assignment.Target.WithFilter("", graph.FilterNone)
	}
	return c.Assignment.Target.WithFilter(c.filterID, c.mode)
}

func (c *FilterEditor) update() graph.Update {
	return graph.Update{Configuration: c.Configuration, Before: c.Assignment, After: c.target(),
		Siblings: c.Siblings, Strategy: graph.StrategyAuto}
}

// Validate checks the form; it reports whether it may be previewed.
func (c *FilterEditor) Validate() bool {
	id, typ := c.Assignment.Target.Filter()
	switch {
	case c.mode != graph.FilterNone && c.filterID == "":
		c.problem = "Choose the filter whose devices are included or excluded."
	case c.mode == typ && (c.mode == graph.FilterNone || c.filterID == id):
		c.problem = "That is already this assignment's filter: nothing to save."
	default:
		c.problem = ""
	}
	return c.problem == ""
}

// Preview asks the client what it would send.
func (c *FilterEditor) Preview() {
	c.preview, c.err = nil, nil
	if !c.Validate() {
		return
	}
	p, err := c.Graph.Preview(c.update())
	if err != nil {
		c.problem = sentence(errorMessage(err))
		return
	}
	c.preview = &p
}

// Save sends the previewed change and records it in the history.
func (c *FilterEditor) Save(ctx app.Context) {
	if c.preview == nil || c.saving || !c.Validate() {
		return
	}
	c.saving, c.err = true, nil
	u, g := c.update(), c.Graph
	ctx.Async(func() {
		r, err := g.UpdateAssignment(ctx, u)
		ctx.Dispatch(func(ctx app.Context) {
			c.saving = false
			c.remember(u, r, err)
			switch {
			case SessionEnded(err) && c.OnSessionEnded != nil:
				c.OnSessionEnded(ctx, err)
			case err != nil:
				c.err = err
			case c.OnSaved != nil:
				c.OnSaved(ctx, Saved{Update: u, Result: r})
			}
		})
	})
}

func (c *FilterEditor) remember(u graph.Update, r graph.UpdateResult, err error) {
	e, ok := history.FromUpdate(c.Keeping.Who, history.SourceEdit, u, r, err, time.Now())
	if !ok {
		return
	}
	c.keptErr = c.Keeping.Record(e)
}

func (c *FilterEditor) cancel(ctx app.Context, e app.Event) { call(ctx, c.OnCancel) }

// escape is Cancel from the keyboard, unless a save is on its way.
func (c *FilterEditor) escape(ctx app.Context) {
	if !c.saving {
		c.cancel(ctx, app.Event{})
	}
}

func (c *FilterEditor) refresh(ctx app.Context, e app.Event) {
	call(ctx, c.OnRefresh)
	call(ctx, c.OnCancel)
}

// errorMessage is a validation error's message, or the error's text.
func errorMessage(err error) string {
	var ve *graph.ValidationError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return err.Error()
}
