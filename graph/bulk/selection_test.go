package bulk

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"enrollassign/graph"
)

func TestSelectionRules(t *testing.T) {
	g1, g2 := groupID(1), groupID(2)
	limit := graph.Configuration{ID: "lim", Kind: graph.ConfigurationLimit, Assignments: []graph.Assignment{
		{ID: "lim_1", Target: graph.GroupTarget(g1)},
		{ID: "lim_2", Target: graph.ExclusionGroupTarget(g2)},
		{ID: "lim_all", Target: graph.AllLicensedUsersTarget()},
	}}
	esp := graph.Configuration{ID: "esp", Kind: graph.ConfigurationEnrollmentCompletionPage, Assignments: []graph.Assignment{
		{ID: "esp_2", Target: graph.GroupTarget(g2)},
		{ID: "esp_1", Target: graph.ExclusionGroupTarget(g1)},
		{ID: "esp_sms", Target: graph.CollectionTarget("SMS00001")},
	}}
	configs := []graph.Configuration{limit, esp}
	tests := []struct {
		name string
		sel  Selection
		want []string
	}{
		{"every assignment targeting a group, included or excluded",
			Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: g1}}}, []string{"lim_1", "esp_1"}},
		{"group IDs compare without case",
			Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: "00000000-0000-4000-8000-00000000000" + "2"}}}, []string{"lim_2", "esp_2"}},
		{"every include of a group in one configuration type",
			Selection{Rules: []Rule{{Kind: RuleIncludesOfKind, GroupID: g2, ConfigurationKind: graph.ConfigurationEnrollmentCompletionPage}}}, []string{"esp_2"}},
		{"an exclude is not an include",
			Selection{Rules: []Rule{{Kind: RuleIncludesOfKind, GroupID: g1, ConfigurationKind: graph.ConfigurationEnrollmentCompletionPage}}}, nil},
		{"picks by hand, whatever they target",
			Selection{Picks: []Pick{{"esp", "esp_sms"}, {"lim", "LIM_ALL"}}}, []string{"lim_all", "esp_sms"}},
		{"rules and picks add up, each assignment once",
			Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: g2}}, Picks: []Pick{{"esp", "esp_2"}, {"lim", "lim_1"}}}, []string{"lim_1", "lim_2", "esp_2"}},
		{"nothing", Selection{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range tt.sel.Select(configs) {
				got = append(got, s.Assignment.ID)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSelectionToggleAddsAndDropsAPick(t *testing.T) {
	s := Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: groupID(1)}}}
	s = s.Toggle("c", "a1").Toggle("c", "a2")
	assert.True(t, s.Picked("c", "a1"))
	assert.True(t, s.Picked("c", "a2"))
	s = s.Toggle("C", "A1")
	assert.False(t, s.Picked("c", "a1"))
	assert.True(t, s.Picked("c", "a2"))
	assert.Len(t, s.Rules, 1, "rules are kept")
	assert.False(t, s.Empty())
	assert.True(t, Selection{}.Empty())
}
