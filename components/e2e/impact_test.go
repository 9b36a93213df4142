//go:build !js

package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/wire"
)

// directory is the emulator's directory as the tests reckon it, apart from
// the app: each group's users, through nested groups.
type directory struct {
	groups map[string]emulator.Group // by display name
	byID   map[string]emulator.Group
	names  map[string]string // user ID → display name
}

func directoryOf(e *emulator.Emulator) directory {
	d := directory{groups: map[string]emulator.Group{}, byID: map[string]emulator.Group{}, names: map[string]string{}}
	for _, g := range e.Groups() {
		d.groups[g.DisplayName], d.byID[strings.ToLower(g.ID)] = g, g
	}
	for _, u := range e.Users() {
		d.names[u.ID] = u.DisplayName
	}
	return d
}

// users are a group's users, nested groups' included.
func (d directory) users(name string) map[string]bool {
	out := map[string]bool{}
	var walk func(g emulator.Group)
	walk = func(g emulator.Group) {
		for _, m := range g.Members {
			switch {
			case m.IsGroup():
				walk(d.byID[strings.ToLower(m.ID)])
			case strings.HasSuffix(m.Type, "."+wire.MemberUser):
				out[m.ID] = true
			}
		}
	}
	walk(d.groups[name])
	return out
}

func (d directory) in(user string, names ...string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return d.users(n)[user] })
}

// tenDevices reports a user the demo's "Ten devices" limit (priority 1)
// takes: R&D or IT Admins, not Contractors. It comes first whatever the
// tests below change.
func (d directory) tenDevices(u string) bool {
	return d.in(u, "Research and Development", emulator.GroupITAdmins) && !d.in(u, emulator.GroupContractors)
}

// limitAfterExecutives is the device limit a user gets when Executives -
// fifteen devices no longer takes them: Frontline (priority 3, not
// excluded: Warehouse Scanners holds devices only), then Sales (priority 4,
// Sales Team), then the default.
func (d directory) limitAfterExecutives(u string) string {
	switch {
	case d.in(u, emulator.GroupFrontlineWorkers):
		return "Frontline - one device"
	case d.in(u, emulator.GroupSalesTeam):
		return "Sales - three devices"
	}
	return "All users and all devices"
}

// movers are the rows of the first impact's movers table: user ID →
// "before → after".
func (r *rig) movers(scope string) map[string]string {
	r.t.Helper()
	return eval[map[string]string](r, `(() => { const o = {}; document.querySelectorAll(`+jsString(scope+` table.impact-movers tr.mover`)+`).forEach(tr => {
		o[tr.dataset.userId] = tr.querySelector('.before').innerText + ' → ' + tr.querySelector('.after').innerText; }); return o; })()`)
}

// waitForImpact waits for the directory to be read and the impact shown.
func (r *rig) waitForImpact(scope string) {
	r.t.Helper()
	r.waitFor("the impact", `document.querySelector(`+jsString(scope+` table.impact-movers, `+scope+` .impact-movers-none`)+`)`)
}

// A priority swap names exactly the users who move: Frontline above
// Executives moves those both take and Ten devices does not, from
// Executives to Frontline.
func TestImpactPrioritySwapNamesExactlyTheUsersWhoMove(t *testing.T) {
	r := newRig(t, emulator.Options{})
	d := directoryOf(r.emu)
	want := map[string]string{}
	for u := range d.users("VIP Users") {
		if d.in(u, emulator.GroupFrontlineWorkers) && !d.tenDevices(u) {
			want[u] = "Executives - fifteen devices → Frontline - one device"
		}
	}
	require.NotEmpty(t, want, "the demo directory has people in both")

	r.signIn(emulator.AdminUPN)
	r.waitFor("the priority buttons", `document.querySelector('#open-priority-deviceEnrollmentLimitConfiguration')`)
	click(r, chromedp.ID("open-priority-deviceEnrollmentLimitConfiguration"))
	r.waitFor("the priority screen", `document.querySelector('#move-up-`+emulator.ConfigFrontlineLimit+`')`)
	click(r, chromedp.ID("move-up-"+emulator.ConfigFrontlineLimit))
	click(r, chromedp.ID("preview-order"))
	r.waitFor("the preview", `document.querySelector('#save-order')`)
	r.waitForImpact(".preview-order")
	assert.Equal(t, want, r.movers(".preview-order"))
	for _, e := range r.requests() {
		assert.Contains(t, []string{"GET", "POST", "OPTIONS"}, e.Method, "%s %s", e.Method, e.Path)
		if e.Method == "POST" {
			assert.True(t, strings.HasSuffix(e.Path, "/$batch"), "only reads in $batch: %s", e.Path)
		}
	}
}

// Removing an include shows its users falling to the next configuration
// that takes them, or to the default.
func TestImpactRemovingAnIncludeShowsItsUsersFallingToTheNextOrTheDefault(t *testing.T) {
	r := newRig(t, emulator.Options{})
	d := directoryOf(r.emu)
	want := map[string]string{}
	for u := range d.users("VIP Users") {
		if !d.in(u, emulator.GroupExecutives) && !d.tenDevices(u) {
			want[u] = "Executives - fifteen devices → " + d.limitAfterExecutives(u)
		}
	}
	require.NotEmpty(t, want)

	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Executives - fifteen devices")
	click(r, chromedp.CSS(`button.remove-assignment[aria-label="Remove: Include group VIP Users"]`))
	r.waitFor("the removal", `document.querySelector('.set-editor')`)
	r.previewSet()
	r.waitForImpact(".set-editor")
	assert.Equal(t, want, r.movers(".set-editor"))
	assert.Contains(t, r.text(".set-editor .impact"), `lost by group "VIP Users"`)
}

// A bulk plan's dry run shows the movers: turning the VIP Users include
// into an exclusion takes Executives - fifteen devices from every VIP.
func TestImpactBulkDryRunShowsTheMovers(t *testing.T) {
	r := newRig(t, emulator.Options{})
	d := directoryOf(r.emu)
	want := map[string]string{}
	for u := range d.users("VIP Users") {
		if !d.tenDevices(u) {
			want[u] = "Executives - fifteen devices → " + d.limitAfterExecutives(u)
		}
	}
	require.NotEmpty(t, want)

	r.signIn(emulator.AdminUPN)
	r.waitFor("the bulk button", `document.querySelector('#open-bulk')`)
	click(r, chromedp.ID("open-bulk"))
	vip := emulator.DemoGroupID("VIP Users")
	r.waitFor("the groups in use", `document.querySelector('#bulk-rule-group option[value="`+vip+`"]')`)
	eval[chromedp.Void](r, `(() => { const s = document.querySelector('#bulk-rule-group'); s.value = `+jsString(vip)+
		`; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	click(r, chromedp.ID("bulk-add-rule"))
	r.waitFor("one selected", `document.querySelector('#bulk-selected-count').innerText === '1 assignment selected'`)
	click(r, chromedp.ID("bulk-op-toggle-inclusion"))
	click(r, chromedp.ID("bulk-dry-run"))
	r.waitFor("the dry run", `document.querySelector('#bulk-confirm')`)
	r.waitForImpact(".bulk-dry-run")
	assert.Equal(t, want, r.movers(".bulk-dry-run"))
	column := r.text(".bulk-dry-run td.plan-impact")
	for u, move := range want {
		assert.Contains(t, column, d.names[u]+": "+move, "the row's column names the mover")
	}
}

// The who-gets-what view explains a user's restriction with the deciding
// group: a Finance Team member gets "Block personal devices" through it.
func TestImpactWhoGetsWhatExplainsARestrictionWithTheDecidingGroup(t *testing.T) {
	r := newRig(t, emulator.Options{})
	d := directoryOf(r.emu)
	var user string
	for u := range d.users(emulator.GroupFinanceTeam) {
		if !d.in(u, emulator.GroupExecutives, "Blocked Personal Devices") && (user == "" || d.names[u] < d.names[user]) {
			user = u
		}
	}
	require.NotEmpty(t, user)

	r.signIn(emulator.AdminUPN)
	r.waitFor("the way to who gets what", `document.querySelector('#open-people')`)
	click(r, chromedp.ID("open-people"))
	r.waitFor("the directory", `document.querySelector('#user-search')`)
	assert.Contains(t, r.text("#directory-refresh"), "Refresh")
	r.do(chromedp.SendKeys(chromedp.ID("user-search"), d.names[user]))
	r.waitFor("the user among the matches", `document.querySelector('button.pick-user[data-user-id="`+user+`"]')`)
	click(r, chromedp.CSS(`button.pick-user[data-user-id="`+user+`"]`))
	row := `tr.outcome[data-kind="deviceEnrollmentPlatformRestrictionsConfiguration"]`
	r.waitFor("the restriction's answer", `document.querySelector(`+jsString(row)+`)`)
	assert.Equal(t, "Block personal devices", r.text(row+" .applies"))
	assert.Contains(t, r.text(row+" .why"), `"Block personal devices" (priority 1) applies: group "Finance Team" includes them and nothing before it does.`)
	assert.Empty(t, r.unnamedControls(), "every control of the screen has a name")
}
