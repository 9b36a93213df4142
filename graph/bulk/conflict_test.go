package bulk

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// conflictedRun runs include→exclude over groups 1 and 2 of three
// configurations after change has altered cfg-001 behind the run's back:
// cfg-001's two items end as conflicts.
func conflictedRun(t *testing.T, change func(svc *fakeService)) (*fakeService, *Engine, *Run) {
	t.Helper()
	svc := newFakeService(t, tenant(3, 2))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(2), ToggleInclusion())
	require.NoError(t, err)
	change(svc)
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	e := &Engine{Graph: svc, Clock: svc.clock, Store: newMemStore(), Key: "k"}
	require.NoError(t, e.Run(context.Background(), run))
	require.Equal(t, 2, run.Counts().Conflicts)
	return svc, e, run
}

// addGroup7 adds an include of group 7 to cfg-001.
func addGroup7(svc *fakeService) {
	svc.edit("cfg-001", func(set []graph.Assignment) []graph.Assignment {
		return append(set, graph.Assignment{Target: graph.GroupTarget(groupID(7))})
	})
}

// setInPlace changes cfg-001's assignment of group 1 to target, keeping its
// ID, as a PATCH by someone else would on a service that keeps IDs.
func setInPlace(svc *fakeService, target graph.Target) {
	svc.mu.Lock()
	defer svc.mu.Unlock()
	c := svc.config("cfg-001")
	for i, a := range c.Assignments {
		if a.ID == "cfg-001_"+groupID(1) {
			c.Assignments[i] = a.WithTarget(target)
		}
	}
}

func key(cfg string, group int) string { return cfg + "/" + cfg + "_" + groupID(group) }

func item(t *testing.T, run *Run, k string) Item {
	t.Helper()
	it, ok := run.Item(k)
	require.True(t, ok, k)
	return it
}

func setOf(svc *fakeService, id string) audiences {
	for _, c := range svc.loaded() {
		if c.ID == id {
			return targetsOf(c)
		}
	}
	return nil
}

func TestAConflictKeepsTheSetTheReReadFound(t *testing.T) {
	_, _, run := conflictedRun(t, addGroup7)
	it := item(t, run, key("cfg-001", 1))
	require.NotNil(t, it.Outcome.Error)
	assert.Len(t, it.Outcome.Error.Theirs, 3, "their whole set, to show")
	theirs, ok := it.Theirs()
	require.True(t, ok)
	assert.Equal(t, it.AssignmentID, theirs.ID)
	assert.True(t, theirs.Target.Equal(it.Before), "this assignment itself is as it was")

	_, ok = item(t, run, key("cfg-000", 1)).Theirs()
	assert.False(t, ok, "a succeeded item has no theirs")
}

func TestKeepTheirsEndsTheItemSkippedAndWritesNothing(t *testing.T) {
	svc, e, run := conflictedRun(t, addGroup7)
	before := setOf(svc, "cfg-001")

	require.NoError(t, run.KeepTheirs(key("cfg-001", 1), svc.clock.Now()))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateSkipped, it.Outcome.State)
	assert.True(t, it.Outcome.Error.Conflict, "the conflict stays, as the reason")
	assert.Equal(t, Counts{Changes: 6, Succeeded: 4, Failed: 1, Conflicts: 1, Skipped: 1}, run.Counts())
	assert.False(t, run.Unfinished())

	require.NoError(t, e.Run(context.Background(), run))
	assert.Zero(t, svc.appliedWrites()["cfg-001"])
	assert.Equal(t, before, setOf(svc, "cfg-001"), "theirs stands")

	assert.ErrorIs(t, run.KeepTheirs(key("cfg-001", 1), svc.clock.Now()), ErrNotConflict, "closed already")
	assert.ErrorIs(t, run.KeepTheirs(key("cfg-000", 1), svc.clock.Now()), ErrNotConflict)
	assert.ErrorIs(t, run.KeepTheirs("nope", svc.clock.Now()), ErrNoSuchItem)
}

// Mine is applied on top of theirs, one item at a time: their added
// assignment is kept, the item chosen is written alone, the other waits for
// its own choice, and the second choice builds on the first.
func TestApplyMineOnTopKeepsTheirsAndSendsTheItemAlone(t *testing.T) {
	svc, e, run := conflictedRun(t, addGroup7)
	writesBefore := run.Writes

	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	assert.Equal(t, StatePending, item(t, run, key("cfg-001", 1)).Outcome.State)
	require.NoError(t, e.Run(context.Background(), run))
	assert.Equal(t, writesBefore+1, run.Writes, "the item alone")
	assert.Equal(t, audiences{
		graph.ExclusionGroupTarget(groupID(1)).Audience(): 1,
		graph.GroupTarget(groupID(2)).Audience():          1,
		graph.GroupTarget(groupID(7)).Audience():          1,
	}, setOf(svc, "cfg-001"), "theirs kept, mine on top, the other item untouched")
	first := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateSucceeded, first.Outcome.State)
	assert.Equal(t, WritePatch, first.Outcome.Write)
	assert.Equal(t, StateFailed, item(t, run, key("cfg-001", 2)).Outcome.State, "not chosen for: still a conflict")

	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 2)))
	require.NoError(t, e.Run(context.Background(), run))
	assert.Equal(t, StateSucceeded, item(t, run, key("cfg-001", 2)).Outcome.State, "the first choice is not taken for someone else's change")
	assert.Equal(t, audiences{
		graph.ExclusionGroupTarget(groupID(1)).Audience(): 1,
		graph.ExclusionGroupTarget(groupID(2)).Audience(): 1,
		graph.GroupTarget(groupID(7)).Audience():          1,
	}, setOf(svc, "cfg-001"))
	assert.Equal(t, 2, svc.appliedWrites()["cfg-001"])
	assert.Equal(t, RunFinished, run.Status)
}

// They retargeted the very assignment: mine replaces theirs on it, as the
// user chose after seeing it.
func TestApplyMineOnTopOfTheSameAssignmentChanged(t *testing.T) {
	svc, e, run := conflictedRun(t, func(svc *fakeService) { setInPlace(svc, graph.GroupTarget(groupID(8))) })
	theirs, ok := item(t, run, key("cfg-001", 1)).Theirs()
	require.True(t, ok)
	assert.Equal(t, groupID(8), theirs.Target.GroupID)

	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	require.NoError(t, e.Run(context.Background(), run))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateSucceeded, it.Outcome.State)
	assert.Equal(t, groupID(8), it.Before.GroupID, "before is now theirs")
	assert.True(t, setOf(svc, "cfg-001").has(graph.ExclusionGroupTarget(groupID(1)).Audience()))
	assert.False(t, setOf(svc, "cfg-001").has(graph.GroupTarget(groupID(8)).Audience()))
}

func TestApplyMineOnTopIsAConflictAgainWhenTheAssignmentMovedAgain(t *testing.T) {
	svc, e, run := conflictedRun(t, func(svc *fakeService) { setInPlace(svc, graph.GroupTarget(groupID(8))) })
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	setInPlace(svc, graph.GroupTarget(groupID(9))) // changed again after the user saw group 8
	writes := svc.appliedWrites()["cfg-001"]

	require.NoError(t, e.Run(context.Background(), run))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateFailed, it.Outcome.State)
	assert.Contains(t, it.Outcome.Error.Message, "changed again")
	theirs, ok := it.Theirs()
	require.True(t, ok)
	assert.Equal(t, groupID(9), theirs.Target.GroupID, "the new theirs, to choose again against")
	assert.Equal(t, writes, svc.appliedWrites()["cfg-001"], "nothing written")
}

// The service renamed the assignment without changing whom it targets:
// it is still the one the user saw.
func TestApplyMineOnTopFollowsARenamedAssignment(t *testing.T) {
	svc, e, run := conflictedRun(t, addGroup7)
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	svc.mu.Lock()
	c := svc.config("cfg-001")
	for i, a := range c.Assignments {
		if a.ID == "cfg-001_"+groupID(1) {
			c.Assignments[i].ID = "cfg-001_renamed"
		}
	}
	svc.mu.Unlock()
	require.NoError(t, e.Run(context.Background(), run))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateSucceeded, it.Outcome.State)
	assert.Equal(t, "cfg-001_renamed", it.AssignmentID, "written under the name the service gives it now")
	assert.True(t, setOf(svc, "cfg-001").has(graph.ExclusionGroupTarget(groupID(1)).Audience()))
}

func TestApplyMineOnTopWhenTheirsIsAlreadyMine(t *testing.T) {
	// They made this very change, and added an assignment besides.
	svc, e, run := conflictedRun(t, func(svc *fakeService) {
		setInPlace(svc, graph.ExclusionGroupTarget(groupID(1)))
		addGroup7(svc)
	})
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	require.NoError(t, e.Run(context.Background(), run))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateSucceeded, it.Outcome.State)
	assert.True(t, it.Outcome.Verified, "shown by the re-read, not written")
	assert.Zero(t, svc.appliedWrites()["cfg-001"])
}

func TestApplyMineOnTopRefusesWhatCannotBeApplied(t *testing.T) {
	// The service renamed the assignment with its new target: the one the
	// item was about is gone.
	_, _, run := conflictedRun(t, func(svc *fakeService) {
		svc.edit("cfg-001", func(set []graph.Assignment) []graph.Assignment {
			set[0] = set[0].WithTarget(graph.GroupTarget(groupID(8)))
			return set
		})
	})
	assert.ErrorIs(t, run.ApplyMineOnTop(key("cfg-001", 1)), ErrGone)
	assert.ErrorIs(t, run.ApplyMineOnTop(key("cfg-000", 1)), ErrNotConflict)

	// Theirs now holds the very target mine would give.
	svc, e, run := conflictedRun(t, addGroup7)
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	svc.mu.Lock()
	c := svc.config("cfg-001")
	c.Assignments = append(c.Assignments, graph.Assignment{ID: "cfg-001_excluded-1", Target: graph.ExclusionGroupTarget(groupID(1))})
	svc.mu.Unlock()
	require.NoError(t, e.Run(context.Background(), run))
	it := item(t, run, key("cfg-001", 1))
	assert.Equal(t, StateFailed, it.Outcome.State)
	assert.Contains(t, it.Outcome.Error.Message, "now has another assignment to")
	assert.Zero(t, svc.appliedWrites()["cfg-001"])
}

// An item put back with a plain retry was not chosen to go on top of
// theirs: when a sibling is rebased, it fails as a conflict again rather
// than being written over their change.
func TestOnlyTheItemsChosenAreAppliedOnTop(t *testing.T) {
	svc, e, run := conflictedRun(t, addGroup7)
	require.Equal(t, 1, run.Retry(key("cfg-001", 2)))
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	require.NoError(t, e.Run(context.Background(), run))
	assert.Equal(t, StateSucceeded, item(t, run, key("cfg-001", 1)).Outcome.State)
	again := item(t, run, key("cfg-001", 2))
	assert.Equal(t, StateFailed, again.Outcome.State)
	assert.True(t, again.Outcome.Error.Conflict)
	assert.Equal(t, 1, svc.appliedWrites()["cfg-001"])
	assert.True(t, setOf(svc, "cfg-001").has(graph.GroupTarget(groupID(2)).Audience()), "the retried one was not written")
}

func TestConflictChoicesSurviveStorage(t *testing.T) {
	svc, e, run := conflictedRun(t, addGroup7)
	require.NoError(t, run.KeepTheirs(key("cfg-001", 2), svc.clock.Now()))
	require.NoError(t, run.ApplyMineOnTop(key("cfg-001", 1)))
	store := newMemStore()
	require.NoError(t, SaveRun(store, "k", run))
	kept, _, err := LoadRun(store, "k")
	require.NoError(t, err)
	assert.Equal(t, StateSkipped, item(t, kept, key("cfg-001", 2)).Outcome.State)
	require.NotNil(t, item(t, kept, key("cfg-001", 1)).OnTopOf, "the choice is kept across a reload")

	require.NoError(t, e.Run(context.Background(), kept))
	assert.Equal(t, StateSucceeded, item(t, kept, key("cfg-001", 1)).Outcome.State)
	assert.Equal(t, Counts{Changes: 6, Succeeded: 5, Skipped: 1}, kept.Counts())
}
