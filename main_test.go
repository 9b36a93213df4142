//go:build !js

package main

import (
	"flag"
	"os"
	"testing"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/screenshot.png from browser scenario 1")

func TestMain(m *testing.M) {
	flag.Parse()
	route()
	testApp.root, testApp.err = buildTestApp()
	os.Exit(m.Run())
}
