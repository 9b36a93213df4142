package components

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// focusOn moves the keyboard focus to an element once the update being
// drawn is on the page: the result of an action, the control that opened a
// panel just closed, a new screen's heading. It does not go through ctx's
// Defer, which is dropped when the element that asked is re-rendered away
// (the button pressed, a screen left): it tries until the element is there,
// for a quarter of a second, which go-app's frames (120 a second) fill.
func focusOn(_ app.Context, id string) {
	if app.IsServer {
		return
	}
	go func() {
		for _, wait := range focusWaits {
			time.Sleep(wait)
			if el := app.Window().GetElementByID(id); el.Truthy() {
				el.Call("focus")
				return
			}
		}
	}()
}

// focusWaits are the pauses before each try of focusOn.
var focusWaits = []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond, 100 * time.Millisecond}

// onEscape is a keydown handler that closes an editor or a dialog on
// Escape, except inside the group picker, which keeps Escape for itself
// (closing its matches, clearing its field). The picker's controls carry
// data-keeps-escape because the handler runs after the picker's own: a
// match Escape has just closed is no longer inside the picker, and
// looking for the picker alone would close the whole editor.
func onEscape(close func(ctx app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("key").String() != "Escape" {
			return
		}
		if t := e.Get("target"); t.Truthy() && t.Call("closest", ".picker, ["+keepsEscape+"]").Truthy() {
			return
		}
		close(ctx)
	}
}

// keepsEscape marks a control whose Escape is its own (see onEscape).
const keepsEscape = "data-keeps-escape"
