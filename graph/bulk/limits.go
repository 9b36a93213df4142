package bulk

import "time"

// Limits are the request budgets the run keeps under, per app per tenant.
type Limits struct {
	Window time.Duration
	// Writes counts POST, PUT, PATCH and DELETE, each request inside a
	// $batch on its own.
	Writes int
	// Requests counts every request, reads included.
	Requests int
}

// IntuneLimits are the documented limits of the Intune device enrollment
// resources for one app in one tenant (the tenant as a whole gets twice as
// much, shared by every app).
var IntuneLimits = Limits{Window: 20 * time.Second, Writes: 100, Requests: 1000}

// Scaled compresses the window, as the emulator does with its TimeScale:
// at 0.05, 100 writes per 20 s becomes 100 writes per second.
func (l Limits) Scaled(scale float64) Limits {
	if scale <= 0 {
		return l
	}
	l.Window = time.Duration(float64(l.Window) * scale)
	return l
}

func (l Limits) withDefaults() Limits {
	if l.Window <= 0 || l.Writes <= 0 || l.Requests <= 0 {
		return IntuneLimits
	}
	return l
}

// Backoff is the wait, before jitter, after the n-th transient failure in a
// row: a twentieth of the window (1 s at Intune's), doubling up to 1.6
// windows (32 s). The engine and a backup's restore both wait so.
func (l Limits) Backoff(n int) time.Duration {
	l = l.withDefaults()
	d, limit := l.Window/20, l.Window*8/5
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}
