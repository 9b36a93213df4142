package bulk

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunSurvivesStorage(t *testing.T) {
	configs := tenant(2, 2)
	configs[0].Assignments[0].Target = withFilter(t, configs[0].Assignments[0].Target)
	plan, err := NewPlan(configs, allGroupsRule(2), ReplaceGroup(groupID(1), groupID(5)))
	require.NoError(t, err)
	run := NewRun("r-7", plan, StrategyPatch, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	run.Plan.Configurations[0].Items[0].Outcome = Outcome{State: StateFailed, Attempts: 2,
		Error: &Failure{Status: 403, Code: "Forbidden", Message: "no", RequestID: "req-9", Date: "2026-03-01T09:00:01"}}
	store := newMemStore()
	key := "run"
	require.NoError(t, SaveRun(store, key, run))

	got, found, err := LoadRun(store, key)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, run.ID, got.ID)
	assert.Equal(t, run.Strategy, got.Strategy)
	assert.Equal(t, run.Plan.Operation, got.Plan.Operation)
	require.Len(t, got.Plan.Items(), len(run.Plan.Items()))
	for i, it := range got.Plan.Items() {
		want := run.Plan.Items()[i]
		assert.Equal(t, want.Key, it.Key)
		assert.True(t, want.Before.Equal(it.Before) && want.After.Equal(it.After), it.Key)
		assert.Equal(t, want.Outcome, it.Outcome)
	}
	filter, ok := got.Plan.Items()[0].After.Extra("deviceAndAppManagementAssignmentFilterId")
	assert.True(t, ok, "what the app does not model survives storage")
	assert.JSONEq(t, `"f-1"`, string(filter))
	assert.Equal(t, run.Plan.Configurations[1].Loaded, got.Plan.Configurations[1].Loaded)
}

func TestLoadRunRefusesWhatItCannotTrust(t *testing.T) {
	store := newMemStore()
	_, found, err := LoadRun(store, "k")
	require.NoError(t, err)
	assert.False(t, found)

	for name, value := range map[string]string{
		"damaged":         `{"version":1,"plan":`,
		"another version": `{"version":2,"plan":{"configurations":[]}}`,
		"unknown state":   `{"version":1,"plan":{"configurations":[{"id":"c","items":[{"key":"c/a","configurationId":"c","outcome":{"state":"maybe"}}]}]}}`,
		"misplaced item":  `{"version":1,"plan":{"configurations":[{"id":"c","items":[{"key":"d/a","configurationId":"d","outcome":{"state":"pending"}}]}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, store.Set("k", value))
			run, found, err := LoadRun(store, "k")
			assert.True(t, found)
			assert.Error(t, err)
			assert.Nil(t, run)
		})
	}
}

// A page reloaded inside a Retry-After, or right after a window's worth of
// writes, keeps waiting: the pacing is part of the stored run.
func TestResumedRunKeepsTheWaitItWasGiven(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	until := svc.clock.Now().Add(7 * time.Second)
	run.Pacing.BlockedUntil = until
	store := newMemStore()
	require.NoError(t, SaveRun(store, "k", run))

	kept, _, err := LoadRun(store, "k")
	require.NoError(t, err)
	require.NoError(t, (&Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k"}).Run(context.Background(), kept))
	require.NotEmpty(t, svc.batchStarts)
	assert.False(t, svc.batchStarts[0].Before(until), "nothing sent before the stored Retry-After ended")
	requireApplied(t, svc, kept)
}

func TestRunRetryPutsFailedItemsBack(t *testing.T) {
	plan, err := NewPlan(tenant(1, 3), allGroupsRule(3), ToggleInclusion())
	require.NoError(t, err)
	run := NewRun("r", plan, "", time.Now())
	assert.Equal(t, StrategyFewest, run.Strategy)
	items := run.Plan.Configurations[0].Items
	items[0].Outcome = Outcome{State: StateSucceeded}
	items[1].Outcome = Outcome{State: StateFailed, Attempts: 3, Error: &Failure{Message: "x"}}
	items[2].Outcome = Outcome{State: StateFailed, Error: &Failure{Message: "y", Conflict: true}}
	run.Status = RunFinished
	assert.Equal(t, Counts{Changes: 3, Succeeded: 1, Failed: 2, Conflicts: 1}, run.Counts())
	assert.False(t, run.Unfinished())

	assert.Equal(t, 0, run.Retry("nope"))
	assert.Equal(t, 1, run.Retry(items[1].Key))
	assert.Equal(t, StatePending, run.Plan.Configurations[0].Items[1].Outcome.State)
	assert.Zero(t, run.Plan.Configurations[0].Items[1].Outcome.Attempts, "a retry starts its attempts afresh")
	assert.Equal(t, RunStopped, run.Status)
	assert.True(t, run.Unfinished())
	assert.Equal(t, 1, run.Retry(), "every failed item when none is named")
	assert.Equal(t, Counts{Changes: 3, Succeeded: 1, Pending: 2}, run.Counts())
}
