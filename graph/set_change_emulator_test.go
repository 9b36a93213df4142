//go:build !js

package graph_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// Adding and removing against the emulator in both write modes: the
// documented create and delete where they work, assign where the service
// refuses them; either way the tenant ends holding exactly the change.
func TestEmulatorSetChangeInBothWriteModes(t *testing.T) {
	pilot, contractors := emulator.DemoGroupID(emulator.GroupPilotUsers), emulator.DemoGroupID(emulator.GroupContractors)
	tests := []struct {
		mode         emulator.WriteMode
		wantStrategy graph.Strategy
		wantWrites   map[string]int
	}{
		{emulator.ModeDocumented, graph.StrategyPatch, map[string]int{"create": 2, "delete": 1}},
		// the create and the delete are each refused once, then assign writes
		{emulator.ModeAsReported, graph.StrategyAssign, map[string]int{"create": 1, "delete": 1, "assign": 2}},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			e, c := against(t, tt.mode, emulator.AdminUPN)
			ctx := context.Background()
			others := tenant(t, e)
			cfg := configurationByID(t, others, emulator.ConfigUnassignedLimit)
			require.Empty(t, cfg.Assignments, "a configuration with no assignment")

			add := graph.SetChange{Configuration: cfg, Add: []graph.Target{graph.GroupTarget(pilot), graph.ExclusionGroupTarget(contractors)},
				Seen: []graph.Assignment{}, Strategy: graph.StrategyAuto}
			res, err := c.ChangeAssignments(ctx, add)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStrategy, res.Strategy)
			assert.Len(t, res.After, 2)
			for _, it := range res.Items {
				assert.True(t, it.Done)
				assert.Equal(t, cfg.ID+"_"+it.After.GroupID, it.AssignmentID, "named as the service names it")
			}
			stored := configurationByID(t, tenant(t, e), cfg.ID)
			assert.Equal(t, []string{"exclusionGroupAssignmentTarget " + contractors, "groupAssignmentTarget " + pilot}, targetsOf(stored.Assignments, -1, graph.Target{}))

			remove := graph.SetChange{Configuration: cfg, Remove: []graph.Assignment{res.After[0]}, Seen: res.After, Strategy: graph.StrategyAuto}
			res, err = c.ChangeAssignments(ctx, remove)
			require.NoError(t, err)
			assert.Len(t, res.After, 1)
			stored = configurationByID(t, tenant(t, e), cfg.ID)
			assert.Equal(t, targetsOf(res.After, -1, graph.Target{}), targetsOf(stored.Assignments, -1, graph.Target{}))

			for _, other := range others {
				if other.ID != cfg.ID {
					assert.Equal(t, other.Assignments, configurationByID(t, tenant(t, e), other.ID).Assignments, "nothing else changed")
				}
			}
			assert.Equal(t, tt.wantWrites, writesOf(e))
		})
	}
}

// writesOf counts the writes the emulator received by kind.
func writesOf(e *emulator.Emulator) map[string]int {
	out := map[string]int{}
	for _, r := range e.Requests() {
		switch {
		case r.Method == http.MethodDelete:
			out["delete"]++
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/assign"):
			out["assign"]++
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/assignments"):
			out["create"]++
		}
	}
	return out
}

func TestEmulatorRefusesWhatTheClientRefusesFirst(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	cfg := configurationByID(t, tenant(t, e), emulator.ConfigSalesLimit)
	sales := emulator.DemoGroupID(emulator.GroupSalesLaptops)
	ch := graph.SetChange{Configuration: cfg, Add: []graph.Target{graph.ExclusionGroupTarget(sales)}, Seen: cfg.Assignments}
	_, err := c.ChangeAssignments(ctx, ch)
	var r *graph.Refusal
	require.True(t, errors.As(err, &r), "got %v", err)
	assert.Equal(t, graph.RuleIncludeAndExclude, r.Rule)
	assert.Empty(t, e.Requests(), "refused before sending")

	// Sent anyway, the service refuses it too: the two assignments would share one ID.
	_, err = c.CreateAssignment(ctx, cfg.ID, graph.Assignment{Target: graph.ExclusionGroupTarget(sales)})
	var ge *graph.Error
	require.True(t, errors.As(err, &ge), "got %v", err)
	assert.Equal(t, http.StatusBadRequest, ge.Status)
}

func TestEmulatorMemberCounts(t *testing.T) {
	_, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ids := []string{emulator.DemoGroupID(emulator.GroupPilotUsers), emulator.DemoGroupID(emulator.GroupInterns), emulator.DemoGroupID(emulator.GroupSalesLaptops)}
	counts, err := c.MemberCounts(context.Background(), ids)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{ids[0]: 18, ids[1]: 0, ids[2]: 42}, counts)

	groups, err := c.GetGroups(context.Background(), ids)
	require.NoError(t, err)
	assert.Equal(t, "Security", groups[ids[0]].Kind())
	assert.Equal(t, "Security, dynamic", groups[ids[2]].Kind())
}
