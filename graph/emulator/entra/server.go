// Package entra plays Microsoft Entra ID for the demo tenant: OpenID
// discovery, the signing keys, instance discovery, the authorize endpoint
// with a sign-in page, the token endpoint (authorization code with PKCE,
// refresh token), admin consent and logout, with Entra's CORS rules,
// consent per permission and AADSTS errors.
package entra

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/httpx"
	"enrollassign/graph/emulator/stats"
	"enrollassign/graph/emulator/token"
)

// The Graph resource, as tokens for it name it.
const (
	GraphResource = "https://graph.microsoft.com"
	GraphAppID    = "00000003-0000-0000-c000-000000000000"
)

// Lifetimes Entra uses.
const (
	defaultAccessLifetime = time.Hour
	codeLifetime          = 10 * time.Minute
	spaRefreshLifetime    = 24 * time.Hour
	refreshInactivity     = 90 * 24 * time.Hour
)

// Config wires a Server.
type Config struct {
	// Addr is the host:port the origin is served on (after listening, so a
	// ":0" port is known): issuer and endpoints are built from it.
	Addr string
	// TLS selects https for the reachable endpoints.
	TLS bool
	Key *token.Key
	Now func() time.Time
	// AppNow is the app's clock, which the ID tokens are stamped on: only
	// the app checks them, on its browser's clock, which the emulator's
	// clock offset (POST /_emulator/clock) does not move. Nil means Now.
	AppNow func() time.Time
	Stats  *stats.Recorder
	Logger *slog.Logger
	// AccessTokenLifetime defaults to one hour.
	AccessTokenLifetime time.Duration
	// SPARedirectURIs are the demo app's single-page-application redirect URIs.
	SPARedirectURIs []string
}

// Server is the Entra origin.
type Server struct {
	cfg     Config
	handler http.Handler

	mu      sync.Mutex
	spa     []string
	codes   map[string]*authCode
	refresh map[string]*refreshGrant
	consent consentBook
	idFault IDTokenFault
}

// New builds the server.
func New(cfg Config) *Server {
	if cfg.AccessTokenLifetime <= 0 {
		cfg.AccessTokenLifetime = defaultAccessLifetime
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.AppNow == nil {
		cfg.AppNow = cfg.Now
	}
	if cfg.Stats == nil {
		cfg.Stats = stats.New()
	}
	s := &Server{cfg: cfg, spa: slices.Clone(cfg.SPARedirectURIs),
		codes: map[string]*authCode{}, refresh: map[string]*refreshGrant{}, consent: startConsent()}
	s.handler = s.routes()
	return s
}

// ServeHTTP serves the Entra origin.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// BaseURL is the reachable origin, e.g. "http://127.0.0.1:8001".
func (s *Server) BaseURL() string {
	if s.cfg.TLS {
		return "https://" + s.cfg.Addr
	}
	return "http://" + s.cfg.Addr
}

// Issuer is the tenant's issuer identifier: the URL the discovery document
// is served from, as OpenID Connect Discovery requires — http over plain
// HTTP. MSAL, which wants an https authority with the issuer's scheme,
// meets it through the app's loopback bridge, never here.
func (s *Server) Issuer() string { return s.BaseURL() + "/" + demo.TenantID + "/v2.0" }

// AddSPARedirectURI registers one more single-page-application redirect URI.
func (s *Server) AddSPARedirectURI(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.spa, uri) {
		s.spa = append(s.spa, uri)
	}
}

func (s *Server) spaURIs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.spa)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", s.openIDConfiguration)
	mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", s.keys)
	mux.HandleFunc("GET /common/discovery/instance", s.instanceDiscovery)
	mux.HandleFunc("GET /{tenant}/oauth2/v2.0/authorize", s.authorize)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/authorize", s.authorize)
	mux.HandleFunc("/{tenant}/oauth2/v2.0/token", s.token)
	mux.HandleFunc("/{tenant}/v2.0/adminconsent", s.adminConsent)
	mux.HandleFunc("/{tenant}/adminconsent", s.adminConsent)
	mux.HandleFunc("GET /{tenant}/oauth2/v2.0/logout", s.logout)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/logout", s.logout)
	return s.record(refusePreflights(s.cfg.Stats, mux))
}

// refusePreflights answers every CORS preflight without a single CORS
// header: Entra serves none, so a browser request that needs one (any
// non-safelisted header, a JSON body) fails before it is sent.
func refusePreflights(rec *stats.Recorder, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if httpx.IsPreflight(r) {
			rec.Preflight(r.URL.Path, false)
			w.Header().Set("Allow", "GET, POST")
			w.WriteHeader(http.StatusOK)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// record counts every request but preflights.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &httpx.StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if httpx.IsPreflight(r) {
			return
		}
		if sw.Status == 0 {
			sw.Status = http.StatusOK
		}
		route := r.Pattern
		if i := strings.IndexByte(route, ' '); i >= 0 {
			route = route[i+1:]
		}
		s.cfg.Stats.Request(r.Method, r.URL.Path, route, sw.Status)
		s.cfg.Logger.Debug("entra", "method", r.Method, "path", r.URL.Path, "status", sw.Status)
	})
}

// knownTenant accepts what Entra accepts for this single-tenant app: the
// tenant ID, its domain, or "organizations"/"common" (which resolve to it).
func knownTenant(tenant string) bool {
	switch strings.ToLower(tenant) {
	case demo.TenantID, strings.ToLower(demo.TenantDomain), "organizations", "common":
		return true
	}
	return false
}

// allowPublic sets `Access-Control-Allow-Origin: *`, as Entra does on its
// metadata endpoints.
func allowPublic(w http.ResponseWriter) { w.Header().Set("Access-Control-Allow-Origin", "*") }
