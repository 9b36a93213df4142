//go:build !js

package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// The whole assignment job, as an administrator does it in the Intune
// admin center: add to a configuration nobody is assigned to, add several
// groups at once, remove, be refused an include and an exclude of one
// group before anything is sent, see member counts. Each that writes runs
// in both of the emulator's write modes: where the documented create and
// delete are refused (as-reported), the app writes the whole set with
// assign. After
// each, the emulator's state holds exactly the change and nothing else in
// it changed.

// bothModes runs a scenario against each write mode, each with its own rig.
func bothModes(t *testing.T, scenario func(t *testing.T, r *rig, mode emulator.WriteMode)) {
	for _, mode := range []emulator.WriteMode{emulator.ModeDocumented, emulator.ModeAsReported} {
		t.Run(string(mode), func(t *testing.T) {
			scenario(t, newRig(t, emulator.Options{Mode: mode}), mode)
		})
	}
}

func TestParityAddToAConfigurationWithNoAssignment(t *testing.T) {
	bothModes(t, func(t *testing.T, r *rig, mode emulator.WriteMode) {
		pilot := emulator.DemoGroupID(emulator.GroupPilotUsers)
		before := r.fullState()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Draft - two devices")
		r.waitFor("the empty lists", `document.querySelector('p.unassigned') && document.querySelector('#add-included')`)
		assert.Equal(t, "This configuration is not assigned to anyone.", r.text("p.unassigned"))

		r.addTo("included", [2]string{"Pilot", emulator.GroupPilotUsers})
		preview := r.previewSet()
		assert.Contains(t, preview, "POST "+r.emu.GraphURL()+"/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+emulator.ConfigUnassignedLimit+"/assignments\n",
			"the documented create is tried first")
		assert.Contains(t, preview, `"groupId": "`+pilot+`"`)
		assert.NotContains(t, preview, "eyJ", "no token in the preview")
		r.saveSet()

		assert.Contains(t, r.text(".set-result"), "Saved: 1 added")
		assert.Contains(t, r.text(".set-result"), "Added Include group Pilot Users")
		if mode == emulator.ModeAsReported {
			assert.Contains(t, r.text(".set-result .fallback"), "refused the documented create or delete")
			assert.Contains(t, r.text(".preview"), "/assign", "the assign sent instead is shown")
		}
		r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Include group Pilot Users')`)
		r.assertOnlyChanged(before, emulator.ConfigUnassignedLimit, []graph.Target{graph.GroupTarget(pilot)})
		r.assertWrites(mode, 1, 0)
	})
}

func TestParityAddSeveralGroupsAtOnce(t *testing.T) {
	bothModes(t, func(t *testing.T, r *rig, mode emulator.WriteMode) {
		sales, team := emulator.DemoGroupID(emulator.GroupSalesLaptops), emulator.DemoGroupID(emulator.GroupSalesTeam)
		contractors, interns := emulator.DemoGroupID(emulator.GroupContractors), emulator.DemoGroupID(emulator.GroupInterns)
		before := r.fullState()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")

		r.addTo("excluded", [2]string{"Contr", emulator.GroupContractors}, [2]string{"Inter", emulator.GroupInterns})
		preview := r.previewSet()
		assert.Contains(t, preview, "Request 1 of 2 to send")
		assert.Contains(t, preview, `"groupId": "`+contractors+`"`)
		assert.Contains(t, preview, `"groupId": "`+interns+`"`)
		r.saveSet()

		result := r.text(".set-result")
		assert.Contains(t, result, "Saved: 2 added")
		assert.Contains(t, result, "Added Exclude group Contractors")
		assert.Contains(t, result, "Added Exclude group Interns")
		r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Exclude group Interns')`)
		r.assertOnlyChanged(before, emulator.ConfigSalesLimit, []graph.Target{graph.GroupTarget(sales), graph.GroupTarget(team),
			graph.ExclusionGroupTarget(contractors), graph.ExclusionGroupTarget(interns)})
		r.assertWrites(mode, 2, 0)
	})
}

func TestParityRemove(t *testing.T) {
	bothModes(t, func(t *testing.T, r *rig, mode emulator.WriteMode) {
		sales, team := emulator.DemoGroupID(emulator.GroupSalesLaptops), emulator.DemoGroupID(emulator.GroupSalesTeam)
		before := r.fullState()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")

		click(r, chromedp.CSS(`button.remove-assignment[aria-label="Remove: Include group Sales Laptops"]`))
		r.waitFor("the removal", `document.querySelector('.set-editor')`)
		assert.Contains(t, r.text(".set-editor"), "Include group Sales Laptops is taken out of Sales - three devices: 42 members no longer targeted by it.")
		preview := r.previewSet()
		assert.Contains(t, preview, "DELETE "+r.emu.GraphURL()+"/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+emulator.ConfigSalesLimit+"/assignments/"+emulator.ConfigSalesLimit+"_"+sales)
		r.saveSet()

		assert.Contains(t, r.text(".set-result"), "Saved: 1 removed")
		r.waitFor("the refreshed list", `![...document.querySelectorAll('td.target')].some(td => td.innerText === 'Include group Sales Laptops')`)
		r.assertOnlyChanged(before, emulator.ConfigSalesLimit, []graph.Target{graph.GroupTarget(team)})
		r.assertWrites(mode, 0, 1)
	})
}

func TestParityIncludeAndExcludeOfOneGroupRefusedBeforeSending(t *testing.T) {
	documentedOnly(t, func(t *testing.T, r *rig) {
		mode := emulator.ModeDocumented
		before := r.fullState()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")

		r.addTo("excluded", [2]string{"Sales Lap", emulator.GroupSalesLaptops})
		r.waitFor("the refusal", `document.querySelector('.set-editor .refusal')`)
		assert.Equal(t, "“Sales Laptops” is included in this configuration, so it cannot also be excluded: a configuration either includes a group or excludes it. Remove it from the other list first.",
			r.text(".set-editor .refusal"))
		assert.True(t, eval[bool](r, `document.querySelector('#preview-set-change').disabled`), "nothing to preview")
		assert.False(t, eval[bool](r, `!!document.querySelector('#save-set-change')`), "nothing to save")
		assert.Empty(t, r.unnamedControls(), "every control of the editor has a name")

		r.assertOnlyChanged(before, "", nil)
		r.assertWrites(mode, 0, 0)
	})
}

func TestParityMemberCountsShown(t *testing.T) {
	documentedOnly(t, func(t *testing.T, r *rig) {
		mode := emulator.ModeDocumented
		before := r.fullState()
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")

		row := `tr[data-assignment-id="` + emulator.ConfigSalesLimit + "_" + emulator.DemoGroupID(emulator.GroupSalesLaptops) + `"]`
		r.waitFor("the member count", `(document.querySelector('`+row+` td.member-count') || {}).innerText === '42 members'`)
		assert.Equal(t, "Security, dynamic", r.text(row+" td.group-kind"))

		r.addTo("included", [2]string{"Pilot", emulator.GroupPilotUsers})
		r.waitFor("the count in the picker", `[...document.querySelectorAll('.picked-group')].some(li => li.innerText.includes('Security · 18 members'))`)

		counted := 0
		for _, e := range r.requests() {
			if e.Method == "GET" && strings.HasSuffix(e.Path, "/transitiveMembers/$count") {
				counted++
				assert.Equal(t, 200, e.Status, e.Path)
				assert.Equal(t, []string{"eventual"}, header(e.Headers, "ConsistencyLevel"), "the count is an advanced query")
			}
		}
		assert.GreaterOrEqual(t, counted, 3, "the list's two groups and the picker's match")
		r.assertOnlyChanged(before, "", nil)
		r.assertWrites(mode, 0, 0)
	})
}

// ---------------------------------------------------------------- the steps

// addTo opens a list's editor and picks groups with the multi-select
// picker: each pick is what to type and the group to choose.
func (r *rig) addTo(list string, picks ...[2]string) {
	r.t.Helper()
	click(r, chromedp.ID("add-"+list))
	r.waitFor("the group picker", `document.querySelector('#set-group-picker')`)
	for _, p := range picks {
		eval[chromedp.Void](r, `(() => { const i = document.querySelector('#set-group-picker'); i.value = ''; i.focus(); })()`)
		r.do(chromedp.SendKeys(chromedp.ID("set-group-picker"), p[0]))
		option := `//button[contains(@class,'group-option') and normalize-space(.)=` + xpathString(p[1]) + `]`
		r.waitFor("the group "+p[1]+" among the matches", `document.evaluate(`+jsString(option)+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue`)
		click(r, chromedp.Search(option))
		r.waitFor(p[1]+" chosen", `[...document.querySelectorAll('.picked-group strong')].some(s => s.innerText === `+jsString(p[1])+`)`)
	}
}

// previewSet asks for the requests' preview and returns its text.
func (r *rig) previewSet() string {
	r.t.Helper()
	click(r, chromedp.ID("preview-set-change"))
	r.waitFor("the requests' preview", `document.querySelector('#save-set-change')`)
	return r.text(".set-previews")
}

// saveSet saves and waits for the result (or an error box).
func (r *rig) saveSet() {
	r.t.Helper()
	click(r, chromedp.ID("save-set-change"))
	r.waitFor("the save result", `document.querySelector('.set-result') || document.querySelector('.set-editor .error-box')`)
}

// ---------------------------------------------------------------- the state

// tenantState is /_emulator/state: every configuration by ID, and the groups.
type tenantState struct {
	configs map[string]json.RawMessage
	groups  json.RawMessage
}

func (r *rig) fullState() tenantState {
	r.t.Helper()
	var s struct {
		Value  []json.RawMessage `json:"value"`
		Groups json.RawMessage   `json:"groups"`
	}
	r.getJSON("/_emulator/state", &s)
	out := tenantState{configs: map[string]json.RawMessage{}, groups: s.Groups}
	for _, raw := range s.Value {
		var id struct {
			ID string `json:"id"`
		}
		require.NoError(r.t, json.Unmarshal(raw, &id))
		out.configs[id.ID] = raw
	}
	return out
}

// assertOnlyChanged checks the tenant against before: configuration
// changed (none when empty) now holds exactly want, its other assignments
// and its own properties unchanged; everything else is as it was.
func (r *rig) assertOnlyChanged(before tenantState, changed string, want []graph.Target) {
	r.t.Helper()
	after := r.fullState()
	assert.JSONEq(r.t, string(before.groups), string(after.groups), "the directory is unchanged")
	require.Len(r.t, after.configs, len(before.configs))
	for id, raw := range before.configs {
		if id != changed {
			assert.JSONEq(r.t, string(raw), string(after.configs[id]), "configuration %s is unchanged", id)
			continue
		}
		var was, is graph.Configuration
		require.NoError(r.t, json.Unmarshal(raw, &was))
		require.NoError(r.t, json.Unmarshal(after.configs[id], &is))
		assert.Equal(r.t, audiences(want), audiences(targetsOf(is.Assignments)), "configuration %s holds exactly the change", id)
		for _, a := range was.Assignments {
			for _, b := range is.Assignments {
				if b.Target.SameAudience(a.Target) {
					assertUnchanged(r.t, a, b)
				}
			}
		}
		was.Assignments, is.Assignments = nil, nil
		wasJSON, _ := json.Marshal(was)
		isJSON, _ := json.Marshal(is)
		assert.JSONEq(r.t, string(wasJSON), string(isJSON), "configuration %s's own properties are unchanged", id)
	}
}

// assertWrites checks the writes the emulator received: in the documented
// mode one create per addition and one delete per removal; as reported,
// the first documented request is refused and one assign writes the set.
func (r *rig) assertWrites(mode emulator.WriteMode, adds, removes int) {
	r.t.Helper()
	got := map[string]int{}
	for _, e := range r.requests() {
		switch {
		case e.InBatch:
		case e.Method == "DELETE":
			got["delete "+statusClass(e.Status)]++
		case e.Method == "POST" && strings.HasSuffix(e.Path, "/assign"):
			got["assign "+statusClass(e.Status)]++
		case e.Method == "POST" && strings.HasSuffix(e.Path, "/assignments"):
			got["create "+statusClass(e.Status)]++
		case e.Method == "PATCH":
			got["patch "+statusClass(e.Status)]++
		}
	}
	want := map[string]int{}
	switch {
	case adds+removes == 0:
	case mode == emulator.ModeDocumented:
		for k, n := range map[string]int{"create 2xx": adds, "delete 2xx": removes} {
			if n > 0 {
				want[k] = n
			}
		}
	case removes > 0:
		want["delete 4xx"], want["assign 2xx"] = 1, 1
	default:
		want["create 4xx"], want["assign 2xx"] = 1, 1
	}
	assert.Equal(r.t, want, got, "the writes sent")
}

func statusClass(status int) string {
	if status >= 200 && status < 300 {
		return "2xx"
	}
	return "4xx"
}

func targetsOf(set []graph.Assignment) []graph.Target {
	out := make([]graph.Target, len(set))
	for i, a := range set {
		out[i] = a.Target
	}
	return out
}

// audiences names who each target means, sorted: a set's contents whatever
// their order, IDs or filters.
func audiences(ts []graph.Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Audience().String()
	}
	sort.Strings(out)
	return out
}

func header(h map[string][]string, name string) []string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}
