//go:build !wasm

package server

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compressibleBytes is n bytes of text-like content, which both codings
// shrink well.
func compressibleBytes(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		b.WriteString("function f" + strings.Repeat("x", i%7) + "() { return 42; }\n")
	}
	return b.Bytes()[:n]
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	raw := compressibleBytes(10_000)
	for _, c := range codings {
		t.Run(c.name, func(t *testing.T) {
			body, err := encode(c.name, raw)
			require.NoError(t, err)
			assert.Less(t, len(body), len(raw)/4)
			back, err := decode(c.name, body)
			require.NoError(t, err)
			assert.Equal(t, raw, back)
		})
	}
	_, err := encode("zstd", raw)
	assert.Error(t, err)
}

func TestWorthKeeping(t *testing.T) {
	assert.True(t, worthKeeping(1000, 900), "10% smaller")
	assert.False(t, worthKeeping(1000, 901))
	assert.False(t, worthKeeping(minCompressed-1, 10), "too small to bother")
}

func TestCompressAllSkipsWhatItCannotShrink(t *testing.T) {
	vs, err := compressAll(compressibleBytes(100))
	require.NoError(t, err)
	assert.Empty(t, vs, "below the minimum size")

	noise := make([]byte, 4096)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(noise)
	vs, err = compressAll(noise)
	require.NoError(t, err)
	assert.Empty(t, vs, "random bytes do not shrink")

	vs, err = compressAll(compressibleBytes(4096))
	require.NoError(t, err)
	assert.Len(t, vs, 2)
}

func TestPrecompressWritesVariantsThatDecodeToTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.wasm")
	raw := compressibleBytes(50_000)
	require.NoError(t, os.WriteFile(path, raw, 0o644))

	report, err := Precompress(path)
	require.NoError(t, err)
	require.Len(t, report, 1)
	assert.Contains(t, report[0], "app.wasm: 50.0 kB, br ")
	for _, c := range codings {
		body, err := os.ReadFile(path + c.suffix)
		require.NoError(t, err)
		back, err := decode(c.name, body)
		require.NoError(t, err)
		assert.Equal(t, raw, back, c.name)
	}
}

func TestPrecompressReusesRightVariantsAndReplacesStaleOnes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.wasm")
	require.NoError(t, os.WriteFile(path, compressibleBytes(50_000), 0o644))
	_, err := Precompress(path)
	require.NoError(t, err)
	brBefore, err := os.Stat(path + ".br")
	require.NoError(t, err)

	// An unchanged build: nothing is rewritten.
	_, err = Precompress(path)
	require.NoError(t, err)
	brAfter, err := os.Stat(path + ".br")
	require.NoError(t, err)
	assert.Equal(t, brBefore.ModTime(), brAfter.ModTime(), "a right variant is kept as it is")

	// A new build: the old variants no longer match and are replaced.
	next := compressibleBytes(60_000)
	require.NoError(t, os.WriteFile(path, next, 0o644))
	kept, stale, err := readVariants(path, next)
	require.NoError(t, err)
	assert.Empty(t, kept)
	assert.ElementsMatch(t, []string{path + ".br", path + ".gz"}, stale)
	_, err = Precompress(path)
	require.NoError(t, err)
	kept, stale, err = readVariants(path, next)
	require.NoError(t, err)
	assert.Len(t, kept, 2)
	assert.Empty(t, stale)
}

func TestPrecompressRemovesAVariantNoLongerWorthKeeping(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.js")
	require.NoError(t, os.WriteFile(path+".gz", []byte("left by a build of a bigger file"), 0o644))
	require.NoError(t, os.WriteFile(path, []byte("console.log(1)"), 0o644))
	_, err := Precompress(path)
	require.NoError(t, err)
	_, err = os.Stat(path + ".gz")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestPrecompressNamesAMissingFile(t *testing.T) {
	_, err := Precompress(filepath.Join(t.TempDir(), "app.wasm"))
	assert.ErrorContains(t, err, "app.wasm")
}
