package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph/cloud"
)

const testRedirect = "http://127.0.0.1:8000/"

// testClock is a settable clock.
type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

func newClock() *testClock { return &testClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

// demoSession is a session against the fake Entra played as the demo cloud:
// plain HTTP on loopback, reached through the loopback bridge.
func demoSession(t testing.TB, f *fakeEntra, store Storage, clock *testClock) *Session {
	t.Helper()
	s, err := New(Config{
		Cloud: cloud.Demo(f.srv.URL, "http://127.0.0.1:1"), Tenant: f.tenant, ClientID: f.clientID,
		RedirectURI: testRedirect, Store: store, Now: clock.Now,
	})
	require.NoError(t, err)
	return s
}

// beginSignIn starts a sign-in with no options and returns the authorize URL.
func beginSignIn(t testing.TB, s *Session) string {
	t.Helper()
	authURL, err := s.BeginSignIn(context.Background(), SignInOptions{})
	require.NoError(t, err)
	return authURL
}

func signIn(t testing.TB, s *Session, f *fakeEntra) Account {
	t.Helper()
	acct, err := s.CompleteSignIn(context.Background(), f.authorize(beginSignIn(t, s)))
	require.NoError(t, err)
	return acct
}

func storedPending(t testing.TB, store Storage) pending {
	t.Helper()
	raw, ok := store.Get(keyPending)
	require.True(t, ok, "pending sign-in kept")
	var p pending
	require.NoError(t, json.Unmarshal([]byte(raw), &p))
	return p
}

func TestBeginSignInBuildsTheAuthorizeURL(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())

	raw, err := s.BeginSignIn(context.Background(), SignInOptions{LoginHint: "admin@contoso.example", Prompt: "select_account"})
	require.NoError(t, err)

	u, err := url.Parse(raw)
	require.NoError(t, err)
	assert.Equal(t, f.endpointBase+"/"+f.tenant+"/oauth2/v2.0/authorize", u.Scheme+"://"+u.Host+u.Path,
		"the authorize endpoint advertised by the tenant's OpenID configuration")
	q := u.Query()
	p := storedPending(t, store)
	want := map[string]string{
		"client_id":             f.clientID,
		"response_type":         "code",
		"redirect_uri":          testRedirect,
		"code_challenge":        challengeS256(p.Verifier),
		"code_challenge_method": "S256",
		"state":                 p.State,
		"nonce":                 p.Nonce,
		"response_mode":         "fragment",
		"login_hint":            "admin@contoso.example",
		"prompt":                "select_account",
	}
	for name, value := range want {
		assert.Equal(t, value, q.Get(name), name)
	}
	assert.ElementsMatch(t, []string{
		"https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All",
		"https://graph.microsoft.com/GroupMember.Read.All",
		"openid", "profile", "offline_access",
	}, strings.Fields(q.Get("scope")))
	assert.NotContains(t, raw, p.Verifier, "the verifier stays in sessionStorage")
	assert.Len(t, p.Verifier, 43)
	assert.NotEqual(t, p.State, p.Nonce)
}

func TestBeginSignInMakesFreshValuesEachTime(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	beginSignIn(t, s)
	first := storedPending(t, store)
	beginSignIn(t, s)
	second := storedPending(t, store)
	assert.NotEqual(t, first.State, second.State)
	assert.NotEqual(t, first.Nonce, second.Nonce)
	assert.NotEqual(t, first.Verifier, second.Verifier)
}

func TestBeginSignInRefusesAnUnknownPrompt(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	_, err := demoSession(t, f, store, newClock()).BeginSignIn(context.Background(), SignInOptions{Prompt: "none"})
	require.Error(t, err)
	assert.Empty(t, store.Keys())
}

func TestBeginSignInReportsAnUnknownTenant(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s, err := New(Config{Cloud: cloud.Demo(f.srv.URL, "http://127.0.0.1:1"), Tenant: "nobody.example",
		ClientID: f.clientID, RedirectURI: testRedirect, Store: store})
	require.NoError(t, err)

	_, err = s.BeginSignIn(context.Background(), SignInOptions{})
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, UnknownTenant, se.Kind)
	assert.Equal(t, "AADSTS90002", se.Code)
	assert.Contains(t, se.Hint(), "nobody.example")
	assert.Empty(t, store.Keys(), "nothing pending when there is nowhere to go")
}

func TestBeginSignInReportsAnUnreachableServiceAsNetwork(t *testing.T) {
	f := newFakeEntra(t)
	addr := f.srv.URL
	f.srv.Close() // nothing listens there any more
	s, err := New(Config{Cloud: cloud.Demo(addr, "http://127.0.0.1:1"), Tenant: f.tenant,
		ClientID: f.clientID, RedirectURI: testRedirect, Store: new(keeptest.Memory)})
	require.NoError(t, err)

	_, err = s.BeginSignIn(context.Background(), SignInOptions{})
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, Network, se.Kind)
	assert.Contains(t, se.Hint(), "Single-page application")
}

func TestSignInRoundTrip(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	clock := newClock()
	s := demoSession(t, f, store, clock)

	authURL := beginSignIn(t, s)
	callback := f.authorize(authURL)
	require.True(t, IsCallback(callback))

	acct, err := s.CompleteSignIn(context.Background(), callback)
	require.NoError(t, err)
	assert.Equal(t, Account{UPN: f.user.upn, Name: f.user.name, TenantID: f.user.tid, ObjectID: f.user.oid,
		HomeAccountID: f.user.oid + "." + f.user.tid, SignedInAt: clock.now}, acct)
	got, ok := s.Account()
	require.True(t, ok)
	assert.Equal(t, acct, got)
	_, stillPending := store.Get(keyPending)
	assert.False(t, stillPending, "one-shot values cleared")

	token, err := s.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "at-2", token, "the access token of the redemption, from the cache")
	assert.Equal(t, 1, f.grants("authorization_code"))
	assert.Equal(t, 0, f.grants("refresh_token"))
}

func TestSignInRedemptionCarriesTheVerifier(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	authURL := beginSignIn(t, s)
	verifier := storedPending(t, store).Verifier

	_, err := s.CompleteSignIn(context.Background(), f.authorize(authURL))
	require.NoError(t, err)

	for _, r := range f.requests() {
		if r.Form.Get("grant_type") == "authorization_code" {
			assert.Equal(t, verifier, r.Form.Get("code_verifier"))
			assert.Equal(t, testRedirect, r.Form.Get("redirect_uri"))
			return
		}
	}
	t.Fatal("no code redemption reached the token endpoint")
}

func TestCompleteSignInRefusesAForgedState(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	authURL := beginSignIn(t, s)
	callback := f.authorize(authURL)
	before := store.Snapshot()

	forged := map[string]*url.URL{
		"other state": withFragment(callback, "code", "code-forged", "state", "forged"),
		"no state":    withFragment(callback, "code", "code-forged"),
		"error with another state": withFragment(callback, "error", "access_denied",
			"error_description", "AADSTS65004: User declined to consent", "state", "forged"),
	}
	for name, u := range forged {
		t.Run(name, func(t *testing.T) {
			_, err := s.CompleteSignIn(context.Background(), u)
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, StateMismatch, se.Kind)
			assert.Equal(t, before, store.Snapshot(), "a forged callback changes nothing")
		})
	}
	assert.Equal(t, 0, f.grants("authorization_code"), "no forged code is redeemed")

	_, err := s.CompleteSignIn(context.Background(), callback)
	assert.NoError(t, err, "the genuine callback still works afterwards")
}

func TestCompleteSignInRefusesAReplay(t *testing.T) {
	f := newFakeEntra(t)
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	authURL := beginSignIn(t, s)
	callback := f.authorize(authURL)
	_, err := s.CompleteSignIn(context.Background(), callback)
	require.NoError(t, err)

	_, err = s.CompleteSignIn(context.Background(), callback)
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, StateMismatch, se.Kind)
	assert.Equal(t, 1, f.grants("authorization_code"), "the replayed code never reaches Entra")
}

func TestCompleteSignInRefusesAStaleSignIn(t *testing.T) {
	f := newFakeEntra(t)
	clock := newClock()
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, clock)
	authURL := beginSignIn(t, s)
	clock.now = clock.now.Add(pendingLifetime + time.Minute)

	_, err := s.CompleteSignIn(context.Background(), f.authorize(authURL))
	var se *SignInError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, StateMismatch, se.Kind)
	assert.Equal(t, 0, f.grants("authorization_code"))
	_, ok := s.Account()
	assert.False(t, ok)
}

func TestCompleteSignInChecksTheIDToken(t *testing.T) {
	cases := []struct {
		name   string
		change func(*codeGrant)
		want   ErrorKind
	}{
		{"nonce of another sign-in", func(g *codeGrant) { g.nonce = "someone-elses-nonce" }, NonceMismatch},
		{"no nonce", func(g *codeGrant) { g.nonce = "" }, NonceMismatch},
		{"issued to another app", func(g *codeGrant) { g.audience = "another-app" }, NonceMismatch},
		{"personal account", func(g *codeGrant) { g.user.tid = consumerTenant }, PersonalAccount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeEntra(t)
			store := new(keeptest.Memory)
			s := demoSession(t, f, store, newClock())
			authURL := beginSignIn(t, s)

			_, err := s.CompleteSignIn(context.Background(), f.authorize(authURL, tc.change))
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			_, ok := s.Account()
			assert.False(t, ok, "no account kept")
			accounts, err := s.client.Accounts(context.Background())
			require.NoError(t, err)
			assert.Empty(t, accounts, "the refused tokens are gone from the cache")
			_, err = s.Token(context.Background())
			assert.ErrorIs(t, err, ErrNotSignedIn)
		})
	}
}

func TestCompleteSignInMapsEntraErrors(t *testing.T) {
	cases := []struct {
		name     string
		callback func(state string) []string
		want     ErrorKind
		code     string
	}{
		{"user cancelled", func(st string) []string {
			return []string{"error", "access_denied", "error_subcode", "cancel", "state", st}
		}, Cancelled, ""},
		{"consent missing", func(st string) []string {
			return []string{"error", "invalid_client", "error_description", "AADSTS65001: The user or administrator has not consented.", "state", st}
		}, ConsentMissing, "AADSTS65001"},
		{"personal account", func(st string) []string {
			return []string{"error", "invalid_request", "error_description", "AADSTS500200: User account is a personal Microsoft account.", "state", st}
		}, PersonalAccount, "AADSTS500200"},
		{"no state on Entra's own error", func(string) []string {
			return []string{"error", "invalid_request", "error_description", "AADSTS50011: The redirect URI does not match."}
		}, RedirectMismatch, "AADSTS50011"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeEntra(t)
			store := new(keeptest.Memory)
			s := demoSession(t, f, store, newClock())
			beginSignIn(t, s)
			state := storedPending(t, store).State
			callback := withFragment(mustURL(t, testRedirect), tc.callback(state)...)
			require.True(t, IsCallback(callback))

			_, err := s.CompleteSignIn(context.Background(), callback)
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			assert.Equal(t, tc.code, se.Code)
			assert.NotEmpty(t, se.Hint())
		})
	}
}

func TestCompleteSignInMapsTokenEndpointErrors(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(t *testing.T, store *keeptest.Memory, callback *url.URL) *url.URL
		want    ErrorKind
		code    string
		redeems int
	}{
		{"verifier of another sign-in", func(t *testing.T, store *keeptest.Memory, cb *url.URL) *url.URL {
			p := storedPending(t, store)
			p.Verifier = strings.Repeat("x", 43)
			require.NoError(t, store.Set(keyPending, string(mustJSON(p))))
			return cb
		}, VerifierMismatch, "AADSTS501481", 1},
		{"unknown code", func(t *testing.T, _ *keeptest.Memory, cb *url.URL) *url.URL {
			q, _ := url.ParseQuery(cb.Fragment)
			return withFragment(cb, "code", "code-never-issued", "state", q.Get("state"))
		}, CodeRedeemed, "AADSTS70008", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeEntra(t)
			store := new(keeptest.Memory)
			s := demoSession(t, f, store, newClock())
			authURL := beginSignIn(t, s)
			callback := tc.tamper(t, store, f.authorize(authURL))

			_, err := s.CompleteSignIn(context.Background(), callback)
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			assert.Equal(t, tc.code, se.Code)
			assert.Equal(t, "t-1", se.TraceID)
			assert.Equal(t, tc.redeems, f.grants("authorization_code"))
		})
	}
}

func TestIsCallback(t *testing.T) {
	cases := map[string]bool{
		"http://127.0.0.1:8000/#code=abc&state=xyz":                 true,
		"http://127.0.0.1:8000/?code=abc&state=xyz":                 true,
		"http://127.0.0.1:8000/#error=access_denied&state=xyz":      true,
		"http://127.0.0.1:8000/?error=invalid_request":              true,
		"http://127.0.0.1:8000/":                                    false,
		"http://127.0.0.1:8000/configurations?q=code":               false,
		"http://127.0.0.1:8000/#code=abc":                           false,
		"http://127.0.0.1:8000/#section":                            false,
		"http://127.0.0.1:8000/#code=a%2Fb%3D&state=s%20t&x=%26amp": true,
	}
	for raw, want := range cases {
		assert.Equal(t, want, IsCallback(mustURL(t, raw)), raw)
	}
	assert.False(t, IsCallback(nil))
}

func TestCallbackParamsKeepEscapedValues(t *testing.T) {
	p := callbackParams(mustURL(t, "http://127.0.0.1:8000/#code=a%2Fb%26c%3D&state=s%20t"))
	assert.Equal(t, "a/b&c=", p.Get("code"))
	assert.Equal(t, "s t", p.Get("state"))
}

func TestCompleteSignInWithoutAResponse(t *testing.T) {
	f := newFakeEntra(t)
	_, err := demoSession(t, f, new(keeptest.Memory), newClock()).CompleteSignIn(context.Background(), mustURL(t, testRedirect))
	var se *SignInError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, StateMismatch, se.Kind)
}

// withFragment is u with only the given response parameters, in the fragment.
func withFragment(u *url.URL, pairs ...string) *url.URL {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	base := *u
	base.RawQuery, base.Fragment, base.RawFragment = "", "", ""
	out, err := url.Parse(base.String() + "#" + v.Encode())
	if err != nil {
		panic(err)
	}
	return out
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
