package components

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// groupSearchTop is how many groups one search shows.
const groupSearchTop = 10

// DefaultSearchDelay is how long the picker waits after the last keystroke
// before it searches, so typing a name costs one request, not one per letter.
const DefaultSearchDelay = 250 * time.Millisecond

// GroupPicker is a text field that searches groups by name as you type and
// offers the matches as buttons, each with its kind and member count. A
// pasted object ID is kept as typed; the target editor validates it before
// anything is sent. With Multiple, each match toggles and several groups
// are chosen (group_picker_multiple.go).
type GroupPicker struct {
	app.Compo

	Graph   Graph
	InputID string
	Label   string
	// Text is what the field holds; Chosen the group picked from the list.
	Text   string
	Chosen graph.Group
	// Problem is the validation message shown beside the field.
	Problem  string
	OnChange func(ctx app.Context, text string, chosen graph.Group)
	// Permissions are the session's: without the one group search needs,
	// the field takes pasted IDs and the permission is offered.
	Permissions Permissions
	// Multiple lets several groups be chosen: Picked is the choice, and
	// OnPick is told each time it changes.
	Multiple bool
	Picked   []graph.Group
	OnPick   func(ctx app.Context, picked []graph.Group)

	facts     groupFacts // the matches' member counts
	results   []graph.Group
	searched  string
	searching bool
	err       error
	seq       int
	opts      options
}

// Render draws the field, its message and the matches.
func (c *GroupPicker) Render() app.UI {
	listID := c.InputID + "-matches"
	return app.Div().Class("picker").Body(
		app.Label().For(c.InputID).Text(c.Label),
		c.renderInput(listID),
		app.Div().ID(c.InputID+"-message").Class("field-message error").Aria("live", "polite").Text(c.Problem),
		app.If(c.Chosen.ID != "" && !c.Multiple, func() app.UI {
			return app.P().Class("chosen").Body(app.Text("Chosen: "), app.Strong().Text(c.Chosen.DisplayName), app.Span().Class("muted small").Text(" ("+c.Chosen.ID+")"))
		}),
		app.Div().Class("muted small").Role("status").Text(c.status()),
		app.If(c.err != nil, c.renderErr),
		app.If(len(c.results) > 0, func() app.UI {
			// Plain buttons in a list, reached with Tab or with the arrow
			// keys (which move the focus itself, so every screen reader
			// follows without a listbox's active-descendant bookkeeping).
			return app.Ul().ID(listID).Class("matches").Aria("label", "Groups matching "+c.searched).Body(
				app.Range(c.results).Slice(func(i int) app.UI {
					// Scoped to the group: a button reused for the next
					// search's results must not choose this search's group.
					g := c.results[i]
					return app.Li().Body(
						app.Button().Type("button").Class("group-option").ID(c.optionID(i)).Attr(keepsEscape, true).
							Aria("pressed", c.isChosen(g)).
							Aria("describedby", c.optionID(i)+"-facts").
							Title(g.ID).
							Text(g.DisplayName).
							OnClick(func(ctx app.Context, e app.Event) { c.choose(ctx, g) }, app.EventScope(g.ID)).
							OnKeyDown(func(ctx app.Context, e app.Event) { c.onKey(ctx, e, i) }, app.EventScope(g.ID)),
						app.Span().ID(c.optionID(i)+"-facts").Class("muted small group-facts").Text(" "+c.factWords(g)),
					)
				}),
			)
		}),
		app.If(c.Multiple, c.renderPicked),
	)
}

// renderInput is the search field. It names the list of matches it
// controls only while that list exists: aria-controls must point at an
// element of the page.
func (c *GroupPicker) renderInput(listID string) app.UI {
	input := app.Input().Type("search").ID(c.InputID).Attr(keepsEscape, true).
		Value(c.Text).
		Placeholder("Type a group name, or paste its object ID").
		AutoComplete(false).Spellcheck(false).
		Aria("invalid", c.Problem != "").
		Aria("describedby", c.InputID+"-message").
		Aria("keyshortcuts", "ArrowDown").
		OnInput(c.onInput).
		OnKeyDown(func(ctx app.Context, e app.Event) { c.onKey(ctx, e, fromInput) })
	if len(c.results) > 0 {
		input = input.Aria("controls", listID)
	}
	return input
}

// renderErr says why searching failed: a permission to ask for, or
// Graph's error.
func (c *GroupPicker) renderErr() app.UI {
	if mp, ok := missingPermission(c.err); ok {
		return c.Permissions.Needed("Group search and names", mp.Permission, "Paste the group's object ID instead.", "Allow group search")
	}
	return &widgets.GraphError{Title: "Searching groups failed", Err: c.err}
}

// factWords is a group's kind and member count: "Security · 18 members".
func (c *GroupPicker) factWords(g graph.Group) string {
	var parts []string
	for _, p := range []string{g.Kind(), c.facts.countWords(g.ID)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func (c *GroupPicker) isChosen(g graph.Group) bool {
	if c.Multiple {
		return pickedIndex(c.Picked, g.ID) >= 0
	}
	return g.ID == c.Chosen.ID
}

func (c *GroupPicker) status() string {
	switch {
	case c.searching:
		return "Searching…"
	case c.searched != "" && len(c.results) == 0 && c.err == nil:
		return "No group is named like “" + c.searched + "”."
	case len(c.results) > 0 && c.Multiple:
		return widgets.Count(len(c.results), "group found", "groups found") + ": choose as many as you need."
	case len(c.results) > 0:
		return widgets.Count(len(c.results), "group found", "groups found") + ": choose one."
	case c.Chosen.ID == "" && looksLikeID(strings.TrimSpace(c.Text)):
		return "An object ID: it is checked before anything is sent."
	}
	return ""
}

func (c *GroupPicker) onInput(ctx app.Context, e app.Event) {
	c.Type(ctx, ctx.JSSrc().Get("value").String())
}

// Type is what typing does: the text changes, any choice is dropped, and a
// search is scheduled.
func (c *GroupPicker) Type(ctx app.Context, text string) {
	if c.OnChange != nil {
		c.OnChange(ctx, text, graph.Group{})
	}
	c.Text, c.Chosen = text, graph.Group{}
	c.schedule(ctx, strings.TrimSpace(text))
}

// schedule searches for text once the user has stopped typing. A search
// started for older text is dropped when its answer arrives.
func (c *GroupPicker) schedule(ctx app.Context, text string) {
	c.seq++
	seq := c.seq
	if len([]rune(text)) < 2 || looksLikeID(text) {
		c.results, c.searched, c.searching, c.err = nil, "", false, nil
		return
	}
	delay := c.opts.searchDelay
	if delay == 0 {
		delay = DefaultSearchDelay
	}
	c.searching = true
	ctx.After(delay, func(ctx app.Context) {
		if seq == c.seq {
			c.search(ctx, seq, text)
		}
	})
}

// looksLikeID reports text that is an object ID, or meant to be one (a
// pasted GUID with a character missing): it is not searched for, so an ID,
// right or wrong, leaves the browser only once validation has accepted it.
func looksLikeID(text string) bool {
	if len(text) < 8 || !strings.Contains(text, "-") {
		return false
	}
	for _, r := range text {
		if !strings.ContainsRune("0123456789abcdefABCDEF-", r) {
			return false
		}
	}
	return true
}

func (c *GroupPicker) search(ctx app.Context, seq int, text string) {
	g := c.Graph
	ctx.Async(func() {
		groups, err := g.SearchGroups(ctx, text, groupSearchTop)
		ctx.Dispatch(func(ctx app.Context) {
			if seq != c.seq {
				return
			}
			c.results, c.searched, c.searching, c.err = groups, text, false, err
			c.facts.know(groups...)
			c.facts.learn(ctx, g, groupIDsOf(groups), nil)
		})
	})
}

func (c *GroupPicker) choose(ctx app.Context, g graph.Group) {
	if c.Multiple {
		c.toggle(ctx, g)
		return
	}
	c.seq++ // an answer still on its way is now stale
	c.Text, c.Chosen = g.DisplayName, g
	c.results, c.searched, c.searching = nil, "", false
	if c.OnChange != nil {
		c.OnChange(ctx, g.DisplayName, g)
	}
	c.focus(c.InputID)
}

// fromInput stands for the text field in keyboard moves; the matches are
// numbered from 0.
const fromInput = -1

func (c *GroupPicker) optionID(i int) string { return c.InputID + "-match-" + strconv.Itoa(i) }

// onKey moves the focus between the field and the matches with the arrow
// keys; Escape on a match closes the matches and returns to the field.
// go-app runs handlers after the browser has dispatched the event, too late
// to prevent its default, so only keys whose default is harmless are taken:
// Escape in the field keeps its native meaning (clear the search).
func (c *GroupPicker) onKey(ctx app.Context, e app.Event, from int) {
	key := e.Get("key").String()
	if key == "Escape" && from != fromInput {
		c.seq++ // a search still on its way must not reopen them
		c.results, c.searched, c.searching = nil, "", false
		c.focus(c.InputID)
		return
	}
	to, ok := nextFocus(key, from, len(c.results))
	if !ok {
		return
	}
	if to == fromInput {
		c.focus(c.InputID)
		return
	}
	c.focus(c.optionID(to))
}

// nextFocus is where an arrow key moves the focus from the field
// (fromInput) or from match from, among n matches; false when it moves
// nothing.
func nextFocus(key string, from, n int) (int, bool) {
	if n == 0 {
		return 0, false
	}
	switch key {
	case "ArrowDown":
		return min(from+1, n-1), from < n-1
	case "ArrowUp":
		return from - 1, from > fromInput
	}
	return 0, false
}

func (c *GroupPicker) focus(id string) {
	app.Window().GetElementByID(id).Call("focus")
}
