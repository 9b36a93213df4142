package components

import (
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// ConfigurationList shows every device enrollment configuration with its
// type, name, priority and number of assignments, searchable by name.
type ConfigurationList struct {
	app.Compo

	Graph  Graph
	OnOpen func(ctx app.Context, c graph.Configuration)
	// OnSessionEnded is told when only a new sign-in can load the list.
	OnSessionEnded func(ctx app.Context, err error)

	loading bool
	loaded  bool
	err     error
	all     []graph.Configuration
	query   string
}

// OnMount loads the list.
func (c *ConfigurationList) OnMount(ctx app.Context) { c.Load(ctx) }

// Load reads every configuration with its assignments in one listing.
func (c *ConfigurationList) Load(ctx app.Context) {
	c.loading, c.err = true, nil
	g := c.Graph
	ctx.Async(func() {
		all, err := g.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
		ctx.Dispatch(func(ctx app.Context) {
			c.loading, c.err = false, err
			if err == nil {
				c.all, c.loaded = sortConfigurations(all), true
			}
			if SessionEnded(err) && c.OnSessionEnded != nil {
				c.OnSessionEnded(ctx, err)
			}
		})
	})
}

// sortConfigurations orders by kind as the admin center groups them, then
// by priority with the defaults (priority 0, lowest precedence) last.
func sortConfigurations(all []graph.Configuration) []graph.Configuration {
	rank := func(k graph.ConfigurationKind) int {
		for i, known := range graph.ConfigurationKinds {
			if k == known {
				return i
			}
		}
		return len(graph.ConfigurationKinds)
	}
	sorted := append([]graph.Configuration(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if rank(a.Kind) != rank(b.Kind) {
			return rank(a.Kind) < rank(b.Kind)
		}
		if a.IsDefault() != b.IsDefault() {
			return b.IsDefault()
		}
		return a.Priority < b.Priority
	})
	return sorted
}

// Search filters the list by name, as typed.
func (c *ConfigurationList) Search(text string) { c.query = text }

// Visible is the part of the list the search leaves.
func (c *ConfigurationList) Visible() []graph.Configuration {
	q := strings.ToLower(strings.TrimSpace(c.query))
	if q == "" {
		return c.all
	}
	var out []graph.Configuration
	for _, cfg := range c.all {
		if strings.Contains(strings.ToLower(cfg.DisplayName), q) {
			out = append(out, cfg)
		}
	}
	return out
}

// Render draws the search box and the table, or the loading, error and
// empty states.
func (c *ConfigurationList) Render() app.UI {
	return app.Section().Class("panel configurations").Aria("labelledby", "configurations-title").Body(
		app.H2().ID("configurations-title").TabIndex(-1).Text("Device enrollment configurations"),
		app.Div().Class("actions").Body(
			app.Input().Type("search").ID("configuration-search").
				Aria("label", "Search configurations by name").
				Placeholder("Search by name").Value(c.query).
				OnInput(func(ctx app.Context, e app.Event) { c.Search(ctx.JSSrc().Get("value").String()) }),
			app.Button().Type("button").ID("reload-configurations").Text("Reload").
				Disabled(c.loading).OnClick(func(ctx app.Context, e app.Event) { c.Load(ctx) }),
		),
		c.renderBody(),
	)
}

func (c *ConfigurationList) renderBody() app.UI {
	visible := c.Visible()
	switch {
	case c.err != nil:
		return &widgets.GraphError{Title: "Loading configurations failed", Err: c.err}
	case c.loading && !c.loaded:
		return app.P().Class("loading").Role("status").Text("Loading configurations")
	case !c.loaded:
		return nil
	case len(c.all) == 0:
		return app.P().Class("empty").Role("status").Text("This tenant has no device enrollment configurations.")
	case len(visible) == 0:
		return app.P().Class("empty").Role("status").Text("No configuration is named like “" + strings.TrimSpace(c.query) + "”.")
	}
	return app.Table().Class("configurations").Body(
		app.Caption().Class("muted small").Text(countWords(len(visible), len(c.all))),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Type"),
			app.Th().Scope("col").Text("Name"),
			app.Th().Scope("col").Class("num").Text("Priority"),
			app.Th().Scope("col").Class("num").Text("Assignments"),
		)),
		app.TBody().Body(app.Range(visible).Slice(func(i int) app.UI { return c.renderRow(visible[i]) })),
	)
}

// renderRow draws one configuration. Its click handler is scoped to the
// configuration: go-app tells handlers apart by their code, so without a
// scope a row reused for another configuration after a search would keep
// the closure, and open, of the one it showed before.
func (c *ConfigurationList) renderRow(cfg graph.Configuration) app.UI {
	priority := PriorityWords(cfg)
	return app.Tr().Class("configuration").DataSet("configuration-id", cfg.ID).Body(
		app.Td().Text(cfg.Kind.Label()),
		app.Td().Body(
			app.Button().Type("button").Class("link open-configuration").Text(cfg.DisplayName).
				OnClick(func(ctx app.Context, e app.Event) { c.open(ctx, cfg) }, app.EventScope(cfg.ID)),
			app.If(cfg.IsDefault(), func() app.UI { return app.Span().Class("badge readonly").Text(" read-only") }),
		),
		app.Td().Class("num").Text(priority),
		app.Td().Class("num assignment-count").Text(strconv.Itoa(len(cfg.Assignments))),
	)
}

func (c *ConfigurationList) open(ctx app.Context, cfg graph.Configuration) {
	if c.OnOpen != nil {
		c.OnOpen(ctx, cfg)
	}
}

func countWords(visible, all int) string {
	if visible == all {
		return widgets.Count(all, "configuration", "configurations")
	}
	return strconv.Itoa(visible) + " of " + widgets.Count(all, "configuration", "configurations")
}

// PriorityWords is a configuration's priority as every screen names it: its
// number, or, for the tenant's default, where it stands.
func PriorityWords(cfg graph.Configuration) string {
	if cfg.IsDefault() {
		return defaultPriorityWords
	}
	return strconv.Itoa(int(cfg.Priority))
}

// defaultPriorityWords name the default configuration's priority.
const defaultPriorityWords = "Default (applies last)"
