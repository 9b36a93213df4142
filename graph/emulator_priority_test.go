//go:build !js

package graph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// A reorder against the emulator ends in the order asked, with the calls
// previewed, in both write modes (setPriority is not an assignment write).
func TestEmulatorReorderEndsInTheOrderPreviewed(t *testing.T) {
	for _, mode := range []emulator.WriteMode{emulator.ModeDocumented, emulator.ModeAsReported} {
		t.Run(string(mode), func(t *testing.T) {
			e, c := against(t, mode, emulator.AdminUPN)
			loaded := tenant(t, e)
			movable, _ := graph.OrderOf(loaded, graph.ConfigurationEnrollmentCompletionPage)
			order := graph.IDs(movable)
			order[0], order[len(order)-1] = order[len(order)-1], order[0] // first and last swapped
			r := graph.Reorder{Kind: graph.ConfigurationEnrollmentCompletionPage, Loaded: loaded, Order: order}
			previews, err := c.PreviewReorder(r)
			require.NoError(t, err)
			res, err := c.ApplyReorder(context.Background(), r)
			require.NoError(t, err)
			require.Len(t, res.Sent, len(previews))
			for i, p := range previews {
				assert.Equal(t, p.Request.URL(), e.GraphURL()+"/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+res.Sent[i].Configuration.ID+"/setPriority")
			}
			after, _ := graph.OrderOf(tenant(t, e), graph.ConfigurationEnrollmentCompletionPage)
			assert.Equal(t, order, graph.IDs(after), "the emulator's order is the one previewed")
			for i, cfg := range after {
				assert.Equal(t, int32(i+1), cfg.Priority)
			}
			for _, k := range []graph.ConfigurationKind{graph.ConfigurationLimit, graph.ConfigurationPlatformRestrictions, graph.ConfigurationWindowsHelloForBusiness} {
				was, _ := graph.OrderOf(loaded, k)
				now, _ := graph.OrderOf(tenant(t, e), k)
				assert.Equal(t, was, now, "%s untouched", k)
			}
		})
	}
}

func TestEmulatorReorderRefusesAnOrderChangedMeanwhile(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	loaded := tenant(t, e)
	require.NoError(t, c.SetPriority(context.Background(), emulator.ConfigSalesLimit, 1), "someone else moves one")
	movable, _ := graph.OrderOf(loaded, graph.ConfigurationLimit)
	order := graph.IDs(movable)
	order[0], order[1] = order[1], order[0]
	_, err := c.ApplyReorder(context.Background(), graph.Reorder{Kind: graph.ConfigurationLimit, Loaded: loaded, Order: order})
	var pe *graph.PriorityConflictError
	require.True(t, errors.As(err, &pe), "got %v", err)
	assert.Equal(t, emulator.ConfigSalesLimit, pe.Live[0].ID)
}

// Without DeviceManagementConfiguration.Read.All the filters cannot be
// read: the emulator says so as Intune does, and the client recognises it.
func TestEmulatorRefusesFiltersWithoutTheirPermission(t *testing.T) {
	e, _ := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	require.NoError(t, e.SetConsent(emulator.DemoClientID, graph.FilterReadPermission, emulator.ConsentNone))
	token, err := e.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	require.NoError(t, err)
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: e.HTTPClient()})
	require.NoError(t, err)
	_, err = c.ListAssignmentFilters(context.Background())
	require.Error(t, err)
	assert.True(t, graph.FilterReadRefused(err), "got %v", err)
}

// A filter set through the client's update reaches the emulator through
// beta, is refused before any request where the kind takes none, and by
// the emulator where its platform does not fit.
func TestEmulatorFilterSetChangedAndRemoved(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	b := c.Beta()
	cfg := configurationByID(t, tenant(t, e), emulator.ConfigBlockPersonal)
	finance := emulator.DemoGroupID(emulator.GroupFinanceTeam)
	set, err := b.ListAssignments(context.Background(), cfg.ID)
	require.NoError(t, err)
	before := assignmentTo(t, set, finance)
	update := func(t *testing.T, after graph.Target) (graph.UpdateResult, error) {
		live, err := b.ListAssignments(context.Background(), cfg.ID)
		require.NoError(t, err)
		return b.UpdateAssignment(context.Background(), graph.Update{Configuration: cfg, Before: assignmentTo(t, live, finance),
			After: after, Siblings: live})
	}
	_, err = update(t, before.Target.WithFilter(emulator.FilterCorporateIPads, graph.FilterInclude))
	require.NoError(t, err)
	assertFilter(t, e, cfg.ID, finance, emulator.FilterCorporateIPads, "include")
	_, err = update(t, before.Target.WithFilter(emulator.FilterWindowsCorporate, graph.FilterExclude))
	require.NoError(t, err)
	assertFilter(t, e, cfg.ID, finance, emulator.FilterWindowsCorporate, "exclude")
	_, err = update(t, before.Target.WithFilter(emulator.FilterAndroidCorporate, graph.FilterInclude))
	var ge *graph.Error
	require.True(t, errors.As(err, &ge), "an Android filter is refused by the service: %v", err)
	assert.Equal(t, "AssignmentFilterPlatformMismatch", ge.Phrase)
	_, err = update(t, before.Target.WithFilter("", graph.FilterNone))
	require.NoError(t, err)
	assertFilter(t, e, cfg.ID, finance, "", "")
}

func assignmentTo(t *testing.T, set []graph.Assignment, groupID string) graph.Assignment {
	t.Helper()
	for _, a := range set {
		if a.Target.GroupID == groupID {
			return a
		}
	}
	t.Fatalf("no assignment to %s in %v", groupID, set)
	return graph.Assignment{}
}

func assertFilter(t *testing.T, e *emulator.Emulator, configID, groupID, id, typ string) {
	t.Helper()
	for _, c := range e.Configurations() {
		if c.ID != configID {
			continue
		}
		for _, a := range c.Assignments {
			if a.Target.GroupID == groupID {
				assert.Equal(t, []string{id, typ}, []string{a.Target.FilterID, a.Target.FilterType})
				return
			}
		}
	}
	t.Fatalf("no assignment of %s to %s", configID, groupID)
}
