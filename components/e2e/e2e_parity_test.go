//go:build !js

package e2e

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
	"enrollassign/graph/snippets"
)

// Parity with the Intune admin center: the request in every language, a
// kind's priority order, and assignment filters (in both of the emulator's
// write modes: the as-reported one refuses the filter's PATCH). After
// each, the emulator holds what was asked and nothing else changed.

var writeModes = []emulator.WriteMode{emulator.ModeDocumented, emulator.ModeAsReported}

// eachMode runs a scenario against a fresh rig in each write mode.
func eachMode(t *testing.T, scenario func(t *testing.T, r *rig)) {
	for _, mode := range writeModes {
		t.Run(string(mode), func(t *testing.T) { scenario(t, newRig(t, emulator.Options{Mode: mode})) })
	}
}

// documentedOnly runs a scenario that the write mode cannot change against
// the documented mode alone: the mode only refuses PATCH, POST and DELETE
// on assignments, and a scenario that only reads, refuses before sending,
// or writes through setPriority sends the same requests in either. (The
// as-reported save of a PATCH is TestBrowser7BothWriteModes'.)
func documentedOnly(t *testing.T, scenario func(t *testing.T, r *rig)) {
	scenario(t, newRig(t, emulator.Options{Mode: emulator.ModeDocumented}))
}

// TestParitySnippetsOfOneUpdate: the update previewed is shown in every
// language, each naming Microsoft's operation and carrying the IDs sent,
// none with a token; one is copied; curl's body is the PATCH the emulator
// received.
func TestParitySnippetsOfOneUpdate(t *testing.T) {
	documentedOnly(t, func(t *testing.T, r *rig) {
		salesLaptops, pilot := emulator.DemoGroupID(emulator.GroupSalesLaptops), emulator.DemoGroupID(emulator.GroupPilotUsers)
		before := r.state()
		original := assignmentWithTarget(t, before[emulator.ConfigSalesLimit], graph.GroupTarget(salesLaptops))
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")
		r.changeTarget("Include group Sales Laptops")
		r.chooseKind(graph.TargetExclusionGroup)
		r.pickGroup("Pilot", emulator.GroupPilotUsers)
		r.preview()
		click(r, chromedp.CSS(`.editor details.snippets summary`))
		codes := r.snippets(".editor ")
		cfg, aid := emulator.ConfigSalesLimit, original.ID
		url := r.emu.GraphURL() + "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + cfg + "/assignments/" + aid
		names := map[string]string{
			"curl":               "curl -X PATCH '" + url + "'",
			"powershell":         `Update-MgDeviceManagementDeviceEnrollmentConfigurationAssignment -DeviceEnrollmentConfigurationId "` + cfg + `" -EnrollmentConfigurationAssignmentId "` + aid + `"`,
			"powershell-request": `Invoke-MgGraphRequest -Method PATCH -Uri "` + url + `"`,
			"cli":                "mgc device-management device-enrollment-configurations assignments patch --device-enrollment-configuration-id '" + cfg + "'",
			"go":                 `.Assignments().ByEnrollmentConfigurationAssignmentId("` + aid + `").Patch(context.Background(), requestBody, nil)`,
			"csharp":             `.Assignments["` + aid + `"].PatchAsync(requestBody)`,
			"python":             `.by_enrollment_configuration_assignment_id("` + aid + `").patch(request_body)`,
			"javascript":         ".update(enrollmentConfigurationAssignment)",
		}
		require.Len(t, codes, len(snippets.Languages))
		for _, l := range snippets.Languages {
			code := codes[l.ID]
			assert.Contains(t, code, names[l.ID], l.ID)
			assert.Contains(t, code, pilot, "%s carries the group sent", l.ID)
			assert.NotContains(t, code, "eyJ", "%s holds no token", l.ID)
		}
		r.copySnippet(".editor ", "go", codes["go"])
		assert.Empty(t, r.unnamedControls(), "every control of the preview has a name")

		r.save()
		r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Exclude group Pilot Users')`)
		after := r.state()
		assertOnlyAssignmentChanged(t, before, after, cfg, original.Target, graph.ExclusionGroupTarget(pilot))
		var sent string
		for _, e := range r.requests() {
			if e.Method == "PATCH" {
				sent = e.Body
			}
		}
		_, curlBody, ok := strings.Cut(codes["curl"], "--data-raw '")
		require.True(t, ok)
		assert.JSONEq(t, sent, strings.TrimSuffix(strings.TrimSpace(curlBody), "'"), "the snippet's body is the one sent")
	})
}

// snippets opens each language of the request snippets under scope and
// returns its code by language ID.
func (r *rig) snippets(scope string) map[string]string {
	r.t.Helper()
	codes := map[string]string{}
	for _, l := range snippets.Languages {
		click(r, chromedp.CSS(scope+`button.snippet-language[data-language="`+l.ID+`"]`))
		r.waitFor(l.Label+" code", `document.querySelector(`+jsString(scope+`pre.snippet[data-language="`+l.ID+`"]`)+`)`)
		codes[l.ID] = r.text(scope + "pre.snippet")
	}
	return codes
}

// copySnippet copies one language's snippet and checks the clipboard holds
// it (the page is granted the clipboard, as a user's click would be). The
// grant names the tab's browser context: without it Chromium applies it to
// the default context, which no test's tab is in. The tab is told it has
// the focus: the clipboard refuses a page without it, and tabs of tests
// running beside it in the one Chromium take the focus in turn.
func (r *rig) copySnippet(scope, language, want string) {
	r.t.Helper()
	clipboard.Lock() // one clipboard for every tab of the one Chromium
	defer clipboard.Unlock()
	grantClipboard(r, r.tab, r.app.URL, "clipboard-write")
	click(r, chromedp.CSS(scope+`button.snippet-language[data-language="`+language+`"]`))
	click(r, chromedp.CSS(scope+`button.copy-snippet`))
	r.waitFor("the copy", `(document.querySelector(`+jsString(scope+".copy-status")+`) || {}).innerText === 'Copied the Go snippet.'`)
	assert.Equal(r.t, strings.TrimSpace(want), strings.TrimSpace(r.clipboardText()), "the clipboard holds the code shown")
}

// clipboard is held from a copy until the clipboard is read back: tests
// running in parallel share the one Chromium's clipboard, and the other
// write mode's run of the same test copies the same snippet with its own
// emulator's address.
var clipboard sync.Mutex

// clipboardText reads the clipboard from a page of another origin in the
// same browser context: the app's own Permissions-Policy denies reading it
// (the app only writes it), which is what keeps a script there from it.
func (r *rig) clipboardText() string {
	r.t.Helper()
	tab, cancel := chromedp.NewContext(r.tab)
	defer cancel()
	origin := r.emu.EntraURL()
	ctx, cancelStep := context.WithTimeout(tab, stepTimeout)
	defer cancelStep()
	_, err := chromedp.Run(ctx, chromedp.Navigate(origin+"/"))
	require.NoError(r.t, err, "a page of the emulator's Entra origin")
	grantClipboard(r, ctx, origin, "clipboard-read")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	require.NoError(r.t, err, "reading the clipboard")
	return text
}

// grantClipboard grants origin a clipboard permission in tab's browser
// context and tells tab it has the focus.
func grantClipboard(r *rig, tab context.Context, origin, permission string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	_, err := chromedp.Call(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: permission}, Setting: browser.PermissionSettingGranted, Origin: origin,
		BrowserContextID: chromedp.FromContext(tab).BrowserContextID})
	require.NoError(r.t, err, permission)
	_, err = chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	require.NoError(r.t, err, "focus emulation")
}

// assertOnlyAssignmentChanged fails unless, between two states, the one
// assignment of configID that targeted was now targets next (its filter
// and the rest kept) and nothing else changed.
func assertOnlyAssignmentChanged(t *testing.T, before, after map[string]graph.Configuration, configID string, was, next graph.Target) {
	t.Helper()
	require.Len(t, after, len(before))
	for id, b := range before {
		a := after[id]
		assert.Equal(t, b.Priority, a.Priority, id)
		if id != configID {
			assertSameAssignments(t, b, a)
			continue
		}
		require.Len(t, a.Assignments, len(b.Assignments), "nothing added or removed")
		old := assignmentWithTarget(t, b, was)
		changed := assignmentWithTarget(t, a, next)
		assert.Equal(t, old.Target.Unmodelled(), changed.Target.Unmodelled(), "the filter is kept as it was")
		for _, o := range b.Assignments {
			if o.ID != old.ID {
				assertUnchanged(t, o, assignmentOf(t, a, o.ID))
			}
		}
	}
}

// TestParityPriorityByKeyboard: a kind's order changed with the keyboard
// alone (move up, move down), previewed, saved; the emulator's order is the
// preview's, the default stays last, nothing else changes.
func TestParityPriorityByKeyboard(t *testing.T) {
	documentedOnly(t, func(t *testing.T, r *rig) {
		before := r.state()
		r.signIn(emulator.AdminUPN)
		r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
		eval[any](r, `document.querySelector('#open-history').focus()`)
		r.tabTo(`#open-priority-deviceEnrollmentLimitConfiguration`, 15)
		r.press(kb.Enter)
		r.waitFor("the priority screen", `document.querySelector('#move-up-`+emulator.ConfigSalesLimit+`') && document.activeElement === document.querySelector('#priority-title')`)
		assert.Equal(t, []string{emulator.ConfigTenDevices, emulator.ConfigExecutivesLimit, emulator.ConfigFrontlineLimit, emulator.ConfigSalesLimit, emulator.ConfigUnassignedLimit, emulator.ConfigDefaultLimit},
			r.order("ol.priority-order li"), "by priority, the default last")
		assert.Empty(t, r.unnamedControls(), "every control of the screen has a name")

		r.tabTo(`#move-up-`+emulator.ConfigSalesLimit, 20)
		r.press(kb.Enter)
		r.waitFor("the move", `document.querySelector('#priority-status').innerText === 'Moved Sales - three devices to position 3 of 5.'`)
		assert.Equal(t, "move-up-"+emulator.ConfigSalesLimit, eval[string](r, `document.activeElement.id`), "the focus follows the row")
		r.press(kb.Enter)
		r.waitFor("the second move", `document.querySelector('#priority-status').innerText.includes('position 2 of 5')`)
		eval[any](r, `document.querySelector('#priority-title').focus()`)
		r.tabTo(`#move-down-`+emulator.ConfigTenDevices, 10)
		r.press(kb.Enter)
		r.waitFor("the move down", `document.querySelector('#priority-status').innerText === 'Moved Ten devices to position 2 of 5.'`)
		want := []string{emulator.ConfigSalesLimit, emulator.ConfigTenDevices, emulator.ConfigExecutivesLimit, emulator.ConfigFrontlineLimit, emulator.ConfigUnassignedLimit}

		r.tabTo(`#preview-order`, 10)
		r.press(kb.Enter)
		r.waitFor("the preview", `document.querySelector('#save-order')`)
		previewed := r.order("ol.resulting-order li")
		assert.Equal(t, append(append([]string{}, want...), emulator.ConfigDefaultLimit), previewed)
		assert.Contains(t, r.text(".preview-order"), "POST "+r.emu.GraphURL()+"/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+emulator.ConfigSalesLimit+"/setPriority")
		r.tabTo(`#save-order`, 6)
		r.press(kb.Enter)
		r.waitFor("the saved order", `document.querySelector('ol.saved-order li')`)

		after := r.state()
		limits, defaults := graph.OrderOf(configurations(after), graph.ConfigurationLimit)
		assert.Equal(t, want, graph.IDs(limits), "the emulator's order is the preview's")
		assert.Equal(t, previewed[:len(want)], graph.IDs(limits))
		for i, c := range limits {
			assert.Equal(t, int32(i+1), c.Priority)
		}
		assert.Equal(t, []string{emulator.ConfigDefaultLimit}, graph.IDs(defaults))
		assert.Equal(t, int32(0), defaults[0].Priority)
		for id, b := range before {
			assertSameAssignments(t, b, after[id])
			if b.Kind != graph.ConfigurationLimit {
				assert.Equal(t, b.Priority, after[id].Priority, "another kind is untouched: %s", id)
			}
		}
		for _, e := range r.requests() {
			assert.False(t, isAssignmentWrite(e), "no assignment was written: %s %s", e.Method, e.Path)
		}
	})
}

// order lists the configuration IDs of the rows a selector finds.
func (r *rig) order(selector string) []string {
	r.t.Helper()
	return eval[[]string](r, `[...document.querySelectorAll(`+jsString(selector)+`)].map(li => li.dataset.configurationId)`)
}

func configurations(state map[string]graph.Configuration) []graph.Configuration {
	out := make([]graph.Configuration, 0, len(state))
	for _, c := range state {
		out = append(out, c)
	}
	return out
}

// TestParityFilterKeptInV1: on v1.0 the filter Sales Team's include holds
// is shown read-only, by name (the demo tenant consents the filters'
// permission), and a target change keeps it.
func TestParityFilterKeptInV1(t *testing.T) {
	eachMode(t, func(t *testing.T, r *rig) {
		salesTeam, contractors := emulator.DemoGroupID(emulator.GroupSalesTeam), emulator.DemoGroupID(emulator.GroupContractors)
		before := r.state()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")
		row := salesTeamFilterCell(r)
		r.waitFor("the filter's name", `document.querySelector(`+jsString(row)+`).innerText.includes('Windows 11 corporate devices')`)
		assert.Equal(t, "Include filtered devices: Windows 11 corporate devices", strings.TrimSpace(r.text(row)), "named: the filters' permission is consented")
		assert.NotContains(t, r.text(row), emulator.FilterWindowsCorporate)
		assert.False(t, eval[bool](r, `!!document.querySelector('button.edit-filter')`), "read-only on v1.0")

		r.changeTarget("Include group Sales Team")
		r.chooseKind(graph.TargetExclusionGroup)
		r.pickGroup("Contr", emulator.GroupContractors)
		r.preview()
		r.save()
		r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Exclude group Contractors')`)
		after := r.state()
		assertOnlyAssignmentChanged(t, before, after, emulator.ConfigSalesLimit, graph.GroupTarget(salesTeam), graph.ExclusionGroupTarget(contractors))
		kept := assignmentWithTarget(t, after[emulator.ConfigSalesLimit], graph.ExclusionGroupTarget(contractors))
		id, typ := kept.Target.Filter()
		assert.Equal(t, []string{emulator.FilterWindowsCorporate, "include"}, []string{id, string(typ)}, "never lost")
	})
}

// TestParityFilterByIDWithoutItsPermission: where nobody consented the
// filters' permission, the filter is named by ID and the screen offers to
// ask for the permission.
func TestParityFilterByIDWithoutItsPermission(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.consent(graph.FilterReadPermission, emulator.ConsentNone)
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Sales - three devices")
	row := salesTeamFilterCell(r)
	r.waitFor("the offer", `[...document.querySelectorAll('button')].some(b => b.innerText.includes('Allow assignment filters'))`)
	assert.Contains(t, r.text(row), emulator.FilterWindowsCorporate, "named by ID: the filters' permission was not granted")
	assert.False(t, eval[bool](r, `!!document.querySelector('button.edit-filter')`), "read-only on v1.0")
}

// salesTeamFilterCell waits for the filter cell of Sales Team's include in
// "Sales - three devices", read through beta, and returns its selector.
func salesTeamFilterCell(r *rig) string {
	r.t.Helper()
	row := `tr.assignment[data-assignment-id="` + emulator.ConfigSalesLimit + `_` + emulator.DemoGroupID(emulator.GroupSalesTeam) + `"] td.filter`
	r.waitFor("the filter from the beta read", `(document.querySelector(`+jsString(row)+`) || {innerText: ''}).innerText.includes('Include filtered devices')`)
	return row
}

// TestParityFilterSetChangedAndRemovedOnBeta: on beta, with the filters'
// permission granted, a filter is set on Finance Team's include of "Block
// personal devices" (only iOS, macOS and Windows filters offered), changed,
// then removed; after each the emulator holds it and nothing else changed.
func TestParityFilterSetChangedAndRemovedOnBeta(t *testing.T) {
	eachMode(t, func(t *testing.T, r *rig) {
		finance := emulator.DemoGroupID(emulator.GroupFinanceTeam)
		grantFilterReads(r)
		r.signIn(emulator.AdminUPN)
		r.useAPIVersion(graph.Beta)
		r.openConfiguration("Block personal devices")
		aid := emulator.ConfigBlockPersonal + "_" + finance
		steps := []struct {
			mode, filter, label string
			id, typ             string
		}{
			{"include", emulator.FilterCorporateIPads, "Set filter: Include group Finance Team", emulator.FilterCorporateIPads, "include"},
			{"exclude", emulator.FilterWindowsCorporate, "Change filter: Include group Finance Team", emulator.FilterWindowsCorporate, "exclude"},
			{"none", "", "Change filter: Include group Finance Team", "", ""},
		}
		for i, s := range steps {
			before := r.state()
			click(r, chromedp.CSS(`button.edit-filter[aria-label="`+s.label+`"]`))
			r.waitFor("the filter editor", `document.querySelector('#preview-filter')`)
			if i == 0 {
				offered := eval[[]string](r, `[...document.querySelectorAll('#filter-choice option')].map(o => o.value).filter(v => v)`)
				assert.ElementsMatch(t, []string{emulator.FilterWindowsCorporate, emulator.FilterAutopilotKiosk, emulator.FilterCorporateIPads, emulator.FilterAppleSiliconMacs}, offered,
					"a restriction takes iOS, macOS and Windows device filters, not Android or app filters")
				assert.Empty(t, r.unnamedControls(), "every control of the filter editor has a name")
			}
			click(r, chromedp.ID("filter-mode-"+s.mode))
			if s.filter != "" {
				eval[any](r, `(() => { const s = document.querySelector('#filter-choice'); s.value = `+jsString(s.filter)+`; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
			}
			click(r, chromedp.ID("preview-filter"))
			r.waitFor("the filter preview", `document.querySelector('#save-filter')`)
			assert.Contains(t, r.text(".filter-editor .preview"), "/beta/deviceManagement/deviceEnrollmentConfigurations/"+emulator.ConfigBlockPersonal)
			click(r, chromedp.ID("save-filter"))
			r.waitFor("the save result "+strconv.Itoa(i), `document.querySelector('.result .fact-status')`)
			after := r.state()
			got := assignmentOf(t, after[emulator.ConfigBlockPersonal], aid)
			id, typ := got.Target.Filter()
			if s.typ == "" {
				assert.Equal(t, graph.FilterNone, typ, "removed")
			} else {
				assert.Equal(t, []string{s.id, s.typ}, []string{id, string(typ)}, "step %d", i)
			}
			for cid, b := range before {
				if cid != emulator.ConfigBlockPersonal {
					assertSameAssignments(t, b, after[cid])
					continue
				}
				for _, o := range b.Assignments {
					if o.ID != aid {
						assertUnchanged(t, o, assignmentOf(t, after[cid], o.ID))
					}
				}
				assert.Equal(t, graph.GroupTarget(finance).Audience(), got.Target.Audience(), "the target stays")
			}
			r.waitFor("the list again", `!document.querySelector('#save-filter')`)
		}
	})
}

// useAPIVersion switches the settings' Graph API version.
func (r *rig) useAPIVersion(version string) {
	r.t.Helper()
	click(r, chromedp.ID("open-settings"))
	r.waitFor("the settings", `document.querySelector('#settings-api-version')`)
	eval[any](r, `(() => { const s = document.querySelector('#settings-api-version'); s.value = `+jsString(version)+`; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	click(r, chromedp.ID("save-settings"))
	r.waitFor("the list again", `document.querySelector('button.open-configuration')`)
}

// grantFilterReads has an administrator grant the demo app the filters'
// permission for the tenant, as the consent prompt does.
func grantFilterReads(r *rig) {
	r.t.Helper()
	r.control("/_emulator/consent", map[string]string{"permission": graph.FilterReadPermission, "consent": "granted"})
}
