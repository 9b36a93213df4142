//go:build !js

package emulator

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const groupMemberRead = "GroupMember.Read.All"

// askingFor are a sign-in's parameters asking for the Intune permission
// and one more.
func askingFor(t *testing.T, permission string) url.Values {
	params := authorizeParams(newPKCE(t), appURL)
	params.Set("scope", "https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All https://graph.microsoft.com/"+permission+" openid profile offline_access")
	return params
}

func pageText(t *testing.T, resp *http.Response) string {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

func TestTokensCarryEveryConsentedPermissionAskedForOrNot(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	p := newPKCE(t)
	params := authorizeParams(p, appURL)
	params.Set("scope", "https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid profile offline_access")
	code := answer(t, pressButton(t, e, params, "upn", AdminUPN)).Get("code")
	res := redeem(t, e, codeForm(code, appURL, p.verifier), appOrigin)
	require.Equal(t, http.StatusOK, res.status, "%v", res.body)
	assert.Equal(t, "DeviceManagementServiceConfig.ReadWrite.All GroupMember.Read.All DeviceManagementConfiguration.Read.All User.ReadBasic.All", claims(t, res.str("access_token"))["scp"])
	assert.Contains(t, res.str("scope"), "https://graph.microsoft.com/GroupMember.Read.All", "what was consented tenant-wide comes along")

	require.NoError(t, e.SetConsent(DemoClientID, groupMemberRead, ConsentNone))
	res = spaTokens(t, e, AdminUPN)
	assert.Equal(t, "DeviceManagementServiceConfig.ReadWrite.All DeviceManagementConfiguration.Read.All User.ReadBasic.All", claims(t, res.str("access_token"))["scp"], "revoked: no longer carried")
	assert.NotContains(t, res.str("scope"), groupMemberRead)
}

func TestAPermissionNobodyConsentedTo(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	require.NoError(t, e.SetConsent(DemoClientID, groupMemberRead, ConsentNone))

	t.Run("a user who may not grant it is asked to get an admin's approval", func(t *testing.T) {
		params := askingFor(t, groupMemberRead)
		page := pressButton(t, e, params, "upn", NoConsentUPN)
		require.Equal(t, http.StatusOK, page.StatusCode)
		text := pageText(t, page)
		assert.Contains(t, text, "Need admin approval")
		assert.Contains(t, text, "Return to the application without granting consent")
		assert.Contains(t, text, groupMemberRead)

		got := answer(t, pressButton(t, e, params, "return", "1"))
		assert.Equal(t, url.Values{"error": {"access_denied"}, "error_subcode": {"cancel"}, "state": {"st-123"}}, got,
			"as Entra answers it: no code, no description")
		assert.Equal(t, ConsentNone, e.Consents(DemoClientID)[groupMemberRead])
	})

	t.Run("a user who may grant it sees the consent prompt, and Accept grants it for the tenant", func(t *testing.T) {
		params := askingFor(t, groupMemberRead)
		page := pressButton(t, e, params, "upn", AdminUPN)
		require.Equal(t, http.StatusOK, page.StatusCode)
		assert.Contains(t, pageText(t, page), "Permissions requested")
		params.Set("accept", "1")
		got := answer(t, pressButton(t, e, params, "upn", AdminUPN))
		assert.NotEmpty(t, got.Get("code"))
		assert.Equal(t, ConsentGranted, e.Consents(DemoClientID)[groupMemberRead])
		require.NoError(t, e.SetConsent(DemoClientID, groupMemberRead, ConsentNone))
	})

	t.Run("silently it is consent_required", func(t *testing.T) {
		b := browser(t, e)
		form := authorizeParams(newPKCE(t), appURL)
		form.Set("scope", "https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All openid")
		form.Set("upn", ReaderUPN)
		resp, err := b.PostForm(e.EntraURL()+"/"+DemoTenantID+"/oauth2/v2.0/authorize", form)
		require.NoError(t, err)
		resp.Body.Close()
		require.NotEmpty(t, answer(t, resp).Get("code"), "signed in without it")

		params := askingFor(t, groupMemberRead)
		params.Set("prompt", "none")
		resp, err = b.Get(e.EntraURL() + "/" + DemoTenantID + "/oauth2/v2.0/authorize?" + params.Encode())
		require.NoError(t, err)
		resp.Body.Close()
		got := answer(t, resp)
		assert.Equal(t, "consent_required", got.Get("error"))
		assert.True(t, strings.HasPrefix(got.Get("error_description"), "AADSTS65001: "), got.Get("error_description"))
	})

	t.Run("the token endpoint refuses it with AADSTS65001", func(t *testing.T) {
		res := spaTokens(t, e, AdminUPN)
		refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoClientID}, "refresh_token": {res.str("refresh_token")},
			"scope": {"https://graph.microsoft.com/GroupMember.Read.All openid offline_access"}}
		got := redeem(t, e, refresh, appOrigin)
		assertAADSTS(t, got, http.StatusBadRequest, "invalid_grant", 65001)
		assert.Equal(t, "consent_required", got.str("suberror"))
	})
}

func TestADeclinedPermissionPassesAuthorizeButIsLeftOutOfTheAnswer(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	require.NoError(t, e.SetConsent(DemoClientID, groupMemberRead, ConsentDeclined))
	p := newPKCE(t)
	params := askingFor(t, groupMemberRead)
	params.Set("code_challenge", p.challenge)
	code := answer(t, pressButton(t, e, params, "upn", ReaderUPN)).Get("code")
	require.NotEmpty(t, code)
	form := codeForm(code, appURL, p.verifier)
	form.Set("scope", params.Get("scope"))
	res := redeem(t, e, form, appOrigin)
	require.Equal(t, http.StatusOK, res.status, "%v", res.body)
	assert.NotContains(t, res.str("scope"), groupMemberRead, "MSAL sees a declined scope")
	assert.NotContains(t, claims(t, res.str("access_token"))["scp"], groupMemberRead)
}

func TestConsentControl(t *testing.T) {
	e := StartTest(t, Options{})
	var got struct {
		Permissions map[string]Consent `json:"permissions"`
	}
	require.Equal(t, http.StatusOK, control(t, e, "POST", "consent", `{"permission":"GroupMember.Read.All","consent":"none"}`, &got))
	assert.Equal(t, ConsentNone, got.Permissions[groupMemberRead])
	assert.Equal(t, ConsentGranted, got.Permissions["DeviceManagementServiceConfig.ReadWrite.All"])
	assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "consent", `{"permission":"GroupMember.Read.All","consent":"maybe"}`, nil))
	assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "consent", `{"permission":"GroupMember.Read.All","consent":"none","clientId":"nobody"}`, nil))
	require.Equal(t, http.StatusOK, control(t, e, "POST", "reset", `{}`, nil))
	assert.Equal(t, ConsentGranted, e.Consents(DemoClientID)[groupMemberRead], "reset restores the start consent")
}

func TestAdminConsentEndpoint(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	require.NoError(t, e.SetConsent(DemoClientID, groupMemberRead, ConsentNone))
	q := url.Values{"client_id": {DemoClientID}, "redirect_uri": {appURL}, "state": {"s-1"},
		"scope": {"https://graph.microsoft.com/GroupMember.Read.All"}}
	endpoint := e.EntraURL() + "/" + DemoTenantID + "/v2.0/adminconsent"
	post := func(button, value string) *http.Response {
		form := url.Values{}
		for k, v := range q {
			form[k] = v
		}
		form.Set(button, value)
		resp, err := e.HTTPClient().PostForm(endpoint, form)
		require.NoError(t, err)
		t.Cleanup(func() { _ = resp.Body.Close() })
		return resp
	}

	resp, body := get(t, e, endpoint+"?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "Grant admin consent")
	assert.Contains(t, string(body), `value="`+AdminUPN+`"`)

	assert.Equal(t, url.Values{"error": {"access_denied"}, "error_subcode": {"cancel"}, "state": {"s-1"}}, answer(t, post("cancel", "1")))
	refused := post("upn", ReaderUPN)
	assert.Equal(t, http.StatusForbidden, refused.StatusCode)
	assert.Contains(t, pageText(t, refused), "AADSTS90094")
	assert.Equal(t, ConsentNone, e.Consents(DemoClientID)[groupMemberRead])

	got := answer(t, post("upn", AdminUPN))
	assert.Equal(t, url.Values{"admin_consent": {"True"}, "tenant": {DemoTenantID}, "scope": {"https://graph.microsoft.com/GroupMember.Read.All"}, "state": {"s-1"}}, got)
	assert.Equal(t, ConsentGranted, e.Consents(DemoClientID)[groupMemberRead])

	q.Set("redirect_uri", "https://evil.example/")
	resp, _ = get(t, e, endpoint+"?"+q.Encode(), nil)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "never to an unregistered URI")
	assert.Empty(t, resp.Header.Get("Location"))
}

func TestIDTokenFaultChangesTheNextIDTokens(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	require.Equal(t, http.StatusOK, control(t, e, "POST", "id-token", `{"iss":"https://elsewhere.example/x/v2.0","tid":"00000000-0000-0000-0000-000000000001","expiredFor":"10m"}`, nil))
	id := claims(t, spaTokens(t, e, AdminUPN).str("id_token"))
	assert.Equal(t, "https://elsewhere.example/x/v2.0", id["iss"])
	assert.Equal(t, "00000000-0000-0000-0000-000000000001", id["tid"])
	assert.Less(t, id["exp"].(float64), float64(e.Now().Add(-9*time.Minute).Unix()), "ended ten minutes ago")

	require.Equal(t, http.StatusOK, control(t, e, "POST", "id-token", `{}`, nil))
	id = claims(t, spaTokens(t, e, AdminUPN).str("id_token"))
	assert.Equal(t, e.Issuer(), id["iss"])
	assert.Equal(t, http.StatusBadRequest, control(t, e, "POST", "id-token", `{"expiredFor":"soon"}`, nil))
}

func TestIDTokensAreStampedOnTheAppsClockWhichTheOffsetDoesNotMove(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	e.Advance(25 * time.Hour)
	res := spaTokens(t, e, AdminUPN)
	id := claims(t, res.str("id_token"))
	assert.InDelta(t, float64(time.Now().Unix()), id["iat"], 60, "the browser's clock did not move")
	access := claims(t, res.str("access_token"))
	assert.InDelta(t, float64(e.Now().Unix()), access["iat"], 60, "Graph's did")
}
