package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkOutcomes lists every item of a run with how it ended: succeeded with
// its request-id, failed with Graph's error (and a button to retry it
// alone), not sent because someone else changed its configuration (and a
// button to choose what to do), not sent with the plan's reason, or still
// on its way.
type BulkOutcomes struct {
	app.Compo

	Run    *bulk.Run
	Groups map[string]graph.Group
	// Running says the run is being sent (here or in another tab): nothing
	// can be retried or chosen meanwhile.
	Running   bool
	OnRetry   func(ctx app.Context, key string)
	OnResolve func(ctx app.Context, key string)
}

// Render draws the table.
func (c *BulkOutcomes) Render() app.UI {
	if c.Run == nil {
		return app.Div()
	}
	items := c.Run.Plan.Items()
	names := configurationNames(c.Run.Plan)
	return app.Table().Class("bulk-outcomes").Body(
		app.Caption().Class("muted small").Text(OperationWords(c.Run.Plan.Operation, c.groupName)),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Configuration"),
			app.Th().Scope("col").Text("Before"),
			app.Th().Scope("col").Text("After"),
			app.Th().Scope("col").Text("Outcome"),
			app.Th().Scope("col").Body(app.Span().Class("visually-hidden").Text("Actions")),
		)),
		app.TBody().Body(app.Range(items).Slice(func(i int) app.UI {
			it := items[i]
			before := widgets.DescribeTarget(it.Before, c.groupName).String()
			return app.Tr().Class("bulk-outcome").DataSet("key", it.Key).DataSet("state", string(it.Outcome.State)).Body(
				app.Td().Class("configuration").Text(names[it.ConfigurationID]),
				app.Td().Class("before").Text(before),
				app.Td().Class("after").Text(afterWords(it, c.groupName)),
				app.Td().Class("outcome").Body(
					app.Text(widgets.WithGroupNames(OutcomeWords(it), c.groupName)),
					app.If(it.Outcome.State == bulk.StateFailed && it.Outcome.Error != nil && it.Outcome.Error.Hint != "", func() app.UI {
						return app.P().Class("error-hint small").Text("What to do: " + it.Outcome.Error.Hint)
					}),
				),
				app.Td().Body(app.If(it.Outcome.State == bulk.StateFailed && !c.Running, func() app.UI {
					if isConflict(it) {
						// The name begins with the words shown, as speech
						// input users say them.
						const words = "Keep theirs or apply mine…"
						return app.Button().Type("button").Class("resolve-conflict").Aria("label", words+" ("+names[it.ConfigurationID]+": "+before+")").
							Text(words).
							OnClick(func(ctx app.Context, e app.Event) { c.on(ctx, c.OnResolve, it.Key) })
					}
					return app.Button().Type("button").Class("retry-item").Aria("label", "Retry: "+names[it.ConfigurationID]+": "+before).Text("Retry").
						OnClick(func(ctx app.Context, e app.Event) { c.on(ctx, c.OnRetry, it.Key) })
				})),
			)
		})),
	)
}

func (c *BulkOutcomes) groupName(id string) string { return c.Groups[id].DisplayName }

func (c *BulkOutcomes) on(ctx app.Context, f func(app.Context, string), key string) {
	if f != nil {
		f(ctx, key)
	}
}
