package bulk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

func TestPlanListsEveryChangeAndCountsWritesPerStrategy(t *testing.T) {
	configs := tenant(4, 3)                                                 // 4 configurations, groups 1..3 each
	sel := Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: groupID(1)}}} // one change in each
	sel.Picks = []Pick{{"cfg-000", "cfg-000_" + groupID(2)}, {"cfg-000", "cfg-000_" + groupID(3)}}

	plan, err := NewPlan(configs, sel, ToggleInclusion())
	require.NoError(t, err)
	require.Len(t, plan.Configurations, 4)
	first := plan.Configurations[0]
	assert.Equal(t, "cfg-000", first.ID)
	assert.Equal(t, configs[0].Assignments, first.Loaded, "the set as loaded is kept for the re-read")
	require.Len(t, first.Items, 3)
	for _, it := range first.Items {
		assert.Equal(t, graph.TargetGroup, it.Before.Kind)
		assert.Equal(t, graph.TargetExclusionGroup, it.After.Kind)
		assert.Equal(t, it.Before.GroupID, it.After.GroupID)
		assert.Equal(t, StatePending, it.Outcome.State)
		assert.Equal(t, "cfg-000/"+it.AssignmentID, it.Key)
	}

	w := plan.Writes()
	assert.Equal(t, WriteCounts{Changes: 6, Configurations: 4, Patch: 6, Assign: 4, Fewest: 4}, w)
	assert.Equal(t, 6, w.For(StrategyPatch))
	assert.Equal(t, 4, w.For(StrategyAssign))
	assert.Equal(t, 4, w.For(StrategyFewest))
	assert.Len(t, plan.Items(), 6)
}

func TestPlanRefusesWhatTheServiceWouldRefuseWithTheReason(t *testing.T) {
	g1, g2 := groupID(1), groupID(2)
	def := graph.Configuration{ID: "x_DefaultLimit", DisplayName: "All users and all devices", Kind: graph.ConfigurationLimit,
		Assignments: []graph.Assignment{{ID: "d1", Target: graph.GroupTarget(g1)}}}
	limit := graph.Configuration{ID: "lim", DisplayName: "Limit", Kind: graph.ConfigurationLimit, Priority: 1,
		Assignments: []graph.Assignment{{ID: "l1", Target: graph.GroupTarget(g1)}, {ID: "l2", Target: graph.GroupTarget(g2)}}}
	esp := graph.Configuration{ID: "esp", DisplayName: "ESP", Kind: graph.ConfigurationEnrollmentCompletionPage, Priority: 1,
		Assignments: []graph.Assignment{{ID: "e1", Target: graph.GroupTarget(g1)}, {ID: "e2", Target: graph.GroupTarget(g2)}}}
	configs := []graph.Configuration{def, limit, esp}
	everything := Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: g1}, {Kind: RuleGroup, GroupID: g2}}}

	tests := []struct {
		name string
		op   Operation
		want map[string]string // item key → refusal ("" for a change)
	}{
		{"defaults and targets a kind does not take", RetargetAllDevices(), map[string]string{
			"x_DefaultLimit/d1": "default",
			"lim/l1":            "applies to users, so it cannot be assigned to all devices",
			"lim/l2":            "applies to users",
			"esp/e1":            "",
			"esp/e2":            "another selected assignment of this configuration already becomes that target",
		}},
		{"a group the configuration already has", ReplaceGroup(g1, g2), map[string]string{
			"x_DefaultLimit/d1": "default",
			"lim/l1":            "already has an assignment to that target",
			"lim/l2":            "another group",
			"esp/e1":            "already has an assignment to that target",
			"esp/e2":            "another group",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := NewPlan(configs, everything, tt.op)
			require.NoError(t, err)
			got := map[string]Item{}
			for _, it := range plan.Items() {
				got[it.Key] = it
			}
			require.Len(t, got, len(tt.want))
			for key, reason := range tt.want {
				it := got[key]
				if reason == "" {
					assert.True(t, it.Changes(), key)
					assert.Equal(t, StatePending, it.Outcome.State, key)
					continue
				}
				assert.Contains(t, it.Refused, reason, key)
				assert.Equal(t, StateRefused, it.Outcome.State, key)
			}
		})
	}
}

func TestPlanFailsOnlyForAnInvalidChangeOrAnEmptySelection(t *testing.T) {
	configs := tenant(1, 1)
	_, err := NewPlan(configs, allGroupsRule(1), ReplaceGroup("", "nope"))
	var ve *graph.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "target.groupId", ve.Field)

	_, err = NewPlan(configs, Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: groupID(9)}}}, ToggleInclusion())
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "selection", ve.Field)

	plan, err := NewPlan(configs, allGroupsRule(1), ReplaceGroup("", groupID(1)))
	require.NoError(t, err, "a plan whose every item is refused is still a dry run to show")
	assert.Equal(t, WriteCounts{Refused: 1}, plan.Writes())
}
