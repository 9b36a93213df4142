package components

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep"
	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// restoreGraph is a bulkGraph the backup screen restores through: its
// retargets go out as batches over the same configurations.
type restoreGraph struct{ *bulkGraph }

func (g restoreGraph) TenantGraph() TenantGraph { return g }

func (g restoreGraph) ReplaceAssignments(context.Context, string, []graph.Assignment, []graph.Assignment) (graph.WriteResult, error) {
	return graph.WriteResult{Status: 204}, nil
}

// keptRestore is a restore a closed tab left: its retargets, kept where
// the backup screen keeps them, nothing sent yet.
func keptRestore(t *testing.T) (restoreGraph, keep.Store, keep.Keeping) {
	t.Helper()
	g := restoreGraph{bulkTenant()}
	k := keep.For(admin(), new(keeptest.Memory))
	plan, err := bulk.NewPlan(g.configurations, bulk.Selection{Rules: []bulk.Rule{{Kind: bulk.RuleGroup, GroupID: pilotID}}}, bulk.ToggleInclusion())
	require.NoError(t, err)
	require.NoError(t, bulk.SaveRun(k.Restore, keep.RunKey, bulk.NewRun("restore-kept", plan, bulk.StrategyFewest, time.Now())))
	return g, k.Restore, k
}

func putLeaseOn(t *testing.T, s bulk.Storage, runKey string, l bulk.Lease) {
	t.Helper()
	raw, err := json.Marshal(l)
	require.NoError(t, err)
	require.NoError(t, s.Set(bulk.LeaseKey(runKey), string(raw)))
}

// A second tab offers the kept restore only once the tab sending it has let
// it go; meanwhile nothing is sent from here. Resumed, it is sent under a
// lease of this screen's own, released at the end.
func TestBackupRestoreWaitsWhileAnotherTabSendsIt(t *testing.T) {
	g, store, k := keptRestore(t)
	key := keep.RunKey
	now := time.Now()
	putLeaseOn(t, store, key, bulk.Lease{Holder: "tab-b", Renewed: now, Expires: now.Add(time.Hour)})

	c := &BackupScreen{Graph: g, Keeping: k, opts: options{leaseRecheck: 5 * time.Millisecond}}
	e := mount(t, c)
	assert.Contains(t, visible(html(c)), "A restore is being sent from another tab or window")
	assert.NotContains(t, html(c), `id="resume-restore"`)
	act(t, e, c, func(ctx app.Context) { c.ResumeKept(ctx) })
	assert.Zero(t, g.batches, "nothing sent while the other tab holds the run")
	assert.False(t, c.running)

	var holderDuringRun string
	g.onBatch = func(int, []graph.BatchRequest) {
		l, _ := bulk.ReadLease(store, key)
		holderDuringRun = l.Holder
	}
	store.Remove(bulk.LeaseKey(key)) // that tab stopped and let it go
	waitFor(t, e, func() bool { return strings.Contains(html(c), `id="resume-restore"`) })
	assert.NotContains(t, visible(html(c)), "another tab")

	act(t, e, c, func(ctx app.Context) { c.ResumeKept(ctx) })
	waitFor(t, e, func() bool { return c.finished })
	require.NoError(t, c.runErr)
	assert.Positive(t, g.writeCount(espID)+g.writeCount(limitID), "the retargets were sent")
	assert.Equal(t, c.lease.mine(), holderDuringRun, "sent under this screen's lease")
	assert.NotEqual(t, "tab-b", holderDuringRun)
	_, leased := bulk.ReadLease(store, key)
	assert.False(t, leased, "released when done")
}

// What pagehide does: the lease is let go at once, and a run still in
// flight stops without saving over whoever takes it up next.
func TestBackupRestoreLetsItsLeaseGoWithThePage(t *testing.T) {
	g, store, k := keptRestore(t)
	key := keep.RunKey
	c := &BackupScreen{Graph: g, Keeping: k}
	e := mount(t, c)

	var leasedBeforeRelease bool
	g.onBatch = func(n int, _ []graph.BatchRequest) {
		if n == 1 {
			_, leasedBeforeRelease = bulk.ReadLease(store, key)
			c.lease.release() // the page is going away while the batch is out
		}
	}
	act(t, e, c, func(ctx app.Context) { c.ResumeKept(ctx) })
	waitFor(t, e, func() bool { return c.finished })

	assert.True(t, leasedBeforeRelease, "the run was sent under a lease")
	_, leased := bulk.ReadLease(store, key)
	assert.False(t, leased, "the lease is gone")
	assert.ErrorIs(t, c.runErr, bulk.ErrLeaseLost)
	assert.Equal(t, 1, g.batches, "nothing more was sent")
	assert.Contains(t, visible(html(c)), "this tab stopped sending")
}

// Another tab that started sending the kept run after this screen offered
// it refuses the resume: shown as that tab's run, not as a failure.
func TestBackupRestoreStartedElsewhereMeanwhileIsShownAsThatTabs(t *testing.T) {
	g, store, k := keptRestore(t)
	key := keep.RunKey
	c := &BackupScreen{Graph: g, Keeping: k, opts: options{leaseRecheck: 5 * time.Millisecond}}
	e := mount(t, c)
	require.Contains(t, html(c), `id="resume-restore"`)

	now := time.Now()
	putLeaseOn(t, store, key, bulk.Lease{Holder: "tab-b", Renewed: now, Expires: now.Add(time.Hour)})
	act(t, e, c, func(ctx app.Context) { c.ResumeKept(ctx) })

	assert.Zero(t, g.batches)
	assert.NoError(t, c.runErr)
	assert.Contains(t, visible(html(c)), "A restore is being sent from another tab or window")
	l, _ := bulk.ReadLease(store, key)
	assert.Equal(t, "tab-b", l.Holder, "their lease is left alone")
}
