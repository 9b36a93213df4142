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
