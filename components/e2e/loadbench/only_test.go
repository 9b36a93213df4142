//go:build !js

package loadbench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOnlyKeepsTheNamedApps(t *testing.T) {
	names := func(ts []*target) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.name)
		}
		return out
	}
	all := func() []*target { return []*target{{name: floorName}, {name: appName}, {name: helloName}} }
	for _, tt := range []struct {
		list string
		want []string
	}{
		{"", []string{floorName, appName, helloName}},
		{appName, []string{appName}},
		{helloName + "," + floorName, []string{floorName, helloName}},
		{"nobody", nil},
	} {
		assert.Equal(t, tt.want, names(only(all(), tt.list)), "%q", tt.list)
	}
}
