package widgets

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DirectoryStatus says how fresh the session's copy of the directory is,
// shows a progress bar while it is read, and offers to read it again.
type DirectoryStatus struct {
	app.Compo

	ReadAt time.Time
	// Reading is true while the directory is read; Stage names the read
	// ("users", "memberships", "groups"), Done of Total how far it is (0
	// of 0 while its size is not known yet).
	Reading     bool
	Stage       string
	Done, Total int
	OnRefresh   func(ctx app.Context)
}

// Render draws the status line, the progress bar and the button.
func (c *DirectoryStatus) Render() app.UI {
	return app.Div().Class("directory-status actions").Body(
		app.If(c.Reading, func() app.UI {
			bar := app.Progress().ID("directory-progress").Aria("label", "Reading the directory")
			if c.Total > 0 {
				bar = bar.Max(c.Total).Value(c.Done)
			}
			return bar
		}),
		app.Span().Class("muted small").Role("status").Text(c.words()),
		app.Button().Type("button").ID("directory-refresh").Disabled(c.Reading).
			Aria("label", "Refresh the directory: read users and group memberships again").Text("Refresh").
			OnClick(func(ctx app.Context, e app.Event) {
				if c.OnRefresh != nil {
					c.OnRefresh(ctx)
				}
			}),
	)
}

func (c *DirectoryStatus) words() string {
	switch {
	case c.Reading && c.Total > 0:
		return "Reading " + c.Stage + ": " + strconv.Itoa(c.Done) + " of " + strconv.Itoa(c.Total)
	case c.Reading:
		return "Reading " + c.Stage + "…"
	case c.ReadAt.IsZero():
		return "The directory has not been read yet."
	}
	return "Directory read at " + c.ReadAt.Format("15:04:05") + "."
}
