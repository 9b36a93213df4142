package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// beatClock paces a lease's renewals by hand: its Sleep returns only when
// the test calls beat (or the renewals are stopped), and its time moves
// only when the test sets it.
type beatClock struct {
	mu    sync.Mutex
	now   time.Time
	beats chan struct{}
}

func newBeatClock(now time.Time) *beatClock { return &beatClock{now: now, beats: make(chan struct{})} }

func (c *beatClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *beatClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func (c *beatClock) Sleep(ctx context.Context, _ time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.beats:
		return nil
	}
}

// beat lets the lease's renewal loop go round once.
func (c *beatClock) beat() { c.beats <- struct{}{} }

// stuckClock never moves: a run that has to wait on it waits until its
// context is cancelled.
type stuckClock struct{ now time.Time }

func (c stuckClock) Now() time.Time { return c.now }
func (c stuckClock) Sleep(ctx context.Context, _ time.Duration) error {
	<-ctx.Done()
	return ctx.Err()
}

// waitSignal is closed once the engine says it is waiting: it has taken
// the lease, saved the run, and sits in its clock's Sleep.
func waitSignal(e *Engine) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	e.OnProgress = func(p Progress) {
		if p.Waiting != "" {
			once.Do(func() { close(ch) })
		}
	}
	return ch
}

func putLease(t *testing.T, s Storage, key string, l Lease) {
	t.Helper()
	raw, err := json.Marshal(l)
	require.NoError(t, err)
	require.NoError(t, s.Set(LeaseKey(key), string(raw)))
}

// waitUntil polls cond while another goroutine works; the bound only stops
// a broken test from hanging, it measures nothing.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 30*time.Second, time.Millisecond, what)
}

func TestAFreshLeaseOfAnotherTabRefusesTheRunAndALapsedOneIsTakenOver(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	store := newMemStore()
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	require.NoError(t, SaveRun(store, "k", run))
	kept, _ := store.Get("k")
	lc := newBeatClock(svc.clock.Now())
	other := Lease{Holder: "tab-b", Renewed: lc.Now().Add(-time.Second), Expires: lc.Now().Add(14 * time.Second)}
	putLease(t, store, "k", other)
	e := &Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k", Holder: "tab-a", LeaseClock: lc}

	err = e.Run(context.Background(), run)
	var held *HeldError
	require.ErrorAs(t, err, &held)
	assert.Equal(t, other.Holder, held.Lease.Holder)
	assert.Contains(t, err.Error(), "another tab or window is sending this bulk change")
	assert.Zero(t, svc.batches, "nothing sent")
	after, _ := store.Get("k")
	assert.Equal(t, kept, after, "nothing saved over the other tab's run")
	got, _ := ReadLease(store, "k")
	assert.Equal(t, other, got, "its lease untouched")

	lc.set(other.Expires) // the other tab went silent: its lease lapsed
	require.NoError(t, e.Run(context.Background(), run))
	requireApplied(t, svc, run)
	_, found := ReadLease(store, "k")
	assert.False(t, found, "released at the end")
}

func TestTheLeaseIsRenewedWhileTheRunWaitsAndReleasedWhenItStops(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	start := svc.clock.Now()
	run := NewRun("r", plan, StrategyFewest, start)
	run.Pacing.BlockedUntil = start.Add(time.Minute) // a Retry-After to sit out
	store := newMemStore()
	lc := newBeatClock(start)
	e := &Engine{Graph: svc, Clock: stuckClock{start}, Store: store, Key: "k", Holder: "tab-a", LeaseClock: lc, LeaseTTL: 9 * time.Second}
	waiting := waitSignal(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx, run) }()

	<-waiting
	first, _ := ReadLease(store, "k")
	assert.Equal(t, start.Add(9*time.Second), first.Expires)
	lc.set(start.Add(3 * time.Second))
	lc.beat()
	waitUntil(t, "the lease renewed", func() bool { l, _ := ReadLease(store, "k"); return l.Renewed.Equal(start.Add(3 * time.Second)) })
	renewed, _ := ReadLease(store, "k")
	assert.Equal(t, start.Add(12*time.Second), renewed.Expires, "a full lifetime from the renewal")
	_, held := (&LeaseKeeper{Store: store, Key: "k", Holder: "tab-b", Clock: stuckClock{start.Add(10 * time.Second)}}).Elsewhere()
	assert.True(t, held, "past the first lease's end, another tab is still kept off")

	cancel()
	require.NoError(t, <-done)
	assert.Zero(t, svc.batches)
	_, found := ReadLease(store, "k")
	assert.False(t, found, "a stopped run is released, to resume anywhere")
	stored, _, err := LoadRun(store, "k")
	require.NoError(t, err)
	assert.Equal(t, RunStopped, stored.Status)
}

// Another tab took the lease while this one was waiting: the renewal finds
// it gone and stops the run, which sends and saves nothing more.
func TestALeaseLostWhileWaitingStopsTheRun(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	start := svc.clock.Now()
	run := NewRun("r", plan, StrategyFewest, start)
	run.Pacing.BlockedUntil = start.Add(time.Minute)
	store := newMemStore()
	lc := newBeatClock(start)
	e := &Engine{Graph: svc, Clock: stuckClock{start}, Store: store, Key: "k", Holder: "tab-a", LeaseClock: lc}
	waiting := waitSignal(e)
	done := make(chan error, 1)
	go func() { done <- e.Run(context.Background(), run) }()

	<-waiting
	savedBefore, _ := store.Get("k")
	theirs := Lease{Holder: "tab-b", Renewed: start, Expires: start.Add(time.Hour)}
	putLease(t, store, "k", theirs)
	lc.beat()

	err = <-done // only the renewal noticing the loss wakes a run waiting on a clock that never moves
	require.ErrorIs(t, err, ErrLeaseLost)
	assert.Zero(t, svc.batches)
	savedAfter, _ := store.Get("k")
	assert.Equal(t, savedBefore, savedAfter, "nothing saved over the new holder's run")
	got, _ := ReadLease(store, "k")
	assert.Equal(t, theirs, got, "the new holder's lease is not released by the old one")
}

// The lease was taken over while a batch was in flight: that batch is
// finished, nothing is saved or sent after it.
func TestALeaseLostMidBatchSavesAndSendsNothingMore(t *testing.T) {
	svc := newFakeService(t, tenant(300, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	store := newMemStore()
	lc := newBeatClock(svc.clock.Now())
	var atTakeover string
	svc.beforeBatch = func(n int, reqs []graph.BatchRequest) {
		if n == 4 {
			atTakeover, _ = store.Get("k")
			putLease(t, store, "k", Lease{Holder: "tab-b", Renewed: lc.Now(), Expires: lc.Now().Add(time.Hour)})
		}
	}
	run := NewRun("r", plan, StrategyPatch, svc.clock.Now())
	err = (&Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k", Holder: "tab-a", LeaseClock: lc}).Run(context.Background(), run)
	require.ErrorIs(t, err, ErrLeaseLost)
	assert.Equal(t, 4, svc.batches, "the batch in flight, nothing after")
	stored, _ := store.Get("k")
	assert.Equal(t, atTakeover, stored, "the run as the other tab found it")
	assert.Positive(t, run.Counts().Succeeded)
}

// Sign-out clears the tenant's data while a batch is in flight: the run
// must not come back when that batch ends.
func TestARunClearedMidBatchIsNotWrittenBack(t *testing.T) {
	svc := newFakeService(t, tenant(300, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	store := newMemStore()
	svc.beforeBatch = func(n int, reqs []graph.BatchRequest) {
		if n == 4 {
			store.Remove("k")
			store.Remove(LeaseKey("k"))
		}
	}
	run := NewRun("r", plan, StrategyPatch, svc.clock.Now())
	err = (&Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k", Holder: "tab-a", LeaseClock: newBeatClock(svc.clock.Now())}).Run(context.Background(), run)
	require.ErrorIs(t, err, ErrLeaseLost)
	assert.Equal(t, 4, svc.batches)
	assert.Empty(t, store.Keys(), "nothing written back after the clearing")
}

func TestReleaseLeaseRemovesOnlyItsHoldersLease(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	store := newMemStore()
	mine := Lease{Holder: "a", Renewed: now, Expires: now.Add(time.Minute)}
	putLease(t, store, "k", mine)
	(&LeaseKeeper{Store: store, Key: "k", Holder: "b"}).Release()
	got, ok := ReadLease(store, "k")
	assert.True(t, ok)
	assert.Equal(t, mine, got)
	(&LeaseKeeper{Store: store, Key: "k", Holder: "a"}).Release()
	_, ok = ReadLease(store, "k")
	assert.False(t, ok)

	require.NoError(t, store.Set(LeaseKey("k"), `{"holder":`))
	_, ok = ReadLease(store, "k")
	assert.False(t, ok, "a damaged lease locks nothing")
	_, held := (&LeaseKeeper{Store: store, Key: "k", Holder: "a", Clock: stuckClock{now}}).Elsewhere()
	assert.False(t, held)
}

func TestLeaseFreshness(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := Lease{Holder: "a", Renewed: now, Expires: now.Add(15 * time.Second)}
	tests := []struct {
		at    time.Duration
		fresh bool
	}{{0, true}, {14 * time.Second, true}, {15 * time.Second, false}, {time.Hour, false}}
	for _, tt := range tests {
		assert.Equal(t, tt.fresh, l.Fresh(now.Add(tt.at)), "at +%s", tt.at)
	}
	assert.Equal(t, "run.lease", LeaseKey("run"), "beside the run, in its store: sign-out clears both")
	assert.False(t, errors.Is(&HeldError{}, ErrLeaseLost))
}
