package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
)

// The shell's way to the priority screen: one button per configuration
// kind on the list screen. Kept here, beside the screen, so that the shell
// itself only names the screen and calls these.

// priorityEntry is the row of buttons, on the list screen only.
func (c *Shell) priorityEntry() app.UI {
	if c.phase != phaseSignedIn || c.screen != screenList || c.readOnly() {
		return nil
	}
	if _, ok := priorityGraphOf(c.services.Graph); !ok {
		return nil
	}
	return app.Nav().Class("priority-entry actions").Aria("label", "Priority order").Body(
		app.Span().Class("muted").Text("Priority order:"),
		app.Range(graph.ConfigurationKinds).Slice(func(i int) app.UI {
			k := graph.ConfigurationKinds[i]
			return app.Button().Type("button").Class("open-priority").ID("open-priority-"+string(k)).
				Aria("label", "Change the priority order of "+k.Label()+" configurations").Text(k.Label()).
				OnClick(func(ctx app.Context, e app.Event) { c.goTo(ctx, address{screen: screenPriority, kind: k}) }, app.EventScope(string(k)))
		}),
	)
}

// priorityScreen is the priority screen for the kind chosen.
func (c *Shell) priorityScreen() app.UI {
	g, ok := priorityGraphOf(c.services.Graph)
	if !ok {
		return nil
	}
	return &PriorityScreen{Graph: g, Kind: c.priorityKind, OnBack: c.showList, OnSessionEnded: c.sessionEnded, People: c.people()}
}
