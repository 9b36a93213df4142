//go:build wasm

package main

// serve is never reached in the browser, where app.RunWhenOnBrowser runs the
// app for the page's whole life; it exists so main compiles for js/wasm
// without linking the server, the emulator or go-app's handler.
func serve([]string) int { return 0 }
