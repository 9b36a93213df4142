package auth

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// Session is one browser tab's sign-in with one app registration in one
// tenant. It is safe for concurrent use; its state lives in the Store (but
// for a copy of the current access token, kept in memory), so a Session
// made after a page load picks up where the last one left.
type Session struct {
	cfg    Config
	client public.Client
	cache  storeCache
	random io.Reader
	// kept is the last access token, handed out from memory until its
	// renewal margin (kept_token.go).
	kept *keptToken
	// http is the client MSAL uses, for this package's own read of the
	// tenant's discovery document (idtoken.go), kept once read.
	http        *http.Client
	discoveryMu sync.Mutex
	// renewing makes RenewToken calls take turns.
	renewing   sync.Mutex
	discovered tenantDiscovery
}

// New prepares a session. It makes no network request: MSAL reads the
// tenant's OpenID configuration at the first call that needs it.
func New(cfg Config) (*Session, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("auth config: %w", err)
	}
	cfg = cfg.withDefaults()
	endpoint, err := endpointFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("auth config: %w", err)
	}
	c := storeCache{store: cfg.Store}
	client, err := public.New(cfg.ClientID,
		public.WithAuthority(endpoint.authority),
		public.WithInstanceDiscovery(endpoint.instanceDiscovery),
		public.WithHTTPClient(endpoint.client),
		public.WithCache(c),
	)
	if err != nil {
		return nil, fmt.Errorf("creating the MSAL client: %w", err)
	}
	return &Session{cfg: cfg, client: client, cache: c, random: rand.Reader, kept: &keptToken{}, http: endpoint.client}, nil
}

// Account is the signed-in user, if any.
func (s *Session) Account() (Account, bool) {
	stored, ok := s.storedAccount()
	return stored.Account, ok
}

// storedAccount is the Store's record of the signed-in user: what the app
// shows, and MSAL's own account record, so that a token costs one read of
// the cache rather than two.
type storedAccount struct {
	Account Account        `json:"account"`
	MSAL    public.Account `json:"msal"`
	// Granted are the Graph permissions of the last token (its scopes).
	Granted []string `json:"granted,omitempty"`
}

// Granted lists the Graph permissions the session holds: those of the last
// token Entra issued, which carries every permission consented for the
// app. Nil when nobody is signed in.
func (s *Session) Granted() []string {
	stored, ok := s.storedAccount()
	if !ok {
		return nil
	}
	return stored.Granted
}

// Has reports whether the session holds a Graph permission.
func (s *Session) Has(permission string) bool { return containsFold(s.Granted(), permission) }

func (s *Session) storedAccount() (storedAccount, bool) {
	raw, ok := s.cfg.Store.Get(keyAccount)
	if !ok {
		return storedAccount{}, false
	}
	var a storedAccount
	if json.Unmarshal([]byte(raw), &a) != nil || a.Account.HomeAccountID == "" || a.MSAL.HomeAccountID != a.Account.HomeAccountID {
		return storedAccount{}, false
	}
	return a, true
}

func (s *Session) saveAccount(a storedAccount) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := s.cfg.Store.Set(keyAccount, string(data)); err != nil {
		return fmt.Errorf("keeping the account in sessionStorage: %w", err)
	}
	return nil
}

// Token returns an access token for Graph: the cached one, or a new one
// redeemed with the refresh token once the cached one is within five minutes
// of expiry (MSAL's rule). It implements graph.TokenSource.
//
// Until that margin the token comes from memory, without reading
// sessionStorage or asking MSAL; this tab's sign-in, sign-out, RenewToken
// and the end of its session drop it (the Store is this tab's alone).
func (s *Session) Token(ctx context.Context) (string, error) {
	if token, ok := s.kept.get(s.cfg.Now()); ok {
		return token, nil
	}
	generation := s.kept.current()
	acct, ok := s.storedAccount()
	if !ok {
		return "", ErrNotSignedIn
	}
	return s.silentToken(ctx, acct, generation)
}

// silentToken asks MSAL for the account's token and keeps it, unless the
// kept token was dropped since generation. Without its refresh token in the
// cache, MSAL answers "no token found", which fail turns into ErrNotSignedIn.
func (s *Session) silentToken(ctx context.Context, acct storedAccount, generation uint64) (string, error) {
	result, err := s.client.AcquireTokenSilent(ctx, s.cfg.scopes(), public.WithSilentAccount(acct.MSAL))
	if err != nil {
		return "", s.fail(ctx, err)
	}
	s.kept.keep(generation, result, s.cfg.Now())
	s.noteGranted(acct, generation, result.GrantedScopes)
	return result.AccessToken, nil
}

// noteGranted keeps the permissions of a new token when they changed (an
// administrator granted or revoked one since the last), unless the session
// changed since the call that got it began (generation, as for the kept
// token): a sign-out must not be undone by a token on its way.
func (s *Session) noteGranted(acct storedAccount, generation uint64, scopes []string) {
	granted := permissionsOfScopes(s.cfg.Cloud, scopes)
	if len(granted) == 0 || slices.Equal(granted, acct.Granted) {
		return
	}
	if now, ok := s.storedAccount(); !ok || now.Account.HomeAccountID != acct.Account.HomeAccountID || s.kept.current() != generation {
		return
	}
	acct.Granted = granted
	_ = s.saveAccount(acct) // a failure leaves the older list, nothing worse
}

// RenewToken gets a new access token even though the cached one has not
// expired, after Graph refused it (401). It implements graph.TokenRenewer.
//
// MSAL for Go has no "force refresh" for public clients, and its one bypass
// (WithClaims) would send a claims challenge Graph never made. So the access
// tokens of this account are dropped from the serialized cache: the next
// silent call finds only the refresh token and redeems it, through MSAL's
// own code path.
//
// Renewals take turns: the screens send several requests at once (a list,
// its member counts, its filters), all refused with one expired token. The
// first renews; the others, refused the same token, find a newer one kept
// and take it, so one 401 storm costs one redemption. An empty refused
// always renews.
func (s *Session) RenewToken(ctx context.Context, refused string) (string, error) {
	s.renewing.Lock()
	defer s.renewing.Unlock()
	if token, ok := s.kept.get(s.cfg.Now()); ok && refused != "" && token != refused {
		return token, nil
	}
	s.kept.drop()
	generation := s.kept.current()
	acct, ok := s.storedAccount()
	if !ok {
		return "", ErrNotSignedIn
	}
	if err := s.cache.dropAccessTokens(acct.Account.HomeAccountID); err != nil {
		return "", fmt.Errorf("renewing the access token: %w", err)
	}
	return s.silentToken(ctx, acct, generation)
}

// SignOut forgets the session in this tab: the MSAL cache, the account and a
// pending sign-in (the app clears its other tenant data itself). It returns
// Entra's logout URL, to navigate to so that the browser's sign-in session
// at Entra ends as well.
func (s *Session) SignOut(ctx context.Context) (string, error) {
	s.kept.drop()
	if acct, ok := s.storedAccount(); ok {
		_ = s.client.RemoveAccount(ctx, acct.MSAL) // the Store is cleared below either way
	}
	for _, key := range ownKeys {
		s.cfg.Store.Remove(key)
	}
	return s.logoutURL(), nil
}

// logoutURL is the tenant's end-session endpoint of Microsoft Entra ID. It is
// built from the cloud's own authority (http for the local demo): the browser
// goes there, not MSAL.
func (s *Session) logoutURL() string {
	q := url.Values{"post_logout_redirect_uri": {s.cfg.RedirectURI}}
	return s.cfg.Cloud.Authority(s.cfg.Tenant) + "/oauth2/v2.0/logout?" + q.Encode()
}

// fail classifies an MSAL error; a refresh token Entra will never honour
// again ends the session, so the app asks for a sign-in once, not in a loop.
func (s *Session) fail(ctx context.Context, err error) error {
	err = classify(ctx, err)
	if e, ok := err.(*SignInError); ok {
		e.app = s.appContext()
		if len(e.declined) > 0 {
			e.Permissions = permissionsOfScopes(s.cfg.Cloud, e.declined)
		}
		if e.Kind.endsSession() {
			s.endSession()
		}
	}
	if err == ErrNotSignedIn {
		s.endSession()
	}
	return err
}

// endSession drops the tokens and the account but keeps the app's drafts:
// the user signs in again and carries on.
func (s *Session) endSession() {
	s.kept.drop()
	s.cfg.Store.Remove(keyCache)
	s.cfg.Store.Remove(keyAccount)
}

func (s *Session) appContext() appContext {
	return appContext{cloud: s.cfg.Cloud, clientID: s.cfg.ClientID, tenant: s.cfg.Tenant, redirectURI: s.cfg.RedirectURI}
}

// AdminConsentURL is the link with which an administrator grants this
// app the permissions for the whole tenant (see the package function).
func (s *Session) AdminConsentURL(permissions ...string) string {
	return AdminConsentURL(s.cfg.Cloud, s.cfg.Tenant, s.cfg.ClientID, s.cfg.RedirectURI, permissions)
}
