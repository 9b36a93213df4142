package throttle

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
)

var start = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func newLimiter(limits Limits) (*Limiter, *clock.Manual) {
	c := clock.NewManual(start)
	return New(limits, c.Now), c
}

func admitN(l *Limiter, n int, req Request) (allowed int, last Decision) {
	for i := 0; i < n; i++ {
		last = l.Admit(req)
		if last.Allowed {
			allowed++
		}
	}
	return allowed, last
}

func TestIntuneLimitsAreTheDocumentedOnes(t *testing.T) {
	assert.Equal(t, Limits{Window: 20 * time.Second, TenantWrites: 200, AppWrites: 100, TenantAll: 2000, AppAll: 1000}, Intune)
}

func TestLimitsPerAppAndPerTenant(t *testing.T) {
	tests := []struct {
		name        string
		first       Request
		firstN      int
		then        Request
		wantAllowed bool
	}{
		{"app write budget spent", Request{Tenant: "t", App: "a", Write: true, Limited: true}, 100, Request{Tenant: "t", App: "a", Write: true, Limited: true}, false},
		{"app writes spent, its reads still go", Request{Tenant: "t", App: "a", Write: true, Limited: true}, 100, Request{Tenant: "t", App: "a", Write: false, Limited: true}, true},
		{"other app has its own write budget", Request{Tenant: "t", App: "a", Write: true, Limited: true}, 100, Request{Tenant: "t", App: "b", Write: true, Limited: true}, true},
		{"other tenant untouched", Request{Tenant: "t", App: "a", Write: true, Limited: true}, 100, Request{Tenant: "u", App: "a", Write: true, Limited: true}, true},
		{"app read budget spent", Request{Tenant: "t", App: "a", Write: false, Limited: true}, 1000, Request{Tenant: "t", App: "a", Write: false, Limited: true}, false},
		{"reads spent block writes too", Request{Tenant: "t", App: "a", Write: false, Limited: true}, 1000, Request{Tenant: "t", App: "a", Write: true, Limited: true}, false},
		{"unlimited resources are not counted", Request{Tenant: "t", App: "a", Write: true, Limited: false}, 500, Request{Tenant: "t", App: "a", Write: true, Limited: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLimiter(Intune)
			allowed, _ := admitN(l, tt.firstN, tt.first)
			require.Equal(t, tt.firstN, allowed)
			assert.Equal(t, tt.wantAllowed, l.Admit(tt.then).Allowed)
		})
	}
}

func TestTenantWriteBudgetIsSharedByApps(t *testing.T) {
	l, _ := newLimiter(Intune)
	a, _ := admitN(l, 100, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	b, _ := admitN(l, 100, Request{Tenant: "t", App: "b", Write: true, Limited: true})
	require.Equal(t, 200, a+b)
	d := l.Admit(Request{Tenant: "t", App: "c", Write: true, Limited: true})
	assert.False(t, d.Allowed, "a third app finds the tenant's 200 writes spent")
	assert.False(t, d.Early)
}

func TestRetryAfterIsWhenTheWindowHasRoomAndIsFractional(t *testing.T) {
	l, c := newLimiter(Intune)
	admitN(l, 50, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	c.Advance(2*time.Second + 128*time.Millisecond)
	admitN(l, 50, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	c.Advance(5 * time.Second)
	d := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	require.False(t, d.Allowed)
	// The oldest write leaves the 20 s window 20 - 7.128 s from now.
	assert.Equal(t, 12872*time.Millisecond, d.RetryAfter)
	assert.Equal(t, "12.872", FormatSeconds(d.RetryAfter))
}

func TestSlidingWindowFreesRoomAsRequestsAge(t *testing.T) {
	l, c := newLimiter(Intune)
	admitN(l, 60, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	c.Advance(10 * time.Second)
	admitN(l, 40, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	refused := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	require.False(t, refused.Allowed)
	require.Equal(t, 10*time.Second, refused.RetryAfter, "the 60 oldest leave the window 20 s after they came")
	c.Advance(refused.RetryAfter)
	allowed, _ := admitN(l, 61, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	assert.Equal(t, 60, allowed, "the 60 oldest left the window, the 40 newer are still in it")
}

func TestEarlyRetryIsCountedAndRestartsTheDelay(t *testing.T) {
	l, c := newLimiter(Intune)
	admitN(l, 100, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	first := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	require.False(t, first.Allowed)
	require.Equal(t, 20*time.Second, first.RetryAfter)

	c.Advance(5 * time.Second)
	early := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	assert.False(t, early.Allowed)
	assert.True(t, early.Early)
	assert.Equal(t, 20*time.Second, early.RetryAfter, "coming back early restarts the full delay")

	c.Advance(19 * time.Second) // the window has room now, but the new delay has not elapsed
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true}).Early)

	c.Advance(20 * time.Second)
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true}).Allowed, "after waiting the whole Retry-After it goes through")
}

func TestWaitingExactlyRetryAfterIsNotEarly(t *testing.T) {
	l, c := newLimiter(Intune)
	admitN(l, 100, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	d := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	c.Advance(d.RetryAfter)
	next := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	assert.False(t, next.Early)
	assert.True(t, next.Allowed)
}

func TestTimeScaleCompressesWindowAndRetryAfter(t *testing.T) {
	l, c := newLimiter(Intune)
	l.SetScale(0.05)
	assert.Equal(t, time.Second, l.Window())
	admitN(l, 100, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	d := l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true})
	require.False(t, d.Allowed)
	assert.Equal(t, time.Second, d.RetryAfter)
	c.Advance(time.Second)
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true}).Allowed)
}

func TestDisabledLimitsStillDetectEarlyRetryAfterABlock(t *testing.T) {
	l, c := newLimiter(Intune)
	l.SetEnabled(false)
	allowed, _ := admitN(l, 300, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	assert.Equal(t, 300, allowed)
	l.Block("t", "a", false, 2128*time.Millisecond)
	c.Advance(time.Second)
	d := l.Admit(Request{Tenant: "t", App: "a", Write: false, Limited: false})
	assert.True(t, d.Early)
	assert.Equal(t, 2128*time.Millisecond, d.RetryAfter)
	c.Advance(3 * time.Second)
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: false, Limited: false}).Allowed)
}

func TestResetForgetsWindowsAndBlocks(t *testing.T) {
	l, _ := newLimiter(Intune)
	admitN(l, 101, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	l.Reset()
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true}).Allowed)
}

func TestFormatSeconds(t *testing.T) {
	tests := map[time.Duration]string{
		2 * time.Second:                           "2",
		2128 * time.Millisecond:                   "2.128",
		350 * time.Millisecond:                    "0.35",
		1500*time.Microsecond + time.Nanosecond*1: "0.002", // rounded up, never down
	}
	for d, want := range tests {
		assert.Equal(t, want, FormatSeconds(d), d.String())
	}
}

func TestA429CannotMakeEarlyWhatWasSentBeforeIt(t *testing.T) {
	l, c := newLimiter(Intune)
	admitN(l, 99, Request{Tenant: "t", App: "a", Write: true, Limited: true})
	batch := l.Mark() // a batch of three writes arrives
	items := make([]Decision, 3)
	for i := range items {
		items[i] = l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true, Sent: batch})
	}
	assert.True(t, items[0].Allowed)
	assert.False(t, items[1].Allowed)
	assert.False(t, items[1].Early)
	assert.False(t, items[2].Early, "sent with the batch, before any 429 existed")

	c.Advance(time.Second)
	next := l.Mark()
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true, Sent: next}).Early, "the next batch was sent after the 429")
	assert.True(t, l.Admit(Request{Tenant: "t", App: "a", Write: true, Limited: true, Sent: next}).Early, "and each of its items is early")
}
