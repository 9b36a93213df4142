//go:build !wasm

package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteStaticWritesEveryCompressibleFileWithItsVariants(t *testing.T) {
	f := newFixture(t)
	_, err := Precompress(filepath.Join(f.root, "web", "app.wasm"))
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "static")
	require.NoError(t, WritePWA(out, f.config(nil)))

	for _, name := range []string{"index.html", "app.js", "app-worker.js", "manifest.webmanifest", "app.css", "wasm_exec.js", "web/app.wasm", "web/app.css"} {
		raw, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err, name)
		for _, c := range codings {
			body, err := os.ReadFile(filepath.Join(out, name+c.suffix))
			require.NoError(t, err, name+c.suffix)
			back, err := decode(c.name, body)
			require.NoError(t, err)
			assert.Equal(t, raw, back, "%s decodes to %s", name+c.suffix, name)
		}
	}
	_, err = os.Stat(filepath.Join(out, "web", "icon.png.br"))
	assert.ErrorIs(t, err, os.ErrNotExist, "no variant of a PNG")

	built, err := os.ReadFile(filepath.Join(f.root, "web", "app.wasm.br"))
	require.NoError(t, err)
	written, err := os.ReadFile(filepath.Join(out, "web", "app.wasm.br"))
	require.NoError(t, err)
	assert.Equal(t, built, written, "the build's variant is copied, not made again")

	glue, err := os.ReadFile(filepath.Join(out, "wasm_exec.js"))
	require.NoError(t, err)
	assert.Equal(t, compressibleBytes(17_000), glue, "the toolchain's glue, not go-app's")
	worker, err := os.ReadFile(filepath.Join(out, "app-worker.js"))
	require.NoError(t, err)
	assert.Contains(t, string(worker), "wasmDigest", "the service worker that does not download app.wasm twice")
}
