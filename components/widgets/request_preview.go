package widgets

import (
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// RequestPreview shows the exact request a save will send: method, URL,
// headers with the token redacted, the JSON body, and which strategy.
type RequestPreview struct {
	app.Compo

	Preview graph.RequestPreview
	// Title heads the box: "Request to send" before, "Request sent" after.
	Title string
}

// Render draws the preview.
func (c *RequestPreview) Render() app.UI {
	p := c.Preview
	headers := headerLines(p)
	return app.Section().Class("panel preview").Aria("label", c.Title).Body(
		app.H3().Text(c.Title),
		app.P().Body(
			app.Text("Strategy: "),
			app.Span().Class("strategy").Text(StrategyWords(p.Strategy)),
		),
		app.If(p.Note != "", func() app.UI { return app.P().Class("muted preview-note").Text(p.Note) }),
		app.Pre().Class("preview-request").Aria("label", "HTTP request").Body(
			app.Code().Text(p.Method+" "+p.URL+"\n"+strings.Join(headers, "\n")+"\n\n"+prettyJSON(p.Body)),
		),
	)
}

// headerLines writes the preview's headers as "Name: value", sorted, with any
// bearer token already redacted by graph.Preview (and redacted again here if
// a caller ever passes one through).
func headerLines(p graph.RequestPreview) []string {
	names := make([]string, 0, len(p.Headers))
	for name := range p.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, 0, len(names))
	for _, name := range names {
		for _, v := range p.Headers[name] {
			if strings.EqualFold(name, "Authorization") {
				v = "Bearer <redacted>"
			}
			lines = append(lines, name+": "+v)
		}
	}
	return lines
}
