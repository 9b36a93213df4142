package entra

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/httpx"
	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/token"
)

// authCode is an issued authorization code.
type authCode struct {
	clientID, redirectURI string
	spa                   bool
	challenge             string
	user                  demo.User
	scopes                scopeSet
	nonce                 string
	issued                time.Time
	redeemed              bool
}

// refreshGrant is what a refresh token stands for. An SPA's grant keeps the
// expiry of the sign-in that started the chain: 24 hours, never extended.
type refreshGrant struct {
	clientID string
	spa      bool
	user     demo.User
	scopes   scopeSet
	authTime time.Time
	expires  time.Time
}

// tokenResponse is Entra's successful token response.
type tokenResponse struct {
	TokenType             string `json:"token_type"`
	Scope                 string `json:"scope"`
	ExpiresIn             int64  `json:"expires_in"`
	ExtExpiresIn          int64  `json:"ext_expires_in"`
	AccessToken           string `json:"access_token"`
	RefreshToken          string `json:"refresh_token,omitempty"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
	IDToken               string `json:"id_token,omitempty"`
	ClientInfo            string `json:"client_info,omitempty"`
}

// token serves the token endpoint. CORS: a cross-origin request from the
// origin of a registered SPA redirect URI gets Access-Control-Allow-Origin,
// successes and errors alike; nothing else does.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	origin := r.Header.Get("Origin")
	if origin != "" && s.IsSPAOrigin(origin) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
	}
	resp, err := s.redeem(r, origin, now)
	if err != nil {
		describe(*err, r.Header.Get("client-request-id"), now).writeJSON(w, s.BaseURL())
		return
	}
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.Header().Set("Pragma", "no-cache")
	httpx.JSON(w, http.StatusOK, jsonType, resp)
}

func (s *Server) redeem(r *http.Request, origin string, now time.Time) (tokenResponse, *aadError) {
	fail := func(e aadError) (tokenResponse, *aadError) { return tokenResponse{}, &e }
	if r.Method != http.MethodPost {
		return fail(errPostOnly())
	}
	if !knownTenant(r.PathValue("tenant")) {
		return fail(errTenantNotFound(r.PathValue("tenant")))
	}
	// ParseForm reads the body only for a form content type: anything else
	// (JSON, say) leaves it empty, and grant_type is reported missing.
	if err := r.ParseForm(); err != nil {
		return fail(errMissingParameter("grant_type"))
	}
	f := r.PostForm
	clientID := f.Get("client_id")
	switch gt := f.Get("grant_type"); gt {
	case "":
		return fail(errMissingParameter("grant_type"))
	case "authorization_code", "refresh_token":
		if clientID == "" {
			return fail(errMissingParameter("client_id"))
		}
		app, ok := findApp(clientID)
		if !ok {
			return fail(errUnknownApp(clientID))
		}
		if gt == "authorization_code" {
			return s.redeemCode(r, app, origin, now)
		}
		return s.redeemRefresh(r, app, origin, now)
	default:
		return fail(errGrantType(gt))
	}
}

func (s *Server) redeemCode(r *http.Request, app demo.App, origin string, now time.Time) (tokenResponse, *aadError) {
	fail := func(e aadError) (tokenResponse, *aadError) { return tokenResponse{}, &e }
	f := r.PostForm
	for _, p := range []string{"code", "redirect_uri", "code_verifier"} {
		if f.Get(p) == "" {
			return fail(errMissingParameter(p))
		}
	}
	requested, scopeErr := s.requestedScopes(f.Get("scope"), app)
	if scopeErr != nil {
		return tokenResponse{}, scopeErr
	}
	code, e := s.takeCode(f, app, origin, now)
	if e != nil {
		return tokenResponse{}, e
	}
	grant := refreshGrant{clientID: app.ClientID, spa: code.spa, user: code.user,
		scopes: code.scopes.union(requested), authTime: now}
	grant.expires = grant.nextExpiry(now)
	return s.issue(grant, code.nonce, f.Get("client_info") == "1", now)
}

// takeCode checks the code against the redemption and marks it redeemed, so
// that a second redemption fails even while the first is still signing.
func (s *Server) takeCode(f url.Values, app demo.App, origin string, now time.Time) (authCode, *aadError) {
	fail := func(e aadError) (authCode, *aadError) { return authCode{}, &e }
	s.mu.Lock()
	defer s.mu.Unlock()
	code, ok := s.codes[f.Get("code")]
	switch {
	case !ok:
		return fail(errBadGrant("authorization code"))
	case code.redeemed:
		return fail(errCodeRedeemed())
	case codeExpired(code.issued, now):
		return fail(errCodeExpired())
	case !strings.EqualFold(code.clientID, app.ClientID):
		return fail(errGrantClient())
	case code.redirectURI != f.Get("redirect_uri"):
		return fail(errRedirectChanged())
	}
	if e := originRule(code.spa, origin); e != nil {
		return authCode{}, e
	}
	if s256(f.Get("code_verifier")) != code.challenge {
		return fail(errVerifierMismatch())
	}
	code.redeemed = true
	return *code, nil
}

func (s *Server) redeemRefresh(r *http.Request, app demo.App, origin string, now time.Time) (tokenResponse, *aadError) {
	fail := func(e aadError) (tokenResponse, *aadError) { return tokenResponse{}, &e }
	f := r.PostForm
	if f.Get("refresh_token") == "" {
		return fail(errMissingParameter("refresh_token"))
	}
	requested, scopeErr := s.requestedScopes(f.Get("scope"), app)
	if scopeErr != nil {
		return tokenResponse{}, scopeErr
	}
	old, ok := s.refreshGrant(f.Get("refresh_token"))
	switch {
	case !ok:
		return fail(errBadGrant("refresh token"))
	case !strings.EqualFold(old.clientID, app.ClientID):
		return fail(errGrantClient())
	}
	if e := originRule(old.spa, origin); e != nil {
		return tokenResponse{}, e
	}
	if !now.Before(old.expires) {
		if old.spa {
			return fail(errSPARefreshExpired(old.authTime))
		}
		return fail(errRefreshExpired())
	}
	next := old
	next.scopes = old.scopes.union(requested)
	next.expires = next.nextExpiry(now)
	return s.issue(next, "", f.Get("client_info") == "1", now)
}

// requestedScopes parses the token request's scope: a resource other than
// Graph, or a permission nobody consented to, is refused.
func (s *Server) requestedScopes(raw string, app demo.App) (scopeSet, *aadError) {
	set, err := parseScopes(raw)
	if err != nil {
		return scopeSet{}, err
	}
	if !set.consentedBy(app) {
		e := errConsent("invalid_grant", app.ClientID, app.Name)
		return scopeSet{}, &e
	}
	return set, nil
}

// originRule: tokens of an SPA redirect URI are redeemed cross-origin only;
// those of any other platform never cross-origin.
func originRule(spa bool, origin string) *aadError {
	switch {
	case spa && origin == "":
		e := errSPANeedsOrigin()
		return &e
	case !spa && origin != "":
		e := errCrossOriginNotSPA(origin)
		return &e
	}
	return nil
}

// nextExpiry is the refresh token's end: fixed for an SPA, sliding otherwise.
func (g refreshGrant) nextExpiry(now time.Time) time.Time {
	if g.spa {
		return g.authTime.Add(spaRefreshLifetime)
	}
	return now.Add(refreshInactivity)
}

func (s *Server) refreshGrant(raw string) (refreshGrant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.refresh[raw]
	if !ok {
		return refreshGrant{}, false
	}
	return *g, true
}

// issue mints the tokens of a grant. It signs without holding s.mu: RSA
// signing is the slow part of a redemption and other sign-ins need not
// wait on it.
func (s *Server) issue(g refreshGrant, nonce string, clientInfo bool, now time.Time) (tokenResponse, *aadError) {
	app, _ := findApp(g.clientID)
	access, err := s.accessToken(g.user, app, now)
	if err != nil {
		return tokenResponse{}, s.internal(err)
	}
	lifetime := int64(s.cfg.AccessTokenLifetime / time.Second)
	resp := tokenResponse{TokenType: "Bearer", Scope: g.scopes.granted(g.user), ExpiresIn: lifetime,
		ExtExpiresIn: lifetime, AccessToken: access}
	if g.scopes.has("openid") {
		if resp.IDToken, err = s.idToken(g.user, app, nonce, now); err != nil {
			return tokenResponse{}, s.internal(err)
		}
	}
	if g.scopes.has("offline_access") {
		resp.RefreshToken = ids.Opaque(96)
		grant := g
		s.mu.Lock()
		s.refresh[resp.RefreshToken] = &grant
		s.mu.Unlock()
		if g.spa {
			resp.RefreshTokenExpiresIn = int64(g.expires.Sub(now) / time.Second)
		}
	}
	if clientInfo {
		resp.ClientInfo = encodeClientInfo(g.user)
	}
	return resp, nil
}

func (s *Server) internal(err error) *aadError {
	s.cfg.Logger.Error("minting token", "err", err)
	return &aadError{500, "server_error", 50000, "There was an error issuing a token: " + err.Error()}
}

// accessToken mints a Graph access token carrying all of the user's
// consented permissions in scp.
func (s *Server) accessToken(u demo.User, app demo.App, now time.Time) (string, error) {
	c := token.Claims{
		Aud: GraphResource, Iss: s.Issuer(), TID: demo.TenantID, OID: u.OID, Sub: pairwiseSub(u, app),
		Name: u.Name, UPN: u.UPN, UniqueName: u.UPN, Scp: strings.Join(u.Grants, " "),
		AppID: app.ClientID, Azp: app.ClientID, AppDisplayName: app.Name, IDTyp: "user",
		Ver: "2.0", UTI: ids.Opaque(16),
	}
	c.Lifetime(now, s.cfg.AccessTokenLifetime)
	return s.cfg.Key.Sign(c)
}

// idToken mints the ID token for the app, with the nonce of the sign-in.
func (s *Server) idToken(u demo.User, app demo.App, nonce string, now time.Time) (string, error) {
	c := token.Claims{
		Aud: app.ClientID, Iss: s.Issuer(), TID: demo.TenantID, OID: u.OID, Sub: pairwiseSub(u, app),
		Name: u.Name, PreferredUsername: u.UPN, Nonce: nonce, Ver: "2.0", UTI: ids.Opaque(16),
	}
	c.Lifetime(now, time.Hour)
	return s.cfg.Key.Sign(c)
}

// AccessToken mints a Graph access token for a demo user and app without a
// sign-in: for tests that exercise Graph (a second app spending the
// tenant's budget, a helpdesk token) without driving the sign-in page.
func (s *Server) AccessToken(upn, clientID string) (string, error) {
	u, ok := demo.FindUser(upn)
	if !ok || u.Personal {
		return "", fmt.Errorf("access token: %q is not a user of the demo tenant", upn)
	}
	app, ok := findApp(clientID)
	if !ok {
		return "", fmt.Errorf("access token: %q is not an app of the demo tenant", clientID)
	}
	return s.accessToken(u, app, s.cfg.Now())
}

// pairwiseSub is the per-app subject Entra gives a user.
func pairwiseSub(u demo.User, app demo.App) string {
	sum := sha256.Sum256([]byte(u.OID + "|" + strings.ToLower(app.ClientID)))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:43]
}

// encodeClientInfo is base64url JSON {"uid","utid"}: MSAL builds the
// account's home ID from it.
func encodeClientInfo(u demo.User) string {
	raw, _ := json.Marshal(map[string]string{"uid": u.OID, "utid": demo.TenantID})
	return base64.RawURLEncoding.EncodeToString(raw)
}
