//go:build !js

package emulator

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fromPage calls a test endpoint as a page of origin would: Origin set, and
// the body sent as text/plain, which a browser sends without a preflight.
func fromPage(t *testing.T, e *Emulator, origin, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.GraphURL()+"/_emulator/"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(raw)
}

func preflight(t *testing.T, e *Emulator, origin, method, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodOptions, e.GraphURL()+"/_emulator/"+path, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", method)
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

// While the demo runs, a site the administrator visits can neither mint a
// token, reset or overwrite the tenant, register its own redirect URI, nor
// read anything: each request of its page is refused before it does
// anything, and no answer names its origin.
func TestAnotherSitesPageCannotUseTheTestEndpoints(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	const evil = "https://evil.example"
	before := e.Configurations()
	for _, tt := range []struct{ method, path, body string }{
		{"POST", "token", `{"upn":"` + AdminUPN + `"}`},
		{"POST", "reset", `{}`},
		{"POST", "faults", `{"errorRates":{"503":1}}`},
		{"POST", "clock", `{"advance":"25h"}`},
		{"POST", "spa-redirect-uris", `{"uri":"` + evil + `/"}`},
		{"PUT", "state", `{"value":[]}`},
		{"GET", "state", ""},
	} {
		resp, body := fromPage(t, e, evil, tt.method, tt.path, tt.body)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s %s", tt.method, tt.path)
		assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"), "%s %s", tt.method, tt.path)
		assert.NotContains(t, body, "access_token")
		assert.Empty(t, preflight(t, e, evil, tt.method, tt.path).Header.Get("Access-Control-Allow-Origin"), "preflight of %s %s", tt.method, tt.path)
	}
	assert.Equal(t, before, e.Configurations(), "the tenant unchanged")
	assert.Zero(t, e.clock.Elapsed(), "the clock unmoved")
	assert.Zero(t, e.Settings().ErrorRates["503"], "no fault switched on")
	assert.False(t, e.entra.IsSPAOrigin(evil), "no redirect URI registered")
}

// The app's own page (the origin of a registered SPA redirect URI) still
// reads and switches what the demo needs; tests and tools send no Origin.
func TestTheAppsPageAndToolsStillUseTheTestEndpoints(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	resp, body := fromPage(t, e, appOrigin, "GET", "faults", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, appOrigin, resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, body, "timeScale")
	pre := preflight(t, e, appOrigin, "PUT", "state")
	assert.Equal(t, http.StatusNoContent, pre.StatusCode)
	assert.Equal(t, appOrigin, pre.Header.Get("Access-Control-Allow-Origin"))

	assert.Equal(t, http.StatusOK, control(t, e, "POST", "clock", `{"advance":"1h"}`, nil), "no Origin: a test or curl")
}
