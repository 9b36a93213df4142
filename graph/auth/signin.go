package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
)

// SignInOptions tune the authorize request.
type SignInOptions struct {
	LoginHint string // pre-fills the account name on Entra's page
	Prompt    string // "", "select_account", "login" or "consent"
	// Permissions asks for Graph permissions besides those sign-in asks
	// for (incremental consent): a feature's, the first time it is used.
	// The signed-in user is the login hint unless one is given.
	Permissions []string
}

// prompts are the values of OpenID Connect's prompt that make sense for a
// full-page sign-in ("none" would need a hidden frame).
var prompts = map[string]bool{"": true, "select_account": true, "login": true, "consent": true}

// pendingLifetime bounds how long a started sign-in may take to come back;
// Entra's codes live minutes, so an older callback is a replay or a stale tab.
const pendingLifetime = time.Hour

// pending is what must survive the full-page redirect, in sessionStorage
// (never the URL): the PKCE verifier, the state and the nonce, and the
// permissions asked (the redemption asks for the same). One-shot.
type pending struct {
	State    string    `json:"state"`
	Nonce    string    `json:"nonce"`
	Verifier string    `json:"verifier"`
	Started  time.Time `json:"started"`
	// Permissions are the Graph permissions the request asked for; Added
	// those of them asked for a feature (SignInOptions.Permissions).
	Permissions []string `json:"permissions,omitempty"`
	Added       []string `json:"added,omitempty"`
}

// BeginSignIn returns the URL of Entra's sign-in page to navigate to. It
// creates a PKCE verifier (S256 challenge), a state and a nonce and keeps
// them in the Store for CompleteSignIn. MSAL's AuthCodeURL has no option for
// any of them nor for response_mode, so they are added to the URL it returns.
func (s *Session) BeginSignIn(ctx context.Context, opt SignInOptions) (string, error) {
	if !prompts[opt.Prompt] {
		return "", fmt.Errorf("sign-in prompt %q: want select_account, login or consent", opt.Prompt)
	}
	p, err := s.newPending()
	if err != nil {
		return "", err
	}
	p.Permissions, p.Added = s.asking(opt.Permissions)
	var urlOpts []public.AuthCodeURLOption
	if hint := s.loginHint(opt); hint != "" {
		urlOpts = append(urlOpts, public.WithLoginHint(hint))
	}
	raw, err := s.client.AuthCodeURL(ctx, s.cfg.ClientID, s.cfg.RedirectURI, s.authorizeScopes(p.Permissions), urlOpts...)
	if err != nil {
		return "", s.fail(ctx, err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("authorize URL from MSAL: %w", err)
	}
	q := u.Query()
	q.Set("code_challenge", challengeS256(p.Verifier))
	q.Set("code_challenge_method", "S256")
	q.Set("state", p.State)
	q.Set("nonce", p.Nonce)
	q.Set("response_mode", "fragment") // the code never reaches a server log
	if opt.Prompt != "" {
		q.Set("prompt", opt.Prompt)
	}
	u.RawQuery = q.Encode()
	if err := s.savePending(p); err != nil {
		return "", err
	}
	return u.String(), nil
}

// authorizeScopes are the Graph scopes plus those OpenID Connect needs.
func (s *Session) authorizeScopes(permissions []string) []string {
	return append(s.cfg.Cloud.Scopes(permissions...), oidcScopes...)
}

// asking is what a request asks for: sign-in's permissions and the extra
// ones, and which of the extra ones the session does not hold yet.
func (s *Session) asking(extra []string) (all, added []string) {
	all = append([]string(nil), s.cfg.Permissions...)
	held := s.Granted()
	for _, p := range extra {
		if !containsFold(all, p) {
			all = append(all, p)
		}
		if !containsFold(held, p) && !containsFold(added, p) {
			added = append(added, p)
		}
	}
	return all, added
}

// loginHint is the hint given, or, when asking for more permissions, the
// signed-in user (so that Entra does not ask which account).
func (s *Session) loginHint(opt SignInOptions) string {
	if opt.LoginHint != "" || len(opt.Permissions) == 0 {
		return opt.LoginHint
	}
	acct, _ := s.Account()
	return acct.UPN
}

func (s *Session) newPending() (pending, error) {
	verifier, err := newVerifier(s.random)
	if err != nil {
		return pending{}, err
	}
	state, err := randomToken(s.random, 16)
	if err != nil {
		return pending{}, err
	}
	nonce, err := randomToken(s.random, 16)
	if err != nil {
		return pending{}, err
	}
	return pending{State: state, Nonce: nonce, Verifier: verifier, Started: s.cfg.Now()}, nil
}

func (s *Session) savePending(p pending) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := s.cfg.Store.Set(keyPending, string(data)); err != nil {
		return fmt.Errorf("keeping the sign-in state in sessionStorage: %w", err)
	}
	return nil
}

func (s *Session) loadPending() (pending, bool) {
	raw, ok := s.cfg.Store.Get(keyPending)
	if !ok {
		return pending{}, false
	}
	var p pending
	if json.Unmarshal([]byte(raw), &p) != nil || p.State == "" {
		return pending{}, false
	}
	return p, true
}

// IsCallback tells whether a URL carries Entra's answer to a sign-in: a code
// with its state, or an error, in the fragment or the query.
func IsCallback(u *url.URL) bool {
	if u == nil {
		return false
	}
	p := callbackParams(u)
	return (p.Get("code") != "" && p.Get("state") != "") || p.Get("error") != ""
}

// callbackParams reads the response from the fragment (response_mode=fragment,
// what BeginSignIn asks for) or else from the query.
func callbackParams(u *url.URL) url.Values {
	if frag, err := url.ParseQuery(u.EscapedFragment()); err == nil && (frag.Has("code") || frag.Has("error")) {
		return frag
	}
	return u.Query()
}

// CompleteSignIn checks Entra's answer against what BeginSignIn kept, redeems
// the code with the PKCE verifier, checks the ID token's nonce, and keeps the
// account. A callback whose state is not this tab's changes nothing in the
// Store. Errors from Entra come back as *SignInError. The caller then removes
// the response from the address bar (history.replaceState).
func (s *Session) CompleteSignIn(ctx context.Context, callback *url.URL) (Account, error) {
	if !IsCallback(callback) {
		return Account{}, s.refuse(StateMismatch, "the URL carries no sign-in response")
	}
	params := callbackParams(callback)
	waiting, _ := s.loadPending()
	p, err := s.claimPending(params.Get("state"))
	if err != nil {
		if params.Get("error") != "" && params.Get("state") == "" && waiting.State != "" {
			// Entra's error pages send no state; but only a tab that
			// started a sign-in takes an error without one as Entra's.
			return Account{}, s.authorizeError(params, waiting)
		}
		return Account{}, err
	}
	if params.Get("error") != "" {
		return Account{}, s.authorizeError(params, p)
	}
	result, err := s.client.AcquireTokenByAuthCode(ctx, params.Get("code"), s.cfg.RedirectURI, s.redemptionScopes(p),
		public.WithChallenge(p.Verifier)) // MSAL's "challenge" option carries the verifier
	if err != nil {
		return Account{}, s.forRequest(s.fail(ctx, err), p)
	}
	acct, err := s.acceptIDToken(ctx, result, p.Nonce)
	if err != nil {
		return Account{}, err
	}
	s.kept.drop() // the previous user's token, if any
	s.forgetOtherAccounts(ctx, acct.HomeAccountID)
	if err := s.cache.dropAccessTokensBut(acct.HomeAccountID, result.AccessToken); err != nil {
		return Account{}, fmt.Errorf("keeping the new token: %w", err)
	}
	stored := storedAccount{Account: acct, MSAL: result.Account, Granted: permissionsOfScopes(s.cfg.Cloud, result.GrantedScopes)}
	if err := s.saveAccount(stored); err != nil {
		return Account{}, err
	}
	return acct, nil
}

// redemptionScopes are the Graph scopes the request asked for.
func (s *Session) redemptionScopes(p pending) []string {
	if len(p.Permissions) == 0 {
		return s.cfg.scopes()
	}
	return s.cfg.Cloud.Scopes(p.Permissions...)
}

// claimPending checks the callback's state and, only when it is this tab's,
// removes the one-shot values so the response cannot be replayed.
func (s *Session) claimPending(state string) (pending, error) {
	p, ok := s.loadPending()
	if !ok {
		return pending{}, s.refuse(StateMismatch, "no sign-in was started in this tab")
	}
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(p.State)) != 1 {
		return pending{}, s.refuse(StateMismatch, "the response's state is not the one this tab sent")
	}
	s.cfg.Store.Remove(keyPending)
	if age := s.cfg.Now().Sub(p.Started); age > pendingLifetime || age < -time.Minute {
		return pending{}, s.refuse(StateMismatch, fmt.Sprintf("the sign-in was started %s ago", age.Round(time.Second)))
	}
	return p, nil
}

// authorizeError reads an error redirect: error, error_description,
// error_subcode (Entra sets "cancel" when the user backs out, and when
// "Need admin approval" returns without consent). A refusal of a request
// for a feature's permissions means they were not granted.
func (s *Session) authorizeError(params url.Values, p pending) error {
	e := newEntraError(entraError{Error: params.Get("error"), Description: params.Get("error_description"),
		SubError: params.Get("error_subcode")})
	e.app = s.appContext()
	if len(p.Added) > 0 && e.Kind == Cancelled {
		e.Kind = ConsentMissing
	}
	return s.forRequest(e, p)
}

// forRequest ties a failure to the request it answers: the permissions
// in question (those a feature asked for, else sign-in's) and whether the
// request was for a feature, the signed-in session going on without it.
func (s *Session) forRequest(err error, p pending) error {
	e, ok := err.(*SignInError)
	if !ok {
		return err
	}
	e.ForFeature = len(p.Added) > 0
	if len(e.Permissions) == 0 {
		e.Permissions = p.Added
		if !e.ForFeature {
			e.Permissions = p.Permissions
		}
	}
	return e
}

// acceptIDToken checks the ID token of a fresh sign-in; a refused token's
// account is removed from the cache again.
func (s *Session) acceptIDToken(ctx context.Context, result public.AuthResult, nonce string) (Account, error) {
	claims, err := readIDClaims(result.IDToken.RawToken)
	refuse := func(kind ErrorKind, why string) (Account, error) {
		s.forgetRefused(ctx, result.Account)
		return Account{}, s.refuse(kind, why)
	}
	switch {
	case err != nil:
		return refuse(NonceMismatch, err.Error())
	case subtle.ConstantTimeCompare([]byte(claims.Nonce), []byte(nonce)) != 1:
		return refuse(NonceMismatch, "the ID token's nonce is not the one this sign-in sent")
	case claims.Audience != s.cfg.ClientID:
		return refuse(NonceMismatch, "the ID token was issued to another application")
	case claims.TenantID == consumerTenant:
		return refuse(PersonalAccount, "the account is a personal Microsoft account")
	}
	if err := s.checkIssuerAndTime(ctx, claims); err != nil {
		s.forgetRefused(ctx, result.Account)
		return Account{}, err
	}
	return claims.account(result.Account.HomeAccountID, s.cfg.Now()), nil
}

// forgetRefused removes what MSAL cached of a refused sign-in: its account
// and tokens, and the whole cache when nobody else is signed in in the tab,
// so that nothing of it is stored.
func (s *Session) forgetRefused(ctx context.Context, refused public.Account) {
	_ = s.client.RemoveAccount(ctx, refused)
	if _, signedIn := s.storedAccount(); !signedIn {
		s.cfg.Store.Remove(keyCache)
	}
}

// forgetOtherAccounts keeps one account per tab: signing in as someone else
// must not leave the previous user's tokens behind.
func (s *Session) forgetOtherAccounts(ctx context.Context, keep string) {
	accounts, err := s.client.Accounts(ctx)
	if err != nil {
		return
	}
	for _, a := range accounts {
		if a.HomeAccountID != keep {
			_ = s.client.RemoveAccount(ctx, a)
		}
	}
}

// refuse is a failure found here rather than by Entra.
func (s *Session) refuse(kind ErrorKind, why string) *SignInError {
	return &SignInError{Kind: kind, Description: why, app: s.appContext()}
}
