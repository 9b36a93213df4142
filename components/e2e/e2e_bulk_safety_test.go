//go:build !js

package e2e

// Browser tests where bulk changes meet "nothing lost" (issues 5 and 6): a
// bulk plan kept as a draft through a reload, a run that survives its tab
// being closed (and is never sent by two tabs at once), and a conflict met
// by a run, chosen for item by item. Each runs with the Content-Security-
// Policy on (newSafetyRig fails on any violation) against the 60
// configurations × 5 groups of e2e_bulk_test.go at time scale 0.05.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// newBulkSafetyRig is newBulkRig with the safety rig's checks.
func newBulkSafetyRig(t *testing.T) *safetyRig {
	t.Helper()
	r := newSafetyRig(t, emulator.Options{TimeScale: bulkScale})
	require.NoError(t, r.emu.ReplaceConfigurationsFrom(bulkTenant()))
	r.signIn(emulator.AdminUPN)
	r.waitFor("the bulk button", `document.querySelector('#open-bulk')`)
	return r
}

// keptKeys lists the localStorage keys that start with prefix.
func (r *safetyRig) keptKeys(prefix string) []string {
	r.t.Helper()
	var out []string
	for k := range r.storage("localStorage") {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

// A plan made and not confirmed survives a reload: the reload lands on the
// bulk screen (its address), which takes the plan up at its dry run (made
// again from the tenant); the list offers it too. Confirmed and run, the
// tenant ends as the plan says, and the draft is gone.
func TestBrowserBulkPlanDraftSurvivesAReload(t *testing.T) {
	r := newBulkSafetyRig(t)
	r.planAllIncludesToExcludes("assign")
	r.waitFor("the draft kept", `Object.keys(localStorage).some(k => k.startsWith('enrollassign.draft.') && k.endsWith('|bulk-plan|plan') &&
		JSON.parse(JSON.parse(localStorage.getItem(k))).data.strategy === 'assign')`)

	r.do(chromedp.Reload())
	r.waitFor("the client", `document.querySelector('#app[data-rendered="client"]')`)
	r.waitFor("the dry run, taken up where the reload landed", `document.querySelector('#bulk-confirm')`)
	assert.False(t, eval[bool](r.rig, `!!document.querySelector('.draft-offer li.draft[data-draft-kind="bulk-plan"]')`), "the screen that takes the plan up does not offer it again")
	click(r.rig, chromedp.ID("bulk-back"))
	r.waitFor("the offer of the plan", `document.querySelector('.draft-offer li.draft[data-draft-kind="bulk-plan"] button.restore-draft')`)
	assert.Contains(t, r.text(".draft-offer"), "Unconfirmed bulk change: Turn includes into excludes and excludes into includes (5 rules, 0 assignments ticked by hand)")
	assert.Empty(t, r.keptKeys("enrollassign.bulk."), "nothing was confirmed, so no run")
	click(r.rig, chromedp.CSS(`.draft-offer li.draft[data-draft-kind="bulk-plan"] button.restore-draft`))

	r.waitFor("the dry run, made again", `document.querySelector('#bulk-confirm')`)
	assert.Contains(t, r.text(".bulk-restored"), "taken up where you left it")
	assert.Contains(t, r.text("#bulk-plan-summary"), "300 changes in 60 configurations")
	assert.True(t, eval[bool](r.rig, `document.querySelector('#bulk-strategy-assign').checked`), "the strategy chosen")
	r.emu.ResetStats()
	r.confirmAndFinish()

	requireAllExcluded(t, r.rig)
	writes := writesByPath(r.stats())
	assert.Len(t, writes, 60, "one assign per configuration, as chosen")
	assert.Empty(t, r.keptKeys("enrollassign.draft."), "confirmed: the draft is gone")
}

// openTab opens a new tab of the same browser (its own sessionStorage, the
// same localStorage) and makes it the rig's; close closes it, as a user
// closing it would.
func (r *safetyRig) openTab(from context.Context) (close func()) {
	r.t.Helper()
	tab, cancel := chromedp.NewContext(from)
	r.t.Cleanup(cancel)
	require.NoError(r.t, chromedp.Do(tab))
	r.listen(tab)
	r.tab = tab
	return cancel
}

// A run is started in one tab. A second tab sees it being sent there and
// offers nothing to send; the first tab is closed mid-run; the second then
// offers the run, resumes it and finishes it. The emulator's journal shows
// every change written once, none repeated.
func TestBrowserBulkRunSurvivesAClosedTab(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{TimeScale: bulkScale})
	require.NoError(t, r.emu.ReplaceConfigurationsFrom(bulkTenant()))
	root := r.tab
	closeFirst := r.openTab(root)
	r.signIn(emulator.AdminUPN)
	r.waitFor("the bulk button", `document.querySelector('#open-bulk')`)
	r.planAllIncludesToExcludes("patch")
	// Slow answers stretch the run (300 writes, three windows) so that the
	// second tab opens while it is being sent.
	r.control("/_emulator/faults", map[string]any{"latencyMinMs": 150, "latencyMaxMs": 150})
	r.emu.ResetStats()
	r.do(chromedp.Click(chromedp.ID("bulk-confirm")))
	r.waitFor("the first writes", `Number((document.querySelector('#bulk-run') || {dataset: {}}).dataset.done || 0) >= 20`)

	r.openTab(root)
	r.open()
	click(r.rig, chromedp.ID("sign-in"))
	r.signInAgain()
	r.waitFor("the run, seen from the second tab", `document.querySelector('.bulk-resume-offer')`)
	assert.Equal(t, "true", r.attr(".bulk-resume-offer", "data-held"), "being sent by the first tab: %s", r.text(".bulk-resume-offer"))
	assert.Contains(t, r.text(".bulk-resume-offer"), "being sent from another tab or window")
	assert.False(t, eval[bool](r.rig, `!!document.querySelector('#resume-bulk')`), "nothing to resume while the first tab sends it")

	closeFirst()
	closed := time.Now()
	r.waitFor("the offer to resume", `document.querySelector('#resume-bulk')`)
	remaining := r.text(".bulk-resume-offer")
	t.Logf("offered %s after the first tab closed (its lease let go on pagehide, else lapsed): %s", time.Since(closed).Round(time.Millisecond), remaining)
	assert.Contains(t, remaining, "A bulk change was interrupted")
	require.NotContains(t, remaining, "300 of 300", "the tab was closed before the end")
	r.control("/_emulator/faults", map[string]any{"latencyMinMs": 0, "latencyMaxMs": 0})
	click(r.rig, chromedp.ID("resume-bulk"))
	r.waitForRun()

	requireAllExcluded(t, r.rig)
	journal := r.requests()
	require.Less(t, len(journal), 2000, "the journal (it holds 2000) kept every request of the run")
	succeeded := map[string]int{}
	for _, e := range journal {
		if e.Method == "PATCH" && e.Status/100 == 2 {
			succeeded[e.Path]++
		}
	}
	assert.Len(t, succeeded, 300, "every change written")
	for path, n := range succeeded {
		assert.Equal(t, 1, n, "%s written once across the two tabs", path)
	}
	s := r.stats()
	assert.Zero(t, s.Throttled)
	assert.Zero(t, s.EarlyRetries)
}

// A configuration changed behind the run's back: its items are not
// written, and each is chosen for. Mine applied on top of theirs for one,
// theirs kept for another; the tenant holds their change and mine.
func TestBrowserBulkConflictIsChosenForItemByItem(t *testing.T) {
	r := newBulkSafetyRig(t)
	r.planAllIncludesToExcludes("fewest")
	const bulk00 = "00000000-b0b0-4000-8000-000000000000_LimitConfiguration"
	r.editConfiguration(bulk00, func(c *graph.Configuration) {
		c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.CollectionTarget("SMS00777")})
	})
	r.do(chromedp.Click(chromedp.ID("bulk-confirm")))
	r.waitForTheEnd("the run to end", `document.querySelector('#bulk-run[data-status="finished"][data-running="false"]')`)
	assert.Equal(t, "295", r.attr("#bulk-run", "data-done"))
	assert.Equal(t, "5", r.attr("#bulk-run", "data-failed"), "Bulk 00's five items are conflicts")
	assert.Contains(t, r.text(".bulk-conflicts"), "5 changes were not sent because someone else changed their configuration")

	sales := emulator.DemoGroupID(emulator.GroupSalesLaptops)
	pilot := emulator.DemoGroupID(emulator.GroupPilotUsers)
	click(r.rig, chromedp.CSS(`button.resolve-conflict[aria-label="Keep theirs or apply mine… (Bulk 00: Include group `+emulator.GroupSalesLaptops+`)"]`))
	r.waitFor("the versions", `document.querySelector('.bulk-conflict .conflict-yours')`)
	assert.Equal(t, "Include group "+emulator.GroupSalesLaptops, r.text(".conflict-before"))
	assert.Equal(t, "Include group "+emulator.GroupSalesLaptops, r.text(".conflict-theirs"))
	assert.Equal(t, "Exclude group "+emulator.GroupSalesLaptops, r.text(".conflict-yours"))
	assert.Contains(t, r.text(".conflict-set"), "Configuration Manager collection SMS00777", "their change is shown")
	click(r.rig, chromedp.ID("conflict-apply-mine"))
	r.waitFor("mine applied", `document.querySelector('#bulk-run[data-done="296"][data-running="false"]')`)

	click(r.rig, chromedp.CSS(`button.resolve-conflict[aria-label="Keep theirs or apply mine… (Bulk 00: Include group `+emulator.GroupPilotUsers+`)"]`))
	r.waitFor("the versions", `document.querySelector('.bulk-conflict #conflict-keep-theirs')`)
	click(r.rig, chromedp.ID("conflict-keep-theirs"))
	r.waitFor("theirs kept", `(document.querySelector('.bulk-progress-text') || {innerText: ''}).innerText.includes('1 not sent (their change kept)')`)
	assert.Equal(t, "3", r.attr("#bulk-run", "data-failed"), "the three not chosen for wait")

	cfg := r.state()[bulk00]
	require.Len(t, cfg.Assignments, 6, "their assignment kept")
	assignmentWithTarget(t, cfg, graph.CollectionTarget("SMS00777"))
	assignmentWithTarget(t, cfg, graph.ExclusionGroupTarget(sales))
	assignmentWithTarget(t, cfg, graph.GroupTarget(pilot))
	for id, c := range r.state() {
		if id != bulk00 {
			assignmentWithTarget(t, c, graph.ExclusionGroupTarget(pilot))
		}
	}
}
