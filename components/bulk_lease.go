package components

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// The bulk screens' side of bulk.Lease: runs are kept in localStorage, which
// every tab shares, and only the tab holding a run's lease sends it. These
// helpers tell a screen whether another tab is sending the kept run, look
// again until it is not, and let the lease go when the page goes away.

// defaultLeaseRecheck is how often a screen looks again while another tab
// holds the lease: soon after that tab stops, the run is offered here.
const defaultLeaseRecheck = time.Second

// leaseView is what a screen needs to read the lease on its kept run.
type leaseView struct {
	store bulk.Storage
	key   string
	// me is this screen's holder name; a lease of its own is not "elsewhere".
	me    string
	clock graph.Clock
}

// elsewhere is the lease another tab or window holds fresh on the run, if any.
func (v leaseView) elsewhere() *bulk.Lease {
	if v.store == nil || v.key == "" {
		return nil
	}
	now := time.Now()
	if v.clock != nil {
		now = v.clock.Now()
	}
	l, held := bulk.HeldElsewhere(v.store, v.key, v.me, now)
	if !held {
		return nil
	}
	return &l
}

// lookAgain runs f on ctx's component after the recheck interval d (a
// second when zero), unless it has gone meanwhile. Not ctx.After: go-app
// waits for those, and a look taken every second while another tab sends
// a long run is no work to wait for.
func lookAgain(ctx app.Context, d time.Duration, f func(app.Context)) {
	if d <= 0 {
		d = defaultLeaseRecheck
	}
	go func() {
		time.Sleep(d)
		ctx.Dispatch(f)
	}()
}

// newHolder names one start of a run in this page: its lease's holder.
func newHolder() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "tab-" + hex.EncodeToString(b[:])
}

// heldWords says, on a screen, that another tab is sending the run; what
// names the run ("This bulk change").
func heldWords(what string, l *bulk.Lease) string {
	return what + " is being sent from another tab or window of this browser (last sign of life at " +
		l.Renewed.Local().Format("15:04:05") + "). It can be resumed here once that one stops, or from " +
		l.Expires.Local().Format("15:04:05") + " if it was closed without stopping; this page looks again every second."
}

// renderHeld is the notice that another tab is sending the bulk run.
func renderHeld(l *bulk.Lease) app.UI { return renderHeldRun("This bulk change", l) }

// renderHeldRun is the notice that another tab is sending a run.
func renderHeldRun(what string, l *bulk.Lease) app.UI {
	return app.P().Class("notice bulk-held-elsewhere").Role("status").Text(heldWords(what, l))
}

// onPageHide calls f as the page goes away (closed, reloaded, left): from
// the browser's event itself, since nothing runs after it. Nothing happens
// on the server, where there is no page.
func onPageHide(f func()) (stop func()) {
	if app.IsServer {
		return func() {}
	}
	fn := app.FuncOf(func(app.Value, []app.Value) any { f(); return nil })
	w := app.Window()
	w.Call("addEventListener", "pagehide", fn)
	return func() {
		w.Call("removeEventListener", "pagehide", fn)
		fn.Release()
	}
}
