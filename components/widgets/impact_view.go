package widgets

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/resolve"
)

// ImpactSample is how many movers are listed by name: all of them up to
// this many, else the counts and this many as a sample.
const ImpactSample = 20

// ImpactView shows what a change does to people before it is sent: the
// groups that gain and lose the configuration, how many users and devices
// that is, and the users whose effective configuration changes, before →
// after. Without the directory it says so and offers to read it.
type ImpactView struct {
	app.Compo

	Impact resolve.Impact
	// Known is false before the directory is read.
	Known bool
	// GroupNames names groups by lower-case ID (data, so that go-app
	// renders again when names arrive).
	GroupNames map[string]string
	// OnRead asks for the directory to be read; nil offers nothing.
	OnRead func(ctx app.Context)
	// ReadOnMount asks for the read as soon as the view is shown, so that
	// a preview shows its impact without another click.
	ReadOnMount bool
}

// OnMount asks for the directory when the view wants it read at once.
func (c *ImpactView) OnMount(ctx app.Context) {
	if !c.Known && c.ReadOnMount && c.OnRead != nil {
		c.OnRead(ctx)
	}
}

// Render draws the impact.
func (c *ImpactView) Render() app.UI {
	if !c.Known {
		return app.Section().Class("impact panel").Aria("label", "Impact").Body(
			app.P().Class("muted").Text("Who this change moves is not known yet: the directory has not been read."),
			app.If(c.OnRead != nil, func() app.UI {
				return app.Button().Type("button").ID("impact-read").Text("Read the directory to see who it moves").
					OnClick(func(ctx app.Context, e app.Event) { c.OnRead(ctx) })
			}),
		)
	}
	im := c.Impact
	// Focusable: on a phone the movers' table scrolls inside the panel,
	// and a scrolling region must be reachable from the keyboard.
	return app.Section().Class("impact panel").Aria("label", "Impact").TabIndex(0).Body(
		app.H4().Text("Impact"),
		app.Range(im.Changes).Slice(func(i int) app.UI { return c.renderChange(im.Changes[i]) }),
		app.P().Class("impact-counts").Text(CountWords(im)),
		c.renderMovers(),
	)
}

func (c *ImpactView) renderChange(ch resolve.Change) app.UI {
	return app.P().Class("impact-change").DataSet("configuration-id", ch.Configuration.ID).Body(
		app.Strong().Text(ch.Configuration.Name+": "),
		app.If(len(ch.Gaining) > 0, func() app.UI {
			return app.Span().Class("gaining").Text("gained by " + c.audiences(ch.Gaining) + ". ")
		}),
		app.If(len(ch.Losing) > 0, func() app.UI {
			return app.Span().Class("losing").Text("lost by " + c.audiences(ch.Losing) + ".")
		}),
	)
}

func (c *ImpactView) audiences(as []graph.Audience) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = AudienceWords(a, c.GroupNames)
	}
	return strings.Join(parts, ", ")
}

func (c *ImpactView) renderMovers() app.UI {
	movers := c.Impact.Movers
	if len(movers) == 0 {
		return app.P().Class("impact-movers-none").Text("Nobody changes effective configuration.")
	}
	shown := movers[:min(len(movers), ImpactSample)]
	caption := strconv.Itoa(len(movers)) + " users change effective configuration"
	if len(movers) > ImpactSample {
		caption += "; a sample of " + strconv.Itoa(ImpactSample) + ":"
	}
	return app.Table().Class("impact-movers").Body(
		app.Caption().Text(caption),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("User"),
			app.Th().Scope("col").Text("Kind"),
			app.Th().Scope("col").Text("Before"),
			app.Th().Scope("col").Text("After"),
		)),
		app.TBody().Body(app.Range(shown).Slice(func(i int) app.UI {
			m := shown[i]
			return app.Tr().Class("mover").DataSet("user-id", m.User.ID).Body(
				app.Th().Scope("row").Text(m.User.DisplayName+" ("+m.User.UserPrincipalName+")"),
				app.Td().Text(KeyWords(m.Key)),
				app.Td().Class("before").Text(OrDash(m.Before.Name)),
				app.Td().Class("after").Text(OrDash(m.After.Name)),
			)
		})),
	)
}

// KeyWords names a kind, with the platform for a restriction of one.
func KeyWords(k resolve.Key) string {
	if k.Platform == "" {
		return k.Kind.Label()
	}
	return k.Kind.Label() + " (" + k.Platform + ")"
}

// AudienceWords names an audience: "group Sales", "all licensed users".
func AudienceWords(a graph.Audience, names map[string]string) string {
	switch a.Kind {
	case graph.TargetGroup:
		return "group " + strconv.Quote(orID(names, a.ID))
	case graph.TargetExclusionGroup:
		return "excluded group " + strconv.Quote(orID(names, a.ID))
	case graph.TargetAllLicensedUsers:
		return "all licensed users"
	case graph.TargetAllDevices:
		return "all devices"
	}
	return a.String()
}

func orID(names map[string]string, id string) string {
	if n := names[strings.ToLower(id)]; n != "" {
		return n
	}
	return id
}

// CountWords says how many users and devices gain and lose, and how many
// users move: the sentence the dry-run tables show in their column too.
func CountWords(im resolve.Impact) string {
	return "Gain: " + audienceCount(im.Gaining) + ". Lose: " + audienceCount(im.Losing) + ". " +
		strconv.Itoa(len(im.Movers)) + " users change effective configuration."
}

func audienceCount(c resolve.Counts) string {
	s := strconv.Itoa(c.Users) + " users, " + strconv.Itoa(c.Devices) + " devices"
	switch {
	case c.AllUsers && c.AllDevices:
		s += " (all users and all devices)"
	case c.AllUsers:
		s += " (all licensed users)"
	case c.AllDevices:
		s += " (all devices)"
	}
	return s
}

// MoverWords lists movers by name, before → after, all of them up to
// ImpactSample, else the count and a sample: what a dry-run row shows.
func MoverWords(im resolve.Impact) string {
	if len(im.Movers) == 0 {
		return "Nobody moves."
	}
	var parts []string
	for _, m := range im.Movers[:min(len(im.Movers), ImpactSample)] {
		parts = append(parts, m.User.DisplayName+": "+OrDash(m.Before.Name)+" → "+OrDash(m.After.Name))
	}
	s := strings.Join(parts, "; ")
	if len(im.Movers) > ImpactSample {
		s = strconv.Itoa(len(im.Movers)) + " users move, among them " + s
	}
	return s
}
