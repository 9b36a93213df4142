//go:build !js

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/emulator"
	"enrollassign/graph"
)

// Scenario 1: sign in as the demo administrator, open a configuration, change
// "Include group Sales Laptops" to "Exclude group Pilot Users" with the
// picker, check the preview, save; the emulator holds exactly that target and
// received the seed's request shape, and the page shows 200 and a request-id.
func TestBrowser1EditIncludeToExcludeWithThePicker(t *testing.T) {
	r := newRig(t, emulator.Options{})
	editIncludeToExclude(t, r, "PATCH")

	if shot := r.screenshot("scenario1.png"); *updateScreenshot {
		require.NoError(t, os.MkdirAll("docs", 0o755))
		require.NoError(t, os.WriteFile(filepath.Join("docs", "screenshot.png"), shot, 0o644))
	}
}

// editIncludeToExclude is scenario 1, shared with scenario 7's two modes;
// wantStrategy is the strategy the save result must name.
func editIncludeToExclude(t *testing.T, r *rig, wantStrategy string) {
	t.Helper()
	salesLaptops := emulator.DemoGroupID(emulator.GroupSalesLaptops)
	pilotUsers := emulator.DemoGroupID(emulator.GroupPilotUsers)
	before := r.state()[emulator.ConfigSalesLimit]
	original := assignmentWithTarget(t, before, graph.GroupTarget(salesLaptops))

	r.signIn(emulator.AdminUPN)
	r.waitFor("the signed-in header", `(document.querySelector('#signed-in-account') || {}).innerText === `+jsString(emulator.AdminUPN))
	r.openConfiguration("Sales - three devices")
	r.changeTarget("Include group Sales Laptops")
	r.chooseKind(graph.TargetExclusionGroup)
	r.pickGroup("Pilot", emulator.GroupPilotUsers)

	preview := r.preview()
	url := r.emu.GraphURL() + "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + emulator.ConfigSalesLimit + "/assignments/" + original.ID
	assert.Contains(t, preview, "PATCH "+url)
	assert.Contains(t, preview, "Authorization: Bearer <redacted>")
	assert.Contains(t, preview, `"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget"`)
	assert.Contains(t, preview, `"groupId": "`+pilotUsers+`"`)
	assert.NotContains(t, preview, "eyJ", "no token in the preview")

	r.stats() // settle
	r.save()
	assert.Equal(t, "200", r.text(".result .fact-status"))
	requestID := r.text(".result .fact-request-id")
	assert.NotEmpty(t, strings.Trim(requestID, "—"), "the page shows the request-id")
	assert.Contains(t, r.text(".result .fact-strategy"), wantStrategy)
	r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Exclude group Pilot Users')`)

	after := r.state()[emulator.ConfigSalesLimit]
	changed := assignmentWithTarget(t, after, graph.ExclusionGroupTarget(pilotUsers))
	assert.Len(t, after.Assignments, len(before.Assignments), "nothing added or removed")
	for _, a := range before.Assignments {
		if a.ID != original.ID {
			assert.True(t, a.Equal(assignmentOf(t, after, a.ID)), "assignment %s unchanged", a.ID)
		}
	}
	assert.NotEqual(t, "", changed.ID)
	for _, a := range after.Assignments {
		assert.False(t, a.Target.Equal(original.Target), "no assignment still includes Sales Laptops")
	}
	assertSeedShapedWrite(t, r, wantStrategy, url)
}

// assertSeedShapedWrite checks the write the emulator received: for PATCH,
// the seed's request exactly (JSON content type, bearer token, body with the
// assignment's type and the new target only).
func assertSeedShapedWrite(t *testing.T, r *rig, strategy, patchURL string) {
	t.Helper()
	var patches []string
	for _, e := range r.requests() {
		if e.Method == "PATCH" {
			patches = append(patches, e.Path)
			assert.Equal(t, []string{"Bearer <redacted>"}, e.Headers["Authorization"])
			assert.Contains(t, e.Headers["Content-Type"][0], "application/json")
			assert.Equal(t, http200or400(strategy), e.Status)
			var body map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(e.Body), &body))
			assert.ElementsMatch(t, []string{"@odata.type", "target"}, keys(body), "the seed's shape: type and target only")
			assert.JSONEq(t, `"#microsoft.graph.enrollmentConfigurationAssignment"`, string(body["@odata.type"]))
		}
	}
	require.Len(t, patches, 1, "one PATCH was sent")
	assert.Equal(t, strings.TrimPrefix(patchURL, r.emu.GraphURL()), patches[0])
}

func http200or400(strategy string) int {
	if strategy == "PATCH" {
		return 200
	}
	return 400
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// screenshot captures the page into testdata/screens/name.
func (r *rig) screenshot(name string) []byte {
	r.t.Helper()
	eval[chromedp.Void](r, `window.scrollTo(0, 0)`)
	shot, err := chromedp.Run(r.tab, chromedp.CaptureScreenshot())
	require.NoError(r.t, err)
	dir := filepath.Join("testdata", "screens")
	require.NoError(r.t, os.MkdirAll(dir, 0o755))
	require.NoError(r.t, os.WriteFile(filepath.Join(dir, name), shot, 0o644))
	return shot
}
