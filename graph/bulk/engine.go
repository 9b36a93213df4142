package bulk

import (
	"context"
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"time"

	"enrollassign/graph"
)

// Graph is what a run needs from Microsoft Graph: JSON batching. In the app
// it is the graph.Client on beta, so that the sets a run reads and sends
// back keep what v1.0 hides (assignment filters, source).
type Graph interface {
	SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error)
}

// DefaultMaxAttempts bounds the writes sent for one item that keeps failing
// transiently (5xx, dropped answers) before it is reported failed.
const DefaultMaxAttempts = 8

// Engine carries out runs.
type Engine struct {
	Graph Graph
	// Store and Key keep the run after every batch; nil Store keeps nothing.
	Store Storage
	Key   string
	// Limits default to IntuneLimits.
	Limits Limits
	// Clock measures and waits; nil is the wall clock.
	Clock graph.Clock
	// Jitter returns a number in [0, 1); nil is math/rand/v2's Float64.
	Jitter func() float64
	// MaxAttempts defaults to DefaultMaxAttempts.
	MaxAttempts int
	// OnProgress is told after every batch and before every wait.
	OnProgress func(Progress)
	// NewRequestID makes the client-request-id each write carries; nil is
	// a random UUID. A write sent again by the run gets a new one, while a
	// browser that silently resends a request whose connection dropped
	// (Chromium does, POST included) repeats it: the service's log tells
	// the two apart.
	NewRequestID func() string

	// Holder names this sender of the run (one per tab and start). When
	// set, with a Store, the run is sent only while holding its lease (see
	// Lease): another tab's fresh lease refuses the start with a
	// *HeldError, and a lease lost while running stops the run with
	// ErrLeaseLost, saving nothing more.
	Holder string
	// LeaseTTL defaults to DefaultLeaseTTL.
	LeaseTTL time.Duration
	// LeaseClock stamps and renews the lease; nil is the wall clock. Tabs
	// compare its stamps with each other's, so the app leaves it nil.
	LeaseClock graph.Clock
}

// Run carries out run until every item has ended, ctx is done, or an error
// stops it. Cancelling ctx is the Cancel button: the batch in flight is
// finished and recorded, nothing more is sent, and the run is kept stopped,
// ready to resume. A run found with writes in flight (a reloaded page)
// re-reads their configurations before deciding anything.
func (e *Engine) Run(ctx context.Context, run *Run) error {
	if run.Status == RunFinished && !run.Unfinished() {
		return nil
	}
	s := e.newSession(run)
	if s.lease != nil {
		if err := s.lease.acquire(); err != nil {
			return err
		}
		var release func()
		ctx, release = s.lease.keep(ctx)
		defer release()
	}
	s.begin()
	if err := s.save(); err != nil {
		return err
	}
	for {
		s.report("", time.Time{})
		if ctx.Err() != nil {
			return s.stop("cancelled: nothing more was sent")
		}
		round := s.nextRound()
		if len(round) == 0 {
			if !run.Unfinished() {
				return s.finish()
			}
			if err := s.waitUntil(ctx, s.earliestRetry(), "retrying after a failure"); err != nil {
				return s.stop("cancelled: nothing more was sent")
			}
			continue
		}
		if err := s.cycle(ctx, round); err != nil {
			if errors.Is(err, errCancelled) {
				return s.stop("cancelled: nothing more was sent")
			}
			_ = s.stop(err.Error())
			return err
		}
	}
}

// errCancelled ends a cycle whose context was cancelled while waiting.
var errCancelled = errors.New("bulk: cancelled")

// session is one Engine.Run: the run plus what is only known while running.
type session struct {
	e      *Engine
	run    *Run
	clock  graph.Clock
	jitter func() float64
	limits Limits
	max    int
	pacer  *pacer
	// lease, when the engine has a Holder, keeps other tabs off the run.
	lease *LeaseKeeper

	// unknownThrottles counts 429s in a row whose Retry-After could not be read.
	unknownThrottles int
	// outerFailures counts batches in a row that got no answer.
	outerFailures int
	// notBefore holds a configuration back after a transient failure.
	notBefore map[string]time.Time
	// cut is set when the last round ended before its writes were all
	// sent (a 429, a batch without an answer): rounds are one chunk each
	// until one goes through.
	cut bool
	// readRTT is how long one read batch of the last round took, with the
	// checks of its answer: a round's reads start that much per chunk before
	// the write budget frees up.
	readRTT time.Duration

	started       time.Time
	writesAtStart int
	newID         func() string
}

func (e *Engine) newSession(run *Run) *session {
	s := &session{e: e, run: run, clock: e.Clock, jitter: e.Jitter, limits: e.Limits.withDefaults(),
		max: e.MaxAttempts, notBefore: map[string]time.Time{}}
	if s.clock == nil {
		s.clock = graph.WallClock{}
	}
	if s.jitter == nil {
		s.jitter = mathrand.Float64
	}
	if s.max <= 0 {
		s.max = DefaultMaxAttempts
	}
	if s.newID = e.NewRequestID; s.newID == nil {
		s.newID = graph.NewUUID
	}
	s.pacer = newPacer(s.limits, &run.Pacing)
	s.lease = e.leaseKeeper()
	return s
}

// begin marks the run running. Items found sending were in flight when the
// page that sent them died: they are pending again, and the re-read that
// precedes every write tells whether they were applied.
func (s *session) begin() {
	now := s.clock.Now()
	s.started, s.writesAtStart = now, s.run.Writes
	if s.run.Started.IsZero() {
		s.run.Started = now
	}
	s.run.Status, s.run.StopReason, s.run.Finished = RunRunning, "", time.Time{}
	inFlight := 0
	s.run.eachItem(func(_ *ConfigurationPlan, it *Item) {
		if it.Outcome.State == StateSending {
			it.Outcome.State = StatePending
			inFlight++
		}
	})
	// The batch in flight when the page died may have been counted just
	// now: it counts against the budget as if its answer arrived now.
	s.pacer.record(now, inFlight, inFlight)
}

// save keeps the run, unless the lease on it was lost: then the tab that
// holds it now owns what is stored.
func (s *session) save() error {
	if s.e.Store == nil {
		return nil
	}
	if err := s.holding(); err != nil {
		return err
	}
	return SaveRun(s.e.Store, s.e.Key, s.run)
}

// holding is ErrLeaseLost once another tab holds the run's lease.
func (s *session) holding() error {
	if s.e.Store != nil && s.lease != nil && !s.lease.held() {
		return ErrLeaseLost
	}
	return nil
}

func (s *session) stop(reason string) error {
	s.run.Status, s.run.StopReason = RunStopped, reason
	err := s.save()
	s.report("", time.Time{})
	return err
}

func (s *session) finish() error {
	s.run.Status, s.run.Finished = RunFinished, s.clock.Now()
	err := s.save()
	s.report("", time.Time{})
	return err
}

// waitUntil sleeps until t (no wait when t has passed), saying why.
func (s *session) waitUntil(ctx context.Context, t time.Time, why string) error {
	d := t.Sub(s.clock.Now())
	if d <= 0 {
		return nil
	}
	s.report(why, t)
	if err := s.clock.Sleep(ctx, d); err != nil {
		return errCancelled
	}
	return nil
}

// throttled honours a 429: the Retry-After the service gave (from the
// header or the batch item), plus up to a tenth more so that clients
// throttled together do not return together; never less. Without one, it
// waits a whole window (which always frees the budget), doubling on each
// 429 in a row.
func (s *session) throttled(now time.Time, retryAfter time.Duration) {
	s.run.Throttled++
	s.pacer.throttled(now)
	var wait time.Duration
	if retryAfter > 0 {
		s.unknownThrottles = 0
		wait = retryAfter + time.Duration(s.jitter()*float64(retryAfter)/10)
	} else {
		s.unknownThrottles++
		base := s.limits.Window << min(s.unknownThrottles-1, 2)
		wait = base + time.Duration(s.jitter()*float64(base)/10)
	}
	s.pacer.block(now.Add(wait))
}

// backoff is the wait after the n-th transient failure in a row: the
// limits' Backoff, half of it fixed and half jittered.
func (s *session) backoff(n int) time.Duration {
	d := s.limits.Backoff(n)
	return d/2 + time.Duration(s.jitter()*float64(d/2))
}

// holdBack delays a configuration after a transient failure.
func (s *session) holdBack(configID string, attempts int, now time.Time) {
	s.notBefore[configID] = now.Add(s.backoff(max(1, attempts)))
}

// outerFailed handles a batch that got no usable answer: throttled as a
// whole, failed at the gateway, or lost on the way back.
func (s *session) outerFailed(err error, now time.Time) error {
	var ve *graph.ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("bulk: a batch was refused before sending (a bug): %w", err)
	}
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Status == 429 {
		s.throttled(now, ge.RetryAfter)
		return nil
	}
	s.outerFailures++
	if s.outerFailures > s.max {
		return fmt.Errorf("bulk: %d batches in a row got no answer: %w", s.outerFailures, err)
	}
	wait := s.backoff(s.outerFailures)
	if errors.As(err, &ge) && ge.RetryAfter > 0 {
		wait = max(wait, ge.RetryAfter)
	}
	s.pacer.block(now.Add(wait))
	return nil
}
