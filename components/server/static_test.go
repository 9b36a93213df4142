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

// `enrollassign static` writes a production app: no demo tenant in the
// client's environment, no loopback host in the policy. -demo asks for the
// demo, as make run serves it.
func TestStaticWritesAProductionAppUnlessAskedForTheDemo(t *testing.T) {
	root := fakeRoot(t, "wasm")
	write := func(flags ...string) (appJS, headers string) {
		out := filepath.Join(t.TempDir(), "static")
		require.Equal(t, 0, Main(append([]string{"static", "-root", root, "-out", out}, flags...)))
		js, err := os.ReadFile(filepath.Join(out, "app.js"))
		require.NoError(t, err)
		h, err := os.ReadFile(filepath.Join(out, headersFile))
		require.NoError(t, err)
		return string(js), string(h)
	}

	for _, flags := range [][]string{nil, {"-no-demo"}} {
		js, headers := write(flags...)
		assert.NotContains(t, js, "ENROLLASSIGN_DEMO", "%v: no demo tenant", flags)
		assert.NotContains(t, headers, "127.0.0.1", "%v: no loopback host in the policy", flags)
		assert.Contains(t, headers, "connect-src 'self' https://login.microsoftonline.com https://graph.microsoft.com", "%v", flags)
	}

	js, headers := write("-demo", "-entra-addr", "127.0.0.1:9001", "-graph-addr", "127.0.0.1:9002")
	assert.Contains(t, js, `"ENROLLASSIGN_DEMO_ENTRA_URL":"http://127.0.0.1:9001"`)
	assert.Contains(t, headers, "connect-src 'self' http://127.0.0.1:9001 http://127.0.0.1:9002 https://login.microsoftonline.com")

	_, _, err := parseStaticFlags([]string{"-clouds", "none"})
	assert.ErrorContains(t, err, "nothing to sign in to")
	_, c, err := parseStaticFlags([]string{"-demo", "-clouds", "none"})
	require.NoError(t, err)
	assert.True(t, c.Demo.Enabled(), "the demo alone")
}
