package entra

import (
	"net/http"
	"strings"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/httpx"
	"enrollassign/graph/emulator/token"
)

const jsonType = "application/json; charset=utf-8"

// openIDConfiguration is the tenant's discovery document. The issuer and
// the endpoints are URLs of the origin it is served from (see Issuer), http
// when the emulator serves plain HTTP. For "organizations" and "common" the
// issuer carries the literal "{tenantid}" placeholder, as Entra's does.
func (s *Server) openIDConfiguration(w http.ResponseWriter, r *http.Request) {
	allowPublic(w)
	tenant := r.PathValue("tenant")
	if !knownTenant(tenant) {
		describe(errTenantNotFound(tenant), r.Header.Get("client-request-id"), s.cfg.Now()).writeJSON(w, s.BaseURL())
		return
	}
	issuer := s.Issuer()
	switch strings.ToLower(tenant) {
	case "organizations", "common":
		issuer = strings.Replace(issuer, demo.TenantID, "{tenantid}", 1)
	}
	base := s.BaseURL() + "/" + tenant
	httpx.JSON(w, http.StatusOK, jsonType, map[string]any{
		"issuer":                                issuer,
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"jwks_uri":                              s.BaseURL() + "/" + tenant + "/discovery/v2.0/keys",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"response_types_supported":              []string{"code"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "nbf", "name", "nonce", "oid", "preferred_username", "tid", "ver"},
		"request_uri_parameter_supported":       false,
		"frontchannel_logout_supported":         true,
		"http_logout_supported":                 true,
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
	})
}

// keys is the JSON Web Key Set tokens are checked against.
func (s *Server) keys(w http.ResponseWriter, r *http.Request) {
	allowPublic(w)
	if !knownTenant(r.PathValue("tenant")) {
		describe(errTenantNotFound(r.PathValue("tenant")), "", s.cfg.Now()).writeJSON(w, s.BaseURL())
		return
	}
	httpx.JSON(w, http.StatusOK, jsonType, map[string][]token.JWK{"keys": {s.cfg.Key.JWK(s.Issuer())}})
}

// instanceDiscovery answers MSAL's instance discovery for this host: the
// tenant discovery endpoint and the host as its own only alias.
func (s *Server) instanceDiscovery(w http.ResponseWriter, r *http.Request) {
	allowPublic(w)
	tenant := demo.TenantID
	if ep := r.URL.Query().Get("authorization_endpoint"); ep != "" {
		if t, ok := tenantOf(ep); ok {
			tenant = t
		}
	}
	host := s.cfg.Addr
	httpx.JSON(w, http.StatusOK, jsonType, map[string]any{
		"tenant_discovery_endpoint": s.BaseURL() + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{
			"preferred_network": host, "preferred_cache": host, "aliases": []string{host},
		}},
	})
}

// tenantOf finds the tenant segment of an authorize endpoint URL.
func tenantOf(endpoint string) (string, bool) {
	rest, ok := strings.CutPrefix(endpoint, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(endpoint, "http://")
	}
	if !ok {
		return "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || parts[1] == "" {
		return "", false
	}
	return parts[1], true
}
