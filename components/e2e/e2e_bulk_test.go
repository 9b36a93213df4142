//go:build !js

package e2e

// Browser tests of bulk changes (issue 5): the app in headless Chromium
// against the emulator at time scale 0.05, where Intune's 100 writes per
// 20 s become 100 per second. Each builds a tenant of 60 configurations
// that each include the same five groups, and turns all 300 includes into
// excludes through the bulk screen.

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/stats"
)

// bulkScale compresses Intune's 20 s window to 1 s.
const bulkScale = 0.05

// bulkGroups are the five demo groups every test configuration includes.
var bulkGroups = []string{emulator.GroupSalesLaptops, emulator.GroupSalesTeam, emulator.GroupPilotUsers, emulator.GroupFinanceTeam, emulator.GroupExecutives}

// bulkTenant is 60 configurations of the four kinds, each including the
// five groups: 300 assignments.
func bulkTenant() []graph.Configuration {
	kinds := []graph.ConfigurationKind{graph.ConfigurationLimit, graph.ConfigurationPlatformRestrictions,
		graph.ConfigurationWindowsHelloForBusiness, graph.ConfigurationEnrollmentCompletionPage}
	out := make([]graph.Configuration, 60)
	for i := range out {
		k := kinds[i%len(kinds)]
		c := graph.Configuration{Kind: k, ID: fmt.Sprintf("%08d-b0b0-4000-8000-000000000000_%s", i, strings.TrimPrefix(string(k), "deviceEnrollment")),
			DisplayName: fmt.Sprintf("Bulk %02d", i), Priority: int32(i/len(kinds) + 1), Version: 1}
		for _, name := range bulkGroups {
			c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.GroupTarget(emulator.DemoGroupID(name))})
		}
		out[i] = c
	}
	return out
}

// newBulkRig starts the emulator at the compressed time scale, loads the
// tenant and signs the administrator in.
func newBulkRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, emulator.Options{TimeScale: bulkScale})
	require.NoError(t, r.emu.ReplaceConfigurationsFrom(bulkTenant()))
	r.signIn(emulator.AdminUPN)
	r.waitFor("the bulk button", `document.querySelector('#open-bulk')`)
	return r
}

// planAllIncludesToExcludes selects every assignment of the five groups by
// rule, chooses include↔exclude and asks for the dry run, then picks the
// strategy.
func (r *rig) planAllIncludesToExcludes(strategy string) {
	r.t.Helper()
	r.do(chromedp.Click(chromedp.ID("open-bulk")))
	r.waitFor("the groups in use", `document.querySelectorAll('#bulk-rule-group option').length > 5`)
	for _, name := range bulkGroups {
		id := emulator.DemoGroupID(name)
		eval[chromedp.Void](r, `(() => { const s = document.querySelector('#bulk-rule-group'); s.value = `+jsString(id)+
			`; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
		r.do(chromedp.Click(chromedp.ID("bulk-add-rule")))
		r.waitFor("the rule for "+name, `[...document.querySelectorAll('.bulk-rules li')].some(li => li.innerText.includes(`+jsString(name)+`))`)
	}
	r.waitFor("300 selected", `document.querySelector('#bulk-selected-count').innerText === '300 assignments selected'`)
	r.do(chromedp.Click(chromedp.ID("bulk-op-toggle-inclusion")))
	r.do(chromedp.Click(chromedp.ID("bulk-dry-run")))
	r.waitFor("the dry run", `document.querySelector('#bulk-confirm')`)
	assert.Contains(r.t, r.text("#bulk-plan-summary"), "300 changes in 60 configurations")
	assert.Equal(r.t, "60", r.text(".writes-fewest"), "one write per configuration")
	assert.Equal(r.t, "60", r.text(".writes-assign"))
	assert.Equal(r.t, "300", r.text(".writes-patch"))
	assert.Equal(r.t, 300, eval[int](r, `document.querySelectorAll('tr.bulk-change[data-refused="false"]').length`))
	assert.Contains(r.t, r.text(".bulk-dry-run .muted.small"), "at most 100 writes per 1s (the demo emulator runs at time scale 0.05)",
		"the pace of the emulator's time scale, which the server's environment told the page")
	r.do(chromedp.Click(chromedp.ID("bulk-strategy-" + strategy)))
}

// confirmAndFinish applies the plan and waits for the run to end.
func (r *rig) confirmAndFinish() {
	r.t.Helper()
	r.do(chromedp.Click(chromedp.ID("bulk-confirm")))
	r.waitForRun()
}

func (r *rig) waitForRun() {
	r.t.Helper()
	r.waitForTheEnd("the run to finish", `document.querySelector('#bulk-run[data-status="finished"][data-running="false"]')`)
	assert.Equal(r.t, "300", r.attr("#bulk-run", "data-done"), "every change done")
	assert.Equal(r.t, "0", r.attr("#bulk-run", "data-failed"))
	assert.Equal(r.t, 300, eval[int](r, `document.querySelectorAll('tr.bulk-outcome[data-state="succeeded"]').length`))
	assert.Zero(r.t, eval[int](r, `[...document.querySelectorAll('tr.bulk-outcome .outcome')].filter(td => !td.innerText.includes('request-id')).length`),
		"every item reports a request-id")
}

func (r *rig) attr(selector, name string) string {
	r.t.Helper()
	return eval[string](r, fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, selector, name))
}

// requireAllExcluded asserts the emulator holds exactly the plan: every
// configuration excludes the five groups, nothing else.
func requireAllExcluded(t *testing.T, r *rig) {
	t.Helper()
	state := r.state()
	require.Len(t, state, 60)
	for _, c := range state {
		require.Len(t, c.Assignments, len(bulkGroups), c.ID)
		for _, name := range bulkGroups {
			assignmentWithTarget(t, c, graph.ExclusionGroupTarget(emulator.DemoGroupID(name)))
		}
	}
}

// writesByPath counts the emulator's write requests to configurations, by
// "METHOD path" (batch items each).
func writesByPath(s stats.Snapshot) map[string]int {
	out := map[string]int{}
	for k, v := range s.Requests {
		method, path, _ := strings.Cut(k, " ")
		if method != "GET" && strings.Contains(path, "/deviceEnrollmentConfigurations/") {
			out[k] += v
		}
	}
	return out
}

// 300 changes across 60 configurations, one PATCH each (three windows of
// budget): the emulator ends as planned, with no 429 and no early retry.
func TestBrowserBulk300ChangesAtTheLimit(t *testing.T) {
	r := newBulkRig(t)
	r.planAllIncludesToExcludes("patch")
	r.emu.ResetStats()
	r.confirmAndFinish()

	requireAllExcluded(t, r)
	s := r.stats()
	assert.Zero(t, s.Throttled, "no 429 while the budget is the app's alone")
	assert.Zero(t, s.EarlyRetries)
	writes := writesByPath(s)
	assert.Len(t, writes, 300, "one PATCH per assignment")
	for path, n := range writes {
		assert.Equal(t, 1, n, path)
	}
	assert.Contains(t, r.text(".bulk-progress-text"), "0 throttled (429)")
}

// With 10% of requests answered 503 and 5% of connections dropped (half
// before the service handled them, half after: the write happened, the
// answer is lost), every change is applied exactly once and reported. The
// run's first write is always one whose answer is lost: the rates alone
// may miss the few connections a batched run opens.
func TestBrowserBulkThroughFaultsAppliesEachChangeOnce(t *testing.T) {
	r := newBulkRig(t)
	r.planAllIncludesToExcludes("fewest")
	r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{"503": 0.10}, "dropRate": 0.025, "dropAfterRate": 0.025, "dropAfterNextWrites": 1, "seed": 5})
	r.emu.ResetStats()
	r.confirmAndFinish()
	r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{"503": 0}, "dropRate": 0, "dropAfterRate": 0})

	requireAllExcluded(t, r)
	s := r.stats()
	assert.Positive(t, s.Injected["503"], "503s were injected")
	assert.Positive(t, s.Dropped, "connections were dropped")
	journal := r.requests()
	require.Less(t, len(journal), 2000, "the journal kept every request of the run (it holds 2000)")
	// A write is identified by the client-request-id the app gave it. When
	// a connection drops after the service handled a batch, Chromium itself
	// may send the same request again (POST included); that resend carries
	// the same ID and, assign being idempotent, changes nothing. What must
	// never happen is the app writing a change again.
	applied := map[string]map[string]int{}
	resent := 0
	for _, e := range journal {
		if e.Method == "GET" || e.Status/100 != 2 || !strings.Contains(e.Path, "/deviceEnrollmentConfigurations/") {
			continue
		}
		key := e.Method + " " + e.Path
		if applied[key] == nil {
			applied[key] = map[string]int{}
		}
		if applied[key][clientRequestID(e)]++; applied[key][clientRequestID(e)] > 1 {
			resent++
		}
	}
	assert.Len(t, applied, 60, "one assign per configuration")
	for path, ids := range applied {
		assert.Len(t, ids, 1, "%s written once by the app (client-request-ids %v)", path, ids)
		for id := range ids {
			assert.NotEmpty(t, id, "every write carries its own client-request-id")
		}
	}
	t.Logf("writes the browser itself resent after a dropped connection: %d", resent)
	assert.Zero(t, s.EarlyRetries)
}

func clientRequestID(e stats.Entry) string {
	for k, v := range e.Headers {
		if strings.EqualFold(k, "client-request-id") && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// Other apps spend the tenant's budget until the run is throttled, then
// 150 of its 200 writes per window, leaving this app half its own budget:
// the run honours every Retry-After it is given (no early retry), and
// completes.
func TestBrowserBulkSharesTheTenantsBudget(t *testing.T) {
	r := newBulkRig(t)
	r.planAllIncludesToExcludes("patch")
	r.emu.ResetStats()
	stop := spendInBackground(r.emu, time.Duration(float64(20*time.Second)*bulkScale), 150)
	r.confirmAndFinish()
	stop()

	requireAllExcluded(t, r)
	s := r.stats()
	assert.Positive(t, s.Throttled, "the run was throttled")
	assert.Zero(t, s.EarlyRetries, "and never came back before the Retry-After")
	shown := r.text(".bulk-progress-text")
	assert.Contains(t, shown, strconv.Itoa(s.Throttled)+" throttled (429)", "the page counted every 429")
	applied := 0
	for _, n := range writesByPath(s) {
		applied += n
	}
	assert.Equal(t, 300, applied-s.Throttled-s.Statuses["424"], "every change written once; only the throttled and those chained behind them were sent again")
}

// A reload in the middle of the run lands on the bulk screen (its
// address), which takes the kept run up and offers to resume it; the
// resumed run finishes without repeating any write that had succeeded.
func TestBrowserBulkResumesAfterAReload(t *testing.T) {
	r := newBulkRig(t)
	r.planAllIncludesToExcludes("patch")
	r.emu.ResetStats()
	r.do(chromedp.Click(chromedp.ID("bulk-confirm")))
	r.waitFor("the first window's writes", `Number((document.querySelector('#bulk-run') || {dataset: {}}).dataset.done || 0) >= 60`)
	r.do(chromedp.Reload())
	r.waitFor("the client", `document.querySelector('#app[data-rendered="client"]')`)
	r.waitFor("the resume offer", `document.querySelector('#bulk-resume')`)
	assert.Contains(t, r.text(".bulk-progress-text"), "remaining")
	done := writesByPath(r.stats())
	require.NotEmpty(t, done)
	require.Less(t, len(done), 300, "the reload came before the end")
	r.do(chromedp.Click(chromedp.ID("bulk-resume")))
	r.waitForRun()

	requireAllExcluded(t, r)
	s := r.stats()
	writes := writesByPath(s)
	assert.Len(t, writes, 300)
	for path, n := range writes {
		assert.Equal(t, 1, n, "%s sent once across the reload", path)
	}
	assert.Zero(t, s.Throttled)
	assert.Zero(t, s.EarlyRetries)
}

// spendInBackground plays other apps of the tenant: from the run's first
// write until the run has met a 429, they take whatever the tenant's
// window has left (so the run is throttled however slowly a busy machine
// sends it); then they write perWindow times per window until stopped,
// each write under a name of its own so that only the tenant's budget
// binds.
func spendInBackground(e *emulator.Emulator, window time.Duration, perWindow int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		spent := 0
		spend := func(n int) int {
			spent++
			return e.SpendWrites("other-app-"+strconv.Itoa(spent), n)
		}
		if !waitForAWrite(e, done) || !fillUntilThrottled(e, done, window/20, spend) {
			return
		}
		start, due := time.Now(), 0
		tick := time.NewTicker(window / 20)
		defer tick.Stop()
		for {
			for ; due < int(float64(perWindow)*float64(time.Since(start))/float64(window)); due++ {
				spend(1)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// fillUntilThrottled spends the tenant's whole write budget every interval
// until the emulator has answered a 429, or done is closed (false). spend
// writes up to n under a new app name and says how many fitted.
func fillUntilThrottled(e *emulator.Emulator, done <-chan struct{}, interval time.Duration, spend func(n int) int) bool {
	for e.Stats().Throttled == 0 {
		for spend(appWritesPerWindow) == appWritesPerWindow {
		}
		select {
		case <-done:
			return false
		case <-time.After(interval):
		}
	}
	return true
}

// appWritesPerWindow is Intune's write budget per app in a tenant.
const appWritesPerWindow = 100

// waitForAWrite waits until the emulator has answered a write to a
// configuration, or done is closed (false).
func waitForAWrite(e *emulator.Emulator, done <-chan struct{}) bool {
	for len(writesByPath(e.Stats())) == 0 {
		select {
		case <-done:
			return false
		case <-time.After(10 * time.Millisecond):
		}
	}
	return true
}
