package auth

import (
	"context"
	"encoding/json"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
)

// countingStore counts the reads of sessionStorage.
type countingStore struct {
	*keeptest.Memory
	gets, accountGets atomic.Int64
}

func (s *countingStore) Get(key string) (string, bool) {
	s.gets.Add(1)
	if key == keyAccount {
		s.accountGets.Add(1)
	}
	return s.Memory.Get(key)
}

func (s *countingStore) Keys() []string {
	s.gets.Add(1)
	return s.Memory.Keys()
}

func (s *countingStore) reads() int64 { return s.gets.Load() }

// ageCachedTokens rewrites the expiry of every access token in the stored
// MSAL cache: MSAL reads the wall clock, which a test cannot move, so the
// tokens are moved instead, to where the wall clock would find them.
func ageCachedTokens(t *testing.T, store Storage, expiresOn time.Time) {
	t.Helper()
	var contract map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(mustGet(t, store, keyCache)), &contract))
	var tokens map[string]map[string]any
	require.NoError(t, json.Unmarshal(contract[accessTokensKey], &tokens))
	require.NotEmpty(t, tokens)
	for _, tok := range tokens {
		tok["expires_on"] = strconv.FormatInt(expiresOn.Unix(), 10)
	}
	contract[accessTokensKey] = mustJSON(tokens)
	require.NoError(t, store.Set(keyCache, string(mustJSON(contract))))
}

func TestTokenIsKeptInMemoryUntilTheRenewalMargin(t *testing.T) {
	f := newFakeEntra(t) // tokens live an hour
	store := &countingStore{Memory: new(keeptest.Memory)}
	clock := newClock()
	s := demoSession(t, f, store, clock)
	signIn(t, s, f)
	ctx := context.Background()

	first, err := s.Token(ctx)
	require.NoError(t, err)
	reads, requests := store.reads(), len(f.requests())
	clock.now = clock.now.Add(time.Hour - renewalMargin - time.Minute)
	for range 3 {
		again, err := s.Token(ctx)
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}
	assert.Equal(t, reads, store.reads(), "no read of sessionStorage while the token is far from renewal")
	assert.Equal(t, requests, len(f.requests()))

	// Two minutes later the token is inside MSAL's margin: MSAL decides
	// again, and (its wall clock finding the token near expiry) renews it.
	clock.now = clock.now.Add(2 * time.Minute)
	ageCachedTokens(t, store, time.Now().Add(time.Minute))
	renewed, err := s.Token(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, first, renewed)
	assert.Equal(t, 1, f.grants("refresh_token"), "renewed at the margin, as without the kept token")
	assert.Greater(t, store.reads(), reads, "MSAL read its cache")

	reads = store.reads()
	again, err := s.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, renewed, again, "the renewed token is kept in its turn")
	assert.Equal(t, reads, store.reads())
}

func TestTokenIsKeptOnlyUntilEntrasRefreshHint(t *testing.T) {
	f := newFakeEntra(t)
	f.refreshIn = 1800 // Entra asks for renewal after half an hour of the hour
	store := &countingStore{Memory: new(keeptest.Memory)}
	clock := newClock()
	s := demoSession(t, f, store, clock)
	signIn(t, s, f)
	_, err := s.Token(context.Background())
	require.NoError(t, err)

	clock.now = clock.now.Add(29 * time.Minute)
	reads := store.reads()
	_, err = s.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, reads, store.reads(), "kept before refresh_in")

	clock.now = clock.now.Add(2 * time.Minute)
	_, err = s.Token(context.Background())
	require.NoError(t, err)
	assert.Greater(t, store.reads(), reads, "past refresh_in MSAL is asked again")
}

func TestATokenNearExpiryIsNeverKept(t *testing.T) {
	f := newFakeEntra(t)
	f.expiresIn = 240 // already inside MSAL's five minutes
	store := &countingStore{Memory: new(keeptest.Memory)}
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)

	for range 2 {
		reads := store.reads()
		_, err := s.Token(context.Background())
		require.NoError(t, err)
		assert.Greater(t, store.reads(), reads)
	}
	assert.Equal(t, 2, f.grants("refresh_token"), "MSAL renews it every time, as it would anyway")
}

// Whatever ends or replaces the session in this tab drops the kept token.
func TestTheKeptTokenIsDroppedWithTheSession(t *testing.T) {
	cases := map[string]func(t *testing.T, s *Session, f *fakeEntra, kept string){
		"sign-out": func(t *testing.T, s *Session, f *fakeEntra, kept string) {
			_, err := s.SignOut(context.Background())
			require.NoError(t, err)
			_, err = s.Token(context.Background())
			assert.ErrorIs(t, err, ErrNotSignedIn)
		},
		"a 401 renews it": func(t *testing.T, s *Session, f *fakeEntra, kept string) {
			renewed, err := s.RenewToken(context.Background(), "")
			require.NoError(t, err)
			assert.NotEqual(t, kept, renewed)
			next, err := s.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, renewed, next)
		},
		"Entra refuses the renewal": func(t *testing.T, s *Session, f *fakeEntra, kept string) {
			f.setRefreshError(&entraError{Error: "invalid_grant", Description: "AADSTS700084: expired", Codes: []int{700084}})
			_, err := s.RenewToken(context.Background(), "")
			require.Error(t, err)
			_, err = s.Token(context.Background())
			assert.ErrorIs(t, err, ErrNotSignedIn)
		},
		"a sign-in that ends the session": func(t *testing.T, s *Session, f *fakeEntra, kept string) {
			authURL := beginSignIn(t, s)
			f.codeErr = &entraError{Error: "invalid_grant", Description: "AADSTS50076: MFA required", Codes: []int{50076}}
			_, err := s.CompleteSignIn(context.Background(), f.authorize(authURL))
			require.Error(t, err)
			_, err = s.Token(context.Background())
			assert.ErrorIs(t, err, ErrNotSignedIn)
		},
		"sign-in as someone else": func(t *testing.T, s *Session, f *fakeEntra, kept string) {
			f.user = fakeUser{oid: "99999999-0000-0000-0000-000000000002", tid: testTenantID, upn: "reader@contoso.example", name: "Rita Reader"}
			signIn(t, s, f)
			next, err := s.Token(context.Background())
			require.NoError(t, err)
			assert.NotEqual(t, kept, next)
		},
	}
	for name, then := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFakeEntra(t)
			s := demoSession(t, f, new(keeptest.Memory), newClock())
			signIn(t, s, f)
			kept, err := s.Token(context.Background())
			require.NoError(t, err)
			then(t, s, f, kept)
		})
	}
}

// A renewal that was under way when the user signed out must not put its
// token back: the next request finds the tab signed out.
func TestARenewalInFlightDoesNotOutliveASignOut(t *testing.T) {
	f := newFakeEntra(t)
	s := demoSession(t, f, new(keeptest.Memory), newClock())
	signIn(t, s, f)
	f.arrived, f.release = make(chan struct{}), make(chan struct{})

	done := make(chan error, 1)
	go func() {
		_, err := s.RenewToken(context.Background(), "")
		done <- err
	}()
	<-f.arrived // MSAL is redeeming the refresh token
	_, err := s.SignOut(context.Background())
	require.NoError(t, err)
	close(f.release)
	<-done

	_, err = s.Token(context.Background())
	assert.ErrorIs(t, err, ErrNotSignedIn)
}

// A 401's renewal reads the signed-in account from sessionStorage once, not
// once to find whose tokens to drop and again to ask MSAL.
func TestRenewTokenReadsTheAccountOnce(t *testing.T) {
	f := newFakeEntra(t)
	store := &countingStore{Memory: new(keeptest.Memory)}
	s := demoSession(t, f, store, newClock())
	signIn(t, s, f)
	before := store.accountGets.Load()

	_, err := s.RenewToken(context.Background(), "")
	require.NoError(t, err)
	assert.Equal(t, int64(1), store.accountGets.Load()-before)
	assert.Equal(t, 1, f.grants("refresh_token"))
}
