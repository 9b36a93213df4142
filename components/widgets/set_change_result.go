package widgets

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// SetChangeResult shows what Graph answered to an addition or a removal of
// assignments: each item with the request that wrote it, its status and
// the request-id support asks for; an item not written says why.
type SetChangeResult struct {
	app.Compo

	Result graph.SetChangeResult
	// GroupNames names the groups the items target, by ID (data, not a
	// func, so that go-app renders again when a name arrives).
	GroupNames map[string]string
}

// Render draws the result.
func (c *SetChangeResult) Render() app.UI {
	r := c.Result
	return app.Section().Class("panel result set-result").Class(c.class()).Role("status").Aria("label", "Save result").Body(
		app.H3().Text(c.headline()),
		app.If(r.FellBack, func() app.UI {
			return app.P().Class("fallback").Text("This service refused the documented create or delete (No method match route template), so the app re-read the configuration's assignments and wrote them back with assign, changing only these.")
		}),
		app.Table().Class("set-items").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Change"),
				app.Th().Scope("col").Text("Request"),
				app.Th().Scope("col").Text("Status"),
				app.Th().Scope("col").Text("request-id"),
			)),
			app.TBody().Body(app.Range(r.Items).Slice(func(i int) app.UI { return c.renderItem(r.Items[i]) })),
		),
	)
}

func (c *SetChangeResult) renderItem(it graph.SetItem) app.UI {
	status := strconv.Itoa(it.Write.Status)
	switch {
	case !it.Done && it.Err != nil:
		status = "Not written: " + ExplainError(it.Err).Message
	case !it.Done:
		status = "Not sent: an earlier request failed"
	}
	return app.Tr().Class("set-item").DataSet("done", it.Done).DataSet("assignment-id", it.AssignmentID).Body(
		app.Td().Class("change").Text(c.ItemWords(it)),
		app.Td().Class("fact-method").Text(OrDash(it.Method)),
		app.Td().Class("fact-status").Text(status),
		app.Td().Class("fact-request-id").Text(OrDash(it.Write.RequestID)),
	)
}

// ItemWords says what an item does: "Added Include group Sales Laptops".
func (c *SetChangeResult) ItemWords(it graph.SetItem) string {
	name := func(id string) string { return c.GroupNames[id] }
	if it.Adds() {
		return "Added " + DescribeTarget(it.After, name).String()
	}
	return "Removed " + DescribeTarget(it.Before, name).String()
}

func (c *SetChangeResult) done() int {
	n := 0
	for _, it := range c.Result.Items {
		if it.Done {
			n++
		}
	}
	return n
}

func (c *SetChangeResult) headline() string {
	switch n := c.done(); {
	case n == len(c.Result.Items):
		return "Saved: " + countWords(c.Result.Items)
	case n > 0:
		return "Partly saved: " + strconv.Itoa(n) + " of " + Count(len(c.Result.Items), "change", "changes") + " written"
	}
	return "Nothing was written"
}

func (c *SetChangeResult) class() string {
	if c.done() == len(c.Result.Items) {
		return "ok"
	}
	return "partial"
}

// countWords says how many assignments were added and removed.
func countWords(items []graph.SetItem) string {
	added, removed := 0, 0
	for _, it := range items {
		if it.Adds() {
			added++
		} else {
			removed++
		}
	}
	switch {
	case removed == 0:
		return strconv.Itoa(added) + " added"
	case added == 0:
		return strconv.Itoa(removed) + " removed"
	}
	return strconv.Itoa(added) + " added, " + strconv.Itoa(removed) + " removed"
}
