// Package throttle applies Intune's documented request limits the way the
// service does: a sliding window per tenant and per app within the tenant,
// writes counted separately from all requests, 429 with a Retry-After that
// says when the window will have room, and a request that comes back before
// its Retry-After has elapsed counted as an early retry and refused again
// for the full delay (retrying early prolongs the throttling).
package throttle

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Limits are request budgets per window.
type Limits struct {
	Window       time.Duration
	TenantWrites int // POST, PUT, DELETE, PATCH per tenant, all apps
	AppWrites    int // the same per app per tenant
	TenantAll    int // any request per tenant, all apps
	AppAll       int // any request per app per tenant
}

// Intune are the documented limits for the Intune device enrollment
// resources (which include enrollmentConfigurationAssignment).
var Intune = Limits{Window: 20 * time.Second, TenantWrites: 200, AppWrites: 100, TenantAll: 2000, AppAll: 1000}

// Class is the budget a refusal was about.
type Class int

// The two budgets: writes, and any request.
const (
	Writes Class = iota
	Any
)

// Decision is the answer for one request.
type Decision struct {
	Allowed    bool
	RetryAfter time.Duration // when refused
	Early      bool          // refused because it came before an earlier Retry-After elapsed
}

// Limiter decides, request by request. Safe for concurrent use.
type Limiter struct {
	limits Limits
	now    func() time.Time

	mu      sync.Mutex
	scale   float64
	enabled bool
	tenants map[string]*windows
	apps    map[appKey]*windows
	blocks  map[blockKey]block
	seq     uint64 // counts the 429s given, to order them against requests
}

type appKey struct{ tenant, app string }

type blockKey struct {
	app   appKey
	class Class
}

// block remembers the Retry-After an app was given.
type block struct {
	until time.Time
	delay time.Duration
	seq   uint64 // when it was first given, for Request.Sent
}

// windows holds the times of admitted requests inside the sliding window.
type windows struct{ all, writes []time.Time }

// New returns an enabled limiter at time scale 1.
func New(limits Limits, now func() time.Time) *Limiter {
	l := &Limiter{limits: limits, now: now, scale: 1, enabled: true}
	l.Reset()
	return l
}

// Reset forgets every window and block.
func (l *Limiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tenants = map[string]*windows{}
	l.apps = map[appKey]*windows{}
	l.blocks = map[blockKey]block{}
}

// SetScale compresses time: at 0.05 a 20 s window lasts 1 s and every
// Retry-After is scaled the same way. Non-positive values mean 1.
func (l *Limiter) SetScale(scale float64) {
	if scale <= 0 {
		scale = 1
	}
	l.mu.Lock()
	l.scale = scale
	l.mu.Unlock()
}

// SetEnabled switches limit enforcement; early retries after an earlier 429
// (injected ones included) are detected either way.
func (l *Limiter) SetEnabled(on bool) {
	l.mu.Lock()
	l.enabled = on
	l.mu.Unlock()
}

// Window is the current (scaled) window length.
func (l *Limiter) Window() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.window()
}

func (l *Limiter) window() time.Duration {
	return time.Duration(float64(l.limits.Window) * l.scale)
}

// Request describes one request to decide.
type Request struct {
	Tenant, App string
	Write       bool
	// Limited marks a request to a resource under these limits; others are
	// only checked for coming back early after a 429.
	Limited bool
	// Sent is the Mark taken when the request (or the $batch carrying it)
	// arrived; zero means now. A 429 given at or after that mark cannot
	// make it early: its client could not have seen it yet.
	Sent uint64
}

// Admit decides one request, and counts it when admitted.
func (l *Limiter) Admit(req Request) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	key, write := appKey{req.Tenant, req.App}, req.Write
	sent := req.Sent
	if sent == 0 {
		sent = l.seq + 1
	}
	if d, early := l.earlyRetry(key, write, now, sent); early {
		return d
	}
	if !l.enabled || !req.Limited {
		return Decision{Allowed: true}
	}
	t, a := l.windowsFor(key, now)
	wait, class := l.overLimit(t, a, write, now)
	if wait > 0 {
		l.blockFor(key, class, wait, now)
		return Decision{RetryAfter: roundUp(wait)}
	}
	t.all, a.all = append(t.all, now), append(a.all, now)
	if write {
		t.writes, a.writes = append(t.writes, now), append(a.writes, now)
	}
	return Decision{Allowed: true}
}

// Block records a Retry-After given to app by someone else (an injected
// 429), so that coming back early is detected all the same.
func (l *Limiter) Block(tenant, app string, write bool, delay time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	class := Any
	if write {
		class = Writes
	}
	l.blockFor(appKey{tenant, app}, class, delay, l.now())
}

func (l *Limiter) blockFor(key appKey, class Class, delay time.Duration, now time.Time) {
	delay = roundUp(delay)
	l.seq++
	l.blocks[blockKey{key, class}] = block{until: now.Add(delay), delay: delay, seq: l.seq}
}

// Mark orders requests against 429s: take it when a request arrives and
// pass it as Request.Sent for everything that request carries.
func (l *Limiter) Mark() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq + 1
}

// earlyRetry refuses a request that arrives while its app is still inside a
// Retry-After it was given before the request was sent, and restarts the
// full delay.
func (l *Limiter) earlyRetry(key appKey, write bool, now time.Time, sent uint64) (Decision, bool) {
	classes := []Class{Any}
	if write {
		classes = append(classes, Writes)
	}
	for _, c := range classes {
		b, ok := l.blocks[blockKey{key, c}]
		if ok && b.seq < sent && now.Before(b.until) {
			b.until = now.Add(b.delay)
			l.blocks[blockKey{key, c}] = b
			return Decision{RetryAfter: b.delay, Early: true}, true
		}
	}
	return Decision{}, false
}

func (l *Limiter) windowsFor(key appKey, now time.Time) (tenant, app *windows) {
	tenant, ok := l.tenants[key.tenant]
	if !ok {
		tenant = &windows{}
		l.tenants[key.tenant] = tenant
	}
	app, ok = l.apps[key]
	if !ok {
		app = &windows{}
		l.apps[key] = app
	}
	cutoff := now.Add(-l.window())
	tenant.prune(cutoff)
	app.prune(cutoff)
	return tenant, app
}

// overLimit returns how long until every exceeded budget has room, and
// which budget that was (Any wins: it blocks reads too).
func (l *Limiter) overLimit(t, a *windows, write bool, now time.Time) (time.Duration, Class) {
	var wait time.Duration
	class := Writes
	check := func(times []time.Time, limit int, c Class) {
		if w := l.waitFor(times, limit, now); w > 0 {
			wait = max(wait, w)
			if c == Any {
				class = Any
			}
		}
	}
	check(t.all, l.limits.TenantAll, Any)
	check(a.all, l.limits.AppAll, Any)
	if write {
		check(t.writes, l.limits.TenantWrites, Writes)
		check(a.writes, l.limits.AppWrites, Writes)
	}
	return wait, class
}

// waitFor is zero while the window has room, else the time until enough of
// the oldest requests leave it.
func (l *Limiter) waitFor(times []time.Time, limit int, now time.Time) time.Duration {
	if len(times) < limit {
		return 0
	}
	leaving := times[len(times)-limit]
	return max(leaving.Add(l.window()).Sub(now), time.Millisecond)
}

func (w *windows) prune(cutoff time.Time) {
	w.all = dropBefore(w.all, cutoff)
	w.writes = dropBefore(w.writes, cutoff)
}

func dropBefore(times []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(cutoff) {
		i++
	}
	return times[i:]
}

// roundUp rounds to whole milliseconds upwards, so a client that waits
// exactly the Retry-After it read is never early.
func roundUp(d time.Duration) time.Duration {
	return time.Duration(math.Ceil(float64(d)/float64(time.Millisecond))) * time.Millisecond
}

// FormatSeconds writes a delay as Retry-After does: seconds, fractional when
// the delay is not whole ("2.128"), never rounded down.
func FormatSeconds(d time.Duration) string {
	ms := roundUp(d).Milliseconds()
	return strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
}
