package graph

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Clock is the time source retries wait on; tests inject one that records
// waits instead of sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, whichever comes first.
	Sleep(ctx context.Context, d time.Duration) error
}

// RetryPolicy bounds how a request that Graph throttled (429), could not
// serve (503, 504) or whose connection dropped is sent again. Only GET and
// PATCH are retried: they are idempotent, while a POST may have taken effect.
// Zero fields take the defaults named beside them.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt too (default 5; 1 never retries).
	MaxAttempts int
	// MaxTotal bounds the time from the first attempt to the last retry
	// (default 2 minutes): a wait that would end later is not started and
	// the error is returned with its RetryAfter, for the caller to schedule.
	MaxTotal time.Duration
	// BaseDelay is the first backoff when Graph says nothing about when to
	// retry, as a browser sees it when Retry-After is not exposed (default 1 s).
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 32 s). It never shortens a
	// Retry-After: retrying early only prolongs throttling.
	MaxDelay time.Duration
	// Jitter returns a number in [0, 1) that spreads clients apart
	// (default math/rand/v2's Float64).
	Jitter func() float64
	// Clock measures and waits (default: real time).
	Clock Clock
	// OnRetry, when set, is told of every wait before it starts, so a
	// screen can say "throttled, retrying in 3 s".
	OnRetry func(RetryEvent)
}

// RetryEvent describes one wait before a retry.
type RetryEvent struct {
	Method, URL string
	Attempt     int           // the attempt that failed, from 1
	Status      int           // 0 when the connection dropped
	Err         error         // what failed
	Wait        time.Duration // how long the client waits before the next attempt
	// FromRetryAfter says the wait honours the service's Retry-After rather
	// than the client's own backoff.
	FromRetryAfter bool
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.MaxTotal <= 0 {
		p.MaxTotal = 2 * time.Minute
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = time.Second
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 32 * time.Second
	}
	if p.Jitter == nil {
		p.Jitter = rand.Float64
	}
	if p.Clock == nil {
		p.Clock = WallClock{}
	}
	return p
}

// retryable reports whether a request with this method that failed with this
// status (0: the connection dropped) may be sent again.
func retryable(method string, status int) bool {
	if method != http.MethodGet && method != http.MethodPatch {
		return false
	}
	switch status {
	case 0, http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// delay is the wait before the attempt after attempt. A known Retry-After is
// honoured in full plus up to a tenth more, so that clients throttled
// together do not return together; otherwise the backoff doubles from
// BaseDelay up to MaxDelay, half of it fixed and half jittered.
func (p RetryPolicy) delay(attempt int, retryAfter time.Duration, known bool) time.Duration {
	if known {
		return retryAfter + time.Duration(p.Jitter()*float64(retryAfter)/10)
	}
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	return d/2 + time.Duration(p.Jitter()*float64(d/2))
}

// fits reports whether waiting d now stays within MaxTotal since start and
// before ctx's deadline: a wait that cannot be followed by a retry is useless.
func (p RetryPolicy) fits(ctx context.Context, start time.Time, d time.Duration) bool {
	now := p.Clock.Now()
	if now.Add(d).Sub(start) > p.MaxTotal {
		return false
	}
	deadline, ok := ctx.Deadline()
	return !ok || now.Add(d).Before(deadline)
}

// parseRetryAfter reads a Retry-After value: seconds, possibly fractional
// ("2.128", as Intune sends), or an HTTP date relative to now.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if d, ok := parseSeconds(v); ok {
		return d, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// parseSeconds reads a non-negative decimal number of seconds exactly,
// rounding up past the nanosecond, so that a wait is never shorter than what
// the service asked for (floating point would turn 2.128 into 2.127999999).
func parseSeconds(v string) (time.Duration, bool) {
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(whole) > 6 || len(frac) > 30 || !isDigits(whole) || !isDigits(frac) {
		return 0, false
	}
	var roundUp time.Duration
	if len(frac) > 9 {
		if strings.Trim(frac[9:], "0") != "" {
			roundUp = 1
		}
		frac = frac[:9]
	}
	frac += strings.Repeat("0", 9-len(frac))
	return time.Duration(atoi(whole))*time.Second + time.Duration(atoi(frac)) + roundUp, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string isDigits accepted, short enough not to overflow.
func atoi(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

// WallClock is the real time; every package that paces or waits on Graph
// uses it unless a test injects another Clock.
type WallClock struct{}

func (WallClock) Now() time.Time { return time.Now() }

// Sleep waits d (nothing for d <= 0) or until ctx is done.
func (WallClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
