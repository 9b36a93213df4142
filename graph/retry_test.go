package graph

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ms = time.Millisecond

func TestRetriesWaitAsTheServiceAsksOrBackOff(t *testing.T) {
	ok := reply(200, `{"id":"c1","priority":1}`)
	throttled := func(retryAfter string) step {
		if retryAfter == "" {
			return reply(429, graphError("TooManyRequests", "slow down"))
		}
		return reply(429, graphError("TooManyRequests", "slow down"), "Retry-After", retryAfter)
	}
	get := func(ctx context.Context, c *Client) error { _, err := c.GetConfiguration(ctx, "c1"); return err }
	patch := func(ctx context.Context, c *Client) error {
		_, err := c.PatchAssignment(ctx, "c1", Assignment{ID: "a1", Target: AllDevicesTarget()})
		return err
	}
	tests := []struct {
		name      string
		steps     []step
		policy    RetryPolicy
		send      func(context.Context, *Client) error
		wantWaits []time.Duration
		wantSent  int
		wantErr   int // status of the error returned, 0: success
	}{
		{name: "fractional Retry-After honoured in full, plus a tenth of jitter",
			steps: []step{throttled("2.128"), ok}, send: get,
			wantWaits: []time.Duration{2128*ms + 1064*ms/10}, wantSent: 2},
		{name: "HTTP-date Retry-After counted from the clock",
			steps: []step{throttled("Thu, 01 Aug 2024 10:00:30 GMT"), ok}, send: get,
			wantWaits: []time.Duration{31500 * ms}, wantSent: 2},
		{name: "hidden Retry-After: exponential backoff, half jittered",
			steps: []step{throttled(""), reply(503, ""), reply(504, ""), ok}, send: get,
			wantWaits: []time.Duration{750 * ms, 1500 * ms, 3 * time.Second}, wantSent: 4},
		{name: "backoff capped by MaxDelay",
			steps:  []step{reply(503, ""), reply(503, ""), reply(503, ""), ok},
			policy: RetryPolicy{BaseDelay: time.Second, MaxDelay: 2 * time.Second}, send: get,
			wantWaits: []time.Duration{750 * ms, 1500 * ms, 1500 * ms}, wantSent: 4},
		{name: "MaxDelay never shortens a Retry-After",
			steps:  []step{throttled("40"), ok},
			policy: RetryPolicy{MaxDelay: time.Second}, send: get,
			wantWaits: []time.Duration{42 * time.Second}, wantSent: 2},
		{name: "PATCH is retried", steps: []step{reply(503, ""), reply(200, `{"id":"a1"}`)}, send: patch,
			wantWaits: []time.Duration{750 * ms}, wantSent: 2},
		{name: "dropped connection on GET is retried", steps: []step{drop(), ok}, send: get,
			wantWaits: []time.Duration{750 * ms}, wantSent: 2},
		{name: "500 is not retried", steps: []step{reply(500, "")}, send: get, wantSent: 1, wantErr: 500},
		{name: "POST create is never retried",
			steps: []step{throttled("1")},
			send: func(ctx context.Context, c *Client) error {
				_, err := c.CreateAssignment(ctx, "c1", Assignment{Target: AllDevicesTarget()})
				return err
			}, wantSent: 1, wantErr: 429},
		{name: "POST assign is never retried",
			steps: []step{reply(503, "")},
			send: func(ctx context.Context, c *Client) error {
				_, err := c.Assign(ctx, "c1", nil)
				return err
			}, wantSent: 1, wantErr: 503},
		{name: "DELETE is not retried",
			steps:    []step{reply(503, "")},
			send:     func(ctx context.Context, c *Client) error { return c.DeleteAssignment(ctx, "c1", "a1") },
			wantSent: 1, wantErr: 503},
		{name: "attempts are bounded",
			steps:  []step{throttled("1"), throttled("1"), throttled("1")},
			policy: RetryPolicy{MaxAttempts: 3}, send: get,
			wantWaits: []time.Duration{1050 * ms, 1050 * ms}, wantSent: 3, wantErr: 429},
		{name: "a wait past MaxTotal is not started",
			steps:  []step{throttled("5"), throttled("100")},
			policy: RetryPolicy{MaxTotal: time.Minute}, send: get,
			wantWaits: []time.Duration{5250 * ms}, wantSent: 2, wantErr: 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			var events []RetryEvent
			c, clock := testClient(t, f, func(cfg *Config) {
				p := tt.policy
				p.Clock, p.Jitter = cfg.Retry.Clock, cfg.Retry.Jitter
				p.OnRetry = func(e RetryEvent) { events = append(events, e) }
				cfg.Retry = p
			})
			err := tt.send(context.Background(), c)
			if tt.wantErr == 0 {
				require.NoError(t, err)
			} else {
				require.True(t, isStatus(err, tt.wantErr), "want status %d, got %v", tt.wantErr, err)
			}
			assert.Len(t, f.requests(), tt.wantSent)
			assert.Equal(t, tt.wantWaits, clock.slept())
			require.Len(t, events, len(tt.wantWaits), "one event per wait")
			for i, e := range events {
				assert.Equal(t, tt.wantWaits[i], e.Wait)
				assert.Equal(t, i+1, e.Attempt)
			}
		})
	}
}

func TestRetryNeverComesBeforeRetryAfter(t *testing.T) {
	for _, jitter := range []float64{0, 0.25, 0.999} {
		f := newFakeGraph(t, reply(429, "", "Retry-After", "0.001"), reply(429, "", "Retry-After", "3.5"), reply(200, `{"id":"c1"}`))
		c, clock := testClient(t, f, func(cfg *Config) { cfg.Retry.Jitter = func() float64 { return jitter } })
		_, err := c.GetConfiguration(context.Background(), "c1")
		require.NoError(t, err)
		waits := clock.slept()
		require.Len(t, waits, 2)
		assert.GreaterOrEqual(t, waits[0], 1*ms)
		assert.GreaterOrEqual(t, waits[1], 3500*ms)
		assert.LessOrEqual(t, waits[1], 3850*ms)
	}
}

func TestRetryStopsAtTheContextDeadline(t *testing.T) {
	f := newFakeGraph(t, reply(429, "", "Retry-After", "30"))
	clock := &fakeClock{now: time.Now()} // deadlines are in real time
	c, _ := testClient(t, f, func(cfg *Config) { cfg.Retry.Clock = clock })
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(10*time.Second))
	defer cancel()
	_, err := c.GetConfiguration(ctx, "c1")
	require.True(t, isStatus(err, 429))
	assert.Empty(t, clock.slept(), "a wait that outlasts the caller is not started")
}

func TestCancelledWaitReportsBothCauses(t *testing.T) {
	f := newFakeGraph(t, reply(503, ""))
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := testClient(t, f, func(cfg *Config) {
		cfg.Retry.Clock = cancellingClock{newFakeClock(), cancel}
	})
	_, err := c.GetConfiguration(ctx, "c1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.True(t, isStatus(err, 503))
}

// cancellingClock cancels its context when asked to sleep.
type cancellingClock struct {
	*fakeClock
	cancel context.CancelFunc
}

func (c cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	return c.fakeClock.Sleep(ctx, d)
}

func TestDroppedConnectionOnPostIsNotRetried(t *testing.T) {
	f := newFakeGraph(t, drop())
	c, clock := testClient(t, f)
	err := c.SetPriority(context.Background(), "c1", 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no answer from the service")
	assert.Len(t, f.requests(), 1)
	assert.Empty(t, clock.slept())
}

func TestTokenIsRenewedOnceAfter401(t *testing.T) {
	expired := reply(401, graphError("InvalidAuthenticationToken", "Access token has expired or is not yet valid."))
	tests := []struct {
		name       string
		steps      []step
		tokens     TokenSource
		wantAuth   []string
		wantStatus int
	}{
		{"renewed and retried, even a POST", []step{expired, reply(204, "")}, &renewingTokens{}, []string{"Bearer token-0", "Bearer token-1"}, 0},
		{"renewed only once", []step{expired, expired}, &renewingTokens{}, []string{"Bearer token-0", "Bearer token-1"}, 401},
		{"a source that cannot renew", []step{expired}, plainTokens{"p"}, []string{"Bearer p"}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			c, _ := testClient(t, f, func(cfg *Config) { cfg.Tokens = tt.tokens })
			_, err := c.Assign(context.Background(), "c1", nil)
			if tt.wantStatus == 0 {
				require.NoError(t, err)
			} else {
				assert.True(t, isStatus(err, tt.wantStatus), "got %v", err)
			}
			var auth []string
			for _, r := range f.requests() {
				auth = append(auth, r.Header.Get("Authorization"))
			}
			assert.Equal(t, tt.wantAuth, auth)
		})
	}
}

func TestTokenFailuresSendNothing(t *testing.T) {
	f := newFakeGraph(t, reply(401, ""))
	failing := &renewingTokens{}
	c, _ := testClient(t, f, func(cfg *Config) { cfg.Tokens = failing })
	failing.err = errors.New("interaction required")
	_, err := c.GetConfiguration(context.Background(), "c1")
	assert.ErrorContains(t, err, "getting a token")
	assert.ErrorContains(t, err, "interaction required")
	assert.Empty(t, f.requests())

	c, _ = testClient(t, f, func(cfg *Config) { cfg.Tokens = failingRenewal{} })
	_, err = c.GetConfiguration(context.Background(), "c1")
	assert.ErrorContains(t, err, "renewing the token")
	assert.Len(t, f.requests(), 1)
}

type failingRenewal struct{}

func (failingRenewal) Token(context.Context) (string, error) { return "old", nil }
func (failingRenewal) RenewToken(context.Context, string) (string, error) {
	return "", errors.New("refresh token expired")
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 8, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2.128", 2128 * ms, true},
		{"120", 120 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{".5", 500 * ms, true},
		{"5.", 5 * time.Second, true},
		{"0.0000000001", 1, true}, // past the nanosecond: rounded up, never down
		{"1.0000000000", time.Second, true},
		{"Thu, 01 Aug 2024 10:01:00 GMT", time.Minute, true},
		{"Thu, 01 Aug 2024 09:00:00 GMT", 0, true},
		{"", 0, false},
		{".", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{"soon", 0, false},
		{"9999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestRealClockSleepsAndStopsOnCancel(t *testing.T) {
	var clock Clock = WallClock{}
	require.NoError(t, clock.Sleep(context.Background(), time.Microsecond))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, clock.Sleep(ctx, time.Hour), context.Canceled)
	assert.False(t, clock.Now().IsZero())
}

func TestRetryableMethodsAndStatuses(t *testing.T) {
	for _, m := range []string{http.MethodGet, http.MethodPatch} {
		for _, s := range []int{0, 429, 503, 504} {
			assert.True(t, retryable(m, s), "%s %d", m, s)
		}
		for _, s := range []int{-1, 400, 401, 404, 500, 502} {
			assert.False(t, retryable(m, s), "%s %d", m, s)
		}
	}
	for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPut} {
		assert.False(t, retryable(m, 429), m)
	}
}
