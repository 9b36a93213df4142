//go:build !js

package emulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CORS rules a browser applies, one test each: what the page may send
// and what it may read.

func TestTokenEndpointPreflightGetsNoCORSHeaders(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tokenPath := "/" + DemoTenantID + "/oauth2/v2.0/token"
	req, err := http.NewRequest(http.MethodOptions, e.EntraURL()+tokenPath, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", appOrigin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "client-request-id,x-client-sku")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	for k := range resp.Header {
		assert.False(t, strings.HasPrefix(strings.ToLower(k), "access-control-"), "no %s: the browser refuses the request", k)
	}
	s := e.Stats()
	assert.Equal(t, map[string]int{tokenPath: 1}, s.Entra.Preflights)
	assert.Equal(t, map[string]int{tokenPath: 1}, s.Entra.PreflightsRefused)
	assert.Zero(t, s.Entra.Requests["OPTIONS "+tokenPath], "a preflight is not a request")
}

func TestTokenEndpointAnswersSPAOriginsWithAllowOrigin(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	ok := redeem(t, e, codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, p.verifier), appOrigin)
	require.Equal(t, http.StatusOK, ok.status)
	assert.Equal(t, appOrigin, ok.header.Get("Access-Control-Allow-Origin"))

	refused := redeem(t, e, codeForm("not-a-code", appURL, p.verifier), appOrigin)
	require.Equal(t, http.StatusBadRequest, refused.status)
	assert.Equal(t, appOrigin, refused.header.Get("Access-Control-Allow-Origin"), "the page can read Entra's error")

	other := redeem(t, e, codeForm("not-a-code", appURL, p.verifier), "http://127.0.0.1:9999")
	assert.Empty(t, other.header.Get("Access-Control-Allow-Origin"), "an origin without an SPA redirect URI reads nothing")
}

func TestTokenRequestAsASimpleRequestCausesNoPreflight(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	spaTokens(t, e, AdminUPN) // form content type, Origin, nothing else: what a browser sends without a preflight
	assert.Empty(t, e.Stats().Entra.Preflights)
}

func TestGraphPreflightAndExposedHeadersAsABrowserSeesThem(t *testing.T) {
	e := StartTest(t, Options{})
	preflight := func(headers string) *http.Response {
		req, err := http.NewRequest(http.MethodOptions, e.GraphURL()+"/v1.0/groups", nil)
		require.NoError(t, err)
		req.Header.Set("Origin", appOrigin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", headers)
		resp, err := e.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	assert.Equal(t, appOrigin, preflight("authorization,consistencylevel").Header.Get("Access-Control-Allow-Origin"))
	assert.Empty(t, preflight("authorization,x-ms-custom").Header.Get("Access-Control-Allow-Origin"))

	r := call(t, e, "GET", "/v1.0/groups", mustToken(t, e, AdminUPN), "", map[string]string{"Origin": appOrigin})
	assert.Equal(t, appOrigin, r.header.Get("Access-Control-Allow-Origin"))
	assert.NotContains(t, r.header.Get("Access-Control-Expose-Headers"), "Retry-After", "hidden by default")

	resp, err := e.HTTPClient().Post(e.GraphURL()+"/_emulator/faults", "application/json", strings.NewReader(`{"exposeRetryAfter":true}`))
	require.NoError(t, err)
	resp.Body.Close()
	r = call(t, e, "GET", "/v1.0/groups", mustToken(t, e, AdminUPN), "", map[string]string{"Origin": appOrigin})
	assert.Contains(t, r.header.Get("Access-Control-Expose-Headers"), "Retry-After", "switched on")
	s := e.Stats()
	assert.Equal(t, 2, s.Preflights["/v1.0/groups"])
	assert.Equal(t, 1, s.PreflightsRefused["/v1.0/groups"])
}
