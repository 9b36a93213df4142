package widgets

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// SaveResult shows what Graph answered to a save: the status, the IDs
// support asks for, the strategy that wrote, and the response body.
type SaveResult struct {
	app.Compo

	Result graph.UpdateResult
	// Target is the new target in words, for the headline.
	Target string
}

// Render draws the result.
func (c *SaveResult) Render() app.UI {
	r := c.Result
	body := prettyJSON(r.Write.Body)
	if body == "" {
		body = "(empty body)"
	}
	return app.Section().Class("panel result ok").Role("status").Aria("label", "Save result").Body(
		app.H3().Text("Saved: "+c.Target),
		app.If(r.FellBack, func() app.UI {
			return app.P().Class("fallback").Text("This service refused the documented PATCH (No method match route template), so the app re-read the configuration's assignments and wrote them back with assign, changing only this one.")
		}),
		app.Dl().Body(
			app.Div().Body(app.Dt().Text("Status"), app.Dd().Class("fact-status").Text(strconv.Itoa(r.Write.Status))),
			app.Div().Body(app.Dt().Text("request-id"), app.Dd().Class("fact-request-id").Text(OrDash(r.Write.RequestID))),
			app.Div().Body(app.Dt().Text("client-request-id"), app.Dd().Class("fact-client-request-id").Text(OrDash(r.Write.ClientRequestID))),
			app.Div().Body(app.Dt().Text("Strategy"), app.Dd().Class("fact-strategy").Text(StrategyWords(r.Strategy))),
		),
		app.Pre().Class("response-body").Aria("label", "Response body").Body(app.Code().Text(body)),
	)
}

func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
