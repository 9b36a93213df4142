package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph/cloud"
)

func TestNewValidatesTheConfig(t *testing.T) {
	good := Config{Cloud: cloud.Global, Tenant: "contoso.example", ClientID: "app", RedirectURI: testRedirect, Store: new(keeptest.Memory)}
	_, err := New(good)
	require.NoError(t, err)

	cases := map[string]func(*Config){
		"no tenant":               func(c *Config) { c.Tenant = "" },
		"tenant with a path":      func(c *Config) { c.Tenant = "contoso/../x" },
		"no client ID":            func(c *Config) { c.ClientID = "" },
		"relative redirect":       func(c *Config) { c.RedirectURI = "/" },
		"redirect with fragment":  func(c *Config) { c.RedirectURI = "http://127.0.0.1:8000/#x" },
		"no store":                func(c *Config) { c.Store = nil },
		"national cloud on http":  func(c *Config) { c.Cloud.AuthorityURL = "http://login.microsoftonline.com" },
		"demo on a remote host":   func(c *Config) { c.Cloud = cloud.Demo("http://192.0.2.10:8001", "http://192.0.2.10:8002") },
		"cloud without authority": func(c *Config) { c.Cloud.AuthorityURL = "" },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := good
			change(&cfg)
			_, err := New(cfg)
			assert.Error(t, err)
		})
	}
}

func TestTokenComesFromTheCacheUntilNearExpiry(t *testing.T) {
	cases := []struct {
		name        string
		expiresIn   int
		wantRefresh int
	}{
		// MSAL treats a token within five minutes of expiry as expired and
		// redeems the refresh token instead: renewal before expiry.
		{"long-lived token", 3600, 0},
		{"token about to expire", 120, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeEntra(t)
			f.expiresIn = tc.expiresIn
			s := demoSession(t, f, new(keeptest.Memory), newClock())
			signIn(t, s, f)

			first, err := s.Token(context.Background())
			require.NoError(t, err)
			second, err := s.Token(context.Background())
			require.NoError(t, err)

			assert.Equal(t, tc.wantRefresh, f.grants("refresh_token"))
			if tc.wantRefresh == 0 {
				assert.Equal(t, first, second)
			} else {
				assert.NotEqual(t, first, second)
			}
		})
	}
}

func TestTheCacheSurvivesAPageLoad(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	clock := newClock()
	before := demoSession(t, f, store, clock)
	acct := signIn(t, before, f)
	token, err := before.Token(context.Background())
	require.NoError(t, err)
	seen := len(f.requests())

	after := demoSession(t, f, store, clock) // the page reloaded: a new MSAL client, same sessionStorage
	got, ok := after.Account()
	require.True(t, ok)
	assert.Equal(t, acct, got)
	again, err := after.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, token, again)
	assert.Equal(t, seen, len(f.requests()), "served from the persisted cache, no request")

	for _, key := range store.Keys() {
		assert.Contains(t, ownKeys, key, "only this package's own keys, in the store the app scoped to it")
	}
	raw, ok := store.Get(keyCache)
	require.True(t, ok)
	assert.Contains(t, raw, "rt-", "the refresh token is in the tab's storage")
}

func TestRenewTokenRedeemsTheRefreshToken(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)
	old, err := s.Token(context.Background())
	require.NoError(t, err)

	renewed, err := s.RenewToken(context.Background(), "")
	require.NoError(t, err)
	assert.NotEqual(t, old, renewed)
	assert.Equal(t, 1, f.grants("refresh_token"))

	next, err := s.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, renewed, next, "the renewed token is cached")
	assert.Equal(t, 1, f.grants("refresh_token"))
	assert.NotContains(t, mustGet(t, store, keyCache), `"`+old+`"`, "the refused token is gone")
}

// Requests sent together with one expired token are refused together: the
// first renewal redeems the refresh token, the others take its token.
func TestRenewalsOfOneRefusedTokenRedeemOnce(t *testing.T) {
	f := newFakeEntra(t)
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	signIn(t, s, f)
	refused, err := s.Token(context.Background())
	require.NoError(t, err)

	const requests = 5
	renewed := make([]string, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			token, err := s.RenewToken(context.Background(), refused)
			assert.NoError(t, err)
			renewed[i] = token
		})
	}
	wg.Wait()
	assert.Equal(t, 1, f.grants("refresh_token"), "one redemption for all of them")
	for _, token := range renewed {
		assert.NotEqual(t, refused, token)
		assert.Equal(t, renewed[0], token)
	}

	again, err := s.RenewToken(context.Background(), renewed[0])
	require.NoError(t, err)
	assert.NotEqual(t, renewed[0], again, "the renewed token refused in turn is renewed")
	assert.Equal(t, 2, f.grants("refresh_token"))
}

func TestRenewTokenKeepsOtherAccountsTokens(t *testing.T) {
	store := new(keeptest.Memory)
	cache := map[string]any{
		"AccessToken": map[string]any{
			"mine":   map[string]any{"home_account_id": "me.t", "secret": "at-mine"},
			"theirs": map[string]any{"home_account_id": "other.t", "secret": "at-theirs"},
		},
		"RefreshToken": map[string]any{"rt": map[string]any{"home_account_id": "me.t", "secret": "rt-mine"}},
	}
	require.NoError(t, store.Set(keyCache, string(mustJSON(cache))))

	require.NoError(t, storeCache{store: store}.dropAccessTokens("me.t"))

	var got map[string]map[string]map[string]string
	require.NoError(t, json.Unmarshal([]byte(mustGet(t, store, keyCache)), &got))
	assert.NotContains(t, got["AccessToken"], "mine")
	assert.Contains(t, got["AccessToken"], "theirs")
	assert.Equal(t, "rt-mine", got["RefreshToken"]["rt"]["secret"])
}

func TestAnExpiredRefreshTokenEndsTheSession(t *testing.T) {
	cases := []struct {
		name   string
		number int
		want   ErrorKind
	}{
		{"SPA refresh token past 24 hours", 700084, RefreshExpired},
		{"inactive refresh token", 700082, RefreshExpired},
		{"MFA required", 50076, InteractionRequired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeEntra(t)
			store := new(keeptest.Memory)
			require.NoError(t, store.Set("draft.cfg1", `{"target":"x"}`))
			s := demoSession(t, f, store, newClock())
			signIn(t, s, f)
			f.setRefreshError(&entraError{Error: "invalid_grant", Description: "AADSTS: expired", Codes: []int{tc.number}})

			_, err := s.RenewToken(context.Background(), "")
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			assert.Contains(t, se.Hint(), "ign in again")

			_, ok := s.Account()
			assert.False(t, ok, "signed out, so the app shows the sign-in screen")
			seen := len(f.requests())
			_, err = s.Token(context.Background())
			assert.ErrorIs(t, err, ErrNotSignedIn)
			assert.Equal(t, seen, len(f.requests()), "no retry loop against Entra")
			_, kept := store.Get("draft.cfg1")
			assert.True(t, kept, "drafts survive to be finished after signing in again")
		})
	}
}

func TestSignOutClearsEverything(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)
	beginSignIn(t, s) // a pending sign-in too
	require.NoError(t, store.Set("not-ours", "kept"))

	logout, err := s.SignOut(context.Background())
	require.NoError(t, err)

	assert.Equal(t, []string{"not-ours"}, store.Keys())
	_, ok := s.Account()
	assert.False(t, ok)
	_, err = s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
	accounts, err := s.client.Accounts(context.Background())
	require.NoError(t, err)
	assert.Empty(t, accounts, "MSAL's memory is cleared too")

	u, err := url.Parse(logout)
	require.NoError(t, err)
	assert.Equal(t, f.srv.URL+"/"+f.tenant+"/oauth2/v2.0/logout", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, testRedirect, u.Query().Get("post_logout_redirect_uri"))
}

func TestSignInAsAnotherUserForgetsThePreviousOne(t *testing.T) {
	f := newFakeEntra(t)
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	signIn(t, s, f)
	f.user = fakeUser{oid: "99999999-0000-0000-0000-000000000002", tid: testTenantID, upn: "reader@contoso.example", name: "Rita Reader"}

	acct := signIn(t, s, f)

	assert.Equal(t, "reader@contoso.example", acct.UPN)
	accounts, err := s.client.Accounts(context.Background())
	require.NoError(t, err)
	require.Len(t, accounts, 1)
	assert.Equal(t, acct.HomeAccountID, accounts[0].HomeAccountID)
}

func TestTokenIsSafeForConcurrentUse(t *testing.T) {
	f := newFakeEntra(t)
	f.expiresIn = 120 // every call redeems the refresh token
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	signIn(t, s, f)

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Token(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

func TestALostCacheIsASignedOutTab(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)
	store.Remove(keyCache)
	seen := len(f.requests())

	_, err := s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
	_, ok := s.Account()
	assert.False(t, ok)
	assert.Equal(t, seen, len(f.requests()))
}

func TestADamagedCacheIsASignedOutTab(t *testing.T) {
	f := newFakeEntra(t)
	store := new(keeptest.Memory)
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)
	require.NoError(t, store.Set(keyCache, "{not json"))

	_, err := s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
	_, ok := store.Get(keyCache)
	assert.False(t, ok)
}

func TestNotSignedIn(t *testing.T) {
	f := newFakeEntra(t)
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	_, err := s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
	_, err = s.RenewToken(context.Background(), "")
	assert.ErrorIs(t, err, ErrNotSignedIn)
	assert.Empty(t, f.requests())
}

func TestANationalCloudIsNeverBridged(t *testing.T) {
	f := newFakeEntra(t)
	f.issuerBase, f.endpointBase = "https://login.microsoftonline.com", "https://login.microsoftonline.com"
	router := &hostRouter{target: mustURL(t, f.srv.URL)}
	store := new(keeptest.Memory)
	s, err := New(Config{Cloud: cloud.Global, Tenant: f.tenant, ClientID: f.clientID, RedirectURI: testRedirect,
		Store: store, HTTPClient: &http.Client{Transport: router}})
	require.NoError(t, err)

	signIn(t, s, f)
	_, err = s.RenewToken(context.Background(), "")
	require.NoError(t, err)

	require.NotEmpty(t, router.seen())
	for _, u := range router.seen() {
		assert.Equal(t, "https", u.Scheme, u.String())
		assert.Equal(t, "login.microsoftonline.com", u.Host, u.String())
	}
}

// hostRouter sends every request to one test server, remembering the URL
// it was addressed to: a stand-in for the Internet.
type hostRouter struct {
	target *url.URL
	mu     sync.Mutex
	urls   []*url.URL
}

func (h *hostRouter) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, req.URL)
	h.mu.Unlock()
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = h.target.Scheme, h.target.Host
	out.URL, out.Host = &u, ""
	return http.DefaultTransport.RoundTrip(out)
}

func (h *hostRouter) seen() []*url.URL {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*url.URL(nil), h.urls...)
}

func mustGet(t *testing.T, store Storage, key string) string {
	t.Helper()
	v, ok := store.Get(key)
	require.True(t, ok, key)
	return v
}
