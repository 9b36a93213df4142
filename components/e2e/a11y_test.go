//go:build !js

package e2e

// The accessibility tests: every screen and its main states held to
// axe-core (WCAG 2.0 to 2.2, A and AA, and axe's best practices) with no
// violation of any impact, in light and dark, at a desktop's 1440 px and a
// phone's 390 px, where no screen may scroll sideways. One sign-in per test,
// several screens each. With ENROLLASSIGN_SCREENSHOTS=1 (make screenshots)
// they also write the README's pictures to docs/screenshots.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// The signed-out screen with the demo banner, a sign-in error, the list of
// configurations, Settings and Settings refusing what was typed.
func TestA11ySignInListAndSettings(t *testing.T) {
	r := a11yRig(t, emulator.Options{})
	r.open()
	r.waitFor("the sign-in button", `document.querySelector('#sign-in')`)
	r.checkScreen("sign-in")

	click(r, chromedp.ID("sign-in"))
	r.waitFor("the emulator's sign-in page", "location.origin === "+jsString(r.emu.EntraURL()))
	click(r, chromedp.Search(`//button[normalize-space(.)='Cancel']`))
	r.waitFor("the sign-in error", `document.querySelector('.sign-in-error')`)
	r.checkScreen("a sign-in error")

	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	r.checkScreen("the list", phoneLight)
	r.wear(desktopLight)
	assert.True(t, eval[bool](r, `document.querySelector('#open-bulk').getBoundingClientRect().top === document.querySelector('#open-history').getBoundingClientRect().top`),
		"on a desktop, Bulk changes is on the row of History and Backup")

	click(r, chromedp.ID("open-settings"))
	r.waitFor("the settings", `document.querySelector('#settings-tenant')`)
	r.checkScreen("settings")

	eval[chromedp.Void](r, `(() => { const i = document.querySelector('#settings-tenant'); i.value = 'contoso'; i.dispatchEvent(new Event('input', {bubbles: true})); })()`)
	click(r, chromedp.ID("save-settings"))
	r.waitFor("the field's message", `document.querySelector('#settings-tenant-message').innerText !== ''`)
	r.checkScreen("settings refusing a tenant")

	click(r, chromedp.ID("cancel-settings"))
	r.waitFor("the list again", `document.querySelector('button.open-configuration')`)
	r.goOffline()
	r.waitFor("the offline notice", `document.querySelector('#offline-notice')`)
	r.checkScreen("offline")
}

// A role's refusal of a save (Graph's error box in the editor) and the
// read-only session it leads to.
func TestA11yRefusalAndReadOnly(t *testing.T) {
	r := a11yRig(t, emulator.Options{})
	r.signIn(emulator.ReaderUPN)
	r.openConfiguration("Ten devices")
	r.changeTarget("Include group IT Admins")
	r.chooseKind(graph.TargetAllLicensedUsers)
	r.preview()
	r.save()
	r.waitFor("read-only mode", `document.querySelector('.editor .error-box') && document.querySelector('#read-only-banner')`)
	r.checkScreen("a refused save")
	click(r, chromedp.ID("back-to-list"))
	r.waitFor("the list", `document.querySelector('button.open-configuration')`)
	r.checkScreen("a read-only session")
}

// A configuration, the target editor with the group picker's matches open,
// the request preview, the set change editor and its preview, the filter
// editor, and a priority screen.
func TestA11yConfigurationAndItsEditors(t *testing.T) {
	r := a11yRig(t, emulator.Options{})
	grantFilterReads(r)
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Sales - three devices")
	r.checkScreen("a configuration", desktopLight, desktopDark)

	r.changeTarget("Include group Sales Laptops")
	r.chooseKind(graph.TargetExclusionGroup)
	eval[chromedp.Void](r, `(() => { const i = document.querySelector('#group-picker'); i.value = ''; i.focus(); })()`)
	r.do(chromedp.SendKeys(chromedp.ID("group-picker"), "Pilot"))
	r.waitFor("the matches", `document.querySelector('#group-picker-matches button.group-option')`)
	r.checkScreen("the target editor with the matches")
	click(r, chromedp.Search(`//button[contains(@class,'group-option') and normalize-space(.)=`+xpathString(emulator.GroupPilotUsers)+`]`))
	r.preview()
	// The impact comes after the request, from the directory: checked with
	// it, and Cancel clicked where it stays once the impact has moved it.
	r.waitForImpact(".editor")
	r.checkScreen("the request preview")
	click(r, chromedp.ID("cancel-edit"))
	r.waitFor("the editor closed", `!document.querySelector('#preview-request')`)

	r.addTo("excluded", [2]string{"Contr", emulator.GroupContractors})
	r.checkScreen("the set change editor")
	r.previewSet()
	r.checkScreen("the set change's preview")
	click(r, chromedp.ID("cancel-set-change"))
	r.waitFor("the set change editor closed", `!document.querySelector('.set-editor')`)

	click(r, chromedp.ID("back-to-list"))
	r.useAPIVersion(graph.Beta)
	r.openConfiguration("Block personal devices")
	click(r, chromedp.CSS(`button.edit-filter[aria-label="Set filter: Include group Finance Team"]`))
	r.waitFor("the filter editor", `document.querySelector('#preview-filter')`)
	r.checkScreen("the filter editor")
	click(r, chromedp.ID("cancel-filter"))

	click(r, chromedp.ID("back-to-list"))
	click(r, chromedp.ID("open-priority-deviceEnrollmentLimitConfiguration"))
	r.waitFor("the priority screen", `document.querySelector('ol.priority-order li')`)
	r.checkScreen("the priority screen")
}

// A saved edit, the history with it, a bulk change's dry run and its
// outcome, and a restore's dry run.
func TestA11yHistoryBulkAndRestore(t *testing.T) {
	r := watch(t, a11yRig(t, emulator.Options{}))
	r.signIn(emulator.AdminUPN)
	r.openConfiguration("Sales - three devices")
	r.changeTarget("Include group Sales Team")
	r.chooseKind(graph.TargetGroup)
	r.pickGroup("Finance", emulator.GroupFinanceTeam)
	r.preview()
	r.save()
	r.checkScreen("a saved edit")

	click(r.rig, `#back-to-list`)
	click(r.rig, `#open-history`)
	r.waitFor("the history", `document.querySelector('tr.history-entry button.undo-entry')`)
	r.checkScreen("the history")

	click(r.rig, `#history-back`)
	raw := r.takeBackup()
	r.importFile("backup.json", raw)
	r.waitFor("the restore's dry run", `document.querySelector('#start-restore')`)
	r.checkScreen("a restore's dry run")

	click(r.rig, `#backup-back`)
	click(r.rig, `#open-bulk`)
	r.waitFor("the groups in use", `document.querySelectorAll('#bulk-rule-group option').length > 1`)
	r.checkScreen("bulk changes")
	eval[chromedp.Void](r.rig, `(() => { const s = document.querySelector('#bulk-rule-group'); s.value = s.options[s.options.length - 1].value; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	click(r.rig, chromedp.ID("bulk-add-rule"))
	r.waitFor("the rule", `document.querySelector('.bulk-rules li')`)
	click(r.rig, chromedp.ID("bulk-op-toggle-inclusion"))
	click(r.rig, chromedp.ID("bulk-dry-run"))
	r.waitFor("the dry run", `document.querySelector('#bulk-confirm:not([disabled])')`)
	r.checkScreen("a bulk change's dry run")
	click(r.rig, chromedp.ID("bulk-confirm"))
	r.waitForTheEnd("the run to finish", `document.querySelector('#bulk-run[data-status="finished"][data-running="false"]')`)
	r.checkScreen("a bulk change's outcome")
}

// The rig finds what it looks for, and hands axe-core to the page through the DevTools protocol: the
// page's own Content-Security-Policy stays as strict as it is, and still
// refuses a script the page itself would add.
func TestA11yAxeDoesNotLoosenThePolicy(t *testing.T) {
	r := a11yRig(t, emulator.Options{})
	r.open()
	assert.Empty(t, r.axe(), "the signed-out screen")
	eval[chromedp.Void](r, `document.querySelector('main').append(document.createElement('button'))`)
	found := r.axe()
	require.Len(t, found, 1, "a button without a name is found")
	assert.Equal(t, "button-name", found[0].Rule)
	assert.True(t, eval[bool](r, `typeof axe.run === "function"`), "axe-core runs in the page")
	require.True(t, strings.HasPrefix(eval[string](r, `axe.version`), "4."), "axe-core 4")
	refused := eval[bool](r, `new Promise(done => {
		document.addEventListener("securitypolicyviolation", () => done(true), {once: true});
		try {
			const s = document.createElement("script");
			s.textContent = "window.loosened = true";
			document.head.append(s);
		} catch (e) {
			done(true); // Trusted Types refused the script text
			return;
		}
		setTimeout(() => done(!window.loosened), 1000);
	})`)
	assert.True(t, refused, "a script of the page's own making is still refused")
}
