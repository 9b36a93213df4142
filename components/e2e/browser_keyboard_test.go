//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/e2e/headless"
	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// focusMatches waits for the keyboard focus to be on an element matching a
// CSS selector.
func (r *rig) focusMatches(selector, after string) {
	r.t.Helper()
	cond := `document.activeElement && document.activeElement.matches(` + jsString(selector) + `)`
	if err := headless.WaitFor(r.tab, cond, 5*time.Second, 20*time.Millisecond); err != nil {
		r.t.Fatalf("after %s the focus should be on %s, it is on %s", after, selector,
			eval[string](r, `document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : "nothing"`))
	}
}

// shiftTabTo is tabTo backwards (Shift+Tab).
func (r *rig) shiftTabTo(selector string, max int) {
	r.t.Helper()
	focused := `document.activeElement && document.activeElement.matches(` + jsString(selector) + `)`
	for i := 0; i <= max; i++ {
		if eval[bool](r, focused) {
			return
		}
		r.do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		time.Sleep(30 * time.Millisecond)
	}
	r.t.Fatalf("%s is not reachable with %d presses of Shift+Tab", selector, max)
}

// activate presses Enter on what has the focus, as a keyboard user would.
func (r *rig) activate() { r.t.Helper(); r.press(kb.Enter) }

// With the keyboard alone: an edit (Escape closes the editor, the focus
// back on its Change button; the preview, then the result, take the
// focus), a bulk change (dry run, run), an undo from the history (asked
// first, Escape keeps the entry) and a restore (dry run, run), each screen
// opening with the focus on its heading.
func TestKeyboardEditBulkUndoAndRestore(t *testing.T) {
	r := newSafetyRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)

	r.tabTo(`tr[data-configuration-id="`+emulator.ConfigTenDevices+`"] button.open-configuration`, 80)
	r.activate()
	r.focusOn("detail-title", "opening a configuration")
	r.waitFor("the assignments", `document.querySelector('table.assignments')`)

	change := `button.edit-assignment[aria-label="Change target: Include group IT Admins"]`
	r.tabTo(change, 40)
	r.activate()
	r.waitFor("the editor, at its own address", `document.querySelector('#cancel-edit') && location.pathname.includes('/assignments/')`)
	assert.True(t, eval[bool](r.rig, `document.querySelector('#preview-request').disabled`), "nothing to preview before something changed")
	r.press(kb.Escape)
	r.waitFor("the editor closed", `!document.querySelector('#cancel-edit') && !location.pathname.includes('/assignments/')`)
	r.focusMatches(change, "Escape in the editor")

	r.activate()
	r.waitFor("the editor", `document.querySelector('#cancel-edit')`)
	r.tabTo("#group-picker", 20)
	r.do(chromedp.KeyEvent("Pilot"))
	r.waitFor("the matches", `document.querySelector('button.group-option')`)
	r.press(kb.ArrowDown)
	r.focusMatches("button.group-option", "ArrowDown in the picker")
	r.activate()
	r.waitFor("the chosen group", `(document.querySelector('.picker .chosen') || {innerText: ''}).innerText.includes('Pilot Users')`)
	r.tabTo("#preview-request", 20)
	r.activate()
	r.focusOn("request-preview", "Preview request")
	assert.Equal(t, "status", eval[string](r.rig, `document.querySelector('#request-preview').getAttribute('role')`), "the preview is announced")
	r.tabTo("#save-assignment", 40)
	r.activate()
	r.focusOn("save-result", "Save")
	r.waitFor("the save", `document.querySelector('.result .fact-status')`)
	assignmentWithTarget(t, r.state()[emulator.ConfigTenDevices], graph.GroupTarget(emulator.DemoGroupID(emulator.GroupPilotUsers)))

	r.shiftTabTo("#back-to-list", 40)
	r.activate()
	r.focusOn("configurations-title", "← All configurations")
	r.tabTo("#open-bulk", 40)
	r.activate()
	r.focusOn("bulk-title", "Bulk changes")
	r.waitFor("the groups in use", `document.querySelectorAll('#bulk-rule-group option').length > 1`)
	r.tabTo("#bulk-rule-group", 20)
	r.press(kb.ArrowDown) // the first group in use
	r.waitFor("a group chosen", `document.querySelector('#bulk-rule-group').value !== ''`)
	r.tabTo("#bulk-add-rule", 10)
	r.activate()
	r.waitFor("a selection", `/^[1-9]/.test(document.querySelector('#bulk-selected-count').innerText)`)
	r.tabTo(`input[name="bulk-operation"]`, 300) // a radio group is one Tab stop; the arrows choose in it
	for i := 0; i < 8 && !eval[bool](r.rig, `document.activeElement.id === 'bulk-op-toggle-inclusion'`); i++ {
		r.press(kb.ArrowDown)
	}
	r.waitFor("include↔exclude chosen", `document.querySelector('#bulk-op-toggle-inclusion').checked`)
	r.tabTo("#bulk-dry-run", 20)
	r.activate()
	r.focusOn("bulk-dry-run-title", "the dry run")
	r.tabTo("#bulk-confirm", 20)
	r.activate()
	r.focusOn("bulk-run-title", "confirming the run")
	r.waitForTheEnd("the run to finish", `document.querySelector('#bulk-run[data-status="finished"][data-running="false"]')`)

	r.shiftTabTo("#bulk-back", 60)
	r.activate()
	r.focusOn("configurations-title", "Back to configurations")
	r.tabTo("#open-history", 40)
	r.activate()
	r.focusOn("history-title", "History of changes")
	r.waitFor("the history", `document.querySelector('button.undo-entry')`)
	editEntry := `tr.history-entry[data-source="edit"] button.undo-entry`
	r.tabTo(editEntry, 80)
	undoID := eval[string](r.rig, `document.activeElement.id`)
	r.activate()
	r.focusOn("confirm-undo", "Undo (it asks first)")
	r.press(kb.Escape)
	r.focusOn(undoID, "Escape on the question")
	before := len(r.requests())
	r.activate()
	r.focusOn("confirm-undo", "Undo again")
	assert.Equal(t, before, len(r.requests()), "nothing was sent before Yes")
	r.activate()
	r.focusOn("undo-result", "Yes, undo")
	assignmentWithTarget(t, r.state()[emulator.ConfigTenDevices], graph.GroupTarget(emulator.DemoGroupID(emulator.GroupITAdmins)))

	r.shiftTabTo("#history-back", 40)
	r.activate()
	r.focusOn("configurations-title", "← All configurations")
	r.tabTo("#open-backup", 40)
	r.activate()
	r.focusOn("backup-title", "Backup and restore")
	r.tabTo("#take-backup", 10)
	r.activate()
	_, raw := r.download("enrollassign-backup-")
	r.editConfiguration(emulator.ConfigTenDevices, func(c *graph.Configuration) {
		c.Assignments[0] = c.Assignments[0].WithTarget(graph.GroupTarget(emulator.DemoGroupID(emulator.GroupExecutives)))
	})
	r.importFile("backup.json", raw) // a file chooser is the one step a test cannot type
	r.waitFor("the dry run", `document.querySelector('#restore-dry-run-title')`)
	r.focusOn("restore-dry-run-title", "choosing the file")
	r.tabTo("#start-restore:not([disabled])", 40)
	r.activate()
	r.focusOn("restore-run-title", "starting the restore")
	r.waitForTheEnd("the end of the restore", `document.querySelector('#restore-run[data-finished="true"]')`)
	r.requireStateIs(raw)
	require.False(t, strings.Contains(eval[string](r.rig, `location.pathname`), "assignments"))
}
