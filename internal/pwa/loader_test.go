package pwa

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go-app's own app.js, as the pinned go-app writes it, is patched: a go-app
// upgrade that changes the call fails here, not silently in browsers.
func TestTheServedAppJSLoadsTheWasmKeepingItsURL(t *testing.T) {
	f := newFixture(t)
	var logged []string
	h, err := New(f.config(func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }))
	require.NoError(t, err)
	js := string(decoded(t, request(h, http.MethodGet, "/app.js")))
	assert.Contains(t, js, `instantiateStreaming(
      loadWasm("/web/app.wasm", showProgress),`)
	assert.NotContains(t, js, `fetchWithProgress("/web/app.wasm"`)
	assert.Contains(t, js, "async function loadWasm(url, progress)")
	assert.Empty(t, logged)
}

func TestPatchLoaderLeavesAnUnknownScriptAlone(t *testing.T) {
	for _, js := range []string{
		"console.log('another go-app')",
		goappWasmCall + goappWasmCall, // ambiguous: not ours to guess
	} {
		patched, ok := patchLoader(js)
		assert.False(t, ok)
		assert.Equal(t, js, patched)
	}
	patched, ok := patchLoader("await instantiateStreaming(" + goappWasmCall + ", imports)")
	assert.True(t, ok)
	assert.True(t, strings.HasPrefix(patched, "await instantiateStreaming("+ownWasmCall+", imports)"))
}

func TestTheStaticAppJSIsPatchedToo(t *testing.T) {
	f := newFixture(t)
	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WriteStatic(out, f.config(nil)))
	js, err := os.ReadFile(filepath.Join(out, "app.js"))
	require.NoError(t, err)
	assert.Contains(t, string(js), ownWasmCall)
	gz, err := os.ReadFile(filepath.Join(out, "app.js.gz"))
	require.NoError(t, err)
	back, err := decode(encodingGzip, gz)
	require.NoError(t, err)
	assert.Equal(t, js, back, "the variants are of the patched script")
}
