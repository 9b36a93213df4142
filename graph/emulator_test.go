//go:build !js

package graph_test

// These tests run the client against the project's emulator, which plays
// Graph as strictly as the facts file describes (composite IDs, v1.0 schema
// checks, the "No method match route template" refusal in as-reported mode).
// The unit tests beside them pin the bytes; these prove the two agree.

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	"enrollassign/graph"
	"enrollassign/graph/emulator"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

// against starts an emulator and a client signed in as upn.
func against(t *testing.T, mode emulator.WriteMode, upn string) (*emulator.Emulator, *graph.Client) {
	t.Helper()
	e := emulator.StartTest(t, emulator.Options{Mode: mode, PageSize: 4})
	token, err := e.AccessToken(upn, emulator.DemoClientID)
	require.NoError(t, err)
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: e.HTTPClient()})
	require.NoError(t, err)
	return e, c
}

// tenant is the emulator's tenant read into the client's models through
// its JSON, as the client reads Graph: the two sides share no code.
func tenant(t *testing.T, e *emulator.Emulator) []graph.Configuration {
	t.Helper()
	var all []graph.Configuration
	require.NoError(t, e.DecodeConfigurations(&all))
	return all
}

func configurationByID(t *testing.T, all []graph.Configuration, id string) graph.Configuration {
	t.Helper()
	for _, c := range all {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("configuration %s not found", id)
	return graph.Configuration{}
}

func TestEmulatorListsEveryConfigurationAcrossPages(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	got, err := c.ListConfigurations(context.Background(), graph.ListOptions{ExpandAssignments: true})
	require.NoError(t, err)

	want := tenant(t, e)
	require.Len(t, got, len(want))
	for _, w := range want {
		g := configurationByID(t, got, w.ID)
		assert.Equal(t, w.Kind, g.Kind, w.ID)
		assert.Len(t, g.Assignments, len(w.Assignments), w.ID)
	}
	pages := 0
	for _, r := range e.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/deviceEnrollmentConfigurations") {
			pages++
		}
	}
	assert.Equal(t, (len(want)+3)/4, pages, "one request per page of 4")
}

func TestEmulatorUpdateInBothWriteModes(t *testing.T) {
	finance := emulator.DemoGroupID(emulator.GroupFinanceTeam)
	tests := []struct {
		mode         emulator.WriteMode
		wantStrategy graph.Strategy
		wantFellBack bool
		wantPatches  int
	}{
		{emulator.ModeDocumented, graph.StrategyPatch, false, 2},
		{emulator.ModeAsReported, graph.StrategyAssign, true, 1}, // refused once, then remembered
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			e, c := against(t, tt.mode, emulator.AdminUPN)
			ctx := context.Background()
			all, err := c.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
			require.NoError(t, err)
			cfg := configurationByID(t, all, emulator.ConfigTenDevices)
			require.NotEmpty(t, cfg.Assignments)

			u := graph.Update{Configuration: cfg, Before: cfg.Assignments[0], After: graph.GroupTarget(finance), Siblings: cfg.Assignments}
			res, err := c.UpdateAssignment(ctx, u)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStrategy, res.Strategy)
			assert.Equal(t, tt.wantFellBack, res.FellBack)
			assert.Equal(t, finance, res.Assignment.Target.GroupID)
			assert.NotEmpty(t, res.Write.RequestID, "request-id is readable for support")

			// Second change, from what the service now holds.
			now, err := c.ListAssignments(ctx, cfg.ID)
			require.NoError(t, err)
			u = graph.Update{Configuration: cfg, Before: res.Assignment, After: graph.ExclusionGroupTarget(finance), Siblings: now}
			res, err = c.UpdateAssignment(ctx, u)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStrategy, res.Strategy)

			stored := configurationByID(t, tenant(t, e), cfg.ID)
			assert.Equal(t, targetsOf(now, 0, graph.ExclusionGroupTarget(finance)), targetsOf(stored.Assignments, -1, graph.Target{}))
			assert.Equal(t, tt.wantPatches, count(e, http.MethodPatch))
		})
	}
}

// targetsOf lists a set's targets as "kind group", sorted, with item i
// replaced by t when i ≥ 0.
func targetsOf(set []graph.Assignment, i int, t graph.Target) []string {
	var out []string
	for j, a := range set {
		if j == i {
			a.Target = t
		}
		out = append(out, string(a.Target.Kind)+" "+a.Target.GroupID+a.Target.CollectionID)
	}
	sort.Strings(out)
	return out
}

func count(e *emulator.Emulator, method string) int {
	n := 0
	for _, r := range e.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

func TestEmulatorConflictLeavesTheTenantAlone(t *testing.T) {
	e, c := against(t, emulator.ModeAsReported, emulator.AdminUPN)
	ctx := context.Background()
	all, err := c.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
	require.NoError(t, err)
	cfg := configurationByID(t, all, emulator.ConfigPilotESP)
	require.GreaterOrEqual(t, len(cfg.Assignments), 2)

	// Someone else removes a sibling after the user loaded the set.
	changed := tenant(t, e)
	for i := range changed {
		if changed[i].ID == cfg.ID {
			changed[i].Assignments = changed[i].Assignments[:len(changed[i].Assignments)-1]
		}
	}
	require.NoError(t, e.ReplaceConfigurationsFrom(changed))
	before := configurationByID(t, tenant(t, e), cfg.ID)

	u := graph.Update{Configuration: cfg, Before: cfg.Assignments[0], Siblings: cfg.Assignments, Strategy: graph.StrategyAssign,
		After: graph.GroupTarget(emulator.DemoGroupID(emulator.GroupExecutives))}
	_, err = c.UpdateAssignment(ctx, u)
	var conflict *graph.ConflictError
	require.True(t, errors.As(err, &conflict), "got %v", err)
	assert.Equal(t, before.Assignments, configurationByID(t, tenant(t, e), cfg.ID).Assignments)
	assert.Zero(t, count(e, http.MethodPost))
}

func TestEmulatorRefusalsAreExplained(t *testing.T) {
	ctx := context.Background()

	_, reader := against(t, emulator.ModeDocumented, emulator.ReaderUPN)
	cfg, err := reader.GetConfiguration(ctx, emulator.ConfigTenDevices)
	require.NoError(t, err, "a reader may read")
	_, err = reader.Assign(ctx, cfg.ID, nil)
	var ge *graph.Error
	require.True(t, errors.As(err, &ge), "got %v", err)
	assert.Equal(t, http.StatusForbidden, ge.Status)
	assert.Contains(t, ge.Hint(), "DeviceManagementServiceConfig.ReadWrite.All")
	assert.NotEmpty(t, ge.RequestID)

	e, admin := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	_, err = admin.GetConfiguration(ctx, emulator.ConfigTenDevices+"x")
	require.True(t, errors.As(err, &ge), "got %v", err)
	assert.Equal(t, http.StatusNotFound, ge.Status)

	before := len(e.Requests())
	_, err = admin.Assign(ctx, emulator.ConfigDefaultLimit, nil)
	var ve *graph.ValidationError
	require.True(t, errors.As(err, &ve), "default configurations are refused before any request")
	assert.Len(t, e.Requests(), before)
}

func TestEmulatorGroups(t *testing.T) {
	_, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	found, err := c.SearchGroups(ctx, "Sales", 10)
	require.NoError(t, err)
	var names []string
	for _, g := range found {
		names = append(names, g.DisplayName)
	}
	assert.Contains(t, names, emulator.GroupSalesLaptops)

	ids := []string{emulator.DemoGroupID(emulator.GroupPilotUsers), emulator.DemoGroupID(emulator.GroupFinanceTeam), "00000000-0000-4000-8000-000000000000"}
	byID, err := c.GetGroups(ctx, ids)
	require.NoError(t, err)
	assert.Equal(t, emulator.GroupPilotUsers, byID[ids[0]].DisplayName)
	assert.Equal(t, emulator.GroupFinanceTeam, byID[ids[1]].DisplayName)
	assert.NotContains(t, byID, ids[2], "an unknown group is left out")
}

// TestEmulatorAssignKeepsSiblingsFilters: replacing the whole set must not
// drop the beta-only assignment filter of an assignment the user never touched.
func TestEmulatorAssignKeepsSiblingsFilters(t *testing.T) {
	e, c := against(t, emulator.ModeAsReported, emulator.AdminUPN)
	ctx := context.Background()
	filtersBefore := filtersOf(t, configurationByID(t, tenant(t, e), emulator.ConfigPilotESP))
	require.Len(t, filtersBefore, 1, "the seeded Pilot ESP has one filtered assignment")

	cfg, err := c.GetConfiguration(ctx, emulator.ConfigPilotESP)
	require.NoError(t, err)
	set, err := c.ListAssignments(ctx, cfg.ID)
	require.NoError(t, err)
	for _, a := range set {
		assert.Empty(t, a.Target.ExtraNames(), "v1.0 does not show the filter")
	}
	var allDevices graph.Assignment
	for _, a := range set {
		if a.Target.Kind == graph.TargetAllDevices {
			allDevices = a
		}
	}
	u := graph.Update{Configuration: cfg, Before: allDevices, After: graph.AllLicensedUsersTarget(), Siblings: set}
	res, err := c.UpdateAssignment(ctx, u)
	require.NoError(t, err)
	require.Equal(t, graph.StrategyAssign, res.Strategy)

	assert.Equal(t, filtersBefore, filtersOf(t, configurationByID(t, tenant(t, e), cfg.ID)), "the excluded group's filter survives")
}

// filtersOf maps each filtered assignment's group to its filter ID and type.
func filtersOf(t *testing.T, cfg graph.Configuration) map[string]string {
	out := map[string]string{}
	for _, a := range cfg.Assignments {
		id, ok := a.Target.Extra("deviceAndAppManagementAssignmentFilterId")
		if !ok || string(id) == "null" {
			continue
		}
		kind, _ := a.Target.Extra("deviceAndAppManagementAssignmentFilterType")
		out[a.Target.GroupID] = string(id) + " " + string(kind)
	}
	return out
}
