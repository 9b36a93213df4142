//go:build !js

package e2e

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"enrollassign/components/e2e/headless"
	"enrollassign/graph/emulator"
)

// onScreen waits until the address bar shows path and the page the screen
// whose title is title (document.title), then says where the focus is.
func (r *rig) onScreen(path, title string) string {
	r.t.Helper()
	r.waitFor("the screen at "+path, `location.pathname === `+jsString(path)+` && document.title === `+jsString(title+" · Enrollment assignments")+
		` && document.querySelector('#app[data-rendered="client"]')`)
	return r.focused()
}

// focused is the ID of the element with the keyboard focus.
func (r *rig) focused() string {
	r.t.Helper()
	return eval[string](r, `document.activeElement ? document.activeElement.id : ""`)
}

// focusOn waits for the keyboard focus to be on the element with that ID
// (go-app moves it once the update is drawn).
func (r *rig) focusOn(id, after string) {
	r.t.Helper()
	cond := `document.activeElement && document.activeElement.id === ` + jsString(id)
	if err := headless.WaitFor(r.tab, cond, 5*time.Second, 20*time.Millisecond); err != nil {
		r.t.Errorf("after %s the focus should be on #%s, it is on %s", after, id,
			eval[string](r, `document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : "nothing"`))
	}
}

// back and forward are the browser's buttons.
func (r *rig) back()    { r.t.Helper(); r.do(chromedp.NavigateBack()) }
func (r *rig) forward() { r.t.Helper(); r.do(chromedp.NavigateForward()) }

func configurationPath(id string) string { return "/configurations/" + url.PathEscape(id) }

// Every screen has its address: Back and Forward move between screens, a
// reload opens the same screen (signed in again silently), and each screen
// names itself in the title and takes the focus to its heading.
func TestAddressBackForwardAndReload(t *testing.T) {
	r := newRig(t, emulator.Options{})
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	r.onScreen("/", "All configurations")

	r.openConfiguration("Ten devices")
	ten := configurationPath(emulator.ConfigTenDevices)
	r.onScreen(ten, "Ten devices")
	r.focusOn("detail-title", "opening a configuration")

	click(r, chromedp.ID("back-to-list"))
	r.onScreen("/", "All configurations")
	r.focusOn("configurations-title", "← All configurations")
	click(r, chromedp.ID("open-bulk"))
	r.onScreen("/bulk", "Bulk changes")
	r.focusOn("bulk-title", "opening Bulk changes")

	r.back()
	r.onScreen("/", "All configurations")
	r.back()
	r.onScreen(ten, "Ten devices")
	r.waitFor("the assignments again", `document.querySelector('#detail-title').innerText === 'Ten devices' && document.querySelector('table.assignments')`)
	r.forward()
	r.onScreen("/", "All configurations")
	r.forward()
	r.onScreen("/bulk", "Bulk changes")

	r.do(chromedp.Reload())
	r.onScreen("/bulk", "Bulk changes")
	r.waitFor("the bulk screen, signed in again silently", `document.querySelector('#app[data-phase="signed-in"]') && document.querySelector('#bulk-title')`)

	r.do(chromedp.Navigate(r.app.URL + ten))
	r.onScreen(ten, "Ten devices")
	r.waitFor("the configuration read by its ID", `document.querySelector('#detail-title') && document.querySelector('#detail-title').innerText === 'Ten devices' && document.querySelector('table.assignments')`)
}

// A link shared with someone not signed in opens its screen after the
// sign-in, though Entra sends the browser back to the app's root.
func TestAddressSharedLinkOpensAfterSignIn(t *testing.T) {
	r := newRig(t, emulator.Options{})
	ten := configurationPath(emulator.ConfigTenDevices)
	r.do(chromedp.Navigate(r.app.URL + ten))
	r.waitFor("the sign-in button", `document.querySelector('#app[data-rendered="client"]') && document.querySelector('#sign-in')`)
	assert.Equal(t, "Sign in · Enrollment assignments", eval[string](r, `document.title`))
	click(r, chromedp.ID("sign-in"))
	r.waitFor("the emulator's sign-in page", "location.origin === "+jsString(r.emu.EntraURL()))
	click(r, chromedp.Search(`//button[normalize-space(.)=`+xpathString(emulator.AdminUPN)+`]`))
	r.onScreen(ten, "Ten devices")
	r.waitFor("the configuration", `document.querySelector('#detail-title') && document.querySelector('#detail-title').innerText === 'Ten devices' && document.querySelector('table.assignments')`)
	assert.Empty(t, eval[string](r, `location.search + location.hash`), "no code left in the address")
}
