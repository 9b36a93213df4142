//go:build !js

package emulator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// appURL is the SPA redirect URI the tests register, as the demo app's.
const appURL = "http://127.0.0.1:8000/"

// appOrigin is the page origin a browser would send for appURL.
const appOrigin = "http://127.0.0.1:8000"

// pkce is a verifier and its S256 challenge.
type pkce struct{ verifier, challenge string }

func newPKCE(t *testing.T) pkce {
	t.Helper()
	b := make([]byte, 32)
	_, err := rand.Read(b)
	require.NoError(t, err)
	v := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(v))
	return pkce{verifier: v, challenge: base64.RawURLEncoding.EncodeToString(sum[:])}
}

// authorizeParams are the parameters of a typical SPA sign-in: the Intune
// permission only, as the app asks at sign-in.
func authorizeParams(p pkce, redirect string) url.Values {
	return url.Values{
		"client_id": {DemoClientID}, "response_type": {"code"}, "redirect_uri": {redirect},
		"scope":          {"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid profile offline_access"},
		"code_challenge": {p.challenge}, "code_challenge_method": {"S256"},
		"state": {"st-123"}, "nonce": {"nonce-456"}, "response_mode": {"fragment"},
	}
}

// pressButton submits the sign-in page's form as a browser would: the
// request's parameters plus the pressed button's name and value.
func pressButton(t *testing.T, e *Emulator, params url.Values, name, value string) *http.Response {
	t.Helper()
	form := url.Values{}
	for k, v := range params {
		form[k] = v
	}
	form.Set(name, value)
	resp, err := e.HTTPClient().PostForm(e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize", form)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// answer reads the OAuth answer from a redirect's Location, in the query
// or the fragment.
func answer(t *testing.T, resp *http.Response) url.Values {
	t.Helper()
	require.Equal(t, http.StatusFound, resp.StatusCode, "expected a redirect back to the app")
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	if loc.Fragment != "" {
		v, err := url.ParseQuery(loc.Fragment)
		require.NoError(t, err)
		return v
	}
	return loc.Query()
}

// signIn drives the sign-in page for upn and returns the code.
func signIn(t *testing.T, e *Emulator, upn string, p pkce, redirect string) string {
	t.Helper()
	got := answer(t, pressButton(t, e, authorizeParams(p, redirect), "upn", upn))
	require.NotEmpty(t, got.Get("code"), "sign-in answered %v", got)
	return got.Get("code")
}

// tokenResult is a token endpoint answer.
type tokenResult struct {
	status int
	header http.Header
	body   map[string]any
}

func (r tokenResult) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// redeem posts form to the token endpoint, with an Origin when origin is set.
func redeem(t *testing.T, e *Emulator, form url.Values, origin string) tokenResult {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return tokenResult{status: resp.StatusCode, header: resp.Header, body: body}
}

func codeForm(code, redirect, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoClientID}, "code": {code},
		"redirect_uri": {redirect}, "code_verifier": {verifier}, "client_info": {"1"},
		"scope": {"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid profile offline_access"}}
}

// adminToken signs the administrator in through the SPA flow and returns
// the token response.
func spaTokens(t *testing.T, e *Emulator, upn string) tokenResult {
	t.Helper()
	p := newPKCE(t)
	code := signIn(t, e, upn, p, appURL)
	res := redeem(t, e, codeForm(code, appURL, p.verifier), appOrigin)
	require.Equal(t, http.StatusOK, res.status, "token: %v", res.body)
	return res
}

// graphResult is a Graph answer.
type graphResult struct {
	status int
	header http.Header
	raw    []byte
}

func (r graphResult) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &v), "body %s", r.raw)
	return v
}

// errorCode is error.code of a Graph error body.
func (r graphResult) errorCode(t *testing.T) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// call sends one request to the Graph origin.
func call(t *testing.T, e *Emulator, method, path, token, body string, header map[string]string) graphResult {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.GraphURL()+path, rd)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return graphResult{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// mustToken mints an access token for a demo user of the demo app.
func mustToken(t *testing.T, e *Emulator, upn string) string {
	t.Helper()
	tok, err := e.AccessToken(upn, DemoClientID)
	require.NoError(t, err)
	return tok
}
