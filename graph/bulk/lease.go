package bulk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"enrollassign/graph"
)

// A run is kept in localStorage, which every tab of the app shares, so that
// a closed tab loses nothing. Two tabs must then never send the same run at
// once: each would re-read and write the same changes. A tab that sends a
// run holds a lease on it: a small record beside the run naming the holder
// and how long the claim lasts without renewal. While running, the engine
// renews it every third of its lifetime; it releases it when it stops. A
// tab that finds another's lease still fresh does not start; one that dies
// without releasing (a crash, a killed browser) stops renewing, and its
// lease lapses after DefaultLeaseTTL.
//
// localStorage has no compare-and-swap, so two tabs starting within the
// same instant could both take a lapsed lease. The engine checks that it
// still holds the lease before each save, and stops without saving when it
// does not; and every write is preceded by a re-read, so a change the other
// tab made is seen as made, never sent twice on the strength of stale state.

// DefaultLeaseTTL is how long a lease holds without renewal: long enough
// for a tab in the background (Chromium wakes its timers once a second) to
// renew it, short enough that a closed tab's run is offered again soon.
const DefaultLeaseTTL = 15 * time.Second

// Lease says who is sending a run, and until when the claim holds.
type Lease struct {
	Holder  string    `json:"holder"`
	Renewed time.Time `json:"renewed"`
	Expires time.Time `json:"expires"`
}

// Fresh reports a lease whose holder was alive recently enough that it may
// still be sending.
func (l Lease) Fresh(now time.Time) bool { return now.Before(l.Expires) }

// LeaseKey is where the lease on the run kept under runKey is kept: beside
// it, in the same store, so sign-out removes it with the run.
func LeaseKey(runKey string) string { return runKey + ".lease" }

// ReadLease reads the lease on the run kept under runKey. A damaged lease
// reads as none: it would otherwise lock the run for good.
func ReadLease(s Storage, runKey string) (Lease, bool) {
	raw, ok := s.Get(LeaseKey(runKey))
	if !ok || raw == "" {
		return Lease{}, false
	}
	var l Lease
	if err := json.Unmarshal([]byte(raw), &l); err != nil || l.Holder == "" {
		return Lease{}, false
	}
	return l, true
}

// HeldError refuses to send a run that another tab or window is sending.
type HeldError struct{ Lease Lease }

func (e *HeldError) Error() string {
	return "another tab or window is sending this bulk change (last sign of life at " + e.Lease.Renewed.Local().Format("15:04:05") +
		"); it can go on from here once that one stops, or from " + e.Lease.Expires.Local().Format("15:04:05") + " if it has gone silent"
}

// ErrLeaseLost stops a run whose lease another tab took over (or which was
// released when its page was hidden, or cleared by sign-out): nothing more
// is sent or saved from here.
var ErrLeaseLost = errors.New("this tab stopped sending the bulk change: another tab or window took it over, or it was released when this page was hidden; nothing more was sent or saved from here")

// NewHolder names one start of a run in one page: its lease's holder.
func NewHolder() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "tab-" + hex.EncodeToString(b[:])
}

// LeaseKeeper is one page's side of the lease on the run kept under Key in
// Store, as Holder. The engine holds the lease through it while it sends
// (acquire, renew, release); a screen asks it whether another tab holds
// the run (Elsewhere) and lets its own lease go as the page goes away
// (Release). It knows nothing of the page: the screens' go-app side looks
// again and listens for pagehide.
type LeaseKeeper struct {
	Store  Storage
	Key    string
	Holder string
	// TTL defaults to DefaultLeaseTTL.
	TTL time.Duration
	// Clock stamps and reads the lease; nil is the wall clock. Tabs
	// compare its stamps with each other's, so the app leaves it nil.
	Clock graph.Clock
}

func (e *Engine) leaseKeeper() *LeaseKeeper {
	if e.Holder == "" || e.Store == nil {
		return nil
	}
	return &LeaseKeeper{Store: e.Store, Key: e.Key, Holder: e.Holder, TTL: e.LeaseTTL, Clock: e.LeaseClock}
}

func (l *LeaseKeeper) now() time.Time {
	if l.Clock == nil {
		return time.Now()
	}
	return l.Clock.Now()
}

func (l *LeaseKeeper) ttl() time.Duration {
	if l.TTL <= 0 {
		return DefaultLeaseTTL
	}
	return l.TTL
}

// Elsewhere returns the lease when someone other than Holder holds it and
// it is still fresh: the run must not be sent from here.
func (l *LeaseKeeper) Elsewhere() (Lease, bool) {
	if l.Store == nil {
		return Lease{}, false
	}
	cur, ok := ReadLease(l.Store, l.Key)
	if !ok || cur.Holder == l.Holder || !cur.Fresh(l.now()) {
		return Lease{}, false
	}
	return cur, true
}

// Release removes Holder's lease, and nobody else's. A page calls it as it
// goes away (pagehide), so that the run is offered at once elsewhere.
func (l *LeaseKeeper) Release() {
	if l.Store == nil || l.Holder == "" {
		return
	}
	if cur, ok := ReadLease(l.Store, l.Key); ok && cur.Holder == l.Holder {
		l.Store.Remove(LeaseKey(l.Key))
	}
}

// acquire takes the lease unless another holder's is fresh.
func (l *LeaseKeeper) acquire() error {
	if cur, held := l.Elsewhere(); held {
		return &HeldError{Lease: cur}
	}
	return l.write(l.now())
}

func (l *LeaseKeeper) write(now time.Time) error {
	raw, err := json.Marshal(Lease{Holder: l.Holder, Renewed: now, Expires: now.Add(l.ttl())})
	if err != nil {
		return fmt.Errorf("writing the bulk run's lease: %w", err)
	}
	if err := l.Store.Set(LeaseKey(l.Key), string(raw)); err != nil {
		return fmt.Errorf("keeping the bulk run's lease in the browser: %w", err)
	}
	return nil
}

// held reports whether the stored lease is still this keeper's. An expired
// one still is: nobody else took it, so nobody else is sending.
func (l *LeaseKeeper) held() bool {
	cur, ok := ReadLease(l.Store, l.Key)
	return ok && cur.Holder == l.Holder
}

// renew extends a lease still held; false when it was lost.
func (l *LeaseKeeper) renew() bool {
	if !l.held() {
		return false
	}
	return l.write(l.now()) == nil
}

// keep renews the lease in the background until stopped. The context it
// returns is cancelled when the lease is lost, which stops the run at the
// end of the batch in flight. stop ends the renewals, then releases.
func (l *LeaseKeeper) keep(ctx context.Context) (context.Context, func()) {
	clock := l.Clock
	if clock == nil {
		clock = graph.WallClock{}
	}
	runCtx, lost := context.WithCancel(ctx)
	beat, stopBeat := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for clock.Sleep(beat, l.ttl()/3) == nil && beat.Err() == nil {
			if !l.renew() {
				lost()
				return
			}
		}
	}()
	return runCtx, func() {
		stopBeat()
		<-done
		l.Release()
		lost()
	}
}
