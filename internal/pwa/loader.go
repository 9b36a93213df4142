package pwa

import "strings"

// go-app's app.js loads app.wasm through fetchWithProgress, which reads the
// response chunk by chunk and re-enqueues every chunk into a Response of its
// own, for its progress bar. That Response has no URL, and the browser keys
// its cache of compiled WebAssembly on the response's URL: every visit
// compiles app.wasm again. The copying costs the page's main thread too.
// patchLoader points go-app's call at loadWasm (below), which hands the
// compiler the fetched response itself and counts progress on a clone.
const (
	goappWasmCall = `fetchWithProgress("` + wasmPath + `", showProgress)`
	ownWasmCall   = `loadWasm("` + wasmPath + `", showProgress)`
)

// loaderJS is appended to go-app's app.js. goappWasmContentLength is
// app.wasm's uncompressed size (see complete), which the decoded bytes of
// the clone are counted against.
const loaderJS = `

// Added by the server (internal/pwa): go-app's loader, keeping the
// response's URL so that the browser can cache the compiled app.wasm.
async function loadWasm(url, progress) {
  const response = await fetch(url);
  const total = parseInt(goappWasmContentLength, 10);
  if (response.ok && response.body && total > 0) {
    countProgress(response.clone(), total, progress);
  }
  return response;
}

async function countProgress(copy, total, progress) {
  const reader = copy.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return;
    }
    loaded += value.byteLength;
    progress(Math.min(100, Math.round((loaded * 100) / total)));
  }
}
`

// patchLoader rewrites go-app's app.js; ok is false, and the script left as
// it was, if go-app no longer makes the call this expects.
func patchLoader(appJS string) (patched string, ok bool) {
	if strings.Count(appJS, goappWasmCall) != 1 {
		return appJS, false
	}
	return strings.Replace(appJS, goappWasmCall, ownWasmCall, 1) + loaderJS, true
}
