package components

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// PriorityScreen reorders the non-default configurations of one kind: a
// user in several groups gets only the configuration with the lowest
// number. Rows move up and down with buttons (and, as an extra, by dragging
// them); the resulting order and each setPriority request are previewed
// before anything is sent; the kind's default stays last; the save refuses
// to write when someone else reordered meanwhile.
type PriorityScreen struct {
	app.Compo

	Graph          PriorityGraph
	Kind           graph.ConfigurationKind
	OnBack         func(ctx app.Context)
	OnSessionEnded func(ctx app.Context, err error)
	// People is the session's directory, for the preview's impact.
	People People

	loading  bool
	err      error
	loaded   []graph.Configuration
	order    []string
	dragging string
	status   string
	previews []graph.RequestPreview
	problem  error
	saving   bool
	result   *graph.ReorderResult
	ctx      app.Context
}

// CompoID makes go-app mount a fresh screen for another kind.
func (c *PriorityScreen) CompoID() string { return "priority-" + string(c.Kind) }

// OnMount loads the kind's order and puts the focus on the title.
func (c *PriorityScreen) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.Load(ctx)
	ctx.Defer(func(app.Context) { app.Window().GetElementByID("priority-title").Call("focus") })
}

// Load reads the configurations and starts from their order.
func (c *PriorityScreen) Load(ctx app.Context) {
	c.loading, c.err, c.previews, c.problem, c.result, c.status = true, nil, nil, nil, nil, ""
	g := c.Graph
	ctx.Async(func() {
		all, err := g.ListConfigurations(ctx, graph.ListOptions{})
		ctx.Dispatch(func(ctx app.Context) {
			c.loading, c.err = false, err
			if err == nil {
				c.loaded = all
				c.order = graph.IDs(c.movable())
			}
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
			}
		})
	})
}

func (c *PriorityScreen) movable() []graph.Configuration {
	m, _ := graph.OrderOf(c.loaded, c.Kind)
	return m
}

func (c *PriorityScreen) byID(id string) graph.Configuration {
	for _, cfg := range c.loaded {
		if cfg.ID == id {
			return cfg
		}
	}
	return graph.Configuration{ID: id, DisplayName: id}
}

// changed reports an order other than the one loaded.
func (c *PriorityScreen) changed() bool { return !slices.Equal(c.order, graph.IDs(c.movable())) }

func (c *PriorityScreen) reorder() graph.Reorder {
	return graph.Reorder{Kind: c.Kind, Loaded: c.loaded, Order: slices.Clone(c.order)}
}

// MoveUp moves a configuration one place up (applied sooner).
func (c *PriorityScreen) MoveUp(id string) { c.MoveTo(id, slices.Index(c.order, id)-1) }

// MoveDown moves a configuration one place down.
func (c *PriorityScreen) MoveDown(id string) { c.MoveTo(id, slices.Index(c.order, id)+1) }

// MoveTo puts a configuration at a position (0 first), says so for screen
// readers, and drops a preview of the old order.
func (c *PriorityScreen) MoveTo(id string, to int) {
	from := slices.Index(c.order, id)
	if from < 0 || to < 0 || to >= len(c.order) || to == from || c.saving {
		return
	}
	c.order = slices.Insert(slices.Delete(c.order, from, from+1), to, id)
	c.previews, c.problem, c.result = nil, nil, nil
	c.status = "Moved " + c.byID(id).DisplayName + " to position " + strconv.Itoa(to+1) + " of " + strconv.Itoa(len(c.order)) + "."
}

// keepFocus puts the focus back on the moved row's button after a render:
// the row moved, so the focused element now belongs to another.
func (c *PriorityScreen) keepFocus(ctx app.Context, id, direction string) {
	i := slices.Index(c.order, id)
	if direction == "up" && i == 0 || direction == "down" && i == len(c.order)-1 {
		direction = map[string]string{"up": "down", "down": "up"}[direction]
	}
	target := "move-" + direction + "-" + id
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(target); el.Truthy() {
			el.Call("focus")
		}
	})
}

// Reset goes back to the order loaded.
func (c *PriorityScreen) Reset() {
	c.order = graph.IDs(c.movable())
	c.previews, c.problem, c.result, c.status = nil, nil, nil, "Back to the order loaded."
}

// Preview asks the client for the setPriority calls of the new order.
func (c *PriorityScreen) Preview() {
	c.previews, c.problem = nil, nil
	previews, err := c.Graph.PreviewReorder(c.reorder())
	if err != nil {
		c.problem = err
		return
	}
	c.previews = previews
}

// Save sends the previewed order.
func (c *PriorityScreen) Save(ctx app.Context) {
	if c.previews == nil || c.saving {
		return
	}
	c.saving, c.problem = true, nil
	r, g := c.reorder(), c.Graph
	ctx.Async(func() {
		res, err := g.ApplyReorder(ctx, r)
		ctx.Dispatch(func(ctx app.Context) {
			c.saving = false
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
				return
			}
			if err != nil {
				c.problem = err
				return
			}
			c.result, c.previews = &res, nil
			c.loaded = withPriorities(c.loaded, res.Order)
			c.order = graph.IDs(c.movable())
			c.status = "Saved: the new order is in place."
		})
	})
}

// Render draws the order with its controls, then the preview and the save.
func (c *PriorityScreen) Render() app.UI {
	return app.Section().Class("panel priority").Aria("labelledby", "priority-title").Body(
		app.Button().Type("button").Class("link").ID("back-to-list").Text("← All configurations").OnClick(c.back),
		app.H2().ID("priority-title").TabIndex(-1).Text("Priority order: "+c.Kind.Label()),
		app.P().Class("muted").Text("A user in several groups gets only the "+c.Kind.Label()+" configuration with the lowest number. "+
			"The default applies last, to everyone the others leave, and keeps its place. Move with the buttons, or drag a row."),
		c.renderBody(),
		app.P().ID("priority-status").Class("priority-status").Role("status").Aria("live", "polite").Text(c.status),
	)
}

func (c *PriorityScreen) renderBody() app.UI {
	switch {
	case c.loading && c.loaded == nil:
		return app.P().Class("loading").Role("status").Text("Loading configurations")
	case c.err != nil:
		return app.Div().Body(
			&widgets.GraphError{Title: "Loading the configurations failed", Err: c.err},
			app.Button().Type("button").ID("reload-order").Text("Try again").OnClick(func(ctx app.Context, e app.Event) { c.Load(ctx) }),
		)
	}
	_, defaults := graph.OrderOf(c.loaded, c.Kind)
	return app.Div().Body(
		app.Ol().Class("priority-order").Aria("labelledby", "priority-title").Body(
			app.Range(c.order).Slice(func(i int) app.UI { return c.renderRow(i) }),
			app.Range(defaults).Slice(func(i int) app.UI {
				return app.Li().Class("priority-default").DataSet("configuration-id", defaults[i].ID).Body(
					app.Span().Class("rank").Text("Default"),
					app.Span().Class("name").Text(defaults[i].DisplayName),
					app.Span().Class("muted small").Text(" applies last; its place is fixed"),
				)
			}),
		),
		app.If(len(c.order) == 0, func() app.UI {
			return app.P().Class("empty").Text("This tenant has no " + c.Kind.Label() + " configuration besides the default: nothing to order.")
		}),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("preview-order").Text("Preview order").
				Disabled(!c.changed() || c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Preview() }),
			app.Button().Type("button").ID("reset-order").Text("Undo moves").
				Disabled(!c.changed() || c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Reset() }),
		),
		app.If(c.previews != nil, c.renderPreview),
		app.If(c.problem != nil, func() app.UI {
			return app.Div().Body(
				&widgets.GraphError{Title: "The order was not saved", Err: c.problem},
				app.Button().Type("button").ID("reload-order").Text("Reload the order").OnClick(func(ctx app.Context, e app.Event) { c.Load(ctx) }),
			)
		}),
		app.If(c.result != nil, c.renderResult),
	)
}

// renderRow draws one movable configuration; its handlers are scoped to it
// (see ConfigurationList.renderRow).
func (c *PriorityScreen) renderRow(i int) app.UI {
	id := c.order[i]
	cfg := c.byID(id)
	return app.Li().Class("priority-item").DataSet("configuration-id", id).Draggable(true).
		OnDragStart(func(ctx app.Context, e app.Event) {
			c.dragging = id
			if dt := e.Get("dataTransfer"); dt.Truthy() {
				dt.Call("setData", "text/plain", id)
			}
		}, app.EventScope(id)).
		OnDragOver(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		OnDrop(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.MoveTo(c.dragging, slices.Index(c.order, id))
			c.dragging = ""
		}, app.EventScope(id)).
		Body(
			app.Span().Class("rank").Text(strconv.Itoa(i+1)),
			app.Span().Class("name").Text(cfg.DisplayName),
			app.Button().Type("button").Class("move-up").ID("move-up-"+id).Aria("label", "Move up: "+cfg.DisplayName).
				Text("↑ Up").Disabled(i == 0 || c.saving).
				OnClick(func(ctx app.Context, e app.Event) { c.MoveUp(id); c.keepFocus(ctx, id, "up") }, app.EventScope(id)),
			app.Button().Type("button").Class("move-down").ID("move-down-"+id).Aria("label", "Move down: "+cfg.DisplayName).
				Text("↓ Down").Disabled(i == len(c.order)-1 || c.saving).
				OnClick(func(ctx app.Context, e app.Event) { c.MoveDown(id); c.keepFocus(ctx, id, "down") }, app.EventScope(id)),
		)
}

func (c *PriorityScreen) renderPreview() app.UI {
	result, _ := c.reorder().Result()
	return app.Section().Class("panel preview-order").Aria("label", "Order to save").Body(
		app.H3().Text("Order to save"),
		app.Ol().Class("resulting-order").Body(app.Range(result).Slice(func(i int) app.UI {
			return app.Li().DataSet("configuration-id", result[i].ID).Text(PriorityWords(result[i]) + ". " + result[i].DisplayName)
		})),
		app.P().Text(widgets.Count(len(c.previews), "setPriority request:", "setPriority requests, sent one after the other:")),
		app.Range(c.previews).Slice(func(i int) app.UI {
			return &widgets.RequestPreview{Preview: c.previews[i], ID: "priority-" + strconv.Itoa(i) + "-",
				Title: "Request " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(c.previews)), Operation: c.previews[i].Note}
		}),
		c.People.ImpactView(c.loaded, result, nil),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").ID("save-order").Aria("label", "Save order").Text("Save order").
				Disabled(c.saving).OnClick(func(ctx app.Context, e app.Event) { c.Save(ctx) }),
			app.If(c.saving, func() app.UI { return app.Span().Class("loading").Role("status").Text("Saving") }),
		),
	)
}

func (c *PriorityScreen) renderResult() app.UI {
	r := c.result
	return app.Section().Class("panel result ok").Role("status").Aria("label", "Save result").Body(
		app.H3().Text("Saved: "+widgets.Count(len(r.Sent), "setPriority request", "setPriority requests")),
		app.P().Text("As the service now holds it:"),
		app.Ol().Class("saved-order").Body(app.Range(r.Order).Slice(func(i int) app.UI {
			return app.Li().DataSet("configuration-id", r.Order[i].ID).Text(strconv.Itoa(int(r.Order[i].Priority)) + ". " + r.Order[i].DisplayName)
		})),
	)
}

func (c *PriorityScreen) back(ctx app.Context, e app.Event) {
	if c.OnBack != nil {
		c.OnBack(ctx)
	}
}

// withPriorities is all with the priorities read back after a save, so
// that the next moves start from the order the service holds.
func withPriorities(all, read []graph.Configuration) []graph.Configuration {
	out := slices.Clone(all)
	for i, cfg := range out {
		for _, r := range read {
			if r.ID == cfg.ID {
				out[i].Priority = r.Priority
			}
		}
	}
	return out
}
