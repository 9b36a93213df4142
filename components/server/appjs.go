//go:build !wasm

package server

import (
	"bytes"
	"errors"
)

// goappFetchWithProgress is where go-app's app.js starts the function that
// downloads app.wasm; it runs to the end of the file.
const goappFetchWithProgress = "async function fetchWithProgress(url, progess) {"

// fetchKeepingTheResponse replaces it. go-app's copy hands
// instantiateStreaming a Response it builds from a ReadableStream, to count
// the bytes: a Response made in JavaScript has no URL, so the browser can
// neither store the code it compiles nor find it again, and every visit
// compiles the whole module anew (seconds on a slow machine). This one
// hands over the response as fetched, and counts a copy of its body for
// go-app's progress label while it downloads.
const fetchKeepingTheResponse = `// fetchWithProgress (enrollassign's, in place of go-app's): the response
// goes to instantiateStreaming as fetched, with its URL, so that the browser
// keeps the compiled module and the next visit skips compiling; the progress
// is counted on a copy of the body, on a first visit only: once the service
// worker answers from its cache, the bytes are all there, and copying them
// to count would cost the main thread 0.1 s to 0.2 s of every start.
async function fetchWithProgress(url, progress) {
  const response = await fetch(url);
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    progress(100);
    return response;
  }
  const total = parseInt(goappWasmContentLength, 10) ||
    parseInt(response.headers.get(goappWasmContentLengthHeader || "Content-Length"), 10);
  if (!response.ok || !response.body || !(total > 0)) {
    return response;
  }
  const reader = response.clone().body.getReader();
  (async () => {
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        progress(100);
        return;
      }
      loaded += value.byteLength;
      progress(Math.min(100, Math.round((loaded * 100) / total)));
    }
  })().catch(() => {});
  return response;
}
`

// rewriteAppJS puts fetchKeepingTheResponse in go-app's app.js. It fails
// when go-app's function is not where it was (another go-app version):
// the app would then compile its wasm on every visit without anyone knowing.
func rewriteAppJS(appJS []byte) ([]byte, error) {
	i := bytes.Index(appJS, []byte(goappFetchWithProgress))
	if i < 0 {
		return nil, errors.New("app.js: go-app's fetchWithProgress was not found; check what this go-app version does with app.wasm's response")
	}
	out := append([]byte(nil), appJS[:i]...)
	return append(out, fetchKeepingTheResponse...), nil
}
