package components

import (
	"sort"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkSelection chooses the assignments a bulk change applies to: by rule
// ("every assignment targeting group X", "every include of X in
// configurations of type T") and by ticking rows.
type BulkSelection struct {
	app.Compo

	Configurations []graph.Configuration
	Groups         map[string]graph.Group
	Selection      bulk.Selection
	OnChange       func(ctx app.Context, s bulk.Selection)

	ruleKind  bulk.RuleKind
	ruleGroup string
	ruleType  graph.ConfigurationKind
}

// Render draws the rule form, the rules, and every assignment to tick.
func (c *BulkSelection) Render() app.UI {
	selected := c.Selection.Select(c.Configurations)
	return app.Section().Class("panel bulk-selection").Aria("labelledby", "bulk-selection-title").Body(
		app.H3().ID("bulk-selection-title").Text("1. Choose the assignments"),
		c.renderRuleForm(),
		app.If(len(c.Selection.Rules) > 0, func() app.UI {
			return app.Ul().Class("bulk-rules").Aria("label", "Rules").Body(app.Range(c.Selection.Rules).Slice(func(i int) app.UI {
				words := RuleWords(c.Selection.Rules[i], c.groupName)
				return app.Li().Body(app.Text(words+" "), app.Button().Type("button").Class("remove-rule").
					Aria("label", "Remove rule: "+words).Text("Remove").
					OnClick(func(ctx app.Context, e app.Event) { c.removeRule(ctx, i) }))
			}))
		}),
		app.P().ID("bulk-selected-count").Role("status").Text(widgets.Count(len(selected), "assignment selected", "assignments selected")),
		c.renderPicks(),
	)
}

func (c *BulkSelection) renderRuleForm() app.UI {
	kind := c.ruleKind
	if kind == "" {
		kind = bulk.RuleGroup
	}
	groups := c.groupsInUse()
	return app.Div().Class("actions bulk-rule-form").Body(
		app.Label().For("bulk-rule-kind").Text("Rule"),
		app.Select().ID("bulk-rule-kind").OnChange(func(ctx app.Context, e app.Event) {
			c.ruleKind = bulk.RuleKind(ctx.JSSrc().Get("value").String())
		}).Body(
			app.Option().Value(string(bulk.RuleGroup)).Selected(kind == bulk.RuleGroup).Text("Every assignment targeting a group"),
			app.Option().Value(string(bulk.RuleIncludesOfKind)).Selected(kind == bulk.RuleIncludesOfKind).Text("Every include of a group in configurations of one type"),
		),
		app.Label().For("bulk-rule-group").Text("Group"),
		app.Select().ID("bulk-rule-group").OnChange(func(ctx app.Context, e app.Event) {
			c.ruleGroup = ctx.JSSrc().Get("value").String()
		}).Body(
			widgets.NoChoice("Choose a group", c.ruleGroup == ""),
			app.Range(groups).Slice(func(i int) app.UI {
				return app.Option().Value(groups[i]).Selected(c.ruleGroup == groups[i]).Text(c.groupName(groups[i]))
			}),
		),
		app.If(kind == bulk.RuleIncludesOfKind, func() app.UI {
			return app.Div().Body(
				app.Label().For("bulk-rule-type").Text("Configuration type"),
				app.Select().ID("bulk-rule-type").OnChange(func(ctx app.Context, e app.Event) {
					c.ruleType = graph.ConfigurationKind(ctx.JSSrc().Get("value").String())
				}).Body(
					widgets.NoChoice("Choose a type", c.ruleType == ""),
					app.Range(graph.ConfigurationKinds).Slice(func(i int) app.UI {
						k := graph.ConfigurationKinds[i]
						return app.Option().Value(string(k)).Selected(c.ruleType == k).Text(k.Label())
					}),
				),
			)
		}),
		app.Button().Type("button").ID("bulk-add-rule").Text("Add rule").
			OnClick(func(ctx app.Context, e app.Event) { c.AddRule(ctx, kind, c.ruleGroup, c.ruleType) }),
	)
}

// AddRule adds a rule when it names what it needs.
func (c *BulkSelection) AddRule(ctx app.Context, kind bulk.RuleKind, groupID string, configKind graph.ConfigurationKind) {
	if groupID == "" || (kind == bulk.RuleIncludesOfKind && configKind == "") {
		return
	}
	r := bulk.Rule{Kind: kind, GroupID: groupID}
	if kind == bulk.RuleIncludesOfKind {
		r.ConfigurationKind = configKind
	}
	for _, have := range c.Selection.Rules {
		if have == r {
			return
		}
	}
	next := c.Selection
	next.Rules = append(append([]bulk.Rule(nil), c.Selection.Rules...), r)
	c.change(ctx, next)
}

func (c *BulkSelection) removeRule(ctx app.Context, i int) {
	next := c.Selection
	next.Rules = append(append([]bulk.Rule(nil), c.Selection.Rules[:i]...), c.Selection.Rules[i+1:]...)
	c.change(ctx, next)
}

// Toggle ticks or unticks one assignment.
func (c *BulkSelection) Toggle(ctx app.Context, configID, assignmentID string) {
	c.change(ctx, c.Selection.Toggle(configID, assignmentID))
}

func (c *BulkSelection) change(ctx app.Context, s bulk.Selection) {
	c.Selection = s
	if c.OnChange != nil {
		c.OnChange(ctx, s)
	}
}

func (c *BulkSelection) renderPicks() app.UI {
	var rows []bulk.Selected
	for _, cfg := range c.Configurations {
		for _, a := range cfg.Assignments {
			rows = append(rows, bulk.Selected{Configuration: cfg, Assignment: a})
		}
	}
	return app.Table().Class("bulk-picks").Body(
		app.Caption().Class("muted small").Text("Tick assignments to add them by hand; those a rule selects are ticked already."),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Selected"),
			app.Th().Scope("col").Text("Configuration"),
			app.Th().Scope("col").Text("Type"),
			app.Th().Scope("col").Text("Target"),
		)),
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI { return c.renderPick(rows[i].Configuration, rows[i].Assignment) })),
	)
}

func (c *BulkSelection) renderPick(cfg graph.Configuration, a graph.Assignment) app.UI {
	words := widgets.DescribeTarget(a.Target, c.groupName).String()
	byRule := c.Selection.Selects(cfg, a) && !c.Selection.Picked(cfg.ID, a.ID)
	return app.Tr().Class("bulk-pick").DataSet("configuration-id", cfg.ID).DataSet("assignment-id", a.ID).Body(
		app.Td().Body(
			app.Input().Type("checkbox").Class("pick").
				Checked(c.Selection.Selects(cfg, a)).Disabled(byRule).
				Aria("label", "Pick: "+cfg.DisplayName+": "+words).
				OnChange(func(ctx app.Context, e app.Event) { c.Toggle(ctx, cfg.ID, a.ID) }),
			app.If(byRule, func() app.UI { return app.Span().Class("muted small").Text(" by rule") }),
		),
		app.Td().Body(app.Text(cfg.DisplayName), app.If(cfg.IsDefault(), func() app.UI { return app.Span().Class("badge readonly").Text(" default") })),
		app.Td().Text(cfg.Kind.Label()),
		app.Td().Class("target").Text(words),
	)
}

// groupsInUse lists the groups the loaded assignments target, by name.
func (c *BulkSelection) groupsInUse() []string {
	seen := map[string]bool{}
	var ids []string
	for _, cfg := range c.Configurations {
		for _, a := range cfg.Assignments {
			if id := a.Target.GroupID; a.Target.Kind.HasGroup() && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return c.groupName(ids[i]) < c.groupName(ids[j]) })
	return ids
}

func (c *BulkSelection) groupName(id string) string {
	if g, ok := c.Groups[id]; ok && g.DisplayName != "" {
		return g.DisplayName
	}
	return id
}
