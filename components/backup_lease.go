package components

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph/bulk"
)

// The backup screen's side of bulk.Lease, as the bulk screen's: a restore's
// retargets go through the bulk engine, their run is kept in localStorage
// (which every tab shares), and only the tab holding the run's lease sends
// it. Another tab's restore is shown as being sent there, and followed
// until that tab lets go; this page lets go on pagehide.

func (c *BackupScreen) leaseView() leaseView {
	if !c.Keeping.Enabled() {
		return leaseView{}
	}
	return leaseView{store: c.Keeping.Local, key: c.Keeping.restoreRunKey(), me: c.holder, clock: c.LeaseClock}
}

// heldElsewhere reports, and shows, another tab sending the kept restore.
func (c *BackupScreen) heldElsewhere() bool {
	if c.held = c.leaseView().elsewhere(); c.held == nil {
		return false
	}
	c.watchLease(c.ctx)
	return true
}

// releaseLease lets the run go as the page goes away, so that another tab
// (or this one, reloaded) can resume it at once.
func (c *BackupScreen) releaseLease() {
	if c.holder != "" && c.Keeping.Enabled() {
		bulk.ReleaseLease(c.Keeping.Local, c.Keeping.restoreRunKey(), c.holder)
	}
}

// watchLease notes whether another tab is sending the kept restore, shows
// the kept run as that tab left it, and looks again while it is.
func (c *BackupScreen) watchLease(ctx app.Context) {
	if c.running {
		c.held = nil
		return
	}
	c.held = c.leaseView().elsewhere()
	c.followKept()
	if c.held == nil || c.watching {
		return
	}
	c.watching = true
	lookAgain(ctx, c.LeaseRecheck, func(ctx app.Context) {
		c.watching = false
		c.watchLease(ctx)
	})
}

// followKept reads the kept run again while it is offered: another tab may
// have moved it on, or finished it.
func (c *BackupScreen) followKept() {
	if c.kept == nil || !c.Keeping.Enabled() {
		return
	}
	run, found, err := bulk.LoadRun(c.Keeping.Local, c.Keeping.restoreRunKey())
	switch {
	case err != nil:
	case found && run.Unfinished():
		c.kept = run
	default:
		c.kept = nil
	}
}

// ended reads a restore stopped by another tab holding the lease: shown as
// such, not as a failure. It reports whether it handled err. A lease lost
// while running is a failure shown as one, and another tab that took the
// run over is shown too.
func (c *BackupScreen) ended(ctx app.Context, err error) bool {
	var held *bulk.HeldError
	switch {
	case errors.As(err, &held):
		c.runErr, c.held = nil, &held.Lease
		c.watchLease(ctx)
		return true
	case errors.Is(err, bulk.ErrLeaseLost):
		c.watchLease(ctx)
	}
	return false
}
