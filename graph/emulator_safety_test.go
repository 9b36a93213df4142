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

// withGroup finds the assignment of a set that targets a group.
func withGroup(t *testing.T, set []graph.Assignment, groupID string) graph.Assignment {
	t.Helper()
	for _, a := range set {
		if a.Target.GroupID == groupID {
			return a
		}
	}
	t.Fatalf("no assignment targets group %s in %+v", groupID, set)
	return graph.Assignment{}
}

// The risk the emulator reproduces: on v1.0 the PATCH replaces the target
// whole, so a beta-only assignment filter the user never saw is dropped.
// The re-read through beta finds it, and the PATCH goes through beta with it.
func TestEmulatorPatchKeepsTheFilterV1Hides(t *testing.T) {
	salesTeam := emulator.DemoGroupID(emulator.GroupSalesTeam)
	finance := emulator.DemoGroupID(emulator.GroupFinanceTeam)
	ctx := context.Background()

	t.Run("a bare v1.0 PATCH drops it (the risk is real)", func(t *testing.T) {
		e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
		require.Contains(t, filtersOf(t, configurationByID(t, tenant(t, e), emulator.ConfigSalesLimit)), salesTeam)
		set, err := c.ListAssignments(ctx, emulator.ConfigSalesLimit)
		require.NoError(t, err)
		a := withGroup(t, set, salesTeam)
		_, err = c.PatchAssignment(ctx, emulator.ConfigSalesLimit, a.WithTarget(graph.GroupTarget(finance)))
		require.NoError(t, err)
		assert.NotContains(t, filtersOf(t, configurationByID(t, tenant(t, e), emulator.ConfigSalesLimit)), finance)
	})

	t.Run("UpdateAssignment keeps it", func(t *testing.T) {
		e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
		want := filtersOf(t, configurationByID(t, tenant(t, e), emulator.ConfigSalesLimit))[salesTeam]
		cfg, err := c.GetConfiguration(ctx, emulator.ConfigSalesLimit)
		require.NoError(t, err)
		set, err := c.ListAssignments(ctx, cfg.ID)
		require.NoError(t, err)
		a := withGroup(t, set, salesTeam)
		assert.Empty(t, a.Target.ExtraNames(), "v1.0 does not show the filter")

		res, err := c.UpdateAssignment(ctx, graph.Update{Configuration: cfg, Before: a, After: graph.GroupTarget(finance), Siblings: set})
		require.NoError(t, err)
		assert.Equal(t, graph.StrategyPatch, res.Strategy)
		assert.Equal(t, graph.Beta, res.APIVersion, "patched through beta, where the filter can be written")
		assert.Equal(t, want, filtersOf(t, configurationByID(t, tenant(t, e), cfg.ID))[finance], "the filter moved with the target")

		var patches []string
		for _, r := range e.Requests() {
			if r.Method == http.MethodPatch {
				patches = append(patches, r.Path)
			}
		}
		require.Len(t, patches, 1)
		assert.True(t, strings.HasPrefix(patches[0], "/beta/"), patches[0])
	})

	t.Run("an unfiltered target is still patched through v1.0, as the seed shows", func(t *testing.T) {
		e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
		cfg, err := c.GetConfiguration(ctx, emulator.ConfigSalesLimit)
		require.NoError(t, err)
		set, err := c.ListAssignments(ctx, cfg.ID)
		require.NoError(t, err)
		a := withGroup(t, set, emulator.DemoGroupID(emulator.GroupSalesLaptops))
		res, err := c.UpdateAssignment(ctx, graph.Update{Configuration: cfg, Before: a, After: graph.ExclusionGroupTarget(finance), Siblings: set})
		require.NoError(t, err)
		assert.Equal(t, graph.V1, res.APIVersion)
		assert.Equal(t, 1, count(e, http.MethodPatch))
	})
}

// A change made behind the client's back to the assignment being edited is
// found by the re-read before the PATCH, and nothing is written over it.
func TestEmulatorPatchConflictLeavesTheTenantAlone(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	cfg, err := c.GetConfiguration(ctx, emulator.ConfigSalesLimit)
	require.NoError(t, err)
	set, err := c.ListAssignments(ctx, cfg.ID)
	require.NoError(t, err)
	laptops := withGroup(t, set, emulator.DemoGroupID(emulator.GroupSalesLaptops))

	theirs := emulator.DemoGroupID(emulator.GroupExecutives)
	changed := tenant(t, e)
	for i := range changed {
		for j, a := range changed[i].Assignments {
			if a.ID == laptops.ID {
				changed[i].Assignments[j] = a.WithTarget(graph.GroupTarget(theirs))
			}
		}
	}
	require.NoError(t, e.ReplaceConfigurationsFrom(changed))

	_, err = c.UpdateAssignment(ctx, graph.Update{Configuration: cfg, Before: laptops, Siblings: set,
		After: graph.ExclusionGroupTarget(emulator.DemoGroupID(emulator.GroupPilotUsers))})
	var conflict *graph.ConflictError
	require.True(t, errors.As(err, &conflict), "got %v", err)
	require.Len(t, conflict.Actual, 1)
	assert.Equal(t, theirs, conflict.Actual[0].Target.GroupID, "theirs is reported")
	assert.Zero(t, count(e, http.MethodPatch), "nothing written")
	assert.Equal(t, theirs, withGroup(t, configurationByID(t, tenant(t, e), cfg.ID).Assignments, theirs).Target.GroupID)
}

func TestEmulatorReplaceAssignments(t *testing.T) {
	e, c := against(t, emulator.ModeAsReported, emulator.AdminUPN)
	ctx := context.Background()
	seen, err := c.Beta().ListAssignments(ctx, emulator.ConfigPilotESP)
	require.NoError(t, err)
	next := append(seen[:len(seen):len(seen)], graph.Assignment{Target: graph.CollectionTarget("SMS00099")})
	_, err = c.ReplaceAssignments(ctx, emulator.ConfigPilotESP, seen, next)
	require.NoError(t, err)
	stored := configurationByID(t, tenant(t, e), emulator.ConfigPilotESP)
	assert.Len(t, stored.Assignments, len(seen)+1)
	assert.Equal(t, filtersOf(t, graph.Configuration{Assignments: seen}), filtersOf(t, stored), "filters written as given")

	_, err = c.ReplaceAssignments(ctx, emulator.ConfigPilotESP, seen, seen)
	var conflict *graph.ConflictError
	require.True(t, errors.As(err, &conflict), "the set changed since seen: got %v", err)
	assert.Len(t, configurationByID(t, tenant(t, e), emulator.ConfigPilotESP).Assignments, len(seen)+1)
}
