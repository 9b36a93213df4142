//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/stats"
)

// Scenario 1: sign in as the demo administrator, open a configuration, change
// "Include group Sales Laptops" to "Exclude group Pilot Users" with the
// picker, check the preview, save; the emulator holds exactly that target and
// received the seed's request shape, and the page shows 200 and a request-id.
func TestBrowser1EditIncludeToExcludeWithThePicker(t *testing.T) {
	r := newRig(t, emulator.Options{})
	editIncludeToExclude(t, r, "PATCH")

	if shot := r.screenshot("scenario1-saved.png"); *updateScreenshot {
		require.NoError(t, os.WriteFile(filepath.Join("..", "..", "docs", "saved.png"), shot, 0o644))
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

	if shot := r.screenshot("scenario1-preview.png"); *updateScreenshot && wantStrategy == "PATCH" {
		require.NoError(t, os.MkdirAll(filepath.Join("..", "..", "docs"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join("..", "..", "docs", "screenshot.png"), shot, 0o644))
	}
	r.save()
	assert.Equal(t, map[string]string{"PATCH": "200", "assign": "204"}[wantStrategy], r.text(".result .fact-status"))
	requestID := r.text(".result .fact-request-id")
	assert.NotEmpty(t, strings.Trim(requestID, "—"), "the page shows the request-id")
	assert.Contains(t, r.text(".result .fact-strategy"), wantStrategy)
	r.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Exclude group Pilot Users')`)

	after := r.state()[emulator.ConfigSalesLimit]
	changed := assignmentWithTarget(t, after, graph.ExclusionGroupTarget(pilotUsers))
	assert.Len(t, after.Assignments, len(before.Assignments), "nothing added or removed")
	for _, a := range before.Assignments {
		if a.ID != original.ID {
			assertUnchanged(t, a, assignmentOf(t, after, a.ID))
		}
	}
	assert.NotEqual(t, "", changed.ID)
	for _, a := range after.Assignments {
		assert.False(t, a.Target.SameAudience(original.Target), "no assignment still includes Sales Laptops")
	}
	assertSeedShapedWrite(t, r, wantStrategy, url)
}

// assertUnchanged fails unless an assignment kept its ID and its whole
// target, filters included. The one difference allowed is the service
// filling in the default "source": "direct" (and a null sourceId) of an
// assignment written through beta: that is not a change of who it targets.
func assertUnchanged(t *testing.T, before, after graph.Assignment) {
	t.Helper()
	want, _ := json.Marshal(before.Target)
	got, _ := json.Marshal(after.Target)
	assert.JSONEq(t, string(want), string(got), "assignment %s: target unchanged", before.ID)
	var b, a map[string]json.RawMessage
	raw, _ := json.Marshal(before)
	require.NoError(t, json.Unmarshal(raw, &b))
	raw, _ = json.Marshal(after)
	require.NoError(t, json.Unmarshal(raw, &a))
	for _, k := range []string{"source", "sourceId"} {
		if _, had := b[k]; !had {
			defaults := map[string]string{"source": `"direct"`, "sourceId": "null"}
			if v, has := a[k]; has {
				assert.JSONEq(t, defaults[k], string(v), "assignment %s: %s", before.ID, k)
			}
			delete(a, k)
		}
	}
	assert.Equal(t, keysOf(b), keysOf(a), "assignment %s: same properties", before.ID)
}

func keysOf(m map[string]json.RawMessage) []string {
	out := keys(m)
	sort.Strings(out)
	return out
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
	shot, err := chromedp.Run(r.tab, chromedp.FullScreenshot(100))
	require.NoError(r.t, err)
	dir := filepath.Join("testdata", "screens")
	require.NoError(r.t, os.MkdirAll(dir, 0o755))
	require.NoError(r.t, os.WriteFile(filepath.Join(dir, name), shot, 0o644))
	return shot
}

// Scenario 2: a target becomes a Configuration Manager collection, another
// becomes All devices; both are persisted.
func TestBrowser2CollectionAndAllDevices(t *testing.T) {
	r := newRig(t, emulator.Options{})
	const kiosk = "Kiosk ESP - non-blocking"
	kioskID := emulator.DemoGroupID("Kiosk Devices")
	r.signIn(emulator.AdminUPN)
	r.openConfiguration(kiosk)

	r.changeTarget("Include group Kiosk Devices")
	r.chooseKind(graph.TargetCollection)
	r.do(chromedp.SendKeys(chromedp.ID("collection-id"), "SMS00042"))
	assert.Contains(t, r.preview(), `"collectionId": "SMS00042"`)
	r.save()
	assert.Equal(t, "200", r.text(".result .fact-status"))
	r.waitFor("the collection in the list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === 'Configuration Manager collection SMS00042')`)

	r.changeTarget("Configuration Manager collection CM100023")
	r.chooseKind(graph.TargetAllDevices)
	assert.Contains(t, r.preview(), `"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"`)
	r.save()
	assert.Equal(t, "200", r.text(".result .fact-status"))

	cfg := r.state()[kioskESP]
	require.Len(t, cfg.Assignments, 2)
	assignmentWithTarget(t, cfg, graph.CollectionTarget("SMS00042"))
	assignmentWithTarget(t, cfg, graph.AllDevicesTarget())
	for _, a := range cfg.Assignments {
		assert.NotEqual(t, kioskID, a.Target.GroupID, "Kiosk Devices is no longer assigned")
	}
}

// kioskESP is the ID of "Kiosk ESP - non-blocking" in the demo tenant.
const kioskESP = "bf8b4d56-41fc-499f-9181-ae4b8f876fff_Windows10EnrollmentCompletionPageConfiguration"

// Scenario 3: what a user without an Intune role, a mistyped group ID and a
// refused account look like (a read-only role's refusal, consent and the ID
// token's checks are the TestSignIn… tests').
func TestBrowser3RefusalsAreExplained(t *testing.T) {
	t.Run("helpdesk cannot even read, and is told why", func(t *testing.T) {
		r := newRig(t, emulator.Options{})
		r.signIn(emulator.HelpdeskUPN)
		r.waitFor("the error", `document.querySelector('.configurations .error-box')`)
		box := r.text(".configurations .error-box")
		assert.Contains(t, box, "Loading configurations failed")
		assert.Contains(t, box, "your Intune role does not include reading", "the role, not the app's permission")
	})

	t.Run("an invalid group ID never leaves the browser", func(t *testing.T) {
		r := newRig(t, emulator.Options{})
		before := r.state()[emulator.ConfigSalesLimit]
		typo := emulator.DemoGroupID(emulator.GroupPilotUsers)[:35] // a pasted ID missing its last character
		r.signIn(emulator.AdminUPN)
		r.openConfiguration("Sales - three devices")
		r.changeTarget("Include group Sales Team")
		r.chooseKind(graph.TargetExclusionGroup)
		eval[chromedp.Void](r, `document.querySelector('#group-picker').value = ''`)
		r.do(chromedp.SendKeys(chromedp.ID("group-picker"), typo))
		click(r, chromedp.ID("preview-request"))
		r.waitFor("the message beside the field", `document.querySelector('#group-picker-message').innerText !== ''`)
		assert.Contains(t, r.text("#group-picker-message"), "is not a group ID")
		assert.Equal(t, "true", eval[string](r, `document.querySelector('#group-picker').getAttribute('aria-invalid')`))
		assert.False(t, eval[bool](r, `!!document.querySelector('#save-assignment')`), "no save offered")

		for _, e := range r.requests() {
			assert.NotContains(t, e.Path+"?"+e.Query+" "+e.Body, typo, "%s %s carried the typed ID", e.Method, e.Path)
			assert.False(t, isAssignmentWrite(e), "%s %s wrote", e.Method, e.Path)
		}
		assertSameAssignments(t, before, r.state()[emulator.ConfigSalesLimit])
	})

	refusals := []struct {
		name, upn, title, detail string
	}{
		{"the personal account is refused readably", emulator.PersonalUPN, "Personal Microsoft accounts cannot sign in", "work or school account"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			r.signIn(tt.upn)
			r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
			text := r.text(".sign-in-error")
			assert.Contains(t, text, tt.title)
			assert.Contains(t, text, tt.detail)
			assert.NotContains(t, eval[string](r, "location.href"), "error=", "the error left the address bar")
			assertNoTokens(t, r)
		})
	}

	t.Run("cancelling on the sign-in page says so", func(t *testing.T) {
		r := newRig(t, emulator.Options{})
		r.open()
		click(r, chromedp.ID("sign-in"))
		r.waitFor("the emulator's sign-in page", "location.origin === "+jsString(r.emu.EntraURL()))
		click(r, chromedp.Search(`//button[normalize-space(.)='Cancel']`))
		r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
		assert.Contains(t, r.text(".sign-in-error"), "Sign-in was cancelled")
	})
}

// isAssignmentWrite reports a request that changes assignments.
func isAssignmentWrite(e stats.Entry) bool {
	return e.Method == "PATCH" || e.Method == "DELETE" ||
		e.Method == "POST" && (strings.HasSuffix(e.Path, "/assign") || strings.HasSuffix(e.Path, "/assignments"))
}

// assertSameAssignments fails if a configuration's assignments changed.
func assertSameAssignments(t *testing.T, before, after graph.Configuration) {
	t.Helper()
	require.Len(t, after.Assignments, len(before.Assignments))
	for _, a := range before.Assignments {
		assert.True(t, a.Equal(assignmentOf(t, after, a.ID)), "assignment %s changed", a.ID)
	}
}

// refusedAndSentAgain counts the requests Graph answered 401 and fails for
// any that was not sent again and answered with success afterwards.
func refusedAndSentAgain(t *testing.T, entries []stats.Entry) int {
	t.Helper()
	refused := 0
	for i, e := range entries {
		if e.Status != http.StatusUnauthorized {
			continue
		}
		refused++
		again := slices.ContainsFunc(entries[i+1:], func(l stats.Entry) bool {
			return l.Method == e.Method && l.Path == e.Path && l.Query == e.Query && l.Status/100 == 2
		})
		assert.True(t, again, "%s %s?%s refused, then sent again with the renewed token", e.Method, e.Path, e.Query)
	}
	return refused
}

// assertNoTokens fails if Web Storage holds a JWT or any tenant data.
func assertNoTokens(t *testing.T, r *rig) {
	t.Helper()
	for _, area := range []string{"sessionStorage", "localStorage"} {
		for k, v := range r.storage(area) {
			assert.NotContains(t, v, "eyJ", "%s[%s] holds a token", area, k)
			assert.False(t, strings.HasPrefix(k, "enrollassign.auth.msal") || strings.HasPrefix(k, "enrollassign.auth.account"),
				"%s[%s] holds a session", area, k)
		}
	}
	for k := range r.storage("localStorage") {
		assert.Equal(t, "enrollassign-settings", k, "localStorage holds only the settings")
	}
}

// Scenario 4: an access token expiring mid-session is renewed silently and
// the edit still succeeds; sign-out leaves no token or tenant data behind.
func TestBrowser4SilentRenewalAndSignOut(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Ten devices")
	session := r.storage("sessionStorage")
	assert.Contains(t, strings.Join(values(session), " "), "eyJ", "the tokens live in sessionStorage")
	for k, v := range r.storage("localStorage") {
		assert.NotContains(t, v, "eyJ", "localStorage[%s] never holds a token", k)
	}

	// Counted from before the clock moves: a read the screen still sends
	// (names, member counts) may be the first to meet the expired token,
	// and its refusal and renewal belong to what is checked below.
	r.control("/_emulator/stats/reset", map[string]string{})
	r.control("/_emulator/clock", map[string]string{"advance": "2h"}) // the access token (1 h) is now expired for Graph
	r.changeTarget("Include group IT Admins")
	r.chooseKind(graph.TargetGroup)
	r.pickGroup("Pilot", emulator.GroupPilotUsers)
	r.preview()
	r.save()
	assert.Equal(t, "200", r.text(".result .fact-status"), "the edit succeeded after the renewal")
	assignmentWithTarget(t, r.state()[emulator.ConfigTenDevices], graph.GroupTarget(emulator.DemoGroupID(emulator.GroupPilotUsers)))

	// The screen sends several reads at once (the picker's matches and
	// their member counts): each one in flight with the expired token is
	// refused and sent again, and all of them share one renewal.
	s := r.stats()
	refused := refusedAndSentAgain(t, r.requests())
	assert.Positive(t, refused, "Graph refused the expired token")
	assert.Equal(t, refused, s.Statuses["401"])
	tokenPath := "POST /" + emulator.DemoTenantID + "/oauth2/v2.0/token"
	require.NotNil(t, s.Entra)
	assert.Equal(t, 1, s.Entra.Requests[tokenPath], "one silent renewal with the refresh token for all %d refused; stats: %v", refused, s.Entra.Requests)
	assert.False(t, eval[bool](r, `!!document.querySelector('.sign-in-error, #sign-in')`), "no sign-in was asked for")

	click(r, chromedp.ID("sign-out"))
	r.waitFor("the signed-out app", `location.origin === `+jsString(r.app.URL)+` && document.querySelector('#app[data-phase="signed-out"]')`)
	assertNoTokens(t, r)
	for k := range r.storage("sessionStorage") {
		assert.False(t, strings.HasPrefix(k, "enrollassign."), "sessionStorage[%s] is tenant data left after sign-out", k)
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// Scenario 5: the token request is a CORS simple request (no preflight),
// and a throttled save still succeeds whether or not Graph lets the page read
// Retry-After.
func TestBrowser5NoPreflightAndThrottling(t *testing.T) {
	for _, exposed := range []bool{false, true} {
		name := "Retry-After hidden"
		if exposed {
			name = "Retry-After exposed"
		}
		t.Run(name, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			r.control("/_emulator/faults", map[string]any{"exposeRetryAfter": exposed, "retryAfterMs": 300})
			r.signIn(emulator.AdminUPN)
			r.openConfiguration("Ten devices")

			s := r.stats()
			require.NotNil(t, s.Entra)
			tokenPath := "/" + emulator.DemoTenantID + "/oauth2/v2.0/token"
			assert.Equal(t, 1, s.Entra.Requests["POST "+tokenPath], "the code was redeemed")
			assert.Zero(t, s.Entra.Preflights[tokenPath], "no preflight on the token endpoint")
			assert.Empty(t, s.Entra.PreflightsRefused, "no preflight refused anywhere on Entra")

			r.changeTarget("Include group IT Admins")
			r.chooseKind(graph.TargetAllLicensedUsers)
			r.preview()
			// The preview reads the directory for its impact: only once that
			// is done is the next request the save's.
			r.waitForImpact(".editor")
			r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{"429": 1}})
			click(r, chromedp.ID("save-assignment"))
			r.waitUntil("a 429 was sent", func() bool { return r.stats().Injected["429"] > 0 })
			r.control("/_emulator/faults", map[string]any{"errorRates": map[string]float64{"429": 0}})
			r.waitFor("the save result", `document.querySelector('.result .fact-status') || document.querySelector('.editor .error-box')`)

			assert.Equal(t, "200", r.text(".result .fact-status"))
			assignmentWithTarget(t, r.state()[emulator.ConfigTenDevices], graph.AllLicensedUsersTarget())
			// The save re-reads the assignment, then PATCHes it: its first
			// request was throttled, and a retry went through.
			var save []string
			for _, e := range r.requests() {
				if strings.Contains(e.Path, "/assignments/") {
					save = append(save, e.Method+" "+strconv.Itoa(e.Status))
				}
			}
			require.GreaterOrEqual(t, len(save), 3)
			assert.True(t, strings.HasSuffix(save[0], " 429"), "the save's first request was throttled: %v", save)
			assert.Equal(t, "PATCH 200", save[len(save)-1], "and the write went through: %v", save)
			s = r.stats()
			assert.GreaterOrEqual(t, s.Throttled, 1)
			assert.Zero(t, s.EarlyRetries, "the client never came back before Retry-After")
		})
	}
}

// waitUntil polls a Go condition (the emulator's side) until it holds.
func (r *rig) waitUntil(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.t.Fatalf("waiting for %s: never happened", what)
}

// Scenario 6: reloaded while offline, the shell renders from the service
// worker's cache and says it is offline.
func TestBrowser6OfflineReload(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.open()
	r.waitFor("the service worker to control the page", `navigator.serviceWorker && navigator.serviceWorker.controller`)
	r.waitFor("the precache", `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/web/app.wasm'))))).then(ms => ms.some(Boolean))`)
	r.goOffline()
	r.app.Close() // and the server is gone too: nothing can come from the network
	r.do(chromedp.Reload())
	r.waitFor("the shell", `document.querySelector('#app[data-rendered="client"]')`)
	r.waitFor("the offline notice", `document.querySelector('#offline-notice')`)
	assert.Contains(t, r.text("#offline-notice"), "You are offline.")
	assert.True(t, eval[bool](r, `performance.getEntriesByType('navigation')[0].workerStart > 0`), "the page came through the service worker")
	assert.False(t, eval[bool](r, `navigator.onLine`))
	assert.Contains(t, r.text("header"), "Enrollment assignments")
}

// Scenario 7: scenario 1 in both of the emulator's write modes. Where PATCH
// is refused, the app falls back to assign, says so, and changes nothing
// else; a default configuration is shown read-only with the reason.
func TestBrowser7BothWriteModes(t *testing.T) {
	t.Run("documented", func(t *testing.T) {
		r := newRig(t, emulator.Options{Mode: emulator.ModeDocumented})
		editIncludeToExclude(t, r, "PATCH")
	})

	t.Run("as-reported", func(t *testing.T) {
		r := newRig(t, emulator.Options{Mode: emulator.ModeAsReported})
		editIncludeToExclude(t, r, "assign")
		assert.Contains(t, r.text(".result .fallback"), "refused the documented PATCH")
		assert.Contains(t, r.text(".preview"), "This service refused the documented PATCH", "what was sent instead is shown")

		var assigns []string
		for _, e := range r.requests() {
			if e.Method == "POST" && strings.HasSuffix(e.Path, "/assign") {
				assigns = append(assigns, e.Body)
			}
		}
		require.Len(t, assigns, 1, "one assign")
		var body struct {
			All []json.RawMessage `json:"enrollmentConfigurationAssignments"`
		}
		require.NoError(t, json.Unmarshal([]byte(assigns[0]), &body))
		assert.Len(t, body.All, 2, "the whole set is sent")

		r.changeTarget("Include group Sales Team")
		r.chooseKind(graph.TargetExclusionGroup)
		r.pickGroup("Contr", emulator.GroupContractors)
		preview := r.preview()
		assert.Contains(t, preview, "Strategy: assign")
		assert.Regexp(t, `POST `+regexp.QuoteMeta(r.emu.GraphURL())+`/(v1\.0|beta)/deviceManagement/deviceEnrollmentConfigurations/`+emulator.ConfigSalesLimit+`/assign\n`, preview)
	})

	t.Run("defaults are read-only with the reason", func(t *testing.T) {
		r := newRig(t, emulator.Options{})
		r.signIn(emulator.AdminUPN)
		reason := r.state()[emulator.ConfigDefaultLimit].DefaultReason()
		r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
		click(r, chromedp.CSS(`tr[data-configuration-id="`+emulator.ConfigDefaultLimit+`"] button.open-configuration`))
		r.waitFor("the read-only notice", `document.querySelector('.read-only')`)
		assert.Contains(t, r.text(".read-only"), reason)
		assert.False(t, eval[bool](r, `!!document.querySelector('button.edit-assignment')`), "no control to change it")
	})
}

// goOffline cuts the page off the network as DevTools' "Offline" does, and
// makes navigator.onLine say so.
func (r *rig) goOffline() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.tab, stepTimeout)
	defer cancel()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(r.t, err)
	offline := true
	_, err = chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	require.NoError(r.t, err)
	_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	require.NoError(r.t, err)
}

// Scenario 4, continued: past the 24 hours Entra gives a single-page app's
// refresh token, the app asks for a sign-in once, says why, and carries on
// after it.
func TestBrowser4SessionPastItsTwentyFourHours(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)

	r.control("/_emulator/clock", map[string]string{"advance": "25h"})
	click(r, `#reload-configurations`)
	r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
	text := r.text(".sign-in-error")
	assert.Contains(t, text, "Your session has ended")
	assert.Contains(t, text, "24-hour")
	assert.Contains(t, text, "AADSTS700084")
	for k := range r.storage("sessionStorage") {
		assert.NotContains(t, k, "msal-cache", "the dead session is dropped")
	}

	// Entra may remember the browser's sign-in and come straight back, as
	// the emulator does with its session cookie; or it may ask again.
	click(r, `#sign-in-again`)
	back := `location.origin === ` + jsString(r.app.URL) + ` && document.querySelector('button.open-configuration')`
	r.waitFor("Entra or the app", back+` || location.origin === `+jsString(r.emu.EntraURL()))
	if eval[string](r, "location.origin") == r.emu.EntraURL() {
		click(r, chromedp.Search(`//button[normalize-space(.)=`+xpathString(emulator.AdminUPN)+`]`))
	}
	r.waitFor("the configurations again", back)
	assert.Equal(t, emulator.AdminUPN, r.text("#signed-in-account"))
	assert.Equal(t, 2, r.stats().Entra.Requests["GET /"+emulator.DemoTenantID+"/oauth2/v2.0/authorize"], "one new sign-in, no loop")
}
