//go:build !js

package emulator

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The emulator is a second, independent reading of Graph's wire: were it
// to share the client's models, a codec bug in graph would be mirrored here
// and pass every test. So no package under graph/emulator, tests included,
// links any package of the project outside graph/emulator.
func TestTheEmulatorSharesNoCodeWithTheClient(t *testing.T) {
	list := exec.Command("go", "list", "-deps", "-test", "-f", `{{.ImportPath}}|{{join .Imports " "}}`, "./...")
	out, err := list.CombinedOutput()
	require.NoError(t, err, "%s", out)
	importers := map[string][]string{}
	var linked []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, "|")
		linked = append(linked, packagePath(pkg))
		for _, imp := range strings.Fields(imports) {
			importers[packagePath(imp)] = append(importers[packagePath(imp)], packagePath(pkg))
		}
	}
	assert.Contains(t, linked, "enrollassign/graph/emulator/wire", "the listing holds the emulator's own packages")
	for _, pkg := range linked {
		if inProject(pkg) && !inEmulator(pkg) {
			t.Errorf("the emulator links %s (imported by %s)", pkg, strings.Join(importers[pkg], ", "))
		}
	}
}

// packagePath strips what go list adds to a test build's package:
// "p [p.test]", "p.test", "p_test".
func packagePath(listed string) string {
	p, _, _ := strings.Cut(listed, " ")
	return strings.TrimSuffix(strings.TrimSuffix(p, ".test"), "_test")
}

func inProject(pkg string) bool {
	return pkg == "enrollassign" || strings.HasPrefix(pkg, "enrollassign/")
}

func inEmulator(pkg string) bool {
	return pkg == "enrollassign/graph/emulator" || strings.HasPrefix(pkg, "enrollassign/graph/emulator/")
}
