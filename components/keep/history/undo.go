package history

import (
	"errors"
	"strings"

	"enrollassign/graph"
)

// ErrNotUndoable refuses to undo an entry that changed nothing (it failed)
// or that added or removed an assignment rather than retargeting one.
var ErrNotUndoable = errors.New("history: only a successful change of an assignment's target can be undone")

// UndoUpdate is the write that puts an entry's "before" back: the update of
// the assignment that now shows the entry's "after", to the entry's "before".
// cfg is the configuration as read now and live its set as read now. When
// no assignment shows "after" any more (someone changed it since), the answer
// is a *graph.ConflictError with theirs in Actual, as for any other write;
// UpdateAssignment then re-reads again before writing.
func UndoUpdate(e Entry, cfg graph.Configuration, live []graph.Assignment) (graph.Update, error) {
	if !e.Undoable() {
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
