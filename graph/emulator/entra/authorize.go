package entra

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/ids"
)

// sessionCookie remembers who signed in on the Entra origin, so that
// prompt=none and single sign-on behave as they do against Entra; logout
// clears it.
const sessionCookie = "emulator_entra_session"

// authRequest is a validated authorize request.
type authRequest struct {
	tenant       string
	app          demo.App
	redirectURI  string
	platform     platform
	responseMode string
	state        string
	nonce        string
	prompt       string
	loginHint    string
	challenge    string
	scopes       scopeSet
	params       url.Values
}

// challengePattern is the shape of a S256 challenge: 32 bytes, base64url.
var challengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authorize serves both the request (GET, or POST with the parameters in
// the body) and the sign-in page's answer (POST with "upn" or "cancel").
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, errMissingParameter("client_id"))
		return
	}
	req, pageErr, redirectErr := s.parseAuthorize(r)
	switch {
	case pageErr != nil:
		s.errorPage(w, r, *pageErr)
		return
	case redirectErr != nil:
		s.redirectError(w, r, req, *redirectErr)
		return
	}
	if r.Method == http.MethodPost {
		s.answerSignIn(w, r, req)
		return
	}
	if user, ok := s.sessionUser(r); ok && req.allowsSSO(user) {
		s.complete(w, r, req, user)
		return
	}
	if req.prompt == "none" {
		s.redirectError(w, r, req, errLoginRequired())
		return
	}
	s.signInPage(w, req)
}

// answerSignIn handles the sign-in page's buttons.
func (s *Server) answerSignIn(w http.ResponseWriter, r *http.Request, req authRequest) {
	if r.PostForm.Has("cancel") {
		s.redirectError(w, r, req, errCancelled())
		return
	}
	upn := r.PostForm.Get("upn")
	if upn == "" {
		s.signInPage(w, req)
		return
	}
	user, ok := demo.FindUser(upn)
	if !ok {
		s.errorPage(w, r, aadError{400, "invalid_request", 50034, "The user account " + upn + " does not exist in the " + demo.TenantName + " directory."})
		return
	}
	s.complete(w, r, req, user)
}

// parseAuthorize checks a request in Entra's order. Errors before the
// redirect URI is trusted are shown on the emulator's own page (Entra never
// redirects to an unverified URI); later ones go back to the app.
func (s *Server) parseAuthorize(r *http.Request) (authRequest, *aadError, *aadError) {
	f := r.Form
	req := authRequest{tenant: r.PathValue("tenant"), params: f, state: f.Get("state"), nonce: f.Get("nonce"),
		prompt: f.Get("prompt"), loginHint: f.Get("login_hint"), redirectURI: f.Get("redirect_uri"),
		responseMode: f.Get("response_mode")}
	if !knownTenant(req.tenant) {
		e := errTenantNotFound(req.tenant)
		return req, &e, nil
	}
	for _, p := range []string{"client_id", "redirect_uri"} {
		if f.Get(p) == "" {
			e := errMissingParameter(p)
			return req, &e, nil
		}
	}
	app, ok := findApp(f.Get("client_id"))
	if !ok {
		e := errUnknownApp(f.Get("client_id"))
		return req, &e, nil
	}
	req.app = app
	if req.platform = s.platformOf(app, req.redirectURI); req.platform == unregistered {
		e := errRedirectMismatch(req.redirectURI, app.ClientID)
		return req, &e, nil
	}
	if e := req.checkResponseMode(); e != nil {
		return req, e, nil
	}
	return req, nil, req.checkProtocol()
}

func (req *authRequest) checkResponseMode() *aadError {
	switch req.responseMode {
	case "":
		req.responseMode = "query"
	case "query", "fragment", "form_post":
	default:
		e := errResponseMode(req.responseMode)
		req.responseMode = "query"
		return &e
	}
	return nil
}

// checkProtocol validates what is reported back to the redirect URI:
// response type, PKCE (S256 only, and required), prompt, scopes.
func (req *authRequest) checkProtocol() *aadError {
	f := req.params
	fail := func(e aadError) *aadError { return &e }
	if rt := f.Get("response_type"); rt != "code" {
		if rt == "" {
			return fail(errMissingParameter("response_type"))
		}
		return fail(errResponseType(rt))
	}
	req.challenge = f.Get("code_challenge")
	switch method := f.Get("code_challenge_method"); {
	case req.challenge == "":
		return fail(errPKCERequired())
	case method != "S256":
		if method == "" {
			method = "plain"
		}
		return fail(errPKCEMethod(method))
	case !challengePattern.MatchString(req.challenge):
		return fail(errChallengeSize())
	}
	switch req.prompt {
	case "", "login", "none", "consent", "select_account":
	default:
		return fail(errPrompt(req.prompt))
	}
	scopes, err := parseScopes(f.Get("scope"))
	if err != nil {
		return err
	}
	if f.Get("scope") == "" {
		return fail(errMissingParameter("scope"))
	}
	req.scopes = scopes
	return nil
}

// allowsSSO reports whether a signed-in session may answer without a page:
// no prompt (or prompt=none) and no hint naming someone else.
func (req authRequest) allowsSSO(u demo.User) bool {
	if req.prompt != "" && req.prompt != "none" {
		return false
	}
	return req.loginHint == "" || strings.EqualFold(req.loginHint, u.UPN)
}

// complete signs the user in: refusals for personal accounts and missing
// consent, else a code back to the app.
func (s *Server) complete(w http.ResponseWriter, r *http.Request, req authRequest, user demo.User) {
	switch {
	case user.Personal:
		s.redirectError(w, r, req, errPersonalAccount(user.UPN, req.app.ClientID, req.app.Name))
		return
	case len(user.Grants) == 0 || !req.scopes.consentedBy(req.app):
		s.redirectError(w, r, req, errConsent("consent_required", req.app.ClientID, req.app.Name))
		return
	}
	now := s.cfg.Now()
	code := ids.Opaque(48)
	s.mu.Lock()
	s.codes[code] = &authCode{
		clientID: req.app.ClientID, redirectURI: req.redirectURI, spa: req.platform == singlePageApp,
		challenge: req.challenge, user: user, scopes: req.scopes, nonce: req.nonce, issued: now,
	}
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: url.QueryEscape(user.UPN), Path: "/",
		HttpOnly: true, Secure: s.cfg.TLS, SameSite: http.SameSiteLaxMode})
	s.respond(w, r, req, url.Values{"code": {code}, "session_state": {ids.NewUUID()}})
}

func (s *Server) sessionUser(r *http.Request) (demo.User, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return demo.User{}, false
	}
	upn, err := url.QueryUnescape(c.Value)
	if err != nil {
		return demo.User{}, false
	}
	return demo.FindUser(upn)
}

// redirectError sends an OAuth error back to the app.
func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, req authRequest, e aadError) {
	d := describe(e, "", s.cfg.Now())
	s.respond(w, r, req, url.Values{
		"error": {e.oauth}, "error_description": {d.description()},
		"error_uri": {s.BaseURL() + "/error?code=" + strconv.Itoa(e.code)},
	})
}

// respond returns parameters (plus state) to the redirect URI in the
// requested response mode.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, req authRequest, params url.Values) {
	if req.state != "" {
		params.Set("state", req.state)
	}
	w.Header().Set("Cache-Control", "no-store")
	switch req.responseMode {
	case "form_post":
		s.formPostPage(w, req.redirectURI, params)
	case "fragment":
		http.Redirect(w, r, req.redirectURI+"#"+params.Encode(), http.StatusFound)
	default:
		u, err := url.Parse(req.redirectURI)
		if err != nil {
			s.errorPage(w, r, errRedirectMismatch(req.redirectURI, req.app.ClientID))
			return
		}
		q := u.Query()
		for k, vs := range params {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
}

// logout ends the Entra session and returns to a registered URI if asked.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.TLS, SameSite: http.SameSiteLaxMode})
	back := r.Form.Get("post_logout_redirect_uri")
	if back != "" && s.isRegistered(back) {
		if st := r.Form.Get("state"); st != "" {
			if u, err := url.Parse(back); err == nil {
				q := u.Query()
				q.Set("state", st)
				u.RawQuery = q.Encode()
				back = u.String()
			}
		}
		http.Redirect(w, r, back, http.StatusFound)
		return
	}
	s.signedOutPage(w)
}

// s256 is the PKCE transformation of a verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// codeExpired reports whether a code has outlived Entra's short lifetime.
func codeExpired(issued, now time.Time) bool { return !now.Before(issued.Add(codeLifetime)) }
