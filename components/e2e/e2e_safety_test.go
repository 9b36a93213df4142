//go:build !js

package e2e

// Browser tests of issue 6 — nothing lost, nobody let in — in headless
// Chromium against the emulator, with the server's Content-Security-Policy
// on (every test here also fails on any CSP violation the page reports).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/history"
	"enrollassign/graph"
	"enrollassign/graph/backup"
	"enrollassign/graph/emulator"
)

// safetyRig is a rig that collects what the browser logs about the page's
// security headers (breaksAPolicy), and downloads into a directory of its own.
type safetyRig struct {
	*rig
	downloads  string
	mu         sync.Mutex
	violations []string
	logged     []string
}

func newSafetyRig(t *testing.T, opts emulator.Options) *safetyRig {
	t.Helper()
	return watch(t, newRig(t, opts))
}

// watch makes a rig a safety rig: the test fails on a policy violation or a
// token in what the browser logs.
func watch(t *testing.T, rig *rig) *safetyRig {
	t.Helper()
	r := &safetyRig{rig: rig, downloads: t.TempDir()}
	r.listen(r.tab)
	t.Cleanup(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		assert.Empty(t, r.violations, "the page ran into its Content-Security-Policy, Trusted Types or Permissions-Policy")
		for _, line := range r.logged {
			assert.NotContains(t, line, "eyJ", "a token was logged")
		}
	})
	return r
}

// listen collects what a tab logs (console and browser log), and lets it
// download into the rig's directory.
func (r *safetyRig) listen(tab context.Context) {
	r.t.Helper()
	require.NoError(r.t, chromedp.Listen(tab, func(ev any) {
		var lines []string
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			lines = append(lines, e.Entry.Text)
		case *runtime.EventConsoleAPICalled:
			for _, arg := range e.Args {
				lines = append(lines, string(arg.Value)+arg.Description)
			}
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, l := range lines {
			r.logged = append(r.logged, l)
			if breaksAPolicy(l) {
				r.violations = append(r.violations, l)
			}
		}
	}))
	_, err := chromedp.Call(tab, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: r.downloads,
		BrowserContextID: chromedp.FromContext(tab).BrowserContextID})
	require.NoError(r.t, err)
}

// breaksAPolicy tells the lines Chromium logs when a page breaks one of its
// security headers: a refusal under the Content-Security-Policy, a string
// where Trusted Types are required, a Permissions-Policy it cannot read.
func breaksAPolicy(line string) bool {
	for _, s := range []string{"Content Security Policy", "requires 'Trusted", "Trusted Type", "Permissions-Policy"} {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}

// download waits for a file whose name starts with prefix and returns its bytes.
func (r *safetyRig) download(prefix string) (string, []byte) {
	r.t.Helper()
	var found string
	r.waitUntil("the download of "+prefix, func() bool {
		entries, _ := os.ReadDir(r.downloads)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) && !strings.HasSuffix(e.Name(), ".crdownload") {
				found = filepath.Join(r.downloads, e.Name())
				return true
			}
		}
		return false
	})
	data, err := os.ReadFile(found)
	require.NoError(r.t, err)
	require.NoError(r.t, os.Remove(found))
	return found, data
}

// editConfiguration changes the tenant behind the app's back.
func (r *safetyRig) editConfiguration(id string, edit func(c *graph.Configuration)) {
	r.t.Helper()
	var all []graph.Configuration
	require.NoError(r.t, r.emu.DecodeConfigurations(&all))
	for i := range all {
		if all[i].ID == id {
			edit(&all[i])
		}
	}
	require.NoError(r.t, r.emu.ReplaceConfigurationsFrom(all))
}

// retarget replaces the assignment to one audience by another, keeping its
// ID and filter, as a PATCH by someone else would.
func retarget(c *graph.Configuration, from, to graph.Target) {
	for i, a := range c.Assignments {
		if a.Target.SameAudience(from) {
			next := a.Target.WithKind(to.Kind)
			next.GroupID, next.CollectionID = to.GroupID, to.CollectionID
			c.Assignments[i] = a.WithTarget(next)
		}
	}
}

func (r *safetyRig) waitForConflict() {
	r.t.Helper()
	r.waitFor("the conflict", `document.querySelector('.editor .conflict')`)
}

var (
	salesLaptops = graph.GroupTarget(emulator.DemoGroupID(emulator.GroupSalesLaptops))
	salesTeam    = graph.GroupTarget(emulator.DemoGroupID(emulator.GroupSalesTeam))
	financeTeam  = graph.GroupTarget(emulator.DemoGroupID(emulator.GroupFinanceTeam))
	executives   = graph.GroupTarget(emulator.DemoGroupID(emulator.GroupExecutives))
	pilotExclude = graph.ExclusionGroupTarget(emulator.DemoGroupID(emulator.GroupPilotUsers))
)

// A change made behind the app's back is detected before the write, shown
// as before / theirs / yours, and neither write is lost.
func TestSafetyConflictIsShownAndNothingIsLost(t *testing.T) {
	t.Run("the same assignment changed: theirs kept until the user chooses", func(t *testing.T) {
		r := newSafetyRig(t, emulator.Options{})
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")
		r.changeTarget("Include group Sales Laptops")
		r.chooseKind(graph.TargetExclusionGroup)
		r.pickGroup("Pilot", emulator.GroupPilotUsers)
		r.preview()

		r.editConfiguration(emulator.ConfigSalesLimit, func(c *graph.Configuration) { retarget(c, salesLaptops, executives) })
		click(r.rig, chromedp.ID("save-assignment"))
		r.waitForConflict()
		assert.Equal(t, "Include group Sales Laptops", r.text(".conflict-before"))
		r.waitFor("theirs, named", `document.querySelector('.conflict-theirs').innerText === 'Include group Executives'`)
		assert.Equal(t, "Exclude group Pilot Users", r.text(".conflict-yours"))
		for _, e := range r.requests() {
			assert.NotEqual(t, "PATCH", e.Method, "nothing was written")
		}
		assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], executives) // theirs is there
		assert.Contains(t, strings.Join(keys2(r.storage("localStorage")), " "), "enrollassign.draft.", "mine is kept as a draft")

		click(r.rig, chromedp.ID("conflict-edit"))
		r.waitFor("the editor on top of theirs", `document.querySelector('#save-assignment') && !document.querySelector('.conflict')`)
		r.save()
		assert.Equal(t, "200", r.text(".result .fact-status"))
		assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], pilotExclude)
	})

	t.Run("another assignment of the set changed: mine applied on top, both kept", func(t *testing.T) {
		r := newSafetyRig(t, emulator.Options{Mode: emulator.ModeAsReported})
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")
		r.changeTarget("Include group Sales Laptops")
		r.chooseKind(graph.TargetExclusionGroup)
		r.pickGroup("Pilot", emulator.GroupPilotUsers)
		r.preview()
		theirsBefore := assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], salesTeam)

		r.editConfiguration(emulator.ConfigSalesLimit, func(c *graph.Configuration) { retarget(c, salesTeam, financeTeam) })
		click(r.rig, chromedp.ID("save-assignment"))
		r.waitForConflict()
		r.waitFor("their change, named", `(document.querySelector('.conflict-set') || {innerText: ''}).innerText.includes('Include group Finance Team')`)
		for _, e := range r.requests() {
			assert.False(t, e.Method == "POST" && strings.HasSuffix(e.Path, "/assign"), "nothing was written")
		}

		click(r.rig, chromedp.ID("conflict-apply-mine"))
		r.waitFor("the save result", `document.querySelector('.result .fact-status')`)
		after := r.state()[emulator.ConfigSalesLimit]
		require.Len(t, after.Assignments, 2)
		mine := assignmentWithTarget(t, after, pilotExclude)
		theirs := assignmentWithTarget(t, after, financeTeam)
		assert.NotEmpty(t, mine.ID)
		filter, _ := theirsBefore.Target.Extra("deviceAndAppManagementAssignmentFilterId")
		kept, _ := theirs.Target.Extra("deviceAndAppManagementAssignmentFilterId")
		assert.JSONEq(t, string(filter), string(kept), "their assignment keeps its filter")
	})
}

func keys2(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A draft is kept as it is made: it survives a reload and a forced new
// sign-in (the 24-hour limit), and is offered back each time.
func TestSafetyDraftSurvivesReloadAndANewSignIn(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Ten devices")
	r.changeTarget("Include group IT Admins")
	r.chooseKind(graph.TargetExclusionGroup)
	r.pickGroup("Exec", emulator.GroupExecutives)
	for k, v := range r.storage("localStorage") {
		assert.NotContains(t, v, "eyJ", "localStorage[%s] holds no token", k)
	}

	asLeft := func() {
		r.waitFor("the editor as it was left", `document.querySelector('#kind-exclusionGroupAssignmentTarget:checked') && (document.querySelector('.picker .chosen') || {innerText: ''}).innerText.includes('Executives')`)
	}
	restore := func() {
		r.waitFor("the offer of the draft", `document.querySelector('.draft-offer button.restore-draft')`)
		assert.Contains(t, r.text(".draft-offer"), "Unsaved change of “Include group IT Admins” in Ten devices")
		click(r.rig, chromedp.CSS(`.draft-offer button.restore-draft`))
		asLeft()
	}
	// The address names the editor of the assignment (routes.go): landing
	// there again takes the kept edit up, and the offer does not repeat it.
	takenUp := func() {
		asLeft()
		assert.False(t, eval[bool](r.rig, `!!document.querySelector('.draft-offer li.draft[data-draft-kind="edit"]')`), "the edit taken up is not offered again")
	}

	r.do(chromedp.Reload())
	r.waitFor("the client", `document.querySelector('#app[data-rendered="client"]')`)
	takenUp()

	// A closed tab: another tab has its own sessionStorage (so no session)
	// and the same localStorage; after signing in there, the draft is offered.
	r.useNewTab()
	r.open()
	click(r.rig, chromedp.ID("sign-in"))
	r.signInAgain()
	restore()

	// The screen's reads done first (a member count still in flight when
	// the day passes ends the session there, before the save can).
	// So is the preview's impact, whose directory read would otherwise be
	// what meets the end of the session, before Save is clicked.
	r.waitFor("the member counts", `[...document.querySelectorAll('td.member-count')].every(td => td.innerText.includes('member'))`)
	r.preview()
	r.waitFor("the impact", `document.querySelector('.impact .impact-counts')`)
	r.control("/_emulator/clock", map[string]string{"advance": "25h"})
	click(r.rig, chromedp.ID("save-assignment"))
	r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
	assert.Contains(t, r.text(".sign-in-error"), "Your session has ended")
	click(r.rig, `#sign-in-again`)
	r.signInAgain()
	takenUp()
	r.preview()
	r.save()
	assert.Equal(t, "200", r.text(".result .fact-status"))
	assignmentWithTarget(t, r.state()[emulator.ConfigTenDevices], graph.ExclusionGroupTarget(emulator.DemoGroupID(emulator.GroupExecutives)))
	r.waitFor("the draft gone", `!Object.keys(localStorage).some(k => k.startsWith('enrollassign.draft.'))`)
}

// signInAgain finishes a sign-in that was started: Entra may remember the
// browser's sign-in and come straight back (the emulator's session
// cookie), or ask for the account again.
func (r *safetyRig) signInAgain() {
	r.t.Helper()
	back := `location.origin === ` + jsString(r.app.URL) + ` && document.querySelector('#app[data-phase="signed-in"]')`
	r.waitFor("Entra or the app", back+` || location.origin === `+jsString(r.emu.EntraURL()))
	if eval[string](r.rig, "location.origin") == r.emu.EntraURL() {
		click(r.rig, chromedp.Search(`//button[normalize-space(.)=`+xpathString(emulator.AdminUPN)+`]`))
	}
	r.waitFor("the app, signed in", back)
}

// useNewTab goes on in a new tab of the same browser, as after closing the
// first one.
func (r *safetyRig) useNewTab() {
	r.t.Helper()
	tab, cancel := chromedp.NewContext(r.tab)
	r.t.Cleanup(cancel)
	require.NoError(r.t, chromedp.Do(tab))
	r.listen(tab)
	r.tab = tab
}

// Undo writes "before" back: the emulator holds the earlier target again,
// and the history shows both writes; the export carries them.
func TestSafetyUndoRestoresTheEarlierTarget(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Sales - three devices")
	r.changeTarget("Include group Sales Team")
	r.chooseKind(graph.TargetGroup)
	r.pickGroup("Finance", emulator.GroupFinanceTeam)
	r.preview()
	r.save()
	assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], financeTeam)

	click(r.rig, `#back-to-list`)
	click(r.rig, `#open-history`)
	r.waitFor("the history", `document.querySelector('tr.history-entry button.undo-entry')`)
	r.waitFor("the change in words", `document.querySelector('tr.history-entry .change').innerText === 'Include group Sales Team → Include group Finance Team'`)
	click(r.rig, chromedp.CSS(`tr.history-entry button.undo-entry`))
	r.waitFor("the question in the row", `document.querySelector('tr.history-entry #confirm-undo')`)
	assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], financeTeam) // nothing written before Yes
	click(r.rig, chromedp.ID("confirm-undo"))
	r.waitFor("the undo", `document.querySelector('.undo-result')`)
	r.waitFor("the undone entry said so, without its Undo", `[...document.querySelectorAll('tr.history-entry')].some(tr => tr.querySelector('.undone') && !tr.querySelector('button.undo-entry'))`)

	back := assignmentWithTarget(t, r.state()[emulator.ConfigSalesLimit], salesTeam)
	filter, _ := back.Target.Extra("deviceAndAppManagementAssignmentFilterType")
	assert.JSONEq(t, `"include"`, string(filter), "the filter the user never saw is still there")
	for _, a := range r.state()[emulator.ConfigSalesLimit].Assignments {
		assert.False(t, a.Target.SameAudience(financeTeam), "Finance Team is gone again")
	}

	click(r.rig, `#export-history-json`)
	_, data := r.download("enrollassign-history-")
	var exported history.Export
	require.NoError(t, json.Unmarshal(data, &exported))
	require.Len(t, exported.Entries, 2)
	assert.Equal(t, history.SourceEdit, exported.Entries[0].Source)
	assert.Equal(t, history.SourceUndo, exported.Entries[1].Source)
	assert.Equal(t, exported.Entries[0].ID, exported.Entries[1].UndoOf)
	for _, e := range exported.Entries {
		assert.Equal(t, history.Succeeded, e.Outcome)
		assert.NotEmpty(t, e.RequestID)
		assert.Equal(t, emulator.AdminUPN, e.User)
		assert.Equal(t, emulator.DemoTenantID, e.Tenant)
	}
	click(r.rig, `#export-history-csv`)
	_, csv := r.download("enrollassign-history-")
	assert.Equal(t, 3, strings.Count(strings.TrimSpace(string(csv)), "\n")+1, "a header and two rows")
}

// takeBackup downloads a backup through the app.
func (r *safetyRig) takeBackup() []byte {
	r.t.Helper()
	click(r.rig, `#open-backup`)
	click(r.rig, `#take-backup`)
	r.waitFor("the backup", `document.querySelector('.backup-taken')`)
	_, data := r.download("enrollassign-backup-")
	return data
}

// importFile gives a file to the restore's file input.
func (r *safetyRig) importFile(name string, data []byte) {
	r.t.Helper()
	path := filepath.Join(r.t.TempDir(), name)
	require.NoError(r.t, os.WriteFile(path, data, 0o644))
	r.do(chromedp.SetUploadFiles(`#restore-file`, []string{path}))
}

// restoreAndWait confirms the dry run and waits for the restore to end.
func (r *safetyRig) restoreAndWait() {
	r.t.Helper()
	r.waitFor("the dry run", `document.querySelector('#start-restore:not([disabled])')`)
	click(r.rig, `#start-restore`)
	r.waitForTheEnd("the end of the restore", `document.querySelector('#restore-run[data-finished="true"]')`)
}

// requireStateIs fails unless every configuration holds exactly the
// backup's targets, filters included.
func (r *safetyRig) requireStateIs(raw []byte) {
	r.t.Helper()
	f, err := backup.Parse(raw, backup.Expect{})
	require.NoError(r.t, err)
	now := r.state()
	for _, want := range f.Configurations {
		assert.True(r.t, backup.SameTargets(want.Assignments, now[want.ID].Assignments),
			"%s: the backup has %v, the tenant %v", want.ID, want.Assignments, now[want.ID].Assignments)
	}
}

// Backup taken, tenant altered, backup restored: the emulator's state
// equals the backup. A foreign or damaged file is refused and writes nothing.
func TestSafetyBackupAlterRestore(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the list", `document.querySelector('#open-backup')`)
	raw := r.takeBackup()
	f, err := backup.Parse(raw, backup.Expect{TenantID: emulator.DemoTenantID, CloudID: "demo"})
	require.NoError(t, err, "a backup of this tenant")
	assert.Len(t, f.Configurations, len(r.state()))

	// Altered behind the app's back (PUT /_emulator/state): a retarget, an
	// assignment removed, one added, and filters dropped.
	var all []graph.Configuration
	require.NoError(t, r.emu.DecodeConfigurations(&all))
	for i := range all {
		c := &all[i]
		switch c.ID {
		case emulator.ConfigTenDevices:
			c.Assignments[0] = c.Assignments[0].WithTarget(executives)
		case emulator.ConfigPilotESP:
			c.Assignments = c.Assignments[1:]
		case emulator.ConfigAutopilotESP: // filters dropped where Intune takes them, and one added
			for j, a := range c.Assignments {
				c.Assignments[j] = a.WithTarget(graph.Target{Kind: a.Target.Kind, GroupID: a.Target.GroupID, CollectionID: a.Target.CollectionID})
			}
			c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.CollectionTarget("SMS00777")})
		}
	}
	body, err := json.Marshal(map[string]any{"value": all})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPut, r.emu.GraphURL()+"/_emulator/state", strings.NewReader(string(body)))
	require.NoError(t, err)
	resp, err := r.http.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	altered := r.state()

	refusals := map[string][]byte{
		"foreign.json":   []byte(strings.Replace(string(raw), emulator.DemoTenantID, "00000000-0000-4000-8000-000000000000", 1)),
		"truncated.json": raw[:len(raw)/2],
		"other.json":     []byte(`{"value":[]}`),
	}
	r.control("/_emulator/stats/reset", map[string]string{})
	for name, data := range refusals {
		r.importFile(name, data)
		r.waitFor("the refusal of "+name, `(document.querySelector('#restore-refused') || {innerText: ''}).innerText.startsWith(`+jsString(name)+`)`)
		assert.Contains(t, r.text("#restore-refused"), "this file cannot be restored: ")
	}
	assert.Contains(t, r.text("#restore-refused"), "", "the reason is on the page")
	for _, e := range r.requests() {
		assert.Equal(t, "GET", e.Method, "a refused file writes nothing: %s %s", e.Method, e.Path)
	}
	assert.Empty(t, r.requests(), "a refused file is not even compared")
	assert.Equal(t, altered, r.state())

	r.importFile("backup.json", raw)
	r.waitFor("the dry run", `document.querySelector('#restore-summary')`)
	summary := r.text("#restore-summary")
	assert.Contains(t, summary, "1 assignment pointed back")
	assert.Contains(t, summary, "2 configurations whose whole set is written back")
	r.restoreAndWait()
	assert.Contains(t, r.text("#restore-run"), "Restored: the tenant holds what the backup holds")
	r.requireStateIs(raw)
}

// restoreTenant is 200 changes to restore, as a restore meets them: 50 ESP
// configurations of two group includes (one assign each) and 100 of one
// (one PATCH each), and the same with every group swapped for another.
func restoreTenant() (before, after []graph.Configuration) {
	groups := demoGroupIDs()
	for i := 0; i < 150; i++ {
		b := graph.Configuration{ID: fmt.Sprintf("%08d-5afe-4000-8000-000000000000_Windows10EnrollmentCompletionPageConfiguration", i+1),
			DisplayName: fmt.Sprintf("Restore ESP %03d", i+1), Kind: graph.ConfigurationEnrollmentCompletionPage, Priority: int32(i + 1), Version: 1}
		a := b
		per := 1
		if i < 50 {
			per = 2
		}
		for g := 0; g < per; g++ {
			b.Assignments = append(b.Assignments, graph.Assignment{Target: graph.GroupTarget(groups[g])})
			a.Assignments = append(a.Assignments, graph.Assignment{Target: graph.GroupTarget(groups[per+g])})
		}
		before, after = append(before, b), append(after, a)
	}
	return before, after
}

func demoGroupIDs() []string {
	var ids []string
	for _, u := range []string{emulator.GroupSalesLaptops, emulator.GroupSalesTeam, emulator.GroupPilotUsers, emulator.GroupFinanceTeam,
		"Marketing Devices", emulator.GroupContractors, emulator.GroupExecutives, "IT Admins", "Helpdesk Operators", "Kiosk Devices",
		"Android Enterprise Users", "iOS Corporate Devices", "macOS Engineering", "Windows Autopilot Devices", emulator.GroupFrontlineWorkers,
		"London Office", "New York Office", "Seattle Office", "Berlin Office", "Tokyo Office"} {
		ids = append(ids, emulator.DemoGroupID(u))
	}
	return ids
}

// With the emulator failing a fifth of all requests in every way it can, a
// restore of 200 changes ends with a history that matches the emulator's
// final state entry for entry.
func TestSafetyHistoryMatchesTheTenantUnderFaults(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{TimeScale: 0.05})
	before, after := restoreTenant()
	require.NoError(t, r.emu.ReplaceConfigurationsFrom(before))
	r.signIn(emulator.AdminUPN)
	r.waitFor("the list", `document.querySelector('#open-backup')`)
	raw := r.takeBackup()
	require.NoError(t, r.emu.ReplaceConfigurationsFrom(after))

	r.importFile("backup.json", raw)
	r.waitFor("the dry run", `document.querySelector('.restore-dry-run[data-changes="200"]')`)
	r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{"429": 0.03, "500": 0.03, "502": 0.03, "503": 0.03, "504": 0.03},
		"dropRate": 0.025, "dropAfterRate": 0.025, "seed": 11})
	start := time.Now()
	r.restoreAndWait()
	t.Logf("restore of 200 changes under faults: %s", time.Since(start).Round(time.Millisecond))
	r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{}, "dropRate": 0, "dropAfterRate": 0})
	st := r.stats()
	injected := st.Dropped
	for _, n := range st.Injected {
		injected += n
	}
	assert.GreaterOrEqual(t, injected, 30, "faults were injected: %v, %d dropped", st.Injected, st.Dropped)

	click(r.rig, `#backup-back`)
	click(r.rig, `#open-history`)
	r.waitFor("the history", `document.querySelector('#export-history-json:not([disabled])')`)
	click(r.rig, `#export-history-json`)
	_, data := r.download("enrollassign-history-")
	var exported history.Export
	require.NoError(t, json.Unmarshal(data, &exported))

	// The last entry of each assignment says what the tenant holds.
	last := map[string]history.Entry{}
	for _, e := range exported.Entries {
		require.Equal(t, history.SourceRestore, e.Source)
		last[e.ConfigurationID+"/"+e.AssignmentID] = e
	}
	require.Len(t, last, 200, "every change has its entry")
	now := r.state()
	succeeded := 0
	for key, e := range last {
		cfg := now[e.ConfigurationID]
		switch e.Outcome {
		case history.Succeeded:
			succeeded++
			assert.NotEmpty(t, e.RequestID, key)
			assert.True(t, holdsTarget(cfg, e.After) && !holdsTarget(cfg, e.Before), "%s: the history says %s, the tenant holds %v", key, e.Outcome, cfg.Assignments)
		default:
			assert.True(t, holdsTarget(cfg, e.Before) && !holdsTarget(cfg, e.After), "%s: the history says %s, the tenant holds %v", key, e.Outcome, cfg.Assignments)
		}
	}
	t.Logf("%d of 200 succeeded; faults injected %v, %d dropped", succeeded, st.Injected, st.Dropped)
	for i, c := range before {
		assert.Len(t, now[c.ID].Assignments, len(c.Assignments), "nothing added or removed in %s", before[i].ID)
	}
}

func holdsTarget(c graph.Configuration, t graph.Target) bool {
	for _, a := range c.Assignments {
		if a.Target.SameAudience(t) {
			return true
		}
	}
	return false
}

// A forged sign-in response (a state this tab never sent) changes nothing:
// no token request, the same storage, the same signed-in user; tokens are
// never in localStorage nor left in the address bar.
func TestSafetyForgedCallbackChangesNothing(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	tokenPath := "POST /" + emulator.DemoTenantID + "/oauth2/v2.0/token"

	t.Run("signed out", func(t *testing.T) {
		r.do(chromedp.Navigate(r.app.URL + "/#code=stolen-code&state=not-ours&session_state=x"))
		r.waitFor("the refusal", `document.querySelector('.sign-in-error')`)
		assert.NotContains(t, eval[string](r.rig, "location.href"), "code=", "the forged code left the address bar")
		assert.Zero(t, r.stats().Entra.Requests[tokenPath], "no code was redeemed")
		for k := range r.storage("sessionStorage") {
			assert.NotContains(t, k, "auth.account", "no one is signed in")
		}
	})

	t.Run("signed in", func(t *testing.T) {
		r.signIn(emulator.AdminUPN)
		r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
		assert.NotContains(t, eval[string](r.rig, "location.href"), "code=", "the real code left the address bar too")
		session, local := r.storage("sessionStorage"), r.storage("localStorage")
		for k, v := range local {
			assert.NotContains(t, v, "eyJ", "localStorage[%s] holds a token", k)
		}
		redeemed := r.stats().Entra.Requests[tokenPath]

		r.do(chromedp.Navigate(r.app.URL + "/?reloaded=1#code=stolen-code&state=not-ours")) // a new query: a page load, not a jump within the page
		r.waitFor("the notice", `document.querySelector('#shell-notice')`)
		assert.Contains(t, r.text("#shell-notice"), "did not ask for was refused")
		assert.Equal(t, emulator.AdminUPN, r.text("#signed-in-account"), "still the same user")
		assert.NotContains(t, eval[string](r.rig, "location.href"), "code=")
		assert.Equal(t, redeemed, r.stats().Entra.Requests[tokenPath], "no code was redeemed")
		assert.Equal(t, session, r.storage("sessionStorage"), "sessionStorage unchanged")
		assert.Equal(t, local, r.storage("localStorage"), "localStorage unchanged")
	})
}

// The server sends its security headers on every response the browser
// gets, errors included, and the page works under them: go-app, wasm_exec.js
// and the service worker run under Trusted Types and the Permissions-Policy
// (newSafetyRig fails on any violation), while what the policies forbid is
// refused.
func TestSafetyHeadersInTheBrowser(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	r.open()
	paths := []string{"/", "/app.js", "/web/app.wasm", "/app-worker.js", "/robots.txt", "/no-such-page"}
	names := []string{"content-security-policy", "referrer-policy", "x-content-type-options", "cross-origin-opener-policy",
		"cross-origin-resource-policy", "permissions-policy", "strict-transport-security"}
	headers := eval[map[string]map[string]string](r.rig, `Promise.all(`+jsList(paths)+`.map(u => fetch(u, {cache: 'no-store'})
		.then(res => [u, Object.fromEntries(`+jsList(names)+`.map(n => [n, res.headers.get(n) || '']))])))
		.then(Object.fromEntries)`)
	for _, p := range paths {
		h := headers[p]
		assert.Contains(t, h["content-security-policy"], "frame-ancestors 'none'", p)
		assert.Contains(t, h["content-security-policy"], "connect-src 'self' "+r.emu.EntraURL()+" "+r.emu.GraphURL(), p)
		assert.Contains(t, h["content-security-policy"], "require-trusted-types-for 'script'; trusted-types default", p)
		assert.Equal(t, "no-referrer", h["referrer-policy"], p)
		assert.Equal(t, "nosniff", h["x-content-type-options"], p)
		assert.Equal(t, "same-origin", h["cross-origin-opener-policy"], p)
		assert.Equal(t, "same-origin", h["cross-origin-resource-policy"], p)
		assert.Contains(t, h["permissions-policy"], "camera=()", p)
		assert.Empty(t, h["strict-transport-security"], "%s: plain http, no HSTS", p)
	}
	assert.True(t, eval[bool](r.rig, `navigator.serviceWorker.ready.then(reg => !!reg.active)`),
		"go-app registered its service worker under Trusted Types")

	r.refused("a host outside the policy is unreachable from the page", `fetch('https://example.com/').then(() => false, () => true)`)
	r.refused("a string written as HTML", `(() => { try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); return false } catch (e) { return true } })()`)
	r.refused("another origin's script as the worker", `navigator.serviceWorker.register('https://example.com/x.js').then(() => false, () => true)`)
	assert.Contains(t, eval[string](r.rig, `(() => { try { trustedTypes.createPolicy('mine', {createHTML: s => s}); return '' } catch (e) { return e.message } })()`),
		`Policy "mine" disallowed`, "no second Trusted Types policy")
	assert.False(t, eval[bool](r.rig, `navigator.permissions.query({name: 'geolocation'}).then(p => p.state !== 'denied')`),
		"a feature the app does not use is denied")
}

// refused runs js, which answers whether the browser refused what it tried,
// and expects the browser to have reported the refusal too.
func (r *safetyRig) refused(what, js string) {
	r.t.Helper()
	assert.True(r.t, eval[bool](r.rig, js), what)
	r.waitUntil("the browser's report: "+what, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.violations) > 0
	})
	r.mu.Lock()
	r.violations = nil
	r.mu.Unlock()
}

// jsList is a JavaScript array of the strings.
func jsList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = jsString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
