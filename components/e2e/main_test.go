//go:build !js

package e2e

import (
	"enrollassign/components"
	"enrollassign/components/server"
	"flag"
	"os"
	"testing"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/screenshot.png from browser scenario 1")

func TestMain(m *testing.M) {
	flag.Parse()
	components.Route(nil)
	testApp.root, testApp.err = buildTestApp()
	if testApp.err == nil {
		testApp.build, testApp.err = server.LoadBuild(testApp.root, nil)
	}
	precompressInTheBackground(testApp.root, testApp.err)
	code := m.Run()
	closeTestBrowser()
	os.Exit(code)
}
