package components

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
	"enrollassign/graph/bulk"
)

// The backup screen's side of the run's lease (lease_watch.go): a
// restore's retargets go through the bulk engine, their run is kept in
// localStorage, which every tab shares, and only the tab holding the run's
// lease sends it. Another tab's restore is shown as being sent there, and
// followed until that tab lets go.

// heldElsewhere reports, and shows, another tab sending the kept restore.
func (c *BackupScreen) heldElsewhere() bool {
	if c.lease.look(); c.lease.held == nil {
		return false
	}
	c.watchLease(c.ctx)
	return true
}

// watchLease notes whether another tab is sending the kept restore, shows
// the kept run as that tab left it, and looks again while it is.
func (c *BackupScreen) watchLease(ctx app.Context) {
	if c.running {
		c.lease.held = nil
		return
	}
	c.lease.look()
	c.followKept()
	c.lease.again(ctx, c.watchLease)
}

// followKept reads the kept run again while it is offered: another tab may
// have moved it on, or finished it.
func (c *BackupScreen) followKept() {
	if c.kept == nil || !c.Keeping.Enabled() {
		return
	}
	run, found, err := bulk.LoadRun(c.Keeping.Restore, keep.RunKey)
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
	held, lost := c.lease.stoppedBy(err)
	if held {
		c.runErr = nil
	}
	if held || lost {
		c.watchLease(ctx)
	}
	return held
}
