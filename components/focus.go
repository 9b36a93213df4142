package components

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// focusOn moves the keyboard focus to an element once the update being
// drawn is on the page: the result of an action, the control that opened a
// panel just closed, a new screen's heading.
func focusOn(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// onEscape is a keydown handler that closes an editor or a dialog on
// Escape, except inside the group picker, which keeps Escape for itself
// (closing its matches, clearing its field).
func onEscape(close func(ctx app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("key").String() != "Escape" {
			return
		}
		if t := e.Get("target"); t.Truthy() && t.Call("closest", ".picker").Truthy() {
			return
		}
		close(ctx)
	}
}
