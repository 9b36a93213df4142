//go:build !js

package emulator

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
	"enrollassign/graph/emulator/token"
)

func get(t *testing.T, e *Emulator, rawURL string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

func decodeJSON(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(raw, &v), "%s", raw)
	return v
}

// claims decodes a JWT's payload without checking it.
func claims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	return decodeJSON(t, raw)
}

func TestOpenIDConfigurationAdvertisesTheIssuerItIsServedFrom(t *testing.T) {
	e := StartTest(t, Options{})
	tests := []struct{ tenant, issuer string }{
		{DemoTenantID, e.EntraURL() + "/" + DemoTenantID + "/v2.0"},
		{DemoTenantDomain, e.EntraURL() + "/" + DemoTenantID + "/v2.0"},
		{"organizations", e.EntraURL() + "/{tenantid}/v2.0"},
	}
	for _, tt := range tests {
		resp, body := get(t, e, e.EntraURL()+"/"+tt.tenant+"/v2.0/.well-known/openid-configuration", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		doc := decodeJSON(t, body)
		assert.Equal(t, tt.issuer, doc["issuer"], "the URL it is served from, http on loopback")
		for _, ep := range []string{"authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint"} {
			assert.True(t, strings.HasPrefix(doc[ep].(string), e.EntraURL()+"/"), "%s is reachable over plain HTTP: %s", ep, doc[ep])
		}
	}
	resp, body := get(t, e, e.EntraURL()+"/contoso.example/v2.0/.well-known/openid-configuration", nil)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, decodeJSON(t, body)["error_description"], "AADSTS90002")
}

func TestOpenIDConfigurationUnderTLSIsHTTPSThroughout(t *testing.T) {
	e := StartTest(t, Options{TLS: true})
	require.True(t, strings.HasPrefix(e.EntraURL(), "https://"))
	require.NotNil(t, e.CertPool())
	_, err := http.Get(e.EntraURL() + "/common/discovery/instance")
	require.Error(t, err, "a client that does not trust the emulator's certificate is refused")
	_, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/v2.0/.well-known/openid-configuration", nil)
	doc := decodeJSON(t, body)
	assert.Equal(t, e.Issuer(), doc["issuer"])
	assert.True(t, strings.HasPrefix(doc["token_endpoint"].(string), e.EntraURL()))
}

func TestJWKSVerifiesTheTokensEntraIssues(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/discovery/v2.0/keys", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
	var set struct{ Keys []token.JWK }
	require.NoError(t, json.Unmarshal(body, &set))
	require.Len(t, set.Keys, 1)
	pub, err := set.Keys[0].PublicKey()
	require.NoError(t, err)

	for _, jwt := range []string{spaTokens(t, e, AdminUPN).str("access_token"), spaTokens(t, e, ReaderUPN).str("id_token")} {
		parts := strings.Split(jwt, ".")
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		require.NoError(t, err)
		digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		assert.NoError(t, rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig))
	}
}

func TestInstanceDiscoveryNamesTheTenantDiscoveryEndpoint(t *testing.T) {
	e := StartTest(t, Options{})
	q := url.Values{"api-version": {"1.1"}, "authorization_endpoint": {"https://" + e.entraAddr + "/" + DemoTenantID + "/oauth2/v2.0/authorize"}}
	resp, body := get(t, e, e.EntraURL()+"/common/discovery/instance?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	doc := decodeJSON(t, body)
	assert.Equal(t, e.EntraURL()+"/"+DemoTenantID+"/v2.0/.well-known/openid-configuration", doc["tenant_discovery_endpoint"])
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
}

var upnButton = regexp.MustCompile(`<button type="submit" name="upn" value="([^"]+)"[^>]*>([^<]+)</button>`)

func TestSignInPageHasOneButtonPerUserNamedByUPN(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	params := authorizeParams(newPKCE(t), appURL)
	params.Set("login_hint", ReaderUPN)
	resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize?"+params.Encode(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	page := string(body)
	assert.NotContains(t, page, "<script", "the page needs no JavaScript")
	buttons := upnButton.FindAllStringSubmatch(page, -1)
	var names []string
	for _, b := range buttons {
		assert.Equal(t, b[1], b[2], "the accessible name is exactly the UPN")
		names = append(names, b[2])
	}
	assert.Equal(t, []string{ReaderUPN, AdminUPN, HelpdeskUPN, NoConsentUPN, PersonalUPN}, names, "login_hint puts its user first")
	assert.Contains(t, buttons[0][0], "autofocus")
	assert.Contains(t, page, `<button type="submit" name="cancel" value="1">Cancel</button>`)
	assert.Contains(t, page, `name="state" value="st-123"`, "the request travels through the form")
}

func TestAuthorizeAnswersInTheRequestedResponseMode(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL + "callback?tab=1"}})
	redirect := appURL + "callback?tab=1"
	for _, mode := range []string{"query", "fragment", ""} {
		t.Run("mode "+mode, func(t *testing.T) {
			params := authorizeParams(newPKCE(t), redirect)
			params.Set("response_mode", mode)
			resp := pressButton(t, e, params, "upn", AdminUPN)
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, "/callback", loc.Path)
			assert.Equal(t, "1", loc.Query().Get("tab"), "the redirect URI's own query is kept")
			got := answer(t, resp)
			assert.NotEmpty(t, got.Get("code"))
			assert.Equal(t, "st-123", got.Get("state"))
			if mode == "fragment" {
				assert.Empty(t, loc.Query().Get("code"), "nothing in the query in fragment mode")
			} else {
				assert.Empty(t, loc.Fragment, "the default mode for code is query")
			}
		})
	}
	params := authorizeParams(newPKCE(t), redirect)
	params.Set("response_mode", "form_post")
	resp := pressButton(t, e, params, "upn", AdminUPN)
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `<form method="post" action="`+redirect+`">`)
	assert.Contains(t, string(body), `name="code"`)
}

func TestNonceAndIdentityReachTheIDToken(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	res := spaTokens(t, e, AdminUPN)
	id := claims(t, res.str("id_token"))
	assert.Equal(t, "nonce-456", id["nonce"])
	assert.Equal(t, DemoClientID, id["aud"])
	assert.Equal(t, e.Issuer(), id["iss"])
	assert.Equal(t, AdminUPN, id["preferred_username"])
	assert.Equal(t, DemoTenantID, id["tid"])
}

func TestAccessTokenCarriesWhatGraphChecks(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	for _, upn := range []string{AdminUPN, ReaderUPN, HelpdeskUPN} {
		c := claims(t, spaTokens(t, e, upn).str("access_token"))
		assert.Equal(t, "https://graph.microsoft.com", c["aud"])
		assert.Equal(t, e.Issuer(), c["iss"], "tokens' iss is the advertised issuer")
		assert.Equal(t, "DeviceManagementServiceConfig.ReadWrite.All GroupMember.Read.All DeviceManagementConfiguration.Read.All User.ReadBasic.All", c["scp"], "what the tenant consented, whatever the role")
		assert.Equal(t, DemoClientID, c["appid"])
		assert.Equal(t, DemoClientID, c["azp"])
		assert.Equal(t, DemoTenantID, c["tid"])
		assert.Equal(t, upn, c["upn"])
		assert.NotEmpty(t, c["oid"])
		assert.EqualValues(t, c["iat"].(float64)+3600, c["exp"])
	}
}

func TestReadOnlyOperatorsTokenIsNotNarrowedButIntuneRefusesItsWrites(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	res := spaTokens(t, e, ReaderUPN)
	assert.Contains(t, res.str("scope"), "https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All")
	assert.Contains(t, claims(t, res.str("access_token"))["scp"], "DeviceManagementServiceConfig.ReadWrite.All", "Entra does not narrow the token for the role")
	tok := res.str("access_token")
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", tok, "", nil).status)
	r := call(t, e, "DELETE", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices+"/assignments/x", tok, "", nil)
	assert.Equal(t, http.StatusForbidden, r.status, "Intune decides on the role")
	assert.Equal(t, http.StatusForbidden, call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", spaTokens(t, e, HelpdeskUPN).str("access_token"), "", nil).status)
}

func TestTokenResponseHasWhatMSALReads(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	res := spaTokens(t, e, AdminUPN)
	for _, k := range []string{"access_token", "id_token", "refresh_token", "client_info", "scope", "token_type"} {
		assert.NotEmpty(t, res.body[k], k)
	}
	assert.EqualValues(t, 3600, res.body["expires_in"])
	assert.EqualValues(t, 3600, res.body["ext_expires_in"])
	assert.EqualValues(t, 86400, res.body["refresh_token_expires_in"], "an SPA's refresh token lives 24 h")
	raw, err := base64.RawURLEncoding.DecodeString(res.str("client_info"))
	require.NoError(t, err)
	info := decodeJSON(t, raw)
	assert.Equal(t, DemoTenantID, info["utid"])
	assert.Equal(t, claims(t, res.str("id_token"))["oid"], info["uid"])
	assert.Equal(t, "no-store, no-cache", res.header.Get("Cache-Control"))
}

func TestPKCEWithS256IsRequired(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tests := []struct {
		name          string
		change        func(url.Values)
		code, message string
	}{
		{"no challenge", func(v url.Values) { v.Del("code_challenge"); v.Del("code_challenge_method") }, "invalid_request", "AADSTS9002325"},
		{"plain method", func(v url.Values) { v.Set("code_challenge_method", "plain") }, "invalid_request", "AADSTS9002325"},
		{"method left out (plain by default)", func(v url.Values) { v.Del("code_challenge_method") }, "invalid_request", "AADSTS9002325"},
		{"challenge of the wrong size", func(v url.Values) { v.Set("code_challenge", "abc") }, "invalid_request", "AADSTS501491"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := authorizeParams(newPKCE(t), appURL)
			tt.change(params)
			resp, _ := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize?"+params.Encode(), nil)
			got := answer(t, resp)
			assert.Equal(t, tt.code, got.Get("error"))
			assert.Contains(t, got.Get("error_description"), tt.message)
			assert.Equal(t, "st-123", got.Get("state"))
		})
	}
}

func TestErrorsBeforeTheRedirectIsTrustedStayOnTheEmulatorsPage(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tests := []struct {
		name    string
		change  func(url.Values)
		message string
	}{
		{"unknown app", func(v url.Values) { v.Set("client_id", "00000000-0000-0000-0000-00000000abcd") }, "AADSTS700016"},
		{"unregistered redirect URI", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:9999/") }, "AADSTS50011"},
		{"redirect URI without its trailing slash", func(v url.Values) { v.Set("redirect_uri", appOrigin) }, "AADSTS50011"},
		{"redirect URI on another scheme", func(v url.Values) { v.Set("redirect_uri", "https://127.0.0.1:8000/") }, "AADSTS50011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := authorizeParams(newPKCE(t), appURL)
			tt.change(params)
			resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize?"+params.Encode(), nil)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Empty(t, resp.Header.Get("Location"), "never redirected to an unverified URI")
			assert.Regexp(t, `<p id="error" role="alert">`+tt.message+`: `, string(body))
		})
	}
}

func TestSignInRefusalsGoBackToTheAppInItsResponseMode(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tests := []struct {
		name, button, value, mode string
		scope                     string
		oauth, aadsts             string
	}{
		{"personal account", "upn", PersonalUPN, "fragment", "", "invalid_request", "AADSTS50020"},
		{"user cancelled", "cancel", "1", "fragment", "", "access_denied", "AADSTS65004"},
		{"a national cloud's Graph", "upn", AdminUPN, "query", "https://graph.microsoft.us/DeviceManagementServiceConfig.ReadWrite.All openid", "invalid_resource", "AADSTS500011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := authorizeParams(newPKCE(t), appURL)
			params.Set("response_mode", tt.mode)
			if tt.scope != "" {
				params.Set("scope", tt.scope)
			}
			resp := pressButton(t, e, params, tt.button, tt.value)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			if tt.mode == "fragment" {
				assert.NotEmpty(t, loc.Fragment)
			} else {
				assert.NotEmpty(t, loc.RawQuery)
			}
			got := answer(t, resp)
			assert.Equal(t, tt.oauth, got.Get("error"))
			assert.True(t, strings.HasPrefix(got.Get("error_description"), tt.aadsts+": "), got.Get("error_description"))
			assert.Equal(t, "st-123", got.Get("state"))
			assert.Empty(t, got.Get("code"))
		})
	}
}

func TestMoreAuthorizeRefusals(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	tests := []struct {
		name          string
		change        func(url.Values)
		oauth, aadsts string
		onPage        bool // no way to answer the app: shown on the emulator's page
	}{
		{"implicit flow", func(v url.Values) { v.Set("response_type", "token") }, "unsupported_response_type", "AADSTS700054", false},
		{"no response type", func(v url.Values) { v.Del("response_type") }, "invalid_request", "AADSTS900144", false},
		{"unknown prompt", func(v url.Values) { v.Set("prompt", "always") }, "invalid_request", "AADSTS90023", false},
		{"no scope", func(v url.Values) { v.Del("scope") }, "invalid_request", "AADSTS900144", false},
		{"unknown response mode", func(v url.Values) { v.Set("response_mode", "web_message") }, "", "AADSTS900352", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := authorizeParams(newPKCE(t), appURL)
			tt.change(params)
			resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize?"+params.Encode(), nil)
			if tt.onPage {
				assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
				assert.Contains(t, string(body), tt.aadsts)
				return
			}
			got := answer(t, resp)
			assert.Equal(t, tt.oauth, got.Get("error"))
			assert.True(t, strings.HasPrefix(got.Get("error_description"), tt.aadsts+": "), got.Get("error_description"))
		})
	}
}

func TestMoreTokenRefusals(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}, Clock: c})
	p := newPKCE(t)
	native := "http://localhost:53000"
	code := signIn(t, e, AdminUPN, p, native)
	stolen := codeForm(code, native, p.verifier)
	stolen.Set("client_id", OtherClientID)
	assertAADSTS(t, redeem(t, e, stolen, ""), http.StatusBadRequest, "invalid_grant", 70000)

	res := redeem(t, e, codeForm(code, native, p.verifier), "")
	require.Equal(t, http.StatusOK, res.status, "%v", res.body)
	assert.Nil(t, res.body["refresh_token_expires_in"], "a public client's refresh token slides")
	refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {res.str("refresh_token")}}
	c.Advance(89 * 24 * time.Hour)
	next := redeem(t, e, refresh, "")
	require.Equal(t, http.StatusOK, next.status, "used within 90 days")
	c.Advance(91 * 24 * time.Hour)
	assertAADSTS(t, redeem(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {next.str("refresh_token")}}, ""),
		http.StatusBadRequest, "invalid_grant", 700082)
	assertAADSTS(t, redeem(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {"1.Anever-issued"}}, ""),
		http.StatusBadRequest, "invalid_grant", 9002313)

	resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/token", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Contains(t, decodeJSON(t, body)["error_description"], "AADSTS900561")
}

// browser is an HTTP client with a cookie jar, for the Entra session.
func browser(t *testing.T, e *Emulator) *http.Client {
	t.Helper()
	c := e.HTTPClient()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c.Jar = jar
	return c
}

func TestPromptLoginHintAndSingleSignOn(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	b := browser(t, e)
	authorize := func(change func(url.Values)) *http.Response {
		params := authorizeParams(newPKCE(t), appURL)
		change(params)
		resp, err := b.Get(e.EntraURL() + "/" + DemoTenantID + "/oauth2/v2.0/authorize?" + params.Encode())
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	none := func(v url.Values) { v.Set("prompt", "none") }

	assert.Equal(t, "login_required", answer(t, authorize(none)).Get("error"), "no session yet")

	form := authorizeParams(newPKCE(t), appURL)
	form.Set("upn", AdminUPN)
	resp, err := b.PostForm(e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize", form)
	require.NoError(t, err)
	resp.Body.Close()
	require.NotEmpty(t, answer(t, resp).Get("code"))

	assert.NotEmpty(t, answer(t, authorize(none)).Get("code"), "prompt=none with a session signs in silently")
	assert.NotEmpty(t, answer(t, authorize(func(url.Values) {})).Get("code"), "so does no prompt")
	assert.Equal(t, http.StatusOK, authorize(func(v url.Values) { v.Set("prompt", "login") }).StatusCode, "prompt=login shows the page")
	assert.Equal(t, http.StatusOK, authorize(func(v url.Values) { v.Set("prompt", "select_account") }).StatusCode)
	assert.Equal(t, http.StatusOK, authorize(func(v url.Values) { v.Set("login_hint", ReaderUPN) }).StatusCode, "a hint naming someone else shows the page")

	resp, err = b.Get(e.EntraURL() + "/" + DemoTenantID + "/oauth2/v2.0/logout?post_logout_redirect_uri=" + url.QueryEscape(appURL))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Equal(t, appURL, resp.Header.Get("Location"))
	assert.Equal(t, "login_required", answer(t, authorize(none)).Get("error"), "logout ends the session")
}

func TestLogoutNeverRedirectsToAnUnregisteredURI(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	resp, body := get(t, e, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/logout?post_logout_redirect_uri="+url.QueryEscape("https://evil.example/"), nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Location"))
	assert.Contains(t, string(body), "You signed out of your account")
}

// The token endpoint's rules, one AADSTS code each.

func TestSPACodeRedeemedWithoutOriginIs9002327(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	res := redeem(t, e, codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, p.verifier), "")
	assertAADSTS(t, res, http.StatusBadRequest, "invalid_request", 9002327)
}

func TestNonSPACodeRedeemedCrossOriginIs9002326(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	native := "http://localhost:53000"
	res := redeem(t, e, codeForm(signIn(t, e, AdminUPN, p, native), native, p.verifier), appOrigin)
	assertAADSTS(t, res, http.StatusBadRequest, "invalid_request", 9002326)
}

func TestVerifierMismatchIs501481(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	res := redeem(t, e, codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, newPKCE(t).verifier), appOrigin)
	assertAADSTS(t, res, http.StatusBadRequest, "invalid_grant", 501481)
}

func TestCodeIsSingleUse54005(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	form := codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, p.verifier)
	require.Equal(t, http.StatusOK, redeem(t, e, form, appOrigin).status)
	assertAADSTS(t, redeem(t, e, form, appOrigin), http.StatusBadRequest, "invalid_grant", 54005)
}

// Signing happens outside the server's lock, so the code must already be
// spent when the first redemption starts signing: racing redemptions of
// one code get one set of tokens between them.
func TestCodeIsSingleUseUnderConcurrentRedemptions(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	body := codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, p.verifier).Encode()
	statuses := make(chan int, 4)
	var wg sync.WaitGroup
	for range cap(statuses) {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/token", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", appOrigin)
			resp, err := e.HTTPClient().Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			_ = resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for st := range statuses {
		got[st]++
	}
	assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusBadRequest: 3}, got)
}

func TestCodeIsShortLived70008(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}, Clock: c})
	p := newPKCE(t)
	form := codeForm(signIn(t, e, AdminUPN, p, appURL), appURL, p.verifier)
	c.Advance(10 * time.Minute)
	assertAADSTS(t, redeem(t, e, form, appOrigin), http.StatusBadRequest, "invalid_grant", 70008)
}

func TestRedirectURIMustBeTheCodesOwn500112(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL, appURL + "other"}})
	p := newPKCE(t)
	res := redeem(t, e, codeForm(signIn(t, e, AdminUPN, p, appURL), appURL+"other", p.verifier), appOrigin)
	assertAADSTS(t, res, http.StatusBadRequest, "invalid_grant", 500112)
}

func TestUnknownAppAtTheTokenEndpointIs700016(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	form := codeForm("x", appURL, "y")
	form.Set("client_id", "00000000-0000-0000-0000-00000000abcd")
	assertAADSTS(t, redeem(t, e, form, appOrigin), http.StatusBadRequest, "unauthorized_client", 700016)
}

func TestTokenEndpointWantsAForm(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	req, err := http.NewRequest(http.MethodPost, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/token", strings.NewReader(`{"grant_type":"authorization_code"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assertAADSTS(t, tokenResult{status: resp.StatusCode, body: decodeJSON(t, body)}, http.StatusBadRequest, "invalid_request", 900144)
}

func TestSPARefreshTokenHasAFixed24HourLifetime700084(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}, Clock: c})
	rt := spaTokens(t, e, AdminUPN).str("refresh_token")
	refresh := func(rt string) tokenResult {
		return redeem(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {rt},
			"scope": {"https://graph.microsoft.com/.default openid offline_access"}}, appOrigin)
	}
	c.Advance(23 * time.Hour)
	res := refresh(rt)
	require.Equal(t, http.StatusOK, res.status, "%v", res.body)
	assert.EqualValues(t, 3600, res.body["refresh_token_expires_in"], "a new refresh token keeps the sign-in's expiry")
	next := res.str("refresh_token")
	assertAADSTS(t, refresh(""), http.StatusBadRequest, "invalid_request", 900144)

	c.Advance(time.Hour)
	assertAADSTS(t, refresh(next), http.StatusBadRequest, "invalid_grant", 700084)
	assertAADSTS(t, refresh(rt), http.StatusBadRequest, "invalid_grant", 700084)
}

func TestRefreshTokenOfAnSPAIsRedeemedCrossOriginOnly(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	rt := spaTokens(t, e, AdminUPN).str("refresh_token")
	res := redeem(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {rt}}, "")
	assertAADSTS(t, res, http.StatusBadRequest, "invalid_request", 9002327)
}

func TestTokenErrorsUseTheClientRequestIDAsCorrelationID(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	req, err := http.NewRequest(http.MethodPost, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/token",
		strings.NewReader(url.Values{"grant_type": {"device_code"}, "client_id": {DemoClientID}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("client-request-id", "4f1a1d0e-0000-4000-8000-000000000001")
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	res := tokenResult{status: resp.StatusCode, body: decodeJSON(t, body)}
	assertAADSTS(t, res, http.StatusBadRequest, "unsupported_grant_type", 70003)
	assert.Equal(t, "4f1a1d0e-0000-4000-8000-000000000001", res.body["correlation_id"])
}

func assertAADSTS(t *testing.T, res tokenResult, status int, oauth string, code int) {
	t.Helper()
	assert.Equal(t, status, res.status, "%v", res.body)
	assert.Equal(t, oauth, res.body["error"])
	assert.Equal(t, []any{float64(code)}, res.body["error_codes"])
	desc := res.str("error_description")
	assert.Regexp(t, `^AADSTS`+strconv.Itoa(code)+`: .+ Trace ID: \S+ Correlation ID: \S+ Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$`, desc)
	for _, k := range []string{"timestamp", "trace_id", "correlation_id"} {
		assert.NotEmpty(t, res.body[k], k)
	}
}
