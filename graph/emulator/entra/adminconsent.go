package entra

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"enrollassign/graph/emulator/demo"
)

// adminRequest is a validated request to the admin consent endpoint.
type adminRequest struct {
	tenant      string
	app         demo.App
	redirectURI string
	state       string
	permissions []string
	params      url.Values
}

// adminConsent serves the tenant-wide admin consent endpoint, v2.0
// (/{tenant}/v2.0/adminconsent, scope required) and v1
// (/{tenant}/adminconsent, the app's configured permissions): a page to
// sign in as an administrator, then back to the redirect URI with
// admin_consent=True&tenant=…&scope=…&state=…, or error=access_denied&
// error_subcode=cancel. A user who may not grant tenant-wide consent is
// refused on Entra's own page.
func (s *Server) adminConsent(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		s.errorPage(w, r, errPostOnly())
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, errMissingParameter("client_id"))
		return
	}
	req, e := s.parseAdminConsent(r)
	if e != nil {
		s.errorPage(w, r, *e)
		return
	}
	switch upn := r.PostForm.Get("upn"); {
	case r.PostForm.Has("cancel"):
		s.adminAnswer(w, r, req, url.Values{"error": {"access_denied"}, "error_subcode": {"cancel"}})
	case r.Method == http.MethodPost && upn != "":
		s.adminGrant(w, r, req, upn)
	default:
		s.adminConsentPage(w, r, req)
	}
}

func (s *Server) parseAdminConsent(r *http.Request) (adminRequest, *aadError) {
	f := r.Form
	req := adminRequest{tenant: r.PathValue("tenant"), redirectURI: f.Get("redirect_uri"), state: f.Get("state"), params: f}
	fail := func(e aadError) (adminRequest, *aadError) { return req, &e }
	if !knownTenant(req.tenant) {
		return fail(errTenantNotFound(req.tenant))
	}
	app, ok := findApp(f.Get("client_id"))
	switch {
	case f.Get("client_id") == "":
		return fail(errMissingParameter("client_id"))
	case !ok:
		return fail(errUnknownApp(f.Get("client_id")))
	case req.redirectURI == "":
		return fail(errMissingParameter("redirect_uri"))
	case s.platformOf(app, req.redirectURI) == unregistered:
		return fail(errRedirectMismatch(req.redirectURI, app.ClientID))
	}
	req.app = app
	scopes, e := parseScopes(f.Get("scope"))
	if e != nil {
		return req, e
	}
	req.permissions = scopes.graph
	if len(req.permissions) == 0 || (len(req.permissions) == 1 && req.permissions[0] == ".default") {
		if strings.Contains(r.URL.Path, "/v2.0/") && f.Get("scope") == "" {
			return fail(errMissingParameter("scope"))
		}
		req.permissions = app.Consented // the app's configured permissions
	}
	return req, nil
}

// adminGrant records the consent of an administrator who may give it.
func (s *Server) adminGrant(w http.ResponseWriter, r *http.Request, req adminRequest, upn string) {
	user, ok := demo.FindUser(upn)
	if !ok || !user.ConsentAdmin {
		s.errorPage(w, r, errAdminConsentNeeded(upn))
		return
	}
	s.grantAll(req.app.ClientID, req.permissions)
	scopes := make([]string, len(req.permissions))
	for i, p := range req.permissions {
		scopes[i] = GraphResource + "/" + p
	}
	s.adminAnswer(w, r, req, url.Values{"admin_consent": {"True"}, "tenant": {demo.TenantID}, "scope": {strings.Join(scopes, " ")}})
}

// adminAnswer returns to the redirect URI, in the query, with the state.
func (s *Server) adminAnswer(w http.ResponseWriter, r *http.Request, req adminRequest, params url.Values) {
	if req.state != "" {
		params.Set("state", req.state)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.queryRedirect(w, r, req.redirectURI, req.app.ClientID, params)
}

// adminConsentPage lists the demo users, to sign in as the administrator
// who grants the permissions.
func (s *Server) adminConsentPage(w http.ResponseWriter, r *http.Request, req adminRequest) {
	data := pageData{Mode: "adminconsent", Action: r.URL.Path, AppName: req.app.Name, TenantName: demo.TenantName,
		Hidden: hidden(req.params), Permissions: strings.Join(req.permissions, ", ")}
	for i, u := range demo.Users() {
		data.Users = append(data.Users, pageUser{Key: "user" + strconv.Itoa(i), UPN: u.UPN, Name: u.Name, Role: u.Role})
	}
	s.render(w, http.StatusOK, data)
}
