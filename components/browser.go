package components

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WindowBrowser is the Browser of the page the app runs in. On the server,
// where go-app prerenders the shell, it reads as online and does nothing.
type WindowBrowser struct{}

// Location is window.location.href.
func (WindowBrowser) Location() *url.URL {
	if app.IsServer {
		return &url.URL{Path: "/"}
	}
	return app.Window().URL()
}

// Redirect sets window.location.href. go-app's own navigation opens another
// origin in a new tab, which would break the sign-in round trip.
func (WindowBrowser) Redirect(rawURL string) {
	app.Window().Get("location").Set("href", rawURL)
}

// ReplaceLocation calls history.replaceState.
func (WindowBrowser) ReplaceLocation(u *url.URL) {
	app.Window().Get("history").Call("replaceState", nil, "", u.String())
}

// Online is navigator.onLine.
func (WindowBrowser) Online() bool {
	if app.IsServer {
		return true
	}
	return app.Window().Get("navigator").Get("onLine").Bool()
}

// WatchOnline listens to the window's online and offline events.
func (WindowBrowser) WatchOnline(f func(online bool)) (stop func()) {
	if app.IsServer {
		return func() {}
	}
	online := app.FuncOf(func(app.Value, []app.Value) any { f(true); return nil })
	offline := app.FuncOf(func(app.Value, []app.Value) any { f(false); return nil })
	w := app.Window()
	w.Call("addEventListener", "online", online)
	w.Call("addEventListener", "offline", offline)
	return func() {
		w.Call("removeEventListener", "online", online)
		w.Call("removeEventListener", "offline", offline)
		online.Release()
		offline.Release()
	}
}
