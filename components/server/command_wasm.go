//go:build wasm

package server

// Main is never reached in the browser, where app.RunWhenOnBrowser runs the
// app for the page's whole life; it exists so main.go compiles for js/wasm
// without linking the server, the emulator or go-app's handler.
func Main([]string) int { return 0 }
