package widgets

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"enrollassign/graph"
)

func TestDescribeTarget(t *testing.T) {
	names := map[string]string{"g1": "Sales Laptops"}
	lookup := func(id string) string { return names[id] }
	tests := []struct {
		name   string
		target graph.Target
		want   string
	}{
		{"included group by name", graph.GroupTarget("g1"), "Include group Sales Laptops"},
		{"excluded group by name", graph.ExclusionGroupTarget("g1"), "Exclude group Sales Laptops"},
		{"unknown group shows its ID", graph.GroupTarget("g2"), "Include group g2"},
		{"all devices", graph.AllDevicesTarget(), "All devices"},
		{"all licensed users", graph.AllLicensedUsersTarget(), "All licensed users"},
		{"collection", graph.CollectionTarget("SMS00001"), "Configuration Manager collection SMS00001"},
		{"missing", graph.Target{}, "No target"},
		{"unknown kind named", graph.Target{Kind: "futureTarget"}, "Target of a type this app does not know: futureTarget"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DescribeTarget(tt.target, lookup).String())
		})
	}
}

func TestDescribeTargetSplitsTheSubject(t *testing.T) {
	w := DescribeTarget(graph.ExclusionGroupTarget("g1"), func(string) string { return "Pilot Users" })
	assert.Equal(t, TargetWords{Lead: "Exclude group", Subject: "Pilot Users"}, w)
}

func TestPrettyJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"indents JSON", `{"a":{"b":1}}`, "{\n  \"a\": {\n    \"b\": 1\n  }\n}"},
		{"keeps non-JSON as is", `not json`, "not json"},
		{"empty body is empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, prettyJSON([]byte(tt.in))) })
	}
}

func TestStrategyWordsNameTheStrategy(t *testing.T) {
	assert.Contains(t, StrategyWords(graph.StrategyPatch), "PATCH")
	assert.Contains(t, StrategyWords(graph.StrategyAssign), "assign")
	assert.Contains(t, StrategyWords(graph.StrategyAuto), "falling back to assign")
}
