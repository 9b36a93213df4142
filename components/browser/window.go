// Package browser adapts the page the app runs in to what the screens ask
// of it: the window (its address, navigation, connectivity, the page going
// away), its storages (keep.Store over go-app's sessionStorage and
// localStorage) and files (downloads and uploads made in the page).
//
// On the server, where go-app prerenders the shell, each reads as a quiet
// browser: online, at "/", storing nothing it is not asked to.
package browser

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Window is the page the app runs in: components.Browser. On the server it
// reads as online and does nothing.
type Window struct{}

// Location is window.location.href.
func (Window) Location() *url.URL {
	if app.IsServer {
		return &url.URL{Path: "/"}
	}
	return app.Window().URL()
}

// Redirect sets window.location.href. go-app's own navigation opens another
// origin in a new tab, which would break the sign-in round trip.
func (Window) Redirect(rawURL string) {
	app.Window().Get("location").Set("href", rawURL)
}

// ReplaceLocation calls history.replaceState.
func (Window) ReplaceLocation(u *url.URL) {
	app.Window().Get("history").Call("replaceState", nil, "", u.String())
}

// Go is go-app's navigation to an address of the app: a history entry,
// then the shell's OnNav.
func (Window) Go(ctx app.Context, u *url.URL) {
	ctx.NavigateTo(u)
}

// Online is navigator.onLine.
func (Window) Online() bool {
	if app.IsServer {
		return true
	}
	return app.Window().Get("navigator").Get("onLine").Bool()
}

// WatchOnline listens to the window's online and offline events.
func (Window) WatchOnline(f func(online bool)) (stop func()) {
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

// OnPageHide calls f as the page goes away (closed, reloaded, left): from
// the browser's event itself, since nothing runs after it. Nothing happens
// on the server, where there is no page.
func OnPageHide(f func()) (stop func()) {
	if app.IsServer {
		return func() {}
	}
	fn := app.FuncOf(func(app.Value, []app.Value) any { f(); return nil })
	w := app.Window()
	w.Call("addEventListener", "pagehide", fn)
	return func() {
		w.Call("removeEventListener", "pagehide", fn)
		fn.Release()
	}
}
