package widgets

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/snippets"
)

// RequestSnippets shows one request in the languages Microsoft's reference
// shows beside HTTP (curl, PowerShell, the Graph CLI, Go, C#, Python,
// JavaScript), each made from the request value that is sent, never with a
// token, and copies the one chosen.
type RequestSnippets struct {
	app.Compo

	Request graph.Request
	// ID tells this one's elements apart when a page shows several.
	ID string

	chosen string
	copied string
}

// Render draws a button per language, the chosen language's code and the
// copy button. The copy button's handler looks up the snippet when it is
// pressed: go-app keeps the handler of the first render (one without an
// event scope is equal to its successors), so a snippet captured here was
// the first language shown, whichever was chosen since.
func (c *RequestSnippets) Render() app.UI {
	all := snippets.For(c.Request)
	chosen := c.current(all)
	// Folded by default: one stop on the keyboard's way to the save button.
	return app.Details().Class("snippets").ID(c.ID+"snippets").Body(
		app.Summary().Class("snippets-summary").Text("The same request in other languages"),
		app.Div().Class("snippet-languages").Role("group").Aria("label", "Language").Body(
			app.Range(all).Slice(func(i int) app.UI {
				l := all[i].Language
				return app.Button().Type("button").Class("snippet-language").ID(c.ID+"snippet-"+l.ID).
					DataSet("language", l.ID).Aria("pressed", strconv.FormatBool(l.ID == chosen.Language.ID)).Text(l.Label).
					OnClick(func(ctx app.Context, e app.Event) { c.chosen, c.copied = l.ID, "" }, app.EventScope(l.ID))
			}),
		),
		app.If(chosen.Unavailable != "", func() app.UI {
			return app.P().Class("muted snippet-unavailable").Text("No " + chosen.Language.Label + " snippet: " + chosen.Unavailable + ".")
		}),
		app.If(chosen.Unavailable == "", func() app.UI {
			return app.Div().Body(
				app.Pre().Class("snippet").DataSet("language", chosen.Language.ID).Aria("label", chosen.Language.Label+" snippet").Body(
					app.Code().Text(chosen.Code),
				),
				app.Div().Class("actions").Body(
					app.Button().Type("button").Class("copy-snippet").Aria("label", "Copy the "+chosen.Language.Label+" snippet").
						Text("Copy").OnClick(func(ctx app.Context, e app.Event) { c.copy(ctx, c.current(snippets.For(c.Request))) }),
					app.Span().Class("copy-status").Role("status").Text(c.copied),
				),
			)
		}),
	)
}

// current is the language chosen, or the first.
func (c *RequestSnippets) current(all []snippets.Snippet) snippets.Snippet {
	for _, s := range all {
		if s.Language.ID == c.chosen {
			return s
		}
	}
	return all[0]
}

// copy puts the code on the clipboard; where the browser refuses, it says
// how to copy it by hand. The page's clipboard is the widget's one reach
// into the browser: copying is what the button is for.
func (c *RequestSnippets) copy(ctx app.Context, s snippets.Snippet) {
	clipboard := app.Window().Get("navigator").Get("clipboard")
	if !clipboard.Truthy() {
		c.copied = "This browser gives no clipboard here: select the code and copy it."
		return
	}
	c.copied = "Copying…"
	var done, failed app.Func
	release := func() { done.Release(); failed.Release() }
	done = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(app.Context) { c.copied = "Copied the " + s.Language.Label + " snippet." })
		release()
		return nil
	})
	failed = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(app.Context) { c.copied = "The browser refused the clipboard: select the code and copy it." })
		release()
		return nil
	})
	clipboard.Call("writeText", s.Code).Call("then", done, failed)
}
