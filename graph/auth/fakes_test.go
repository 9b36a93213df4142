package auth

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeUser is who the fake Entra signs in.
type fakeUser struct{ oid, tid, upn, name string }

// codeGrant is what an authorization code was issued for.
type codeGrant struct {
	clientID, redirectURI, challenge, nonce string
	audience                                string // of the ID token; "" means clientID
	user                                    fakeUser
	redeemed                                bool
}

// seenRequest is one request as the fake Entra received it.
type seenRequest struct {
	Method, Path string
	Header       http.Header
	Form         url.Values
}

// fakeEntra is a small Microsoft Entra ID: OpenID configuration, instance
// discovery, and a token endpoint doing authorization code + PKCE and
// refresh tokens. Authorization itself is a function call (authorize), as a
// user's browser would do it.
type fakeEntra struct {
	t   testing.TB
	srv *httptest.Server

	tenant   string // the tenant name the app uses (domain or ID)
	clientID string
	user     fakeUser
	// issuerBase and endpointBase are "scheme://host" as advertised in the
	// OpenID configuration; they default to https and http on the server.
	issuerBase, endpointBase string

	mu         sync.Mutex
	codes      map[string]*codeGrant
	refresh    map[string]fakeUser
	seen       []seenRequest
	serial     int
	expiresIn  int
	refreshIn  int         // when set, tokens carry refresh_in (Entra's hint to renew early)
	refreshErr *entraError // when set, every refresh grant fails with it
	codeErr    *entraError // when set, every code redemption fails with it
	// arrived and release, when set, hold each refresh grant: it says it
	// has arrived, then waits to be released before it is answered.
	arrived, release chan struct{}
}

const testTenantID = "11111111-2222-3333-4444-555555555555"

func newFakeEntra(t testing.TB) *fakeEntra {
	f := &fakeEntra{
		t: t, tenant: "contoso.example", clientID: "00000000-aaaa-bbbb-cccc-000000000001",
		user:  fakeUser{oid: "99999999-0000-0000-0000-000000000001", tid: testTenantID, upn: "admin@contoso.example", name: "Ada Admin"},
		codes: map[string]*codeGrant{}, refresh: map[string]fakeUser{}, expiresIn: 3600,
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	host := strings.TrimPrefix(f.srv.URL, "http://")
	f.issuerBase, f.endpointBase = "https://"+host, "http://"+host
	return f
}

func (f *fakeEntra) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	f.seen = append(f.seen, seenRequest{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Form: r.PostForm})
	f.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/common/discovery/instance":
		f.instanceDiscovery(w)
	case len(parts) == 4 && parts[1] == "v2.0" && parts[3] == "openid-configuration":
		f.openIDConfiguration(w, parts[0])
	case len(parts) == 4 && parts[3] == "token" && r.Method == http.MethodPost:
		if f.arrived != nil && r.PostForm.Get("grant_type") == "refresh_token" {
			f.arrived <- struct{}{}
			<-f.release
		}
		f.token(w, r.PostForm)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeEntra) knownTenant(name string) bool { return name == f.tenant || name == f.user.tid }

func (f *fakeEntra) openIDConfiguration(w http.ResponseWriter, tenant string) {
	if !f.knownTenant(tenant) {
		writeEntraError(w, http.StatusBadRequest, "invalid_tenant", 90002, "Tenant '"+tenant+"' not found.")
		return
	}
	base := f.endpointBase + "/" + tenant + "/oauth2/v2.0/"
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                 f.issuerBase + "/" + f.user.tid + "/v2.0",
		"authorization_endpoint": base + "authorize",
		"token_endpoint":         base + "token",
		"end_session_endpoint":   base + "logout",
	})
}

func (f *fakeEntra) instanceDiscovery(w http.ResponseWriter) {
	host := strings.TrimPrefix(f.issuerBase, "https://")
	writeJSON(w, http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": f.issuerBase + "/" + f.tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata":                  []map[string]any{{"preferred_network": host, "preferred_cache": host, "aliases": []string{host}}},
	})
}

func (f *fakeEntra) token(w http.ResponseWriter, form url.Values) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch form.Get("grant_type") {
	case "authorization_code":
		g, ok := f.codes[form.Get("code")]
		switch {
		case f.codeErr != nil:
			writeJSON(w, http.StatusBadRequest, f.codeErr)
		case !ok:
			writeEntraError(w, http.StatusBadRequest, "invalid_grant", 70008, "The provided authorization code or refresh token has expired.")
		case g.redeemed:
			writeEntraError(w, http.StatusBadRequest, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed.")
		case challengeS256(form.Get("code_verifier")) != g.challenge:
			writeEntraError(w, http.StatusBadRequest, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.")
		case form.Get("redirect_uri") != g.redirectURI || form.Get("client_id") != g.clientID:
			writeEntraError(w, http.StatusBadRequest, "invalid_grant", 50011, "The redirect URI specified in the request does not match.")
		default:
			g.redeemed = true
			aud := g.audience
			if aud == "" {
				aud = g.clientID
			}
			f.issue(w, g.user, g.nonce, aud)
		}
	case "refresh_token":
		user, ok := f.refresh[form.Get("refresh_token")]
		switch {
		case f.refreshErr != nil:
			writeJSON(w, http.StatusBadRequest, f.refreshErr)
		case !ok:
			writeEntraError(w, http.StatusBadRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
		default:
			f.issue(w, user, "", form.Get("client_id"))
		}
	default:
		writeEntraError(w, http.StatusBadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
	}
}

// issue answers with fresh tokens; f.mu is held.
func (f *fakeEntra) issue(w http.ResponseWriter, user fakeUser, nonce, aud string) {
	f.serial++
	rt := fmt.Sprintf("rt-%d", f.serial)
	f.refresh[rt] = user
	claims := map[string]any{"aud": aud, "tid": user.tid, "oid": user.oid, "sub": "sub-" + user.oid,
		"preferred_username": user.upn, "name": user.name, "iss": f.issuerBase + "/" + user.tid + "/v2.0"}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	answer := map[string]any{
		"token_type": "Bearer", "expires_in": f.expiresIn, "ext_expires_in": f.expiresIn,
		"scope":         "https://graph.microsoft.com/" + ScopeDeviceManagementServiceConfig + " https://graph.microsoft.com/" + ScopeGroupMemberRead,
		"access_token":  fmt.Sprintf("at-%d", f.serial),
		"refresh_token": rt,
		"id_token":      unsignedJWT(claims),
		"client_info":   base64.RawURLEncoding.EncodeToString(mustJSON(map[string]string{"uid": user.oid, "utid": user.tid})),
	}
	if f.refreshIn > 0 {
		answer["refresh_in"] = f.refreshIn
	}
	writeJSON(w, http.StatusOK, answer)
}

// authorize plays the user's visit to the authorize URL and returns the
// callback Entra would redirect to. change lets a test tamper with the grant.
func (f *fakeEntra) authorize(authURL string, change ...func(*codeGrant)) *url.URL {
	f.t.Helper()
	u, err := url.Parse(authURL)
	require.NoError(f.t, err)
	q := u.Query()
	require.Equal(f.t, "code", q.Get("response_type"))
	require.Equal(f.t, "S256", q.Get("code_challenge_method"))
	g := &codeGrant{clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
		challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), user: f.user}
	for _, c := range change {
		c(g)
	}
	f.mu.Lock()
	f.serial++
	code := fmt.Sprintf("code-%d", f.serial)
	f.codes[code] = g
	f.mu.Unlock()
	back, err := url.Parse(g.redirectURI + "#" + url.Values{"code": {code}, "state": {q.Get("state")}, "session_state": {"s"}}.Encode())
	require.NoError(f.t, err)
	return back
}

// requests returns what was received, optionally only one grant type.
func (f *fakeEntra) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

func (f *fakeEntra) grants(grantType string) int {
	n := 0
	for _, r := range f.requests() {
		if r.Form.Get("grant_type") == grantType {
			n++
		}
	}
	return n
}

func (f *fakeEntra) setRefreshError(e *entraError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshErr = e
}

func writeEntraError(w http.ResponseWriter, status int, code string, number int, text string) {
	writeJSON(w, status, entraError{Error: code, Description: fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: t-1\r\nCorrelation ID: c-1", number, text),
		Codes: []int{number}, TraceID: "t-1", CorrelationID: "c-1"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// unsignedJWT is enough for MSAL and for this package: neither verifies an ID
// token's signature (it comes straight from the token endpoint).
func unsignedJWT(claims map[string]any) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc.EncodeToString(mustJSON(claims)) + ".c2ln"
}
