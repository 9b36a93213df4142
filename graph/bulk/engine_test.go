package bulk

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// runPlan makes a plan of op over every assignment of groups 1..per and
// runs it on svc with strategy s.
func runPlan(t *testing.T, svc *fakeService, per int, op Operation, s Strategy, edit ...func(*Engine)) (*Run, error) {
	t.Helper()
	plan, err := NewPlan(svc.loaded(), allGroupsRule(per), op)
	require.NoError(t, err)
	run := NewRun("run-1", plan, s, svc.clock.Now())
	e := &Engine{Graph: svc, Clock: svc.clock, Jitter: func() float64 { return 0.5 }, Store: newMemStore(), Key: "k"}
	for _, f := range edit {
		f(e)
	}
	return run, e.Run(context.Background(), run)
}

// requireApplied asserts the service holds exactly what the plan says, and
// every item succeeded with a request-id.
func requireApplied(t *testing.T, svc *fakeService, run *Run) {
	t.Helper()
	want := expectedAfter(run.Plan)
	for _, c := range svc.loaded() {
		if set, ok := want[c.ID]; ok {
			assert.True(t, set.equal(targetsOf(c)), "configuration %s holds %v, the plan says %v", c.ID, targetsOf(c), set)
		}
	}
	for _, it := range run.Plan.Items() {
		if it.Changes() {
			assert.Equal(t, StateSucceeded, it.Outcome.State, "item %s: %+v", it.Key, it.Outcome.Error)
			assert.NotEmpty(t, it.Outcome.RequestID, "item %s has a request-id", it.Key)
		}
	}
	assert.Equal(t, RunFinished, run.Status)
}

func TestRunSendsOneAssignPerConfiguration(t *testing.T) {
	svc := newFakeService(t, tenant(60, 5))
	run, err := runPlan(t, svc, 5, ToggleInclusion(), StrategyFewest)
	require.NoError(t, err)

	requireApplied(t, svc, run)
	assert.Equal(t, 300, run.Counts().Succeeded)
	assert.Equal(t, 60, run.Writes, "one write per configuration")
	assert.Equal(t, 60, run.Reads, "one re-read per configuration")
	for id, n := range svc.appliedWrites() {
		assert.Equal(t, 1, n, "configuration %s written once", id)
	}
	assert.Equal(t, 0, svc.throttled)
	for _, it := range run.Plan.Items() {
		assert.Equal(t, WriteAssign, it.Outcome.Write)
		assert.Equal(t, 204, it.Outcome.Status)
		assert.Regexp(t, `^batch-\d+$`, it.Outcome.RequestID, "the batch's request-id, as Graph gives none per item")
		assert.Regexp(t, `^w\d+$`, it.Outcome.BatchItem)
	}
}

// Every save writes the whole run to localStorage (and the app records the
// history from it), so a run keeps itself when it starts and ends, and
// around each write batch: before it leaves (its items sending) and after
// its answers. The re-read before a write needs no save of its own: what
// it decides is saved with the batch, or found again by the next re-read.
func TestRunKeepsItselfTwicePerWriteBatch(t *testing.T) {
	svc := newFakeService(t, tenant(60, 5))
	writeBatches := 0
	svc.beforeBatch = func(_ int, reqs []graph.BatchRequest) {
		if reqs[0].Method != "GET" {
			writeBatches++
		}
	}
	var store *memStore
	run, err := runPlan(t, svc, 5, ToggleInclusion(), StrategyFewest, func(e *Engine) { store = e.Store.(*memStore) })
	require.NoError(t, err)
	requireApplied(t, svc, run)
	require.Equal(t, 3, writeBatches, "60 assigns, 20 to a batch")
	assert.Equal(t, 2+2*writeBatches, store.saves)
}

func TestRunUsesPatchWhereAConfigurationHasOneChange(t *testing.T) {
	configs := tenant(3, 2)
	svc := newFakeService(t, configs)
	sel := Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: groupID(1)}}, Picks: []Pick{{"cfg-002", "cfg-002_" + groupID(2)}}}
	plan, err := NewPlan(svc.loaded(), sel, ToggleInclusion())
	require.NoError(t, err)
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	require.NoError(t, (&Engine{Graph: svc, Clock: svc.clock}).Run(context.Background(), run))

	requireApplied(t, svc, run)
	writes := map[string]Write{}
	for _, it := range run.Plan.Items() {
		writes[it.ConfigurationID] = it.Outcome.Write
	}
	assert.Equal(t, map[string]Write{"cfg-000": WritePatch, "cfg-001": WritePatch, "cfg-002": WriteAssign}, writes)
	assert.Equal(t, 3, run.Writes)
}

// A run of any size stays under the limit when the budget is the app's
// alone: no 429, and so no early retry, whatever the network's latency.
func TestRunNeverMeetsA429WhenTheBudgetIsItsOwn(t *testing.T) {
	tests := []struct {
		name    string
		configs int
		per     int
		latency time.Duration
		s       Strategy
	}{
		{"99 writes", 33, 3, 0, StrategyPatch},
		{"100 writes", 20, 5, 0, StrategyPatch},
		{"101 writes", 101, 1, 40 * time.Millisecond, StrategyPatch},
		{"500 writes, slow network", 100, 5, 3 * time.Second, StrategyPatch},
		{"1000 writes", 250, 4, 150 * time.Millisecond, StrategyPatch},
		{"350 assigns", 350, 2, 80 * time.Millisecond, StrategyAssign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := newFakeService(t, tenant(tt.configs, tt.per))
			svc.latency = tt.latency
			start := svc.clock.Now()
			run, err := runPlan(t, svc, tt.per, ToggleInclusion(), tt.s)
			require.NoError(t, err)
			requireApplied(t, svc, run)
			assert.Equal(t, 0, svc.throttled, "no 429")
			assert.Equal(t, 0, svc.early, "no early retry")

			// The pace, on the injected clock: no faster than the limit
			// allows (that would be a 429), and not much slower either.
			writes := run.Writes
			windows := (writes - 1) / 100
			elapsed := svc.clock.Now().Sub(start)
			ideal := time.Duration(windows) * 20 * time.Second
			assert.GreaterOrEqual(t, elapsed, ideal, "writes=%d", writes)
			slack := time.Duration(windows+1)*(2*time.Second+6*tt.latency) + time.Duration(svc.batches)*tt.latency
			assert.LessOrEqual(t, elapsed, ideal+slack, "writes=%d took %s", writes, elapsed)
		})
	}
}

func TestRunHonoursRetryAfterWhenAnotherAppSpendsTheBudget(t *testing.T) {
	svc := newFakeService(t, tenant(100, 3))
	svc.latency = 30 * time.Millisecond
	// Two other apps take 150 of the tenant's 200 writes per 20 s, spread
	// over time, leaving this app half its own budget.
	svc.clock.tick = func(time.Time) {
		for range 4 {
			svc.limiter.Admit(throttleWrite("other-a"))
			svc.limiter.Admit(throttleWrite("other-b"))
		}
	}
	var progress []Progress
	run, err := runPlan(t, svc, 3, ToggleInclusion(), StrategyPatch, func(e *Engine) {
		e.OnProgress = func(p Progress) { progress = append(progress, p) }
	})
	require.NoError(t, err)

	requireApplied(t, svc, run)
	assert.Positive(t, svc.throttled, "the run was throttled")
	assert.Equal(t, 0, svc.early, "and never came back before the Retry-After")
	assert.Equal(t, svc.throttled, run.Throttled, "every 429 was seen")
	assert.Less(t, svc.throttled, 30, "the budget shrank instead of hitting the limit batch after batch")
	var waited bool
	for _, p := range progress {
		waited = waited || p.Waiting != ""
	}
	assert.True(t, waited, "the progress says when it waits")
}

func throttleWrite(app string) throttleRequest {
	return throttleRequest{Tenant: fakeTenant, App: app, Write: true, Limited: true}
}

func TestRunWaitsAWindowWhenTheRetryAfterIsHidden(t *testing.T) {
	svc := newFakeService(t, tenant(5, 1))
	var throttledAt time.Time
	svc.batchFault = func(n int, _ []graph.BatchRequest) batchFate {
		if n == 1 {
			throttledAt = svc.clock.Now()
			return batchFate{status: 429} // Retry-After hidden from the browser
		}
		return batchFate{}
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyFewest)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	require.GreaterOrEqual(t, len(svc.batchStarts), 2)
	assert.GreaterOrEqual(t, svc.batchStarts[1].Sub(throttledAt), 20*time.Second, "a whole window, which always frees the budget")
	assert.Equal(t, 0, svc.early)
	assert.Equal(t, 1, run.Throttled)
}

func TestRunHonoursAnOuterRetryAfterItCanRead(t *testing.T) {
	svc := newFakeService(t, tenant(5, 1))
	var throttledAt time.Time
	svc.batchFault = func(n int, _ []graph.BatchRequest) batchFate {
		if n == 2 {
			throttledAt = svc.clock.Now()
			return batchFate{status: 429, retryAfter: "2.128"}
		}
		return batchFate{}
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyFewest)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	wait := svc.batchStarts[2].Sub(throttledAt)
	assert.GreaterOrEqual(t, wait, 2128*time.Millisecond, "never before the Retry-After")
	assert.Less(t, wait, 20*time.Second, "and not a whole window when it says less")
}

// Every change is applied exactly once and reported, whatever the service
// drops: items answered 503, batches lost before and after they ran.
func TestRunAppliesEveryChangeExactlyOnceThroughFaults(t *testing.T) {
	for _, s := range []Strategy{StrategyFewest, StrategyPatch} {
		t.Run(string(s), func(t *testing.T) {
			svc := newFakeService(t, tenant(60, 5))
			svc.latency = 20 * time.Millisecond
			svc.itemFault = func(n int, _ graph.BatchRequest) int {
				if n%10 == 3 {
					return 503
				}
				return 0
			}
			writeBatches := 0
			svc.batchFault = func(n int, reqs []graph.BatchRequest) batchFate {
				if reqs[0].Method != "GET" {
					writeBatches++
				}
				switch {
				case n%20 == 4:
					return batchFate{dropBefore: true}
				case reqs[0].Method != "GET" && writeBatches%3 == 2:
					return batchFate{dropAfter: true} // the writes happened, the answer is lost
				}
				return batchFate{}
			}
			run, err := runPlan(t, svc, 5, ToggleInclusion(), s)
			require.NoError(t, err)
			requireApplied(t, svc, run)

			per := map[string]int{}
			for k, v := range svc.applied {
				per[k] = v
			}
			for path, n := range per {
				assert.Equal(t, 1, n, "%s applied once", path)
			}
			verified := 0
			for _, it := range run.Plan.Items() {
				if it.Outcome.Verified {
					verified++
				}
			}
			assert.Positive(t, verified, "writes whose answer was lost were proved by a re-read, not sent again")
			assert.Equal(t, 0, svc.early)
		})
	}
}

func TestRunLeavesAConfigurationChangedBehindItsBackAsAConflict(t *testing.T) {
	svc := newFakeService(t, tenant(3, 2))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(2), ToggleInclusion())
	require.NoError(t, err)
	// Someone adds an assignment to cfg-001 after the plan was made.
	svc.edit("cfg-001", func(set []graph.Assignment) []graph.Assignment {
		return append(set, graph.Assignment{Target: graph.GroupTarget(groupID(7))})
	})
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	require.NoError(t, (&Engine{Graph: svc, Clock: svc.clock}).Run(context.Background(), run))

	assert.Equal(t, Counts{Changes: 6, Succeeded: 4, Failed: 2, Conflicts: 2}, run.Counts())
	for _, it := range run.Plan.Items() {
		if it.ConfigurationID != "cfg-001" {
			continue
		}
		require.NotNil(t, it.Outcome.Error)
		assert.True(t, it.Outcome.Error.Conflict)
		assert.Contains(t, it.Outcome.Error.Message, "now also has an included group "+groupID(7))
		assert.NotEmpty(t, it.Outcome.Error.RequestID, "the re-read's request-id")
	}
	assert.Zero(t, svc.appliedWrites()["cfg-001"], "nothing written over their change")
	assert.Len(t, svc.loaded()[1].Assignments, 3)
}

func TestRunFallsBackToAssignWhereTheServiceRefusesPatch(t *testing.T) {
	svc := newFakeService(t, tenant(30, 4))
	svc.asReported = true
	run, err := runPlan(t, svc, 4, ToggleInclusion(), StrategyPatch)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	assert.True(t, run.PatchRefused)
	assert.Equal(t, 31, run.Writes, "one refused PATCH, sent alone, then one assign per configuration")
	fellBack := 0
	for _, it := range run.Plan.Items() {
		assert.Equal(t, WriteAssign, it.Outcome.Write)
		if it.Outcome.FellBack {
			fellBack++
		}
	}
	assert.Equal(t, 1, fellBack, "the item whose PATCH was refused says so")
}

func TestRunGivesUpOnAnItemAfterMaxAttempts(t *testing.T) {
	svc := newFakeService(t, tenant(2, 1))
	svc.itemFault = func(_ int, r graph.BatchRequest) int {
		if r.Method != "GET" && r.URL == "/deviceManagement/deviceEnrollmentConfigurations/cfg-001/assignments/cfg-001_"+groupID(1) {
			return 503
		}
		return 0
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyPatch, func(e *Engine) { e.MaxAttempts = 3 })
	require.NoError(t, err)
	item, _ := run.Item("cfg-001/cfg-001_" + groupID(1))
	assert.Equal(t, StateFailed, item.Outcome.State)
	assert.Equal(t, 3, item.Outcome.Attempts)
	assert.Contains(t, item.Outcome.Error.Message, "gave up after 3 attempts")
	assert.Equal(t, 503, item.Outcome.Error.Status)
	ok, _ := run.Item("cfg-000/cfg-000_" + groupID(1))
	assert.Equal(t, StateSucceeded, ok.Outcome.State, "one item's trouble does not stop the others")
	assert.Equal(t, RunFinished, run.Status)
}

func TestFailedItemsCanBeRetriedAlone(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	broken := true
	svc.itemFault = func(_ int, r graph.BatchRequest) int {
		if broken && r.Method == "PATCH" && r.URL == "/deviceManagement/deviceEnrollmentConfigurations/cfg-002/assignments/cfg-002_"+groupID(1) {
			return 403
		}
		return 0
	}
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	run := NewRun("r", plan, StrategyFewest, svc.clock.Now())
	e := &Engine{Graph: svc, Clock: svc.clock}
	require.NoError(t, e.Run(context.Background(), run))
	assert.Equal(t, Counts{Changes: 3, Succeeded: 2, Failed: 1}, run.Counts())
	failed, _ := run.Item("cfg-002/cfg-002_" + groupID(1))
	assert.Equal(t, 403, failed.Outcome.Error.Status)

	broken = false
	writesBefore := run.Writes
	assert.Equal(t, 1, run.Retry(failed.Key))
	require.NoError(t, e.Run(context.Background(), run))
	requireApplied(t, svc, run)
	assert.Equal(t, writesBefore+1, run.Writes, "only the failed item was sent again")
}

// The page dies with a write batch in flight: the batch ran on the service,
// but nothing after it was saved. The reloaded page resumes from storage,
// re-reads, and does not send any succeeded write again.
func TestRunResumesAfterTheOriginalPageDiedMidBatch(t *testing.T) {
	for _, s := range []Strategy{StrategyFewest, StrategyPatch} {
		t.Run(string(s), func(t *testing.T) {
			svc := newFakeService(t, tenant(40, 5))
			store := newMemStore()
			plan, err := NewPlan(svc.loaded(), allGroupsRule(5), ToggleInclusion())
			require.NoError(t, err)
			ctx, die := context.WithCancel(context.Background())
			writeBatches := 0
			svc.batchFault = func(n int, reqs []graph.BatchRequest) batchFate {
				if reqs[0].Method != "GET" {
					writeBatches++
				}
				if writeBatches == 2 && reqs[0].Method != "GET" {
					store.freeze() // the page is gone: nothing it does is kept
					die()
					return batchFate{dropAfter: true}
				}
				return batchFate{}
			}
			first := NewRun("r", plan, s, svc.clock.Now())
			_ = (&Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k"}).Run(ctx, first)
			appliedBefore := svc.appliedWrites()
			require.NotEmpty(t, appliedBefore)

			svc.batchFault = nil
			kept, found, err := LoadRun(store, "k")
			require.NoError(t, err)
			require.True(t, found)
			assert.Positive(t, countState(kept, StateSending), "the stored run knows a batch was in flight")
			store.frozen = false
			require.NoError(t, (&Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k"}).Run(context.Background(), kept))

			requireApplied(t, svc, kept)
			for path, n := range svc.applied {
				assert.Equal(t, 1, n, "%s applied once across the reload", path)
			}
			stored, _, err := LoadRun(store, "k")
			require.NoError(t, err)
			assert.Equal(t, RunFinished, stored.Status)
			assert.Positive(t, countVerified(stored), "the in-flight writes were proved by a re-read")
		})
	}
}

func countState(r *Run, s State) int {
	n := 0
	for _, it := range r.Plan.Items() {
		if it.Outcome.State == s {
			n++
		}
	}
	return n
}

func countVerified(r *Run) int {
	n := 0
	for _, it := range r.Plan.Items() {
		if it.Outcome.Verified {
			n++
		}
	}
	return n
}

// Cancel finishes the batch in flight, sends nothing more, and keeps the
// run resumable.
func TestCancelSendsNothingMoreAndResumes(t *testing.T) {
	svc := newFakeService(t, tenant(300, 1))
	plan, err := NewPlan(svc.loaded(), allGroupsRule(1), ToggleInclusion())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	writeBatches := 0
	svc.beforeBatch = func(n int, reqs []graph.BatchRequest) {
		if reqs[0].Method != "GET" {
			if writeBatches++; writeBatches == 3 {
				cancel() // cancelled while the third write batch is in flight
			}
		}
	}
	store := newMemStore()
	e := &Engine{Graph: svc, Clock: svc.clock, Store: store, Key: "k"}
	run := NewRun("r", plan, StrategyPatch, svc.clock.Now())
	require.NoError(t, e.Run(ctx, run))

	// The lone first PATCH (its read, its write), then a round: five reads,
	// and its first two write batches, the second cancelled in flight.
	assert.Equal(t, 9, svc.batches, "nothing after the batch in flight")
	assert.Equal(t, RunStopped, run.Status)
	assert.Contains(t, run.StopReason, "cancelled")
	c := run.Counts()
	assert.Equal(t, 41, c.Succeeded, "the batch in flight was finished and recorded (after the lone first PATCH)")
	assert.Equal(t, 259, c.Pending)
	assert.True(t, run.Unfinished())
	stored, _, err := LoadRun(store, "k")
	require.NoError(t, err)
	assert.Equal(t, c, stored.Counts(), "what was recorded is kept")

	require.NoError(t, e.Run(context.Background(), stored))
	requireApplied(t, svc, stored)
	assert.Equal(t, 0, svc.throttled)
}

func TestProgressCountsDownToZero(t *testing.T) {
	svc := newFakeService(t, tenant(250, 1))
	var got []Progress
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyPatch, func(e *Engine) {
		e.OnProgress = func(p Progress) { got = append(got, p) }
	})
	require.NoError(t, err)
	require.NotEmpty(t, got)
	first, last := got[0], got[len(got)-1]
	assert.Equal(t, 250, first.Pending)
	assert.Positive(t, first.TimeLeft)
	assert.InDelta(t, 5.0, first.Limit, 1e-9, "100 writes per 20 s")
	assert.Equal(t, RunFinished, last.Status)
	assert.Equal(t, 250, last.Succeeded)
	assert.Zero(t, last.Pending)
	assert.Zero(t, last.TimeLeft)
	assert.Equal(t, run.Writes, last.Writes)
	assert.Positive(t, last.WritesPerSecond)
	assert.LessOrEqual(t, last.WritesPerSecond, 250/40.0+1e-9, "250 writes take at least two windows")
	for i := 1; i < len(got); i++ {
		assert.GreaterOrEqual(t, got[i].Succeeded, got[i-1].Succeeded)
	}
	require.NotNil(t, got[0].Run)
	assert.Equal(t, 250, got[0].Run.Counts().Pending, "each report carries the run as it was then")
	assert.Equal(t, 250, last.Run.Counts().Succeeded)
}

// A throttled re-read holds the writes back until the service allows, and
// then the configuration is read again: a set read before a long wait is
// not trusted to prove anything.
func TestRunReadsAgainAfterAThrottledRead(t *testing.T) {
	svc := newFakeService(t, tenant(3, 1))
	throttledOnce := false
	svc.itemFault = func(_ int, r graph.BatchRequest) int {
		if r.Method == "GET" && r.ID == "r2" && !throttledOnce {
			throttledOnce = true
			svc.limiter.Block(fakeTenant, fakeApp, false, 3*time.Second)
			return 429
		}
		return 0
	}
	var reads []string
	svc.beforeBatch = func(_ int, reqs []graph.BatchRequest) {
		for _, r := range reqs {
			if r.Method == "GET" {
				reads = append(reads, configOf(r.URL))
			}
		}
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyAssign)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	assert.Equal(t, []string{"cfg-000", "cfg-001", "cfg-002", "cfg-000", "cfg-001", "cfg-002"}, reads, "read, throttled, then everything read again")
	assert.Equal(t, 3, run.Writes, "nothing was written on the strength of the first reads")
	assert.Equal(t, 0, svc.early)
}

// A configuration whose ID cannot be a Graph key is never read or written:
// its items fail with the reason, and the rest of the run goes on.
func TestRunFailsAConfigurationWhoseIDCannotBeAKey(t *testing.T) {
	configs := tenant(2, 1)
	configs[1].ID = "cfg/001"
	svc := newFakeService(t, configs)
	var urls []string
	svc.beforeBatch = func(_ int, reqs []graph.BatchRequest) {
		for _, r := range reqs {
			urls = append(urls, r.URL)
		}
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyFewest)
	require.NoError(t, err)
	for _, it := range run.Plan.Items() {
		if it.ConfigurationID == "cfg-000" {
			assert.Equal(t, StateSucceeded, it.Outcome.State)
			continue
		}
		assert.Equal(t, StateFailed, it.Outcome.State)
		require.NotNil(t, it.Outcome.Error)
		assert.Contains(t, it.Outcome.Error.Message, "not a Graph ID")
	}
	for _, u := range urls {
		assert.NotContains(t, u, "cfg%2F001")
	}
	assert.Equal(t, 1, run.Reads)
}

// A round reads every configuration of a window's budget first, then sends
// the writes back to back: 300 single changes at 100 writes per window are
// the lone PATCH probe, then rounds of five reads and five writes.
func TestARoundReadsItsConfigurationsBeforeItsWrites(t *testing.T) {
	svc := newFakeService(t, tenant(300, 1))
	var methods []string
	svc.beforeBatch = func(_ int, reqs []graph.BatchRequest) { methods = append(methods, reqs[0].Method) }
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyPatch)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	require.GreaterOrEqual(t, len(methods), 12)
	assert.Equal(t, []string{"GET", "PATCH"}, methods[:2], "the probe alone")
	assert.Equal(t, []string{"GET", "GET", "GET", "GET", "GET", "PATCH", "PATCH", "PATCH", "PATCH", "PATCH"}, methods[2:12],
		"the first round: 99 writes' reads, then their writes")
}

// After a batch without an answer the round stops, and the next rounds
// are one chunk each (read, write) until one goes through; then whole
// rounds again.
func TestAfterACutRoundRoundsAreOneChunkUntilOneGoesThrough(t *testing.T) {
	svc := newFakeService(t, tenant(300, 1))
	var methods []string
	svc.beforeBatch = func(_ int, reqs []graph.BatchRequest) { methods = append(methods, reqs[0].Method) }
	svc.batchFault = func(n int, _ []graph.BatchRequest) batchFate {
		return batchFate{dropBefore: n == 8} // the round's first write
	}
	run, err := runPlan(t, svc, 1, ToggleInclusion(), StrategyPatch)
	require.NoError(t, err)
	requireApplied(t, svc, run)
	require.GreaterOrEqual(t, len(methods), 16)
	assert.Equal(t, []string{"GET", "PATCH", "GET", "GET", "GET", "GET", "GET", "PATCH"}, methods[:8], "the probe, then a round cut at its first write")
	assert.Equal(t, []string{"GET", "PATCH", "GET", "GET"}, methods[8:12], "one chunk, which goes through, then a whole round again")
}
