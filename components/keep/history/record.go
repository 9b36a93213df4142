package history

import (
	"errors"
	"strconv"
	"time"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// FromUpdate records one UpdateAssignment: what was asked, what the service
// answered. A refusal before any request (a validation error) is no write
// and gives ok false.
func FromUpdate(who Who, src Source, u graph.Update, r graph.UpdateResult, err error, at time.Time) (Entry, bool) {
	var ve *graph.ValidationError
	if errors.As(err, &ve) {
		return Entry{}, false
	}
	e := Entry{
		Time: at.UTC(), User: who.User, Tenant: who.Tenant, Source: src,
		ConfigurationID: u.Configuration.ID, ConfigurationName: u.Configuration.DisplayName,
		ConfigurationKind: u.Configuration.Kind, AssignmentID: u.Before.ID,
		Before: u.Before.Target, After: u.After,
		Write: r.Strategy.String(), APIVersion: r.APIVersion,
		Status: r.Write.Status, RequestID: r.Write.RequestID,
	}
	e.ID = string(src) + "|" + at.UTC().Format(time.RFC3339Nano) + "|" + u.Configuration.ID + "/" + u.Before.ID
	if err == nil {
		e.Outcome, e.AssignmentIDAfter = Succeeded, r.Assignment.ID
		if !r.Assignment.Target.IsZero() {
			e.After = r.Assignment.Target
		}
		return e, true
	}
	e.Outcome, e.Error = outcomeOf(err)
	var ge *graph.Error
	if errors.As(err, &ge) {
		e.Status, e.RequestID = ge.Status, firstNonEmpty(ge.RequestID, e.RequestID)
	}
	if r.Write.Status >= 200 && r.Write.Status < 300 {
		// The write went through; what failed was reading it back.
		e.Outcome = Succeeded
	}
	return e, true
}

// FromSetChange records a ChangeAssignments: one entry per assignment
// removed (after: none) or target added (before: none), each with the
// request that wrote it (an assign is shared). An item never sent is no
// write, and a refusal before any request gives none.
func FromSetChange(who Who, src Source, ch graph.SetChange, r graph.SetChangeResult, err error, at time.Time) []Entry {
	var ve *graph.ValidationError
	if errors.As(err, &ve) {
		return nil
	}
	var out []Entry
	for i, it := range r.Items {
		if !it.Done && it.Err == nil {
			continue
		}
		e := Entry{
			ID:   string(src) + "|" + at.UTC().Format(time.RFC3339Nano) + "|" + ch.Configuration.ID + "|" + strconv.Itoa(i),
			Time: at.UTC(), User: who.User, Tenant: who.Tenant, Source: src,
			ConfigurationID: ch.Configuration.ID, ConfigurationName: ch.Configuration.DisplayName, ConfigurationKind: ch.Configuration.Kind,
			Before: it.Before, After: it.After, Write: it.Method, APIVersion: it.APIVersion,
			Status: it.Write.Status, RequestID: it.Write.RequestID, Outcome: Succeeded,
		}
		if it.Adds() {
			e.AssignmentIDAfter = it.AssignmentID
		} else {
			e.AssignmentID = it.AssignmentID
		}
		if !it.Done {
			e.Outcome, e.Error = outcomeOf(it.Err)
			var ge *graph.Error
			if errors.As(it.Err, &ge) {
				e.Status, e.RequestID = ge.Status, firstNonEmpty(ge.RequestID, e.RequestID)
			}
		}
		out = append(out, e)
	}
	return out
}

// outcomeOf classifies a failed write.
func outcomeOf(err error) (Outcome, string) {
	var ce *graph.ConflictError
	var ge *graph.Error
	switch {
	case errors.As(err, &ce):
		return Conflict, ce.Reason + ": nothing was written"
	case errors.As(err, &ge):
		return Failed, ge.Error()
	}
	return Unknown, err.Error()
}

// FromRun records the items of a bulk run (or a restore's retargets) that
// have ended: succeeded with their request-id, failed with the error, or
// skipped when the user kept someone else's change over theirs. Items never
// sent (refused by the plan, still pending) are no write. Each ending is its
// own entry: an item that failed and, retried, succeeded has two.
func FromRun(who Who, src Source, run *bulk.Run) []Entry {
	var out []Entry
	for _, cp := range run.Plan.Configurations {
		for _, it := range cp.Items {
			o := it.Outcome
			if o.State != bulk.StateSucceeded && o.State != bulk.StateFailed && o.State != bulk.StateSkipped {
				continue
			}
			e := Entry{
				ID:   string(src) + "|" + run.ID + "|" + it.Key + "|" + strconv.FormatInt(o.At.UnixNano(), 10),
				Time: o.At.UTC(), User: who.User, Tenant: who.Tenant, Source: src,
				ConfigurationID: cp.ID, ConfigurationName: cp.DisplayName, ConfigurationKind: cp.Kind,
				AssignmentID: it.AssignmentID, Before: it.Before, After: it.After,
				Write: string(o.Write), APIVersion: graph.Beta, Status: o.Status, RequestID: o.RequestID,
				Outcome: Succeeded,
			}
			if o.State == bulk.StateSkipped {
				// Its own ID: closing a conflict is an ending of its own, whatever the clock says.
				e.ID += "|skipped"
				e.Outcome, e.Error = Skipped, "kept the change someone else made: nothing was written"
			}
			if o.State == bulk.StateFailed {
				e.Outcome = Failed
				if o.Error != nil {
					e.Error, e.Status = o.Error.Error(), firstNonZero(o.Error.Status, e.Status)
					e.RequestID = firstNonEmpty(o.Error.RequestID, e.RequestID)
					if o.Error.Conflict {
						e.Outcome = Conflict
					}
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// Replacement is one configuration's whole set written at once by a
// restore: what it held, what it was given, and how the write ended.
type Replacement struct {
	ConfigurationID   string
	ConfigurationName string
	ConfigurationKind graph.ConfigurationKind
	// Removed and Added are the targets that left and joined the set.
	Removed, Added []graph.Target
	Write          graph.WriteResult
	Err            error
	At             time.Time
}

// FromReplacement records a set replacement as one entry per target that
// left (after: none) or joined (before: none), sharing one request-id.
func FromReplacement(who Who, src Source, r Replacement) []Entry {
	base := Entry{
		Time: r.At.UTC(), User: who.User, Tenant: who.Tenant, Source: src,
		ConfigurationID: r.ConfigurationID, ConfigurationName: r.ConfigurationName, ConfigurationKind: r.ConfigurationKind,
		Write: "assign", APIVersion: graph.Beta, Status: r.Write.Status, RequestID: r.Write.RequestID, Outcome: Succeeded,
	}
	if r.Err != nil {
		base.Outcome, base.Error = outcomeOf(r.Err)
		var ge *graph.Error
		if errors.As(r.Err, &ge) {
			base.Status, base.RequestID = ge.Status, firstNonEmpty(ge.RequestID, base.RequestID)
		}
	}
	stamp := "|" + strconv.FormatInt(r.At.UnixNano(), 10)
	var out []Entry
	for i, t := range r.Removed {
		e := base
		e.ID, e.Before = string(src)+"|"+r.ConfigurationID+"|removed|"+strconv.Itoa(i)+stamp, t
		out = append(out, e)
	}
	for i, t := range r.Added {
		e := base
		e.ID, e.After = string(src)+"|"+r.ConfigurationID+"|added|"+strconv.Itoa(i)+stamp, t
		out = append(out, e)
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstNonZero(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
