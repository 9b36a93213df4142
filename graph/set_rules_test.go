package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefuseTargets(t *testing.T) {
	kept := []Assignment{{ID: "c_a", Target: GroupTarget(groupA)}, {ID: "c_all", Target: AllLicensedUsersTarget()}}
	tests := []struct {
		name    string
		kind    ConfigurationKind
		add     []Target
		rules   []Rule
		otherID string
	}{
		{"new groups on either side", ConfigurationLimit, []Target{GroupTarget(groupB), ExclusionGroupTarget(groupC)}, nil, ""},
		{"the same group again, in other case", ConfigurationLimit, []Target{GroupTarget(groupA[:8] + "-0000-4000-8000-00000000000A")}, []Rule{RuleDuplicate}, "c_a"},
		{"the group kept, excluded", ConfigurationLimit, []Target{ExclusionGroupTarget(groupA)}, []Rule{RuleIncludeAndExclude}, "c_a"},
		{"all users again", ConfigurationLimit, []Target{AllLicensedUsersTarget()}, []Rule{RuleDuplicate}, "c_all"},
		{"all devices on a device limit", ConfigurationLimit, []Target{AllDevicesTarget()}, []Rule{RuleKind}, ""},
		{"all devices on an Enrollment Status Page", ConfigurationEnrollmentCompletionPage, []Target{AllDevicesTarget()}, nil, ""},
		{"one group twice in the change", ConfigurationLimit, []Target{GroupTarget(groupB), GroupTarget(groupB)}, []Rule{RuleDuplicate}, ""},
		{"one group on both sides in the change", ConfigurationLimit, []Target{ExclusionGroupTarget(groupB), GroupTarget(groupB)}, []Rule{RuleIncludeAndExclude}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refused := RefuseTargets(tt.kind, kept, tt.add)
			var rules []Rule
			for _, r := range refused {
				rules = append(rules, r.Rule)
				assert.Equal(t, tt.otherID, r.OtherID)
				assert.NotEmpty(t, r.Reason())
			}
			assert.Equal(t, tt.rules, rules)
		})
	}
}

// A single edit that would exclude a group the configuration includes
// elsewhere is refused before sending: the service names both
// assignments after the group, so it would refuse the write.
func TestARetargetToTheOtherSideOfAnIncludedGroupIsRefused(t *testing.T) {
	f := newFakeGraph(t)
	c, _ := testClient(t, f)
	a, b := mustAssignment(t, liveA), mustAssignment(t, liveB)
	u := Update{Configuration: restrictions, Before: b, After: ExclusionGroupTarget(groupA), Siblings: []Assignment{a, b}}
	_, err := c.UpdateAssignment(context.Background(), u)
	var r *Refusal
	require.True(t, errors.As(err, &r), "got %v", err)
	assert.Equal(t, RuleIncludeAndExclude, r.Rule)
	assert.Equal(t, a.ID, r.OtherID)
	var ve *ValidationError
	assert.True(t, errors.As(err, &ve), "a refusal is a validation error: no write")
	assert.Empty(t, f.requests())

	u.After = GroupTarget(groupA)
	_, err = c.Preview(u)
	require.True(t, errors.As(err, &r), "got %v", err)
	assert.Equal(t, RuleDuplicate, r.Rule)

	u.Before, u.After = a, ExclusionGroupTarget(groupA)
	_, err = c.Preview(u)
	assert.NoError(t, err, "the assignment itself may change sides")
}
