package entra

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"enrollassign/graph/emulator/demo"
)

// The pages are plain HTML forms: no script, so they work in any browser,
// headless included, and each demo user is a <button> whose text, and so
// whose accessible name, is exactly the user principal name.
var pages = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account</title>
<style>
body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
ul{list-style:none;padding:0}li{margin:.6rem 0}
button{font:inherit;padding:.4rem .8rem;cursor:pointer}
.who{display:block;color:#555;font-size:.9em}
.note{color:#a4262c}
</style>
</head>
<body>
<main>
{{if .Error}}
<h1>Sign in</h1>
<p>Sorry, but we're having trouble signing you in.</p>
<p id="error" role="alert">{{.Error}}</p>
<p>Trace ID: {{.TraceID}}<br>Correlation ID: {{.CorrelationID}}<br>Timestamp: {{.Timestamp}}</p>
{{else if .SignedOut}}
<h1>You signed out of your account</h1>
<p>It's a good idea to close all browser windows.</p>
{{else if eq .Mode "approval"}}
<h1>Need admin approval</h1>
<p>{{.Account}}</p>
<p><strong>{{.AppName}}</strong> needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<p>Permissions it asks for: <span id="permissions">{{.Permissions}}</span></p>
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p><button type="submit" name="login" value="1">Have an admin account? Sign in with that account</button></p>
<p><button type="submit" name="return" value="1">Return to the application without granting consent</button></p>
</form>
{{else if eq .Mode "consent"}}
<h1>Permissions requested</h1>
<p>{{.Account}}</p>
<p><strong>{{.AppName}}</strong> &middot; {{.TenantName}}</p>
<p>This app would like to: <span id="permissions">{{.Permissions}}</span></p>
<p>Accepting consents on behalf of your organization: every user of the tenant gets these permissions for the app.</p>
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<button type="submit" name="accept" value="1">Accept</button>
<button type="submit" name="cancel" value="1">Cancel</button>
</form>
{{else if .FormPost}}
<h1>Continue to the application</h1>
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<button type="submit">Continue</button>
</form>
{{else}}
<h1>{{if eq .Mode "adminconsent"}}Grant admin consent: sign in as an administrator{{else if eq .Prompt "select_account"}}Pick an account{{else}}Sign in{{end}}</h1>
<p>to continue to <strong>{{.AppName}}</strong> &middot; {{.TenantName}} (emulated Microsoft Entra ID)</p>
{{if .UnknownHint}}<p class="note" role="alert">We couldn't find an account with the username {{.UnknownHint}}.</p>{{end}}
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<ul>
{{range .Users}}<li><button type="submit" name="upn" value="{{.UPN}}" aria-describedby="{{.Key}}"{{if .Hinted}} autofocus{{end}}>{{.UPN}}</button><span class="who" id="{{.Key}}">{{.Name}} &middot; {{.Role}}</span></li>
{{end}}</ul>
<p>Permissions requested: {{.Permissions}}</p>
<button type="submit" name="cancel" value="1">Cancel</button>
</form>
{{end}}
</main>
</body>
</html>
`))

type pageUser struct {
	Key, UPN, Name, Role string
	Hinted               bool
}

type hiddenField struct{ Name, Value string }

type pageData struct {
	Error, TraceID, CorrelationID, Timestamp string
	SignedOut, FormPost                      bool
	// Mode is the page after the sign-in page: "approval" (Need admin
	// approval), "consent" (the consent prompt) or "adminconsent" (the
	// admin consent endpoint's sign-in).
	Mode, Account string

	Action, Prompt, AppName, TenantName, UnknownHint, Permissions string
	Hidden                                                        []hiddenField
	Users                                                         []pageUser
}

func (s *Server) render(w http.ResponseWriter, status int, data pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = pages.Execute(w, data)
}

// signInPage lists the demo users; a login_hint puts its user first with
// the focus.
func (s *Server) signInPage(w http.ResponseWriter, req authRequest) {
	data := pageData{
		Action: "/" + req.tenant + "/oauth2/v2.0/authorize", Prompt: req.prompt,
		AppName: req.app.Name, TenantName: demo.TenantName, Hidden: hidden(req.params),
		Permissions: strings.Join(append(append([]string{}, req.scopes.graph...), req.scopes.oidc...), ", "),
	}
	hintFound := false
	for i, u := range demo.Users() {
		hinted := req.loginHint != "" && strings.EqualFold(req.loginHint, u.UPN)
		hintFound = hintFound || hinted
		data.Users = append(data.Users, pageUser{Key: "user" + strconv.Itoa(i), UPN: u.UPN, Name: u.Name, Role: u.Role, Hinted: hinted})
	}
	sort.SliceStable(data.Users, func(i, j int) bool { return data.Users[i].Hinted && !data.Users[j].Hinted })
	if req.loginHint != "" && !hintFound {
		data.UnknownHint = req.loginHint
	}
	s.render(w, http.StatusOK, data)
}

// approvalPage is "Need admin approval": the user may not grant consent
// for what the app asks (AADSTS90094; wording from public reports).
func (s *Server) approvalPage(w http.ResponseWriter, req authRequest, user demo.User, missing []string) {
	s.render(w, http.StatusOK, s.followUp("approval", req, user, missing, false))
}

// consentPage is the consent prompt shown to a user who may grant
// tenant-wide consent; Accept grants it for the organization.
func (s *Server) consentPage(w http.ResponseWriter, req authRequest, user demo.User, missing []string) {
	s.render(w, http.StatusOK, s.followUp("consent", req, user, missing, true))
}

// followUp is a page after the sign-in page: its form carries the request
// and, when keepUser is set, who signed in.
func (s *Server) followUp(mode string, req authRequest, user demo.User, missing []string, keepUser bool) pageData {
	data := pageData{Mode: mode, Account: user.UPN, Action: "/" + req.tenant + "/oauth2/v2.0/authorize",
		AppName: req.app.Name, TenantName: demo.TenantName, Hidden: hidden(req.params),
		Permissions: strings.Join(missing, ", ")}
	if keepUser {
		data.Hidden = append(data.Hidden, hiddenField{"upn", user.UPN})
	}
	return data
}

// errorPage shows an error Entra does not send back to the app.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, e aadError) {
	d := describe(e, r.Header.Get("client-request-id"), s.cfg.Now())
	s.render(w, e.status, pageData{Error: d.Error(), TraceID: d.traceID, CorrelationID: d.correlationID, Timestamp: d.timestamp()})
}

func (s *Server) signedOutPage(w http.ResponseWriter) {
	s.render(w, http.StatusOK, pageData{SignedOut: true})
}

// formPostPage returns the answer as a form the user submits to the app
// (response_mode=form_post, without script).
func (s *Server) formPostPage(w http.ResponseWriter, action string, params url.Values) {
	s.render(w, http.StatusOK, pageData{FormPost: true, Action: action, Hidden: hidden(params)})
}

// pageAnswers are the pages' own fields, never carried to the next page.
var pageAnswers = map[string]bool{"upn": true, "cancel": true, "accept": true, "return": true, "login": true}

// hidden carries the request's parameters through the page's form, minus
// the page's own answers.
func hidden(params url.Values) []hiddenField {
	keys := make([]string, 0, len(params))
	for k := range params {
		if !pageAnswers[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []hiddenField
	for _, k := range keys {
		for _, v := range params[k] {
			out = append(out, hiddenField{k, v})
		}
	}
	return out
}
