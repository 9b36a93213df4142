// Package clock gives the emulator one notion of "now" that tests can move:
// token lifetimes, code expiry, the SPA refresh cap and the throttling window
// all read it, so a test jumps hours in a call instead of sleeping.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// Offset is a base clock plus an adjustable offset: the emulator wraps
// whatever clock it was given in one, so `POST /_emulator/clock` can jump it
// forward without the caller's clock knowing.
type Offset struct {
	base Clock

	mu     sync.Mutex
	offset time.Duration
}

// NewOffset wraps base (nil means the wall clock).
func NewOffset(base Clock) *Offset {
	if base == nil {
		base = Wall{}
	}
	return &Offset{base: base}
}

// Now is the base clock's time plus the offset.
func (o *Offset) Now() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.base.Now().Add(o.offset)
}

// MaxOffset is as far ahead as the clock goes: a century, beyond any
// token's or window's lifetime, and well short of the 292 years after which
// a time.Duration wraps around to the past.
const MaxOffset = 100 * 365 * 24 * time.Hour

// Advance moves the clock forward by d, up to MaxOffset ahead of its base
// (never backwards: tokens and windows assume time only grows).
func (o *Offset) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	o.mu.Lock()
	o.offset += min(d, MaxOffset-o.offset)
	o.mu.Unlock()
}

// Reset drops the offset.
func (o *Offset) Reset() {
	o.mu.Lock()
	o.offset = 0
	o.mu.Unlock()
}

// Elapsed is the total offset applied so far.
func (o *Offset) Elapsed() time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.offset
}

// Manual is a clock that moves only when told: for tests.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

// NewManual starts a manual clock at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// Now returns the current manual time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves the manual clock by d.
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	m.now = m.now.Add(d)
	m.mu.Unlock()
}
