package bulk

import (
	"time"

	"enrollassign/graph"
)

// State is where one item of a run is.
type State string

// The item states. An item ends succeeded, failed or refused, never silently
// skipped; pending and sending are on the way there.
const (
	StatePending State = "pending"
	// StateSending marks an item whose write was sent and whose answer has
	// not been read. A run found in this state after a reload does not know
	// whether the write happened: it re-reads before deciding.
	StateSending   State = "sending"
	StateSucceeded State = "succeeded"
	StateFailed    State = "failed"
	StateRefused   State = "refused"
	// StateSkipped ends an item whose configuration someone else changed
	// (a conflict) when the user chose to keep their change: nothing was
	// written for it.
	StateSkipped State = "skipped"
)

// Write names the request that carried a change.
type Write string

// The two writes.
const (
	WritePatch  Write = "PATCH"
	WriteAssign Write = "assign"
)

// Outcome is how an item ended, or how far it got. It keeps what Microsoft
// support asks for (request-id, date) and what a history needs.
type Outcome struct {
	State State `json:"state"`
	// Write is the request that carried the change.
	Write Write `json:"write,omitempty"`
	// Status is the HTTP status of that request.
	Status int `json:"status,omitempty"`
	// RequestID is the item's own request-id when Graph gave one, else its
	// batch's; BatchItem is the item's ID inside that batch.
	RequestID string `json:"requestId,omitempty"`
	BatchItem string `json:"batchItem,omitempty"`
	// ClientRequestID is the ID the write carried, which Graph logs.
	ClientRequestID string `json:"clientRequestId,omitempty"`
	// Verified says the write's answer was lost (a dropped connection, a
	// reloaded page) and a re-read proved the change applied; RequestID is
	// then that read's.
	Verified bool `json:"verified,omitempty"`
	// FellBack says assign was used because the service refused PATCH.
	FellBack bool `json:"fellBack,omitempty"`
	// Attempts counts the writes sent for this item.
	Attempts int       `json:"attempts,omitempty"`
	At       time.Time `json:"at,omitzero"`
	// Error is why the item failed, or the last transient failure of an
	// item still pending.
	Error *Failure `json:"error,omitempty"`
}

// Failure is a Graph error as kept in storage and shown beside the item.
type Failure struct {
	Status    int    `json:"status,omitempty"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message"`
	Hint      string `json:"hint,omitempty"`
	RequestID string `json:"requestId,omitempty"`
	Date      string `json:"date,omitempty"`
	// Conflict says the configuration changed since the plan was made, so
	// nothing was written to it.
	Conflict bool `json:"conflict,omitempty"`
	// Theirs is, for a conflict, the configuration's set as the re-read
	// found it: what the user is shown beside before and theirs, and
	// chooses against.
	Theirs []graph.Assignment `json:"theirs,omitempty"`
}

func (f *Failure) Error() string {
	if f.Code != "" {
		return f.Code + ": " + f.Message
	}
	return f.Message
}

// RunStatus is where a run as a whole is.
type RunStatus string

// The run statuses.
const (
	RunPlanned  RunStatus = "planned"
	RunRunning  RunStatus = "running"
	RunStopped  RunStatus = "stopped" // cancelled, or stopped by an error; resumable
	RunFinished RunStatus = "finished"
)

// runVersion is the shape of a stored run; a run stored in another shape is
// refused rather than misread.
const runVersion = 1

// Run is a plan being carried out, as kept in the browser's storage after
// every batch.
type Run struct {
	Version  int       `json:"version"`
	ID       string    `json:"id"`
	Created  time.Time `json:"created"`
	Strategy Strategy  `json:"strategy"`
	Plan     Plan      `json:"plan"`
	Status   RunStatus `json:"status"`
	// StopReason says why a stopped run stopped.
	StopReason string `json:"stopReason,omitempty"`
	// PatchRefused remembers that this service refused PATCH on
	// assignments, so the rest of the run (and a resumed one) uses assign;
	// PatchAccepted that it took one. Until either is known, one PATCH goes
	// alone, so that a refusal costs one request, not a batch.
	PatchRefused  bool `json:"patchRefused,omitempty"`
	PatchAccepted bool `json:"patchAccepted,omitempty"`
	// Pacing is the pacer's memory of the last window.
	Pacing Pacing `json:"pacing"`

	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	// Counts of what was sent and received over the whole run.
	Writes    int `json:"writes"`
	Reads     int `json:"reads"`
	Batches   int `json:"batches"`
	Throttled int `json:"throttled"`
}

// NewRun starts a run of plan with a strategy; nothing is sent until an
// Engine runs it.
func NewRun(id string, plan Plan, s Strategy, now time.Time) *Run {
	if s == "" {
		s = StrategyFewest
	}
	return &Run{Version: runVersion, ID: id, Created: now, Strategy: s, Plan: plan, Status: RunPlanned}
}

// Counts is a run's items by state.
type Counts struct {
	Changes   int // items to write (refused ones excluded)
	Succeeded int
	Failed    int
	Pending   int // pending or sending
	Refused   int
	Conflicts int // failed because the configuration changed
	Skipped   int // conflicts closed by the user keeping theirs
}

// Counts tallies the items.
func (r *Run) Counts() Counts {
	var c Counts
	for _, it := range r.Plan.Items() {
		switch it.Outcome.State {
		case StateSucceeded:
			c.Succeeded++
		case StateFailed:
			c.Failed++
			if it.Outcome.Error != nil && it.Outcome.Error.Conflict {
				c.Conflicts++
			}
		case StateRefused:
			c.Refused++
			continue
		case StateSkipped:
			c.Skipped++
		default:
			c.Pending++
		}
		c.Changes++
	}
	return c
}

// Unfinished reports a run with items still to send: one to offer to resume.
func (r *Run) Unfinished() bool { return r.Counts().Pending > 0 }

// Retry puts failed items back to pending: those named by key, or every
// failed one when no key is given. It returns how many it put back.
func (r *Run) Retry(keys ...string) int {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	n := 0
	r.eachItem(func(_ *ConfigurationPlan, it *Item) {
		if it.Outcome.State != StateFailed || (len(keys) > 0 && !want[it.Key]) {
			return
		}
		it.Outcome = Outcome{State: StatePending, Error: it.Outcome.Error}
		n++
	})
	if n > 0 {
		r.Status, r.StopReason, r.Finished = RunStopped, "", time.Time{}
	}
	return n
}

// eachItem calls f on every item, in order, where it can change it.
func (r *Run) eachItem(f func(cp *ConfigurationPlan, it *Item)) {
	for i := range r.Plan.Configurations {
		cp := &r.Plan.Configurations[i]
		for j := range cp.Items {
			f(cp, &cp.Items[j])
		}
	}
}

// Item finds an item by key.
func (r *Run) Item(key string) (Item, bool) {
	for _, it := range r.Plan.Items() {
		if it.Key == key {
			return it, true
		}
	}
	return Item{}, false
}

// Snapshot copies the run so that a screen can read it while an engine
// goes on changing the original. Targets and failures are shared: nothing
// changes them in place.
func (r *Run) Snapshot() *Run {
	c := *r
	c.Plan.Configurations = make([]ConfigurationPlan, len(r.Plan.Configurations))
	for i, cp := range r.Plan.Configurations {
		cp.Items = append([]Item(nil), cp.Items...)
		c.Plan.Configurations[i] = cp
	}
	c.Pacing.Writes = append([]int64(nil), r.Pacing.Writes...)
	c.Pacing.Requests = append([]int64(nil), r.Pacing.Requests...)
	return &c
}
