//go:build !js

package auth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph/cloud"
	"enrollassign/graph/emulator"
)

// The whole flow against the project's emulator, through a transport that
// enforces what a browser's fetch() would: the page's Origin on every
// cross-origin request, a preflight for anything that is not a simple
// request, and no response for the page unless the server allowed its origin.

const emulatorApp = "http://127.0.0.1:8000/"

// errFailedToFetch is what Go's wasm net/http reports when the browser
// withholds a response: no status, no body, no reason.
var errFailedToFetch = errors.New("net/http: fetch() failed: TypeError: Failed to fetch")

// browserFetch plays the CORS part of a browser's fetch() for a page served
// from origin.
type browserFetch struct {
	origin string
	base   http.RoundTripper

	mu         sync.Mutex
	preflights int
}

func (b *browserFetch) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Header = http.Header{}
	for name, values := range req.Header {
		if !strings.HasPrefix(strings.ToLower(name), jsFetchPrefix) {
			out.Header[name] = values
		}
	}
	out.Header.Set("Origin", b.origin)
	if needs := preflightHeaders(req); needs != nil || !simpleMethod(req.Method) {
		if err := b.preflight(req, needs); err != nil {
			return nil, err
		}
	}
	resp, err := b.base.RoundTrip(out)
	if err != nil {
		return nil, errFailedToFetch
	}
	if !allows(resp, b.origin) {
		_ = resp.Body.Close()
		return nil, errFailedToFetch
	}
	return resp, nil
}

func (b *browserFetch) preflight(req *http.Request, headers []string) error {
	b.mu.Lock()
	b.preflights++
	b.mu.Unlock()
	pre, err := http.NewRequestWithContext(req.Context(), http.MethodOptions, req.URL.String(), nil)
	if err != nil {
		return err
	}
	pre.Header.Set("Origin", b.origin)
	pre.Header.Set("Access-Control-Request-Method", req.Method)
	if len(headers) > 0 {
		pre.Header.Set("Access-Control-Request-Headers", strings.Join(headers, ","))
	}
	resp, err := b.base.RoundTrip(pre)
	if err != nil {
		return errFailedToFetch
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if !allows(resp, b.origin) {
		return errFailedToFetch
	}
	return nil
}

func (b *browserFetch) preflightCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.preflights
}

// preflightHeaders lists the request's headers that are not CORS-safelisted
// (or a Content-Type that is not one of the three simple ones).
func preflightHeaders(req *http.Request) []string {
	var names []string
	for name := range req.Header {
		canonical := textproto.CanonicalMIMEHeaderKey(name)
		switch {
		case strings.HasPrefix(strings.ToLower(name), jsFetchPrefix):
		case canonical == "Content-Type":
			essence, _, _ := strings.Cut(req.Header.Get(name), ";")
			switch strings.TrimSpace(strings.ToLower(essence)) {
			case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
			default:
				names = append(names, "content-type")
			}
		case !safelistedHeaders[canonical]:
			names = append(names, strings.ToLower(name))
		}
	}
	sort.Strings(names)
	return names
}

func simpleMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodPost
}

func allows(resp *http.Response, origin string) bool {
	got := resp.Header.Get("Access-Control-Allow-Origin")
	return got == "*" || got == origin
}

// emulatorSession starts a session against a fresh emulator for a page at
// redirect (registered as the app's SPA redirect URI when spa is set).
func emulatorSession(t *testing.T, opts emulator.Options, redirect string) (*Session, *emulator.Emulator, *browserFetch, *keeptest.Memory) {
	t.Helper()
	e := emulator.StartTest(t, opts)
	u := mustURL(t, redirect)
	fetch := &browserFetch{origin: u.Scheme + "://" + u.Host, base: e.HTTPClient().Transport}
	store := new(keeptest.Memory)
	s, err := New(Config{
		Cloud: cloud.Demo(e.EntraURL(), e.GraphURL()), Tenant: emulator.DemoTenantDomain,
		ClientID: emulator.DemoClientID, RedirectURI: redirect, Store: store,
		HTTPClient: &http.Client{Transport: fetch},
	})
	require.NoError(t, err)
	return s, e, fetch, store
}

// pressSignIn plays the user on the emulator's sign-in page: it loads the
// page, then presses the button named for upn, and returns where the
// browser is sent back to.
func pressSignIn(t *testing.T, e *emulator.Emulator, authorizeURL, upn string) *url.URL {
	t.Helper()
	client := e.HTTPClient()
	page, err := client.Get(authorizeURL)
	require.NoError(t, err)
	body, err := io.ReadAll(page.Body)
	require.NoError(t, err)
	_ = page.Body.Close()
	require.Equal(t, http.StatusOK, page.StatusCode, "%s", body)
	require.Contains(t, string(body), upn, "the sign-in page lists the demo user")

	u := mustURL(t, authorizeURL)
	form := u.Query()
	form.Set("upn", upn)
	u.RawQuery = ""
	resp, err := client.PostForm(u.String(), form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	return mustURL(t, resp.Header.Get("Location"))
}

func emulatorSignIn(t *testing.T, s *Session, e *emulator.Emulator, upn string) (Account, error) {
	t.Helper()
	authorizeURL, err := s.BeginSignIn(context.Background(), SignInOptions{})
	require.NoError(t, err)
	callback := pressSignIn(t, e, authorizeURL, upn)
	require.True(t, IsCallback(callback), callback.String())
	assert.Empty(t, callback.RawQuery, "the response comes back in the fragment")
	return s.CompleteSignIn(context.Background(), callback)
}

// graphStatus calls Graph with a token as the app would.
func graphStatus(t *testing.T, e *emulator.Emulator, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.GraphURL()+"/v1.0/deviceManagement/deviceEnrollmentConfigurations", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := e.HTTPClient().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func TestEmulatorSignInAndGraphCall(t *testing.T) {
	s, e, fetch, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)

	acct, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	require.NoError(t, err)
	assert.Equal(t, emulator.AdminUPN, acct.UPN)
	assert.Equal(t, emulator.DemoTenantID, acct.TenantID)
	assert.NotEmpty(t, acct.ObjectID)

	token, err := s.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, graphStatus(t, e, token))

	assert.Zero(t, fetch.preflightCount(), "every call to Entra was a CORS simple request")
	assert.Empty(t, e.Stats().Entra.Preflights)
}

func TestEmulatorRenewsBeforeExpiryAndAfter401(t *testing.T) {
	// Tokens that live two minutes are always within MSAL's five-minute
	// margin: every Token call redeems the refresh token.
	s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}, AccessTokenLifetime: 2 * time.Minute}, emulatorApp)
	_, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	require.NoError(t, err)
	first, err := s.Token(context.Background())
	require.NoError(t, err)
	second, err := s.Token(context.Background())
	require.NoError(t, err)
	assert.NotEqual(t, first, second)
	assert.Equal(t, http.StatusOK, graphStatus(t, e, second))

	// The emulator's clock jumps past the token's expiry; MSAL, on the wall
	// clock, would still hand the old token out: Graph's 401 is what tells.
	s2, e2, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	_, err = emulatorSignIn(t, s2, e2, emulator.AdminUPN)
	require.NoError(t, err)
	old, err := s2.Token(context.Background())
	require.NoError(t, err)
	e2.Advance(2 * time.Hour)
	require.Equal(t, http.StatusUnauthorized, graphStatus(t, e2, old))
	renewed, err := s2.RenewToken(context.Background(), "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, graphStatus(t, e2, renewed))
}

func TestEmulatorRefreshTokenDiesAfter24Hours(t *testing.T) {
	s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	_, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	require.NoError(t, err)
	e.Advance(RefreshTokenLifetime + time.Minute)

	_, err = s.RenewToken(context.Background(), "")
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, RefreshExpired, se.Kind)
	assert.Equal(t, "AADSTS700084", se.Code)
	_, ok := s.Account()
	assert.False(t, ok, "the app shows the sign-in screen once")
	_, err = s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
}

func TestEmulatorRefusesAPersonalAccount(t *testing.T) {
	s, e, _, store := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	_, err := emulatorSignIn(t, s, e, emulator.PersonalUPN)
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, PersonalAccount, se.Kind)
	assert.Equal(t, "AADSTS50020", se.Code)
	assert.Empty(t, store.Keys(), "nothing kept after a refusal")
}

// press submits one of the emulator's pages for the request behind
// authorizeURL: its parameters plus the page's fields.
func press(t *testing.T, e *emulator.Emulator, authorizeURL string, fields url.Values) *http.Response {
	t.Helper()
	u := mustURL(t, authorizeURL)
	form := u.Query()
	for k, v := range fields {
		form[k] = v
	}
	u.RawQuery = ""
	resp, err := e.HTTPClient().PostForm(u.String(), form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp
}

func TestEmulatorAdminApprovalRefusedAtSignInNamesThePermission(t *testing.T) {
	s, e, _, store := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	require.NoError(t, e.SetConsent(emulator.DemoClientID, ScopeDeviceManagementServiceConfig, emulator.ConsentNone))
	authorizeURL, err := s.BeginSignIn(context.Background(), SignInOptions{})
	require.NoError(t, err)
	page := press(t, e, authorizeURL, url.Values{"upn": {emulator.NoConsentUPN}})
	require.Equal(t, http.StatusOK, page.StatusCode, "Need admin approval")
	back := press(t, e, authorizeURL, url.Values{"return": {"1"}})

	_, err = s.CompleteSignIn(context.Background(), mustURL(t, back.Header.Get("Location")))
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, Cancelled, se.Kind, "Entra's answer is a cancel: the app cannot tell it from one")
	assert.Equal(t, []string{ScopeDeviceManagementServiceConfig}, se.Permissions)
	assert.False(t, se.ForFeature)
	assert.Contains(t, se.Hint(), "admin approval")
	assert.True(t, strings.HasPrefix(se.AdminConsentURL(), e.EntraURL()+"/"+emulator.DemoTenantDomain+"/v2.0/adminconsent?"), se.AdminConsentURL())
	assert.Empty(t, se.Code, "Entra gave no code")
	assert.Empty(t, se.TraceID, "nor a trace ID")
	assert.Empty(t, store.Keys())
}

func TestEmulatorSignInAsksOnlyTheIntunePermissionAndAFeatureAsksLater(t *testing.T) {
	s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	require.NoError(t, e.SetConsent(emulator.DemoClientID, ScopeGroupMemberRead, emulator.ConsentNone))
	_, err := emulatorSignIn(t, s, e, emulator.ReaderUPN)
	require.NoError(t, err)
	assert.Equal(t, []string{ScopeDeviceManagementServiceConfig, ScopeConfigurationRead, ScopeUserRead}, s.Granted(),
		"the token carries every permission consented for the app (the demo tenant consents the filters' one), though only the Intune one was asked")
	assert.False(t, s.Has(ScopeGroupMemberRead))

	require.NoError(t, e.SetConsent(emulator.DemoClientID, ScopeGroupMemberRead, emulator.ConsentGranted)) // an administrator grants it
	authorizeURL, err := s.BeginSignIn(context.Background(), SignInOptions{Permissions: []string{ScopeGroupMemberRead}})
	require.NoError(t, err)
	q := mustURL(t, authorizeURL).Query()
	assert.Contains(t, strings.Fields(q.Get("scope")), "https://graph.microsoft.com/GroupMember.Read.All")
	assert.Equal(t, emulator.ReaderUPN, q.Get("login_hint"), "the signed-in user, so Entra does not ask which account")
	_, err = s.CompleteSignIn(context.Background(), pressSignIn(t, e, authorizeURL, emulator.ReaderUPN))
	require.NoError(t, err)
	assert.True(t, s.Has(ScopeGroupMemberRead))
	assert.Equal(t, 1, accessTokensCached(t, s), "the older, narrower token is gone: MSAL could hand it out")
	token, err := s.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, graphStatus(t, e, token))
	assert.True(t, s.Has(ScopeGroupMemberRead), "still, once a token was handed out")
}

// accessTokensCached counts the access tokens in the session's MSAL cache.
func accessTokensCached(t *testing.T, s *Session) int {
	t.Helper()
	raw, ok := s.cfg.Store.Get(keyCache)
	require.True(t, ok)
	var contract struct {
		AccessToken map[string]json.RawMessage
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &contract))
	return len(contract.AccessToken)
}

func TestEmulatorAFeaturesPermissionRefusedKeepsTheSession(t *testing.T) {
	for _, tc := range []struct {
		name    string
		consent emulator.Consent
		answer  url.Values
		want    ErrorKind
	}{
		{"need admin approval", emulator.ConsentNone, url.Values{"return": {"1"}}, ConsentMissing},
		{"declined", emulator.ConsentDeclined, url.Values{"upn": {emulator.ReaderUPN}}, DeclinedScope},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
			require.NoError(t, e.SetConsent(emulator.DemoClientID, ScopeGroupMemberRead, tc.consent))
			acct, err := emulatorSignIn(t, s, e, emulator.ReaderUPN)
			require.NoError(t, err)

			authorizeURL, err := s.BeginSignIn(context.Background(), SignInOptions{Permissions: []string{ScopeGroupMemberRead}})
			require.NoError(t, err)
			if tc.consent == emulator.ConsentNone {
				require.Equal(t, http.StatusOK, press(t, e, authorizeURL, url.Values{"upn": {emulator.ReaderUPN}}).StatusCode)
			}
			back := press(t, e, authorizeURL, tc.answer)
			_, err = s.CompleteSignIn(context.Background(), mustURL(t, back.Header.Get("Location")))
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			assert.Equal(t, []string{ScopeGroupMemberRead}, se.Permissions)
			assert.True(t, se.ForFeature)
			assert.Contains(t, se.Hint(), "GroupMember.Read.All")
			assert.NotEmpty(t, se.AdminConsentURL())

			still, ok := s.Account()
			assert.True(t, ok, "still signed in")
			assert.Equal(t, acct.UPN, still.UPN)
			assert.False(t, s.Has(ScopeGroupMemberRead))
			token, err := s.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, graphStatus(t, e, token))
		})
	}
}

func TestEmulatorIDTokensOfAnotherIssuerTenantOrTimeAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault emulator.IDTokenFault
		why   string
	}{
		{"issuer", emulator.IDTokenFault{Issuer: "https://login.microsoftonline.com/" + emulator.DemoTenantID + "/v2.0"}, "not by the tenant's issuer"},
		{"tenant", emulator.IDTokenFault{TenantID: "0b5e0a3c-0000-4000-8000-000000000001"}, "is for tenant"},
		{"expired", emulator.IDTokenFault{ExpiredFor: 10 * time.Minute}, "expired at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, _, store := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
			e.SetIDTokenFault(tc.fault)
			_, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, IDTokenRefused, se.Kind)
			assert.Contains(t, se.Description, tc.why)
			_, ok := s.Account()
			assert.False(t, ok)
			assert.Empty(t, store.Keys(), "nothing kept")
		})
	}
}

func TestEmulatorStrayErrorCallbackChangesNothing(t *testing.T) {
	s, e, _, store := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	acct, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	require.NoError(t, err)
	before := snapshot(store)
	stray := mustURL(t, emulatorApp+"#error=access_denied&error_description=Your+account+is+locked.+Call+0800+000")
	_, err = s.CompleteSignIn(context.Background(), stray)
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, StateMismatch, se.Kind, "not Entra's answer to anything this tab asked")
	assert.NotContains(t, se.Hint(), "0800")
	assert.Equal(t, before, snapshot(store))
	still, _ := s.Account()
	assert.Equal(t, acct.HomeAccountID, still.HomeAccountID)
}

func snapshot(store *keeptest.Memory) map[string]string {
	out := map[string]string{}
	for _, k := range store.Keys() {
		out[k], _ = store.Get(k)
	}
	return out
}

func TestEmulatorCancelledSignIn(t *testing.T) {
	s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	authorizeURL, err := s.BeginSignIn(context.Background(), SignInOptions{})
	require.NoError(t, err)
	u := mustURL(t, authorizeURL)
	form := u.Query()
	form.Set("cancel", "Cancel")
	u.RawQuery = ""
	resp, err := e.HTTPClient().PostForm(u.String(), form)
	require.NoError(t, err)
	_ = resp.Body.Close()

	_, err = s.CompleteSignIn(context.Background(), mustURL(t, resp.Header.Get("Location")))
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, Cancelled, se.Kind)
}

func TestEmulatorRedirectNotRegisteredAsSPA(t *testing.T) {
	// http://localhost is registered for the app, but as a public client:
	// Entra redeems its codes cross-origin with AADSTS9002326 and no CORS
	// header, which the page only ever sees as a failed fetch.
	const desktop = "http://localhost:8123/"
	s, e, _, _ := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, desktop)

	_, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, Network, se.Kind)
	assert.Contains(t, se.Hint(), desktop)
	assert.Contains(t, se.Hint(), "Single-page application")
	assert.Equal(t, 1, e.Stats().Entra.Statuses["400"], "Entra refused the redemption")
}

func TestEmulatorSignOut(t *testing.T) {
	s, e, _, store := emulatorSession(t, emulator.Options{SPARedirectURIs: []string{emulatorApp}}, emulatorApp)
	_, err := emulatorSignIn(t, s, e, emulator.AdminUPN)
	require.NoError(t, err)

	logout, err := s.SignOut(context.Background())
	require.NoError(t, err)
	assert.Empty(t, store.Keys())

	resp, err := e.HTTPClient().Get(logout)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode, "the emulator ends its session")
	assert.Equal(t, emulatorApp, resp.Header.Get("Location"), "and sends the browser back to the app")
}
