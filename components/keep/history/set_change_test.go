package history

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

func TestFromSetChangeRecordsEachItemWithItsRequest(t *testing.T) {
	a := graph.Assignment{ID: cfgID + "_" + groupA, Target: graph.GroupTarget(groupA)}
	ch := graph.SetChange{Configuration: cfg, Remove: []graph.Assignment{a},
		Add: []graph.Target{graph.GroupTarget(groupB), graph.ExclusionGroupTarget(groupC)}, Seen: []graph.Assignment{a}}
	refused := &graph.Error{Status: 400, Code: "BadRequest", RequestID: "rid-400"}
	r := graph.SetChangeResult{Items: []graph.SetItem{
		{Before: a.Target, AssignmentID: a.ID, Method: "DELETE", Done: true, Write: graph.WriteResult{Status: 204, RequestID: "rid-1"}},
		{After: graph.GroupTarget(groupB), AssignmentID: cfgID + "_" + groupB, Method: "POST", Done: true, Write: graph.WriteResult{Status: 201, RequestID: "rid-2"}},
		{After: graph.ExclusionGroupTarget(groupC), Method: "POST", Err: refused},
	}}
	got := FromSetChange(admin, SourceEdit, ch, r, refused, at)
	require.Len(t, got, 3)
	assert.Equal(t, [4]string{"DELETE", "rid-1", a.ID, ""}, [4]string{got[0].Write, got[0].RequestID, got[0].AssignmentID, got[0].AssignmentIDAfter})
	assert.True(t, got[0].After.IsZero(), "removed: after is none")
	assert.Equal(t, [3]string{"POST", "rid-2", cfgID + "_" + groupB}, [3]string{got[1].Write, got[1].RequestID, got[1].AssignmentIDAfter})
	assert.True(t, got[1].Before.IsZero(), "added: before is none")
	assert.Equal(t, Succeeded, got[1].Outcome)
	assert.Equal(t, Failed, got[2].Outcome)
	assert.Equal(t, "rid-400", got[2].RequestID)
	assert.True(t, got[0].Undoable() && got[1].Undoable())
	assert.False(t, got[2].Undoable())
	assert.Len(t, map[string]bool{got[0].ID: true, got[1].ID: true, got[2].ID: true}, 3, "one entry each")

	r.Items[2].Err = nil // never sent: an earlier write failed
	assert.Len(t, FromSetChange(admin, SourceEdit, ch, r, refused, at), 2)
	assert.Empty(t, FromSetChange(admin, SourceEdit, ch, graph.SetChangeResult{}, &graph.Refusal{Rule: graph.RuleDuplicate}, at),
		"a refusal before sending is no write")
}

func TestUndoOfAnAdditionIsARemovalAndTheReverse(t *testing.T) {
	added := entry("1", Succeeded)
	added.Before, added.AssignmentID, added.AssignmentIDAfter = graph.Target{}, "", cfgID+"_"+groupB
	removed := entry("2", Succeeded)
	removed.After = graph.Target{}
	b := graph.Assignment{ID: cfgID + "_" + groupB, Target: graph.GroupTarget(groupB)}
	c := graph.Assignment{ID: cfgID + "_" + groupC, Target: graph.GroupTarget(groupC)}

	ch, err := UndoSetChange(added, cfg, []graph.Assignment{c, b})
	require.NoError(t, err)
	assert.Equal(t, []graph.Assignment{b}, ch.Remove)
	assert.Empty(t, ch.Add)
	assert.Equal(t, []graph.Assignment{c, b}, ch.Seen)

	ch, err = UndoSetChange(removed, cfg, nil)
	require.NoError(t, err)
	require.Len(t, ch.Add, 1)
	assert.True(t, ch.Add[0].Equal(graph.GroupTarget(groupA)))
	assert.NotNil(t, ch.Seen, "an empty set is a set loaded")

	var conflict *graph.ConflictError
	_, err = UndoSetChange(added, cfg, []graph.Assignment{c})
	assert.True(t, errors.As(err, &conflict), "the addition is gone: %v", err)
	_, err = UndoSetChange(removed, cfg, []graph.Assignment{{ID: "x", Target: graph.GroupTarget(groupA)}})
	assert.True(t, errors.As(err, &conflict), "the removed target is back: %v", err)

	_, err = UndoSetChange(entry("3", Succeeded), cfg, nil)
	assert.ErrorIs(t, err, ErrNotUndoable, "a retarget is UndoUpdate's")
	_, err = UndoUpdate(added, cfg, []graph.Assignment{b})
	assert.ErrorIs(t, err, ErrNotUndoable, "an addition is UndoSetChange's")
	restored := added
	restored.Source = SourceRestore
	assert.False(t, restored.Undoable(), "a restore's additions are undone by a restore")
}
