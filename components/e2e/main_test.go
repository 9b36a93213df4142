//go:build !js

package e2e

import (
	"enrollassign/components"
	"flag"
	"os"
	"testing"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/screenshot.png from browser scenario 1")

func TestMain(m *testing.M) {
	flag.Parse()
	components.Route(nil)
	testApp.root, testApp.err = buildTestApp()
	precompressInTheBackground(testApp.root, testApp.err)
	code := m.Run()
	closeTestBrowser()
	os.Exit(code)
}
