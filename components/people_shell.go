package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The shell's part in "who gets what": the session's directory snapshot,
// read the first time a screen needs it and again on Refresh, dropped with
// every other piece of tenant data on sign-out (it lives only in memory),
// and the way to the screen. Kept here so that shell.go only calls these.

// shellPeople is the shell's state for them.
type shellPeople struct {
	snapshot *PeopleSnapshot
	reading  *PeopleRead
	err      error
	// generation tells a read's answer from an older one's, so that an
	// answer arriving after sign-out is dropped.
	generation int
}

// people is what the screens get.
func (c *Shell) people() People {
	return People{Snapshot: c.peopleState.snapshot, Reading: c.peopleState.reading, Err: c.peopleState.err,
		Refresh: c.readPeople, Permissions: c.permissions()}
}

// forgetPeople drops the snapshot and any read under way.
func (c *Shell) forgetPeople() {
	c.peopleState = shellPeople{generation: c.peopleState.generation + 1}
}

// readPeople reads the directory (again), unless a read is under way or a
// permission is missing (the screen asks for it).
func (c *Shell) readPeople(app.Context) {
	ctx := c.ctx
	g, ok := peopleGraphOf(c.services.Graph)
	if !ok || c.peopleState.reading != nil || c.people().Missing() != "" {
		return
	}
	gen := c.peopleState.generation
	c.peopleState.reading, c.peopleState.err = &PeopleRead{Stage: "configurations"}, nil
	ctx.Async(func() {
		snap, err := readPeople(ctx, g, func(r PeopleRead) {
			ctx.Dispatch(func(app.Context) {
				if gen == c.peopleState.generation && c.peopleState.reading != nil {
					c.peopleState.reading = &r
				}
			})
		})
		ctx.Dispatch(func(ctx app.Context) {
			if gen != c.peopleState.generation {
				return
			}
			c.peopleState.reading = nil
			if err != nil {
				if SessionEnded(err) {
					c.sessionEnded(ctx, err)
					return
				}
				c.peopleState.err = err
				return
			}
			c.peopleState.snapshot = snap
		})
	})
}

// peopleEntry is the way to the screen, beside bulk, history and backup.
func (c *Shell) peopleEntry() app.UI {
	if c.phase != phaseSignedIn || c.screen != screenList {
		return nil
	}
	if _, ok := peopleGraphOf(c.services.Graph); !ok {
		return nil
	}
	return app.Div().Class("actions people-entry").Body(
		app.Button().Type("button").ID("open-people").Text("Who gets what").
			OnClick(func(ctx app.Context, e app.Event) { c.goTo(ctx, address{screen: screenPeople}) }),
	)
}

// peopleScreen is "who gets what".
func (c *Shell) peopleScreen() app.UI {
	return &WhoGetsWhat{Graph: c.services.Graph, People: c.people(), OnBack: c.showList}
}
