package graph

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Graph's paths are built, escaped and parsed in this package only: bulk,
// backup, history and the screens ask it for requests (the client's
// methods, the *BatchRequest builders) and never write a URL of their own,
// so a batch item cannot drift from the request the client sends alone.
// The emulator is the server side, with its own wire, and is left out; so
// are tests, which play or inspect the service.
func TestOnlyGraphBuildsGraphPaths(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is graph's parent")
	here := filepath.Join(root, "graph")
	emulator := filepath.Join(here, "emulator")
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (path == emulator || path != root && strings.HasPrefix(d.Name(), ".")):
			return filepath.SkipDir
		case d.IsDir(), !strings.HasSuffix(path, ".go"), strings.HasSuffix(path, "_test.go"), filepath.Dir(path) == here:
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(root, path)
		assert.NotContains(t, string(src), "/deviceManagement/", "%s builds or parses a Graph path: ask package graph for the request", rel)
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, checked, 50, "the walk found the module's code")
}
