//go:build !wasm

// Package server is everything enrollassign runs outside the browser: the
// command line (serve, static, precompress), the HTTP handler with its
// security headers, the demo emulator's start-up, and the PWA serving code —
// go-app's pages and resources and web/ held in memory, precompressed in
// brotli and gzip, with validators and the service worker that does not
// download app.wasm twice — and the same app written as static files.
//
// The server makes no request of its own: every path it answers was
// prepared when it started, and every other path is its 404 (handler.go);
// every connection is bounded in time and header size (connections.go).
//
// Nothing here belongs in app.wasm: under js/wasm the package is one stub
// (command_wasm.go), and TestTheClientDoesNotLinkTheServer checks that.
package server
