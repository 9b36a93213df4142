package components

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/browser"
	"enrollassign/graph/bulk"
)

// defaultLeaseRecheck is how often a screen looks again while another tab
// holds the lease: soon after that tab stops, the run is offered here.
const defaultLeaseRecheck = time.Second

// leaseWatch is a screen's go-app side of the lease on its kept run: runs
// are kept in localStorage, which every tab shares, and only the tab
// holding a run's lease sends it. bulk.LeaseKeeper decides (it knows
// nothing of go-app); the watch notes another tab's lease (held), looks
// again every recheck while there is one, and lets this page's own lease go
// as the page goes away. The bulk entry, the bulk screen and the backup
// screen each keep one.
type leaseWatch struct {
	keeper  bulk.LeaseKeeper
	recheck time.Duration
	// held is another tab's fresh lease on the run, while it has one.
	held         *bulk.Lease
	watching     bool
	stopPageHide func()
}

// newLeaseWatch watches the lease on the run kept under key in store.
func newLeaseWatch(store bulk.Storage, key string, o options) leaseWatch {
	return leaseWatch{keeper: bulk.LeaseKeeper{Store: store, Key: key, TTL: o.leaseTTL, Clock: o.leaseClock}, recheck: o.leaseRecheck}
}

// look notes whether another tab holds the run now.
func (w *leaseWatch) look() {
	w.held = nil
	if l, ok := w.keeper.Elsewhere(); ok {
		w.held = &l
	}
}

// again runs the screen's own look f after the recheck interval while
// another tab holds the run, once at a time. Not ctx.After: go-app waits
// for those, and a look taken every second while another tab sends a long
// run is no work to wait for.
func (w *leaseWatch) again(ctx app.Context, f func(app.Context)) {
	if w.held == nil || w.watching {
		return
	}
	w.watching = true
	d := w.recheck
	if d <= 0 {
		d = defaultLeaseRecheck
	}
	go func() {
		time.Sleep(d)
		ctx.Dispatch(func(ctx app.Context) {
			w.watching = false
			f(ctx)
		})
	}()
}

// claim names this page's start of the run: the holder of the lease the
// engine takes. Tell the engine with engine().
func (w *leaseWatch) claim() { w.keeper.Holder = bulk.NewHolder() }

// engine sets e up to send the run only under this page's lease.
func (w *leaseWatch) engine(e *bulk.Engine) {
	e.Holder, e.LeaseTTL, e.LeaseClock = w.keeper.Holder, w.keeper.TTL, w.keeper.Clock
}

// mine reports the holder this page's lease is taken as.
func (w *leaseWatch) mine() string { return w.keeper.Holder }

// releaseOnPageHide lets this page's lease go as the page goes away
// (closed, reloaded, left), so that another tab, or this one reloaded, can
// resume the run at once; stop ends the listening.
func (w *leaseWatch) releaseOnPageHide() { w.stopPageHide = browser.OnPageHide(w.release) }

func (w *leaseWatch) release() { w.keeper.Release() }

func (w *leaseWatch) stop() {
	if w.stopPageHide != nil {
		w.stopPageHide()
	}
}

// stoppedBy reads why a run ended: refused since another tab holds its
// lease (held now shows it), or stopped since this page lost it.
func (w *leaseWatch) stoppedBy(err error) (heldElsewhere, lost bool) {
	var held *bulk.HeldError
	switch {
	case errors.As(err, &held):
		w.held = &held.Lease
		return true, false
	case errors.Is(err, bulk.ErrLeaseLost):
		return false, true
	}
	return false, false
}

// heldWords says, on a screen, that another tab is sending the run; what
// names the run ("This bulk change").
func heldWords(what string, l *bulk.Lease) string {
	return what + " is being sent from another tab or window of this browser (last sign of life at " +
		l.Renewed.Local().Format("15:04:05") + "). It can be resumed here once that one stops, or from " +
		l.Expires.Local().Format("15:04:05") + " if it was closed without stopping; this page looks again every second."
}

// renderHeldRun is the notice that another tab is sending a run.
func renderHeldRun(what string, l *bulk.Lease) app.UI {
	return app.P().Class("notice bulk-held-elsewhere").Role("status").Text(heldWords(what, l))
}
