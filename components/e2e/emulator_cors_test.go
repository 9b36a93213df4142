//go:build !js

package e2e

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator"
)

// newBrowser opens a tab of the shared Chromium in a fresh browser context,
// the test in parallel with the other browser tests.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	inParallel(t)
	ctx, cancelTimeout := context.WithTimeout(newTab(t), 60*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// waitForLocation polls the address bar until it starts with prefix: the
// navigation a click starts is not something a query can wait on.
func waitForLocation(t *testing.T, ctx context.Context, prefix string) string {
	t.Helper()
	var loc string
	for ctx.Err() == nil {
		current, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.HasPrefix(current, prefix) {
			return current
		}
		loc = current
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the browser never reached %s; it is at %s", prefix, loc)
	return ""
}

// pageJS runs an async script on the current page and returns its string result.
func pageJS(t *testing.T, ctx context.Context, script string) string {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { `+script+` })()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	return out
}

// TestInHeadlessChromium signs in on the emulator's page as a person would,
// then lets the browser itself apply CORS to what a page on the app's
// origin sends to Entra and Graph.
func TestInHeadlessChromium(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>app</title><p id="app-page">app page</p>`)
	}))
	t.Cleanup(app.Close)
	appRoot := app.URL + "/"
	e := emulator.StartTest(t, emulator.Options{SPARedirectURIs: []string{appRoot}})
	ctx := newBrowser(t)

	p := newCORSPKCE(t)
	authorize := e.EntraURL() + "/" + emulator.DemoTenantID + "/oauth2/v2.0/authorize?" + corsAuthorizeParams(p, appRoot).Encode()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(authorize)))

	t.Run("each user is a button whose accessible name is the UPN", func(t *testing.T) {
		// The document as a JavaScript object: DOM.getDocument would reset
		// the node IDs chromedp's own queries rely on.
		doc, err := chromedp.Run(ctx, chromedp.Evaluate[*runtime.RemoteObject]("document"))
		require.NoError(t, err)
		for _, u := range emulator.DemoUsers() {
			found, err := chromedp.Call(ctx, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{ObjectID: doc.ObjectID, AccessibleName: u.UPN, Role: "button"})
			require.NoError(t, err)
			assert.Len(t, found.Nodes, 1, u.UPN)
		}
	})

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="`+emulator.AdminUPN+`"]`))))
	loc := waitForLocation(t, ctx, appRoot+"#")
	u, err := url.Parse(loc)
	require.NoError(t, err)
	answer, err := url.ParseQuery(u.Fragment)
	require.NoError(t, err)
	require.Equal(t, "st-123", answer.Get("state"))
	code := answer.Get("code")
	require.NotEmpty(t, code)

	tokenURL := e.EntraURL() + "/" + emulator.DemoTenantID + "/oauth2/v2.0/token"
	form := corsCodeForm(code, appRoot, p.verifier).Encode()

	t.Run("a token request with a non-safelisted header fails its preflight", func(t *testing.T) {
		got := pageJS(t, ctx, fmt.Sprintf(`try { await fetch(%q, {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded", "client-request-id": "x"}, body: %q}); return "sent" } catch (e) { return "refused: " + e.message }`, tokenURL, form))
		assert.True(t, strings.HasPrefix(got, "refused"), got)
		assert.Equal(t, 1, e.Stats().Entra.Preflights["/"+emulator.DemoTenantID+"/oauth2/v2.0/token"])
	})

	var accessToken string
	t.Run("the same request as a simple request redeems the code", func(t *testing.T) {
		accessToken = pageJS(t, ctx, fmt.Sprintf(`const r = await fetch(%q, {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: %q}); const j = await r.json(); return j.access_token || JSON.stringify(j)`, tokenURL, form))
		require.Equal(t, 3, len(strings.Split(accessToken, ".")), accessToken)
	})

	graphURL := e.GraphURL() + "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + emulator.ConfigTenDevices
	fetchGraph := func(extraHeaders string) string {
		return pageJS(t, ctx, fmt.Sprintf(`try { const r = await fetch(%q, {headers: {"Authorization": "Bearer %s"%s}}); return r.status + " request-id:" + (r.headers.get("request-id") !== null) + " retry-after:" + r.headers.get("Retry-After") } catch (e) { return "refused: " + e.message }`, graphURL, accessToken, extraHeaders))
	}

	t.Run("Graph answers the page and exposes request-id", func(t *testing.T) {
		assert.Equal(t, "200 request-id:true retry-after:null", fetchGraph(`, "ConsistencyLevel": "eventual", "client-request-id": "abc"`))
	})

	t.Run("Graph refuses a preflight for a header it does not allow", func(t *testing.T) {
		assert.True(t, strings.HasPrefix(fetchGraph(`, "x-custom": "1"`), "refused"))
	})

	t.Run("Retry-After is unreadable by the page until the switch exposes it", func(t *testing.T) {
		postFaults(t, e, `{"errorRates":{"429":1}}`)
		assert.Equal(t, "429 request-id:true retry-after:null", fetchGraph(""))
		postFaults(t, e, `{"exposeRetryAfter":true}`)
		assert.Equal(t, "429 request-id:true retry-after:2.128", fetchGraph(""))
	})
}

// corsPKCE is a verifier and its S256 challenge.
type corsPKCE struct{ verifier, challenge string }

func newCORSPKCE(t *testing.T) corsPKCE {
	t.Helper()
	b := make([]byte, 32)
	_, err := rand.Read(b)
	require.NoError(t, err)
	v := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(v))
	return corsPKCE{verifier: v, challenge: base64.RawURLEncoding.EncodeToString(sum[:])}
}

// corsAuthorizeParams are a single-page app's sign-in parameters.
func corsAuthorizeParams(p corsPKCE, redirect string) url.Values {
	return url.Values{
		"client_id": {emulator.DemoClientID}, "response_type": {"code"}, "redirect_uri": {redirect},
		"scope":          {"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid profile offline_access"},
		"code_challenge": {p.challenge}, "code_challenge_method": {"S256"},
		"state": {"st-123"}, "nonce": {"nonce-456"}, "response_mode": {"fragment"},
	}
}

// corsCodeForm is the redemption of code as MSAL sends it.
func corsCodeForm(code, redirect, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {emulator.DemoClientID}, "code": {code},
		"redirect_uri": {redirect}, "code_verifier": {verifier}, "client_info": {"1"},
		"scope": {"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid profile offline_access"}}
}

// postFaults sets the emulator's faults, as a test tool would.
func postFaults(t *testing.T, e *emulator.Emulator, body string) {
	t.Helper()
	resp, err := e.HTTPClient().Post(e.GraphURL()+"/_emulator/faults", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
}
