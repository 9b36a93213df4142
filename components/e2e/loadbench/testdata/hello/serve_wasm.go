//go:build wasm

package main

// serve is never reached in the browser; it keeps the server out of the
// wasm, as enrollassign's serve_wasm.go does.
func serve([]string) int { return 0 }
