//go:build !wasm

package server

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go-app's app.js builds a Response of its own around app.wasm's body; the
// app's hands instantiateStreaming the fetched response (which keeps its
// URL, so the browser can reuse the compiled module), served and static.
func TestAppJSHandsTheWasmResponseAsFetched(t *testing.T) {
	f := newFixture(t)
	served := decoded(t, request(f.handler(t), http.MethodGet, "/app.js"))
	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WritePWA(out, f.config(nil)))
	written, err := os.ReadFile(filepath.Join(out, "app.js"))
	require.NoError(t, err)

	for name, js := range map[string][]byte{"served": served, "static": written} {
		assert.Contains(t, string(js), fetchKeepingTheResponse, name)
		assert.NotContains(t, string(js), "new ReadableStream", "%s: no Response made in JavaScript", name)
		assert.Contains(t, string(js), "goappInitWebAssembly();", "%s: the rest of go-app's script is kept", name)
		assert.Contains(t, string(js), `const goappWasmContentLength = "40000";`, "%s: go-app's placeholders are filled", name)
	}
}

func TestAnotherGoAppsAppJSIsRefused(t *testing.T) {
	_, err := rewriteAppJS([]byte("async function fetchWasm(url) {}"))
	assert.ErrorContains(t, err, "fetchWithProgress was not found")
}
