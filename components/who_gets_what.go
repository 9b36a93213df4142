package components

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/resolve"
)

// userSearchTop is how many users one search shows.
const userSearchTop = 20

// WhoGetsWhat is "who gets what": find a user by name or user principal
// name (or pick a group and one of its users); for every kind, and every
// platform for restrictions, the configuration that applies to them, the
// rule that decided it in words, the runners-up, and what Microsoft's
// documentation leaves open. It resolves the session's copy of the
// directory (read the first time, again on Refresh): nothing is sent but
// reads.
type WhoGetsWhat struct {
	app.Compo

	Graph  Graph
	People People
	OnBack func(ctx app.Context)

	text   string
	group  graph.Group
	userID string
}

// OnMount reads the directory the first time the screen is used.
func (c *WhoGetsWhat) OnMount(ctx app.Context) { c.readOnce(ctx) }

// OnUpdate reads it when a permission arrived meanwhile.
func (c *WhoGetsWhat) OnUpdate(ctx app.Context) { c.readOnce(ctx) }

func (c *WhoGetsWhat) readOnce(ctx app.Context) {
	p := c.People
	if p.Snapshot == nil && p.Reading == nil && p.Err == nil && p.Missing() == "" && p.Refresh != nil {
		p.Refresh(ctx)
	}
}

// Render draws the screen.
func (c *WhoGetsWhat) Render() app.UI {
	return app.Section().Class("panel who-gets-what").Aria("labelledby", "who-title").Body(
		app.Div().Class("actions").Body(
			app.Button().Type("button").ID("people-back").Text("Back to configurations").OnClick(func(ctx app.Context, e app.Event) { c.OnBack(ctx) }),
		),
		app.H2().ID("who-title").TabIndex(-1).Text("Who gets what"),
		app.P().Class("muted").Text("For a user, the configuration of each kind that applies to them today, and why."),
		c.renderBody(),
	)
}

func (c *WhoGetsWhat) renderBody() app.UI {
	p := c.People
	if missing := p.Missing(); missing != "" {
		return p.Permissions.Needed("Who gets what", missing, "nothing can be resolved without the users and their groups", "Allow")
	}
	return app.Div().Body(
		c.status(),
		app.If(p.Err != nil, func() app.UI { return &widgets.GraphError{Title: "Reading the directory failed", Err: p.Err} }),
		app.If(p.Snapshot != nil, c.renderFinder),
		app.If(p.Snapshot != nil && c.userID != "", c.renderOutcomes),
	)
}

func (c *WhoGetsWhat) status() app.UI {
	p := c.People
	s := &widgets.DirectoryStatus{Reading: p.Reading != nil, OnRefresh: p.Refresh}
	if p.Reading != nil {
		s.Stage, s.Done, s.Total = p.Reading.Stage, p.Reading.Done, p.Reading.Total
	}
	if p.Snapshot != nil {
		s.ReadAt = p.Snapshot.ReadAt
	}
	return s
}

// renderFinder is the user search and the group picker.
func (c *WhoGetsWhat) renderFinder() app.UI {
	found := c.matches()
	return app.Div().Class("finder").Body(
		app.Label().For("user-search").Text("User (name or user principal name)"),
		app.Input().Type("search").ID("user-search").Value(c.text).AutoComplete(false).Spellcheck(false).
			Placeholder("Type a name or a UPN").OnInput(func(ctx app.Context, e app.Event) {
			c.text, c.group = ctx.JSSrc().Get("value").String(), graph.Group{}
		}),
		&GroupPicker{Graph: c.Graph, InputID: "people-group", Label: "Or a group, to list its users", Chosen: c.group,
			Permissions: c.People.Permissions,
			OnChange: func(ctx app.Context, text string, chosen graph.Group) {
				c.group = chosen
				if chosen.ID != "" {
					c.text = ""
				}
			}},
		app.If(len(found) > 0, func() app.UI {
			return app.Ul().Class("user-matches").Aria("label", "Users found").Body(app.Range(found).Slice(func(i int) app.UI {
				u := found[i]
				return app.Li().Body(app.Button().Type("button").Class("pick-user").DataSet("user-id", u.ID).
					Aria("pressed", u.ID == c.userID).Text(u.DisplayName+" ("+u.UserPrincipalName+")").
					OnClick(func(ctx app.Context, e app.Event) { c.userID = u.ID }, app.EventScope(u.ID)))
			}))
		}),
		app.If(len(found) == 0 && (c.text != "" || c.group.ID != ""), func() app.UI {
			return app.P().Class("muted").Role("status").Text("No user found.")
		}),
	)
}

// matches are the users the search or the group offers.
func (c *WhoGetsWhat) matches() []resolve.User {
	ix := c.People.Snapshot.Index
	switch {
	case c.group.ID != "":
		users := ix.GroupUsers(c.group.ID)
		return users[:min(len(users), userSearchTop)]
	case strings.TrimSpace(c.text) != "":
		return ix.Search(c.text, userSearchTop)
	}
	return nil
}

// renderOutcomes is the table of every kind's answer for the user.
func (c *WhoGetsWhat) renderOutcomes() app.UI {
	snap := c.People.Snapshot
	u, _ := snap.Index.User(c.userID)
	outcomes := snap.Index.Resolve(snap.Resolvable(), c.userID)
	return app.Section().Class("outcomes").Aria("labelledby", "outcomes-title").Body(
		app.H3().ID("outcomes-title").Text("What applies to "+u.DisplayName),
		app.Table().Class("outcome-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Kind"),
				app.Th().Scope("col").Text("Platform"),
				app.Th().Scope("col").Text("Applies"),
				app.Th().Scope("col").Text("Why"),
				app.Th().Scope("col").Text("Runners-up"),
			)),
			app.TBody().Body(app.Range(outcomes).Slice(func(i int) app.UI { return c.renderOutcome(outcomes[i]) })),
		),
	)
}

func (c *WhoGetsWhat) renderOutcome(o resolve.Outcome) app.UI {
	snap := c.People.Snapshot
	var runners []string
	for _, r := range o.RunnersUp {
		runners = append(runners, r.Name)
	}
	return app.Tr().Class("outcome").DataSet("kind", string(o.Kind)).DataSet("platform", o.Platform).DataSet("rule", string(o.Rule)).Body(
		app.Th().Scope("row").Text(o.Kind.Label()),
		app.Td().Text(o.PlatformWords()),
		app.Td().Class("applies").Text(widgets.OrDash(o.Applies.Name)),
		app.Td().Class("why").Body(
			app.Span().Text(o.Words(snap.GroupName)),
			app.If(o.Doc != "", func() app.UI {
				return app.A().Class("rule-doc small").Href(o.Doc).Target("_blank").Rel("noopener").Text(" (the rule)")
			}),
			app.Range(o.Unclear).Slice(func(j int) app.UI {
				return app.P().Class("unclear notice small").Text("Unclear: " + o.Unclear[j])
			}),
		),
		app.Td().Class("runners-up").Text(widgets.OrDash(strings.Join(runners, ", "))),
	)
}
