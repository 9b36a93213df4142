//go:build !js

package emulator

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
)

var graphScopes = []string{"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All", "https://graph.microsoft.com/GroupMember.Read.All"}

// forceRefresh makes AcquireTokenSilent skip its cached access token and
// redeem the refresh token (MSAL ignores cached tokens when claims are asked).
var forceRefresh = public.WithClaims(`{"access_token":{"nbf":{"essential":true}}}`)

// originTransport adds the Origin a browser's fetch adds, so MSAL's
// requests are cross-origin as they are from a page.
type originTransport struct {
	origin string
	base   http.RoundTripper
}

func (o originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Origin", o.origin)
	return o.base.RoundTrip(r)
}

// bridgeTransport sends https requests for one host over http: the demo
// cloud's loopback bridge in auth/, reduced to what this test needs.
type bridgeTransport struct {
	host string
	base http.RoundTripper
}

func (b bridgeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme == "https" && r.URL.Host == b.host {
		r = r.Clone(r.Context())
		r.URL.Scheme = "http"
	}
	return b.base.RoundTrip(r)
}

func newMSAL(t *testing.T, e *Emulator, client *http.Client) public.Client {
	t.Helper()
	pca, err := public.New(DemoClientID, public.WithAuthority(e.Authority()), public.WithHTTPClient(client), public.WithInstanceDiscovery(false))
	require.NoError(t, err)
	return pca
}

// msalSignIn does what the app does: MSAL builds the authorize URL, PKCE
// and state are added, the test plays the user on the sign-in page, MSAL
// redeems the code with the verifier.
func msalSignIn(t *testing.T, e *Emulator, pca public.Client, redirect, upn string) public.AuthResult {
	t.Helper()
	ctx := context.Background()
	authURL, err := pca.AuthCodeURL(ctx, DemoClientID, redirect, graphScopes)
	require.NoError(t, err)
	u, err := url.Parse(authURL)
	require.NoError(t, err)
	p := newPKCE(t)
	q := u.Query()
	q.Set("code_challenge", p.challenge)
	q.Set("code_challenge_method", "S256")
	q.Set("state", "st-123")
	q.Set("nonce", "nonce-456")
	u.RawQuery = q.Encode()
	resp, page := get(t, e, strings.Replace(u.String(), "https://"+e.entraAddr, e.EntraURL(), 1), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(page), `value="`+upn+`"`)
	code := answer(t, pressButton(t, e, q, "upn", upn)).Get("code")
	require.NotEmpty(t, code)
	res, err := pca.AcquireTokenByAuthCode(ctx, code, redirect, graphScopes, public.WithChallenge(p.verifier))
	require.NoError(t, err)
	return res
}

func TestMSALAuthCodeWithPKCEAndRefreshOverTLS(t *testing.T) {
	e := StartTest(t, Options{TLS: true})
	pca := newMSAL(t, e, e.HTTPClient())
	res := msalSignIn(t, e, pca, "http://localhost:53123", AdminUPN)
	assert.Equal(t, AdminUPN, res.Account.PreferredUsername)
	assert.Equal(t, DemoTenantID, res.Account.Realm)
	assert.Equal(t, claims(t, res.AccessToken)["oid"].(string)+"."+DemoTenantID, res.Account.HomeAccountID, "built from client_info")
	assert.Equal(t, "nonce-456", claims(t, res.IDToken.RawToken)["nonce"])
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", res.AccessToken, "", nil).status)

	ctx := context.Background()
	cached, err := pca.AcquireTokenSilent(ctx, graphScopes, public.WithSilentAccount(res.Account))
	require.NoError(t, err)
	assert.Equal(t, res.AccessToken, cached.AccessToken, "served from MSAL's cache")

	refreshed, err := pca.AcquireTokenSilent(ctx, graphScopes, public.WithSilentAccount(res.Account), forceRefresh)
	require.NoError(t, err)
	assert.NotEqual(t, res.AccessToken, refreshed.AccessToken)
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/groups", refreshed.AccessToken, "", nil).status)

	s := e.Stats().Entra
	assert.Equal(t, 2, s.Requests["POST /"+DemoTenantID+"/oauth2/v2.0/token"], "one redemption, one refresh")
	assert.Equal(t, 1, s.Requests["GET /"+DemoTenantID+"/v2.0/.well-known/openid-configuration"])
}

func TestMSALAsAnSPAIsCutOffAfter24Hours(t *testing.T) {
	c := clock.NewManual(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
	e := StartTest(t, Options{TLS: true, Clock: c, SPARedirectURIs: []string{appURL}})
	browserLike := e.HTTPClient()
	browserLike.Transport = originTransport{origin: appOrigin, base: browserLike.Transport}
	pca := newMSAL(t, e, browserLike)
	res := msalSignIn(t, e, pca, appURL, AdminUPN)
	ctx := context.Background()

	c.Advance(23 * time.Hour)
	_, err := pca.AcquireTokenSilent(ctx, graphScopes, public.WithSilentAccount(res.Account), forceRefresh)
	require.NoError(t, err, "within the SPA's 24 hours the refresh token works")

	c.Advance(90 * time.Minute)
	_, err = pca.AcquireTokenSilent(ctx, graphScopes, public.WithSilentAccount(res.Account), forceRefresh)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AADSTS700084")
}

// Over plain HTTP the issuer is honest (http), and MSAL, which takes only
// an https authority, refuses it: a bridge that only sends https as http is
// not enough. The app's bridge (graph/auth) also translates the issuer.
func TestMSALGivenAnHTTPSAuthorityRefusesTheHonestHTTPIssuer(t *testing.T) {
	e := StartTest(t, Options{SPARedirectURIs: []string{appURL}})
	_, err := public.New(DemoClientID, public.WithAuthority(e.Authority()))
	require.Error(t, err, "MSAL refuses an http authority")
	client := e.HTTPClient()
	client.Transport = bridgeTransport{host: e.entraAddr, base: client.Transport}
	pca, err := public.New(DemoClientID, public.WithAuthority("https://"+e.entraAddr+"/"+DemoTenantID),
		public.WithHTTPClient(client), public.WithInstanceDiscovery(false))
	require.NoError(t, err)
	_, err = pca.AuthCodeURL(context.Background(), DemoClientID, appURL, graphScopes)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "issuer '"+e.Issuer()+"' does not match authority")
}

func TestMSALReadOnlyOperatorSignsInAndIntuneRefusesItsWrite(t *testing.T) {
	e := StartTest(t, Options{TLS: true, SPARedirectURIs: []string{appURL}})
	client := e.HTTPClient()
	client.Transport = originTransport{origin: appOrigin, base: client.Transport}
	pca := newMSAL(t, e, client)
	res := msalSignIn(t, e, pca, appURL, ReaderUPN)
	assert.Equal(t, ReaderUPN, res.Account.PreferredUsername)
	assert.Equal(t, http.StatusOK, call(t, e, "GET", "/v1.0/deviceManagement/deviceEnrollmentConfigurations", res.AccessToken, "", nil).status)
	r := call(t, e, "POST", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigTenDevices+"/assign", res.AccessToken, `{"enrollmentConfigurationAssignments":[]}`, nil)
	assert.Equal(t, http.StatusForbidden, r.status, "the operator's role cannot write")
}
