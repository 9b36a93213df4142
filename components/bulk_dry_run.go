package components

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkDryRun is the plan before anything is sent: every change with its
// configuration, before and after, the refused ones with their reason, and
// the writes each strategy needs. Nothing leaves the browser until Confirm.
type BulkDryRun struct {
	app.Compo

	Plan   bulk.Plan
	Groups map[string]graph.Group
	// People is the session's directory: who the plan moves, in all and
	// per change.
	People     People
	Strategy   bulk.Strategy
	Limits     bulk.Limits
	LimitsNote string
	OnStrategy func(ctx app.Context, s bulk.Strategy)
	OnConfirm  func(ctx app.Context)
	OnBack     func(ctx app.Context)

	// impacts are the rows' words, computed once per plan and snapshot:
	// a plan of hundreds of changes is not resolved again on every render.
	impacts impactMemo
}

// impactMemo keeps words per key for one snapshot and one plan.
type impactMemo struct {
	snap  *PeopleSnapshot
	plan  string
	words map[string]string
}

// get is the words of key, made by make once for this snapshot and plan.
func (m *impactMemo) get(snap *PeopleSnapshot, plan, key string, make func() string) string {
	if m.snap != snap || m.plan != plan {
		*m = impactMemo{snap: snap, plan: plan, words: map[string]string{}}
	}
	w, ok := m.words[key]
	if !ok {
		w = make()
		m.words[key] = w
	}
	return w
}

// Render draws the summary, the strategies and the table of changes.
func (c *BulkDryRun) Render() app.UI {
	w := c.Plan.Writes()
	items := c.Plan.Items()
	names := configurationNames(c.Plan)
	return app.Section().Class("panel bulk-dry-run").Aria("labelledby", "bulk-dry-run-title").Body(
		app.H3().ID("bulk-dry-run-title").TabIndex(-1).Text("3. Dry run: nothing has been sent"),
		app.P().ID("bulk-plan-summary").Text(OperationWords(c.Plan.Operation, c.groupName)+": "+
			widgets.Count(w.Changes, "change", "changes")+" in "+widgets.Count(w.Configurations, "configuration", "configurations")+refusedWords(w.Refused)+"."),
		c.renderStrategies(w),
		app.P().Class("muted small").Text(c.paceWords(w)),
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("bulk-confirm").Disabled(w.Changes == 0).
				Text("Apply "+widgets.Count(w.Changes, "change", "changes")).
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnConfirm) }),
			app.Button().Type("button").ID("bulk-edit").Text("Change the selection").
				OnClick(func(ctx app.Context, e app.Event) { call(ctx, c.OnBack) }),
		),
		c.People.ImpactView(c.planSets(nil), c.planSets(func(bulk.Item) bool { return true }), c.groupNames()),
		app.Table().Class("bulk-plan").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Configuration"),
				app.Th().Scope("col").Text("Before"),
				app.Th().Scope("col").Text("After"),
				app.Th().Scope("col").Text("Plan"),
				app.Th().Scope("col").Text("Who moves"),
			)),
			app.TBody().Body(app.Range(items).Slice(func(i int) app.UI {
				it := items[i]
				return app.Tr().Class("bulk-change").DataSet("key", it.Key).DataSet("refused", !it.Changes()).Body(
					app.Td().Class("configuration").Text(names[it.ConfigurationID]),
					app.Td().Class("before").Text(widgets.DescribeTarget(it.Before, c.groupName).String()),
					app.Td().Class("after").Text(afterWords(it, c.groupName)),
					app.Td().Class("plan-result").Text(planWords(it)),
					app.Td().Class("plan-impact").Text(c.itemImpact(it)),
				)
			})),
		),
	)
}

func (c *BulkDryRun) renderStrategies(w bulk.WriteCounts) app.UI {
	return app.Table().Class("bulk-write-counts").Body(
		app.Caption().Text("Writes each strategy sends (each configuration is also re-read once, just before it is written, so that nobody's change is overwritten)"),
		app.TBody().Body(app.Range(bulk.Strategies).Slice(func(i int) app.UI {
			s := bulk.Strategies[i]
			id := "bulk-strategy-" + string(s)
			return app.Tr().Body(
				app.Td().Body(
					app.Input().Type("radio").Name("bulk-strategy").ID(id).Value(string(s)).Checked(c.Strategy == s).
						OnChange(func(ctx app.Context, e app.Event) { c.choose(ctx, s) }),
					app.Label().For(id).Text(" "+StrategyChoiceWords(s)),
				),
				app.Td().Class("num writes-"+string(s)).Text(strconv.Itoa(w.For(s))),
			)
		})),
	)
}

func (c *BulkDryRun) choose(ctx app.Context, s bulk.Strategy) {
	c.Strategy = s
	if c.OnStrategy != nil {
		c.OnStrategy(ctx, s)
	}
}

// paceWords says how long the chosen strategy takes at the limit.
func (c *BulkDryRun) paceWords(w bulk.WriteCounts) string {
	writes := w.For(c.Strategy)
	s := "Sent in batches of up to 20, at most " + LimitWords(c.Limits)
	if c.LimitsNote != "" {
		s += " (" + c.LimitsNote + ")"
	}
	if writes > c.Limits.Writes {
		windows := (writes - 1) / c.Limits.Writes
		s += ": " + widgets.Count(writes, "write takes", "writes take") + " at least " + DurationWords(time.Duration(windows)*c.Limits.Window)
	}
	return s + "."
}

func (c *BulkDryRun) groupName(id string) string { return c.Groups[id].DisplayName }

func refusedWords(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + widgets.Count(n, "selected assignment", "selected assignments") + " cannot be changed (see why below)"
}

func afterWords(it bulk.Item, groupName func(string) string) string {
	if !it.Changes() && it.After.Kind == "" {
		return "—"
	}
	return widgets.DescribeTarget(it.After, groupName).String()
}

func planWords(it bulk.Item) string {
	if it.Changes() {
		return "Will change"
	}
	return "Refused: " + it.Refused
}

// configurationNames maps each configuration of a plan to its name.
func configurationNames(p bulk.Plan) map[string]string {
	out := make(map[string]string, len(p.Configurations))
	for _, cp := range p.Configurations {
		out[cp.ID] = cp.DisplayName
	}
	return out
}

// planSets are the plan's configurations with their sets as loaded and
// with the items apply accepts written in (nil: none, the sets as loaded).
func (c *BulkDryRun) planSets(apply func(bulk.Item) bool) []graph.Configuration {
	out := make([]graph.Configuration, 0, len(c.Plan.Configurations))
	for _, cp := range c.Plan.Configurations {
		set := make([]graph.Assignment, len(cp.Loaded))
		for i, a := range cp.Loaded {
			set[i] = a
			for _, it := range cp.Items {
				if it.AssignmentID == a.ID && it.Changes() && apply != nil && apply(it) {
					set[i] = a.WithTarget(it.After)
				}
			}
		}
		out = append(out, withAssignments(graph.Configuration{ID: cp.ID, DisplayName: cp.DisplayName, Kind: cp.Kind}, set))
	}
	return out
}

// itemImpact is who one change moves, for its row; nothing before the
// directory is read.
func (c *BulkDryRun) itemImpact(it bulk.Item) string {
	if !it.Changes() {
		return "—"
	}
	if c.People.Snapshot == nil {
		return "Not known: the directory has not been read."
	}
	return c.impacts.get(c.People.Snapshot, planSignature(c.Plan), it.Key, func() string {
		im, _ := c.People.Snapshot.ImpactOf(c.planSets(nil), c.planSets(func(o bulk.Item) bool { return o.Key == it.Key }))
		return widgets.MoverWords(im)
	})
}

// planSignature tells one plan from another: each item's key, refusal and
// new target.
func planSignature(p bulk.Plan) string {
	var b strings.Builder
	for _, it := range p.Items() {
		b.WriteString(it.Key + "|" + it.Refused + "|" + it.After.Audience().String() + "\n")
	}
	return b.String()
}

// groupNames are the picked groups' names, by ID.
func (c *BulkDryRun) groupNames() map[string]string {
	names := map[string]string{}
	for id, g := range c.Groups {
		names[id] = g.DisplayName
	}
	return names
}
