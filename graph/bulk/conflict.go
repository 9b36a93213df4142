package bulk

import (
	"errors"
	"strings"
	"time"

	"enrollassign/graph"
)

// When the re-read before a write finds a configuration changed by someone
// else, its open items fail as conflicts and nothing is written over the
// change. The user then chooses, item by item: keep theirs (the item ends
// skipped, nothing written) or apply mine on top of theirs (the item is
// re-planned from the set the service holds and sent again, alone).

// Errors of the conflict choices.
var (
	ErrNoSuchItem  = errors.New("bulk: no such item in the run")
	ErrNotConflict = errors.New("bulk: the item did not fail on a conflict")
	ErrGone        = errors.New("bulk: the assignment no longer exists in the configuration, so there is nothing to apply yours on top of")
)

// Theirs is the assignment an item's conflict found in the service's set:
// the one with the item's ID, or, when the service renamed it, the one that
// still means the item's before. False when the item has no conflict or
// the assignment is gone.
func (it Item) Theirs() (graph.Assignment, bool) {
	f := it.Outcome.Error
	if it.Outcome.State != StateFailed || f == nil || !f.Conflict {
		return graph.Assignment{}, false
	}
	for _, a := range f.Theirs {
		if strings.EqualFold(a.ID, it.AssignmentID) {
			return a, true
		}
	}
	for _, a := range f.Theirs {
		if a.Target.SameAudience(it.Before) {
			return a, true
		}
	}
	return graph.Assignment{}, false
}

// conflicted finds a failed conflict item by key, where it can change it.
func (r *Run) conflicted(key string) (*Item, error) {
	var found *Item
	r.eachItem(func(_ *ConfigurationPlan, it *Item) {
		if it.Key == key {
			found = it
		}
	})
	switch {
	case found == nil:
		return nil, ErrNoSuchItem
	case found.Outcome.State != StateFailed || found.Outcome.Error == nil || !found.Outcome.Error.Conflict:
		return nil, ErrNotConflict
	}
	return found, nil
}

// KeepTheirs closes a conflicted item without writing anything: the change
// someone else made stands. The conflict stays on the item, as the reason.
func (r *Run) KeepTheirs(key string, now time.Time) error {
	it, err := r.conflicted(key)
	if err != nil {
		return err
	}
	it.Outcome.State, it.Outcome.At = StateSkipped, now
	return nil
}

// ApplyMineOnTop puts a conflicted item back to be sent, on top of the
// assignment as the user was shown it: the next re-read takes the
// configuration's set as the service holds it, keeps everything in it, and
// changes only this assignment (unless it moved again meanwhile: then it
// is a conflict again). Other conflicted items are left for their own choice.
func (r *Run) ApplyMineOnTop(key string) error {
	it, err := r.conflicted(key)
	if err != nil {
		return err
	}
	theirs, ok := it.Theirs()
	if !ok {
		return ErrGone
	}
	it.OnTopOf = &theirs
	it.Outcome = Outcome{State: StatePending}
	r.Status, r.StopReason, r.Finished = RunStopped, "", time.Time{}
	return nil
}

// rebase takes the set just read as a configuration's new starting point
// when the user chose to apply items on top of someone else's change. Those
// items are re-planned from it; every other open item of the configuration
// was not chosen for, and fails again as a conflict with the set as it is.
func (s *session) rebase(cp *ConfigurationPlan, live []graph.Assignment, readID string, now time.Time) {
	asked := false
	for _, j := range openItems(cp) {
		asked = asked || cp.Items[j].OnTopOf != nil
	}
	if !asked {
		return
	}
	have := audiencesOf(live)
	again := conflict(expectedSet(cp), have, readID, live)
	for j := range cp.Items {
		it := &cp.Items[j]
		switch it.Outcome.State {
		case StateSucceeded:
			it.Settled = true // the set just read holds it, or someone undid it: either way it is part of the new start
		case StatePending, StateSending:
			if it.OnTopOf == nil {
				s.fail(it, again, now)
				continue
			}
			s.replan(it, live, have, readID, now)
		}
	}
	cp.Loaded = live
}

// replan moves an item onto the assignment as the service has it now.
func (s *session) replan(it *Item, live []graph.Assignment, have audiences, readID string, now time.Time) {
	seen := *it.OnTopOf
	it.OnTopOf = nil
	a, ok := stillThere(live, seen)
	if !ok {
		s.fail(it, &Failure{Conflict: true, Code: "Conflict", RequestID: readID, Theirs: live,
			Message: "the assignment changed again since you chose to overwrite theirs with yours: nothing was written"}, now)
		return
	}
	after := retargeted(a.Target, it.After)
	it.AssignmentID, it.Before, it.After = a.ID, a.Target, after
	switch {
	case a.Target.SameAudience(after):
		// Theirs already is yours: nothing to write.
		it.Outcome = Outcome{State: StateSucceeded, Verified: true, RequestID: readID, At: now}
		it.Settled = true
	case have.has(after.Audience()):
		s.fail(it, &Failure{Conflict: true, Code: "Conflict", RequestID: readID, Theirs: live,
			Message: "the configuration now has another assignment to " + describeAudiences([]graph.Audience{after.Audience()}) +
				", so yours cannot be applied on top: nothing was written"}, now)
	}
}

// stillThere finds the assignment the user saw in the set: by ID, if it
// still means the same, else by what it means.
func stillThere(live []graph.Assignment, seen graph.Assignment) (graph.Assignment, bool) {
	for _, a := range live {
		if strings.EqualFold(a.ID, seen.ID) {
			return a, a.Target.SameAudience(seen.Target)
		}
	}
	for _, a := range live {
		if a.Target.SameAudience(seen.Target) {
			return a, true
		}
	}
	return graph.Assignment{}, false
}
