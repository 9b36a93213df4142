package history

import (
	"errors"
	"strings"

	"enrollassign/graph"
)

// ErrNotUndoable refuses to undo an entry that changed nothing (it failed),
// an assignment a restore added or removed, or an entry of the other kind
// than the undo asked for (UndoUpdate takes back a retarget, UndoSetChange
// an addition or a removal).
var ErrNotUndoable = errors.New("history: only a successful change made by an edit can be undone this way")

// UndoUpdate is the write that puts an entry's "before" back: the update of
// the assignment that now shows the entry's "after", to the entry's "before".
// cfg is the configuration as read now and live its set as read now. When
// no assignment shows "after" any more (someone changed it since), the answer
// is a *graph.ConflictError with theirs in Actual, as for any other write;
// UpdateAssignment then re-reads again before writing.
func UndoUpdate(e Entry, cfg graph.Configuration, live []graph.Assignment) (graph.Update, error) {
	if !e.Undoable() || !e.Retargets() {
		return graph.Update{}, ErrNotUndoable
	}
	current, ok := showing(live, e)
	if !ok {
		return graph.Update{}, &graph.ConflictError{
			Configuration: e.ConfigurationID,
			Reason:        "no assignment has the target this change gave it any more",
			Expected:      []graph.Assignment{{ID: firstNonEmpty(e.AssignmentIDAfter, e.AssignmentID), Target: e.After}},
			Actual:        live,
		}
	}
	return graph.Update{Configuration: cfg, Before: current, After: e.Before, Siblings: live, Strategy: graph.StrategyAuto}, nil
}

// showing finds the assignment that shows the entry's "after": by the ID
// the write left it with, else by the ID it had, else by its target alone.
func showing(live []graph.Assignment, e Entry) (graph.Assignment, bool) {
	for _, id := range []string{e.AssignmentIDAfter, e.AssignmentID} {
		for _, a := range live {
			if id != "" && strings.EqualFold(a.ID, id) && a.Target.SameAudience(e.After) {
				return a, true
			}
		}
	}
	for _, a := range live {
		if a.Target.SameAudience(e.After) {
			return a, true
		}
	}
	return graph.Assignment{}, false
}

// UndoSetChange is the write that takes back an addition or a removal: the
// removal of the assignment that now shows the entry's "after", or the
// addition of its "before" again. cfg is the configuration as read now and
// live its set as read now, which the write then proves unchanged. When the
// assignment added is gone, or the target removed is there again (someone
// changed the set since), the answer is a *graph.ConflictError with theirs
// in Actual, as for any other write.
func UndoSetChange(e Entry, cfg graph.Configuration, live []graph.Assignment) (graph.SetChange, error) {
	if !e.Undoable() || e.Retargets() {
		return graph.SetChange{}, ErrNotUndoable
	}
	if live == nil {
		live = []graph.Assignment{}
	}
	ch := graph.SetChange{Configuration: cfg, Seen: live, Strategy: graph.StrategyAuto}
	if e.Before.IsZero() {
		current, ok := showing(live, e)
		if !ok {
			return graph.SetChange{}, &graph.ConflictError{Configuration: e.ConfigurationID,
				Reason:   "no assignment has the target this change added any more",
				Expected: []graph.Assignment{{ID: e.AssignmentIDAfter, Target: e.After}}, Actual: live}
		}
		ch.Remove = []graph.Assignment{current}
		return ch, nil
	}
	for _, a := range live {
		if a.Target.SameAudience(e.Before) {
			return graph.SetChange{}, &graph.ConflictError{Configuration: e.ConfigurationID,
				Reason: "the configuration has the target this change removed again", Actual: live}
		}
	}
	ch.Add = []graph.Target{e.Before}
	return ch, nil
}
