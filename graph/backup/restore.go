package backup

import (
	"context"
	"errors"
	"time"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// Replacer writes a configuration's whole set after proving it unchanged:
// graph.Client.ReplaceAssignments.
type Replacer interface {
	ReplaceAssignments(ctx context.Context, configID string, seen, next []graph.Assignment) (graph.WriteResult, error)
}

// Replaced is how one set replacement ended.
type Replaced struct {
	Configuration ConfigurationDiff
	Write         graph.WriteResult
	// Err is nil on success. Verified says the answer was lost but a
	// re-read showed the set already as the backup has it.
	Err      error
	Verified bool
	Attempts int
	At       time.Time
}

// Restorer carries out a restore: the set replacements one after the
// other, then the retargets through the bulk engine.
type Restorer struct {
	Replacer Replacer
	// Engine runs the retargets; its Graph must be the beta endpoint.
	Engine *bulk.Engine
	// Clock waits between attempts; nil is the wall clock.
	Clock graph.Clock
	// MaxAttempts bounds the writes of one replacement that keeps failing
	// transiently; zero means bulk.DefaultMaxAttempts.
	MaxAttempts int
	// OnReplaced is told how each replacement ended, as it ends.
	OnReplaced func(Replaced)
}

// Restore writes the replacements of d, then runs run (made from
// d.BulkPlan(), kept by the engine so that a reloaded page resumes it).
// Cancelling ctx stops after the write in flight. It returns the first error
// that stopped it; items and replacements that failed are reported, not
// errors.
func (r *Restorer) Restore(ctx context.Context, d Diff, run *bulk.Run) error {
	for _, cd := range d.Replacements() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res := r.replace(ctx, cd)
		if r.OnReplaced != nil {
			r.OnReplaced(res)
		}
	}
	if run == nil || len(run.Plan.Configurations) == 0 {
		return nil
	}
	return r.Engine.Run(ctx, run)
}

// replace writes one set, trying again after a transient failure. A lost
// answer is resolved by the re-read of the next attempt: a set that already
// shows the backup is a success, not a conflict.
func (r *Restorer) replace(ctx context.Context, cd ConfigurationDiff) Replaced {
	clock := r.clock()
	max := r.MaxAttempts
	if max <= 0 {
		max = bulk.DefaultMaxAttempts
	}
	res := Replaced{Configuration: cd}
	for res.Attempts < max {
		res.Attempts++
		w, err := r.Replacer.ReplaceAssignments(ctx, cd.ID, cd.Live, cd.Want)
		res.Write, res.Err, res.At = w, err, clock.Now()
		var ce *graph.ConflictError
		switch {
		case err == nil:
			return res
		case errors.As(err, &ce) && res.Attempts > 1 && SameTargets(ce.Actual, cd.Want):
			res.Err, res.Verified = nil, true
			return res
		case !transient(err), res.Attempts == max:
			return res // a wait after the last attempt would only delay the report
		}
		if clock.Sleep(ctx, r.backoff(err, res.Attempts)) != nil {
			return res
		}
	}
	return res
}

// transient reports a failure worth another attempt: throttled, the service
// failing, or no answer at all.
func transient(err error) bool {
	var ge *graph.Error
	var ve *graph.ValidationError
	var ce *graph.ConflictError
	switch {
	case errors.As(err, &ve), errors.As(err, &ce), errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &ge):
		return ge.Status == 429 || ge.Status >= 500
	}
	return true
}

// backoff waits what the service asked, else the bulk engine's backoff
// under the engine's limits (Intune's when it has none).
func (r *Restorer) backoff(err error, attempt int) time.Duration {
	var limits bulk.Limits
	if r.Engine != nil {
		limits = r.Engine.Limits
	}
	d := limits.Backoff(attempt)
	var ge *graph.Error
	if errors.As(err, &ge) && ge.RetryAfter > d {
		d = ge.RetryAfter
	}
	return d
}

func (r *Restorer) clock() graph.Clock {
	if r.Clock != nil {
		return r.Clock
	}
	return graph.WallClock{}
}
