//go:build !js

package bulk

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// testScale makes the emulator's 20 s window last 200 ms.
const testScale = 0.01

func runAgainst(t *testing.T, e *emulator.Emulator, c *graph.Client, plan Plan, s Strategy) *Run {
	t.Helper()
	run := NewRun("run", plan, s, time.Now())
	engine := &Engine{Graph: c.Beta(), Limits: IntuneLimits.Scaled(testScale), Store: newMemStore(), Key: "k"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	require.NoError(t, engine.Run(ctx, run))
	require.Equal(t, RunFinished, run.Status)
	return run
}

func TestEmulatorRunAtTheLimitMeetsNo429(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, testScale, graph.RetryPolicy{})
	configs := load(t, e, demoConfigurations(50, 5))
	plan, err := NewPlan(configs, groupsRule(5), ToggleInclusion())
	require.NoError(t, err)
	e.ResetStats()

	run := runAgainst(t, e, c, plan, StrategyPatch)
	requireEmulatorHoldsThePlan(t, e, run)
	s := e.Stats()
	assert.Equal(t, 250, writeRequests(s), "one PATCH per change, none repeated")
	assert.Zero(t, s.Throttled, "no 429 over %d writes, %.1f windows' budget", 250, 2.5)
	assert.Zero(t, s.EarlyRetries)
	assert.Zero(t, run.Throttled)
}

// 40 configurations: every request of the run must fit in the emulator's
// journal (500 entries, batch items included) for the count to be whole,
// and a round re-reads the configurations a failed batch cut short.
func TestEmulatorRunThroughFaultsAppliesEachChangeOnce(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, testScale, graph.RetryPolicy{})
	configs := load(t, e, demoConfigurations(40, 5))
	plan, err := NewPlan(configs, groupsRule(5), ToggleInclusion())
	require.NoError(t, err)
	settings := e.Settings()
	settings.ErrorRates = map[string]float64{"503": 0.10}
	settings.DropRate, settings.DropAfterRate, settings.Seed = 0.025, 0.025, 7
	require.NoError(t, e.SetSettings(settings))
	e.ResetStats()

	run := runAgainst(t, e, c, plan, StrategyFewest)
	requireEmulatorHoldsThePlan(t, e, run)
	s := e.Stats()
	assert.Positive(t, s.Injected["503"], "503s were injected")
	assert.Positive(t, s.Dropped, "connections were dropped")
	for path, n := range appliedPerPath(t, e.Requests()) {
		assert.Equal(t, 1, n, "%s applied exactly once", path)
	}
	assert.Len(t, appliedPerPath(t, e.Requests()), 40, "every configuration written")
	assert.Zero(t, s.EarlyRetries)
}

func TestEmulatorRunWhereThePatchIsRefused(t *testing.T) {
	e, c := against(t, emulator.ModeAsReported, testScale, graph.RetryPolicy{})
	configs := load(t, e, demoConfigurations(12, 3))
	// One change in most configurations (PATCH would do), three in the last.
	sel := Selection{Rules: []Rule{{Kind: RuleGroup, GroupID: demoGroups()[0]}}}
	for _, a := range configs[11].Assignments {
		sel = sel.Toggle(configs[11].ID, a.ID)
	}
	plan, err := NewPlan(configs, sel, ReplaceGroup("", demoGroups()[9]))
	require.NoError(t, err)
	w := plan.Writes()
	require.Equal(t, 12, w.Fewest)
	e.ResetStats()

	run := runAgainst(t, e, c, plan, StrategyFewest)
	assert.True(t, run.PatchRefused)
	s := e.Stats()
	assert.Equal(t, 1, s.Requests["PATCH /beta/deviceManagement/deviceEnrollmentConfigurations/"+configs[0].ID+"/assignments/"+configs[0].Assignments[0].ID],
		"one PATCH, refused, then assign only")
	assert.Equal(t, 13, writeRequests(s))
	// The last configuration had three changes to one group: only the first
	// could become that group, the others were refused in the plan.
	assert.Equal(t, 2, w.Refused)
	requireEmulatorHoldsThePlan(t, e, run)
}

// A second client takes most of the tenant's budget halfway: the run is
// throttled, waits as told, and still completes.
func TestEmulatorRunSharesTheTenantsBudget(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, testScale, graph.RetryPolicy{})
	configs := load(t, e, demoConfigurations(60, 5))
	plan, err := NewPlan(configs, groupsRule(5), ToggleInclusion())
	require.NoError(t, err)
	e.ResetStats()

	stop := spendInBackground(e, IntuneLimits.Scaled(testScale).Window, 150)
	run := runAgainst(t, e, c, plan, StrategyPatch)
	stop()
	requireEmulatorHoldsThePlan(t, e, run)
	s := e.Stats()
	assert.Positive(t, s.Throttled, "the run was throttled")
	assert.Equal(t, s.Throttled, run.Throttled)
	assert.Zero(t, s.EarlyRetries, "and never came back early")
	// Items after a throttled one in its batch answer 424 without reaching
	// the service's counter; they and the throttled ones are sent again.
	assert.Equal(t, 300, writeRequests(s)-s.Throttled-s.Statuses["424"], "every change written once")
}

// spendInBackground plays other apps of the tenant writing perWindow times
// per window, from now until stopped: a burst at once, then a steady
// stream that catches up with the clock however late its ticks come. Each
// spend goes under a name of its own, so no app's own limit binds: only
// the tenant's.
func spendInBackground(e *emulator.Emulator, window time.Duration, perWindow int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		start, spent := time.Now(), 0
		tick := time.NewTicker(window / 20)
		defer tick.Stop()
		for n := 0; ; n++ {
			due := perWindow + int(float64(perWindow)*float64(time.Since(start))/float64(window))
			for ; spent < due; spent++ {
				e.SpendWrites("background-app-"+itoa(n)+"-"+itoa(spent), 1)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
