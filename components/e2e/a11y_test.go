//go:build !js

package e2e

import (
	"testing"

	"enrollassign/graph/emulator"
)

// The signed-out screen with the demo banner, the list of configurations
// and Settings.
func TestA11ySignInListAndSettings(t *testing.T) {
	r := a11yRig(t, emulator.Options{})
	r.open()
	r.waitFor("the sign-in button", `document.querySelector('#sign-in')`)
	r.checkScreen("sign-in")
	r.signIn(emulator.AdminUPN)
	r.waitFor("the configurations", `document.querySelector('button.open-configuration')`)
	r.checkScreen("the list", desktopLight, desktopDark, phoneLight)
}
