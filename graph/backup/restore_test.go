package backup_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/backup"
	"enrollassign/graph/bulk"
)

// scriptedReplacer answers each ReplaceAssignments with the next error of
// its script (nil: the write went through), then with success.
type scriptedReplacer struct {
	script []error
	calls  int
}

func (r *scriptedReplacer) ReplaceAssignments(_ context.Context, _ string, _, _ []graph.Assignment) (graph.WriteResult, error) {
	r.calls++
	if r.calls <= len(r.script) && r.script[r.calls-1] != nil {
		return graph.WriteResult{}, r.script[r.calls-1]
	}
	return graph.WriteResult{Status: 204, RequestID: "req"}, nil
}

// sleepLog is a clock that records its waits instead of sleeping.
type sleepLog struct{ waits []time.Duration }

func (c *sleepLog) Now() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) }

func (c *sleepLog) Sleep(_ context.Context, d time.Duration) error {
	c.waits = append(c.waits, d)
	return nil
}

func TestReplaceTriesAgainOnlyAfterTransientFailures(t *testing.T) {
	want := []graph.Assignment{{ID: "a", Target: graph.GroupTarget("00000000-0000-4000-8000-000000000001")}}
	other := []graph.Assignment{{ID: "b", Target: graph.AllDevicesTarget()}}
	unavailable := &graph.Error{Status: 503, Code: "ServiceUnavailable"}
	throttled := &graph.Error{Status: 429, Code: "TooManyRequests", RetryAfter: 7 * time.Second}
	lost := errors.New("connection reset")
	for _, tc := range []struct {
		name        string
		script      []error
		limits      bulk.Limits
		waits       []time.Duration
		calls       int
		fails       bool
		verified    bool
		attempts    int
		maxAttempts int
	}{
		{name: "service failing, then through", script: []error{unavailable, unavailable, unavailable},
			waits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, calls: 4, attempts: 4},
		{name: "a scaled window backs off at its scale", script: []error{unavailable}, limits: bulk.IntuneLimits.Scaled(0.05),
			waits: []time.Duration{50 * time.Millisecond}, calls: 2, attempts: 2},
		{name: "Retry-After longer than the backoff is honoured", script: []error{throttled},
			waits: []time.Duration{7 * time.Second}, calls: 2, attempts: 2},
		{name: "a lost answer whose write went through is verified", script: []error{lost, &graph.ConflictError{Actual: want}},
			waits: []time.Duration{time.Second}, calls: 2, verified: true, attempts: 2},
		{name: "a conflict at once is reported, not retried", script: []error{&graph.ConflictError{Actual: other}},
			calls: 1, fails: true, attempts: 1},
		{name: "a set that moved elsewhere after a lost answer is a conflict", script: []error{lost, &graph.ConflictError{Actual: other}},
			waits: []time.Duration{time.Second}, calls: 2, fails: true, attempts: 2},
		{name: "a refusal is not retried", script: []error{&graph.Error{Status: 400, Code: "BadRequest"}},
			calls: 1, fails: true, attempts: 1},
		{name: "gives up after its attempts", script: []error{unavailable, unavailable, unavailable}, maxAttempts: 2,
			waits: []time.Duration{time.Second}, calls: 2, fails: true, attempts: 2}, // no wait after the last
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, clock := &scriptedReplacer{script: tc.script}, &sleepLog{}
			var got []backup.Replaced
			r := backup.Restorer{Replacer: rep, Clock: clock, MaxAttempts: tc.maxAttempts,
				Engine: &bulk.Engine{Limits: tc.limits}, OnReplaced: func(res backup.Replaced) { got = append(got, res) }}
			d := backup.Diff{Configurations: []backup.ConfigurationDiff{{ID: "c", Status: backup.Replace, Live: other, Want: want}}}
			require.NoError(t, r.Restore(context.Background(), d, nil))
			require.Len(t, got, 1)
			assert.Equal(t, tc.calls, rep.calls, "writes sent")
			assert.Equal(t, tc.waits, clock.waits)
			assert.Equal(t, tc.fails, got[0].Err != nil, "err: %v", got[0].Err)
			assert.Equal(t, tc.verified, got[0].Verified)
			assert.Equal(t, tc.attempts, got[0].Attempts)
		})
	}
}
