package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"enrollassign/graph/cloud"
)

// ErrNotSignedIn is returned by Token and RenewToken when there is no
// session: never signed in in this tab, signed out, or ended by Entra.
var ErrNotSignedIn = errors.New("not signed in")

// ErrorKind sorts sign-in failures by what the user can do about them.
type ErrorKind int

// The kinds of sign-in failure. The AADSTS codes mapped to each are in kindByCode.
const (
	Other               ErrorKind = iota
	ConsentMissing                // 65001, 90094, 90095, or a feature's request refused: an admin must grant the permissions
	PersonalAccount               // 500200, or a token from the consumer tenant
	AccountNotInTenant            // 50020: an account of another organisation
	RedirectMismatch              // 50011, 500113
	Cancelled                     // access_denied / 65004: the user backed out
	CrossOriginNotSPA             // 9002326: redirect URI not registered as SPA
	MissingOrigin                 // 9002327: SPA code redeemed without Origin
	CodeRedeemed                  // 54005, 70008: the code was used or is stale
	VerifierMismatch              // 501481, 50148
	RefreshExpired                // 700084 (SPA 24 h limit), 700082, 70043
	InteractionRequired           // 50076, 50079, 50058, interaction_required
	UnknownApp                    // 700016
	UnknownTenant                 // 90002
	StateMismatch                 // the callback is not the one this tab started
	NonceMismatch                 // the ID token is not the one this sign-in asked for
	Network                       // fetch failed: CORS or redirect registration likely
	DeclinedScope                 // the token leaves out a permission asked for (MSAL: "declined scopes are present")
	IDTokenRefused                // the ID token's issuer, tenant or lifetime is not this tenant's or now
)

var kindNames = [...]string{
	Other: "other", ConsentMissing: "consent missing", PersonalAccount: "personal account",
	AccountNotInTenant: "account not in tenant", RedirectMismatch: "redirect URI mismatch",
	Cancelled: "cancelled", CrossOriginNotSPA: "redirect URI not a single-page application",
	MissingOrigin: "missing Origin", CodeRedeemed: "code already used", VerifierMismatch: "PKCE verifier mismatch",
	RefreshExpired: "session expired", InteractionRequired: "interaction required",
	UnknownApp: "unknown application", UnknownTenant: "unknown tenant", StateMismatch: "state mismatch",
	NonceMismatch: "nonce mismatch", Network: "network", DeclinedScope: "permission declined",
	IDTokenRefused: "ID token refused",
}

func (k ErrorKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// kindByCode maps Entra's AADSTS numbers to kinds.
var kindByCode = map[string]ErrorKind{
	"65001": ConsentMissing, "90094": ConsentMissing, "90095": ConsentMissing,
	"500200": PersonalAccount,
	"50020":  AccountNotInTenant,
	"50011":  RedirectMismatch, "500113": RedirectMismatch, "500112": RedirectMismatch,
	"65004":   Cancelled,
	"9002326": CrossOriginNotSPA,
	"9002327": MissingOrigin,
	"54005":   CodeRedeemed, "70008": CodeRedeemed,
	"501481": VerifierMismatch, "50148": VerifierMismatch,
	"700084": RefreshExpired, "700082": RefreshExpired, "70043": RefreshExpired,
	"50076": InteractionRequired, "50079": InteractionRequired, "50058": InteractionRequired,
	"700016": UnknownApp,
	"90002":  UnknownTenant,
}

// endsSession are the kinds after which the cached refresh token is useless:
// the session is dropped so the app shows "sign in again" instead of retrying.
func (k ErrorKind) endsSession() bool { return k == RefreshExpired || k == InteractionRequired }

// SignInError is a failure the user can read: Entra's own (Code is its
// AADSTS code) or one found here (state, nonce, network; Code empty).
type SignInError struct {
	Code        string // "AADSTS65001"
	Kind        ErrorKind
	Description string // Entra's error_description, or what was found here
	OAuthError  string // "invalid_grant", "access_denied", ...
	TraceID     string // what Microsoft support asks for
	Correlation string
	// Permissions are the Graph permissions in question: those declined,
	// or those the refused request asked for.
	Permissions []string
	// ForFeature marks the answer to a feature's request for more
	// permissions (SignInOptions.Permissions): the session goes on
	// without them.
	ForFeature bool
	app        appContext
	cause      error
	declined   []string // scopes MSAL named as declined
}

// appContext lets a hint name the settings that need changing.
type appContext struct {
	cloud                         cloud.Cloud
	clientID, tenant, redirectURI string
}

// AdminConsentURL is the link with which an administrator grants the
// permissions in question for the whole tenant; empty when none are.
func (e *SignInError) AdminConsentURL() string {
	if len(e.Permissions) == 0 || e.app.cloud.AuthorityURL == "" || !e.Kind.aboutConsent() {
		return ""
	}
	return AdminConsentURL(e.app.cloud, e.app.tenant, e.app.clientID, e.app.redirectURI, e.Permissions)
}

// aboutConsent are the kinds an administrator's consent may cure.
func (k ErrorKind) aboutConsent() bool {
	return k == ConsentMissing || k == DeclinedScope || k == InteractionRequired || k == Cancelled
}

func (e *SignInError) Error() string {
	msg := "sign-in failed: " + e.Kind.String()
	if e.Code != "" {
		msg += " (" + e.Code + ")"
	}
	if d := firstLine(e.Description); d != "" {
		msg += ": " + d
	}
	return msg
}

func (e *SignInError) Unwrap() error { return e.cause }

// Hint is the next step, in words an administrator can act on.
func (e *SignInError) Hint() string {
	a := e.app
	switch e.Kind {
	case ConsentMissing:
		return e.permissionWords() + " needs an administrator's consent, which has not been given. " + e.grantWords()
	case DeclinedScope:
		return "Entra answered without " + e.permissionWords() + ": the token does not carry it. " + e.grantWords()
	case IDTokenRefused:
		return "The identity token was refused (" + firstLine(e.Description) + "): it is not one this tenant issued for this sign-in, now. Nothing was kept. Check the cloud and tenant in Settings, and the device's clock, then sign in again."
	case PersonalAccount:
		return "Personal Microsoft accounts cannot manage Intune. Sign in with a work or school account of the tenant."
	case AccountNotInTenant:
		return "This account does not belong to tenant " + quote(a.tenant) + ". Sign in with an account of that tenant, or change the tenant in Settings."
	case RedirectMismatch:
		return "Add " + quote(a.redirectURI) + " as a redirect URI of app " + quote(a.clientID) + " under the Single-page application platform."
	case Cancelled:
		if len(e.Permissions) > 0 {
			return "Sign-in was cancelled. If Entra said the app needs admin approval, " + e.permissionWords() + " has not been granted. " + e.grantWords()
		}
		return "Sign-in was cancelled. Select Sign in to try again."
	case CrossOriginNotSPA:
		return "The redirect URI " + quote(a.redirectURI) + " is registered under the Web platform: move it to the Single-page application platform of the app registration."
	case MissingOrigin:
		return "The token request reached Entra without an Origin header. It must be sent by this page in the browser, not through a server or proxy that strips it."
	case CodeRedeemed:
		return "This sign-in response was already used or is too old. Sign in again."
	case VerifierMismatch:
		return "The sign-in response does not match the PKCE verifier kept by this tab (another tab started a sign-in, or its storage was cleared). Sign in again."
	case RefreshExpired:
		return "Your session reached its 24-hour limit (single-page apps cannot extend it). Sign in again; your drafts are kept."
	case InteractionRequired:
		if len(e.Permissions) > 0 {
			return "Entra wants you to sign in interactively again: multi-factor authentication, Conditional Access, or consent to " +
				e.permissionWords() + ". If it is consent: " + e.grantWords()
		}
		return "Your organisation asks you to sign in again (multi-factor authentication or Conditional Access)."
	case UnknownApp:
		return "Application " + quote(a.clientID) + " is not registered in tenant " + quote(a.tenant) + " of this cloud. Check the client ID, tenant and cloud in Settings."
	case UnknownTenant:
		return "Tenant " + quote(a.tenant) + " was not found in this cloud. Check the tenant ID or domain, and the cloud, in Settings."
	case StateMismatch:
		return "This sign-in response was not started by this tab, or started too long ago. It was ignored: sign in again."
	case NonceMismatch:
		return "The identity token does not belong to this sign-in and was refused. Sign in again."
	case Network:
		return "The sign-in service could not be reached. If the network is up, the browser probably blocked the response (CORS): register " +
			quote(a.redirectURI) + " under the Single-page application platform, and check the cloud in Settings."
	}
	if e.Code != "" || e.TraceID != "" {
		return "Sign-in failed. Give the error code and trace ID to your administrator."
	}
	return "Sign-in failed: " + firstLine(e.Description) + ". Try again; if it fails again, check the settings."
}

// permissionWords names the permissions in question and what they unlock:
// "GroupMember.Read.All (group names and group search)".
func (e *SignInError) permissionWords() string {
	permissions := e.Permissions
	if len(permissions) == 0 {
		permissions = DefaultPermissions()
	}
	words := make([]string, len(permissions))
	for i, p := range permissions {
		words[i] = p + " (" + PermissionOf(p).Unlocks + ")"
	}
	return strings.Join(words, " and ")
}

// grantWords says who can grant the permissions, how, and what follows.
func (e *SignInError) grantWords() string {
	next := "then sign in again."
	if e.ForFeature {
		next = "then ask again; until then the app does without it."
	}
	return "It can be granted for the whole tenant by " + WhoCanGrant +
		", with the admin consent link for this app or in the Entra admin center (Enterprise applications > Permissions); " + next
}

func quote(s string) string { return "\u201c" + s + "\u201d" }

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// entraError is the JSON body of Entra's error answers.
type entraError struct {
	Error         string `json:"error"`
	Description   string `json:"error_description"`
	Codes         []int  `json:"error_codes"`
	TraceID       string `json:"trace_id"`
	CorrelationID string `json:"correlation_id"`
	SubError      string `json:"suberror"`
}

var aadstsCode = regexp.MustCompile(`AADSTS(\d+)`)

// newEntraError classifies an OAuth error from Entra (a token endpoint body
// or the parameters of an error redirect).
func newEntraError(e entraError) *SignInError {
	number := ""
	if len(e.Codes) > 0 {
		number = strconv.Itoa(e.Codes[0])
	} else if m := aadstsCode.FindStringSubmatch(e.Description); m != nil {
		number = m[1]
	}
	out := &SignInError{Kind: kindOf(e.Error, e.SubError, number, e.Description), Description: e.Description,
		OAuthError: e.Error, TraceID: e.TraceID, Correlation: e.CorrelationID}
	if number != "" {
		out.Code = "AADSTS" + number
	}
	return out
}

func kindOf(oauthError, subError, number, description string) ErrorKind {
	if number == "50020" && strings.Contains(strings.ToLower(description), "live.com") {
		return PersonalAccount // a personal account tried a tenant's sign-in
	}
	if k, ok := kindByCode[number]; ok {
		return k
	}
	switch {
	case oauthError == "access_denied" || subError == "cancel":
		return Cancelled
	case oauthError == "interaction_required" || oauthError == "login_required":
		return InteractionRequired
	case oauthError == "consent_required":
		return ConsentMissing
	}
	return Other
}

// declinedScopes is how MSAL for Go (base.NewAuthResult) refuses a token
// answer that leaves out a scope it asked for; the scopes follow, joined
// with commas.
const declinedScopes = "declined scopes are present:"

// classify turns what MSAL returned into a *SignInError, ErrNotSignedIn, or
// (for the caller's own cancellation) the context error.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("signing in: %w", ctx.Err())
	}
	var call msalerrors.CallErr
	if errors.As(err, &call) {
		return fromCallErr(call)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) || errors.Is(err, context.DeadlineExceeded) {
		return &SignInError{Kind: Network, Description: err.Error(), cause: err}
	}
	if strings.Contains(err.Error(), "no token found") {
		return ErrNotSignedIn // MSAL has no refresh token for the account
	}
	if _, list, ok := strings.Cut(err.Error(), declinedScopes); ok {
		return &SignInError{Kind: DeclinedScope, Description: err.Error(), cause: err, declined: strings.Split(strings.TrimSpace(list), ",")}
	}
	return &SignInError{Kind: Other, Description: err.Error(), cause: err}
}

// fromCallErr reads Entra's error body, which MSAL leaves readable in Resp.
func fromCallErr(call msalerrors.CallErr) *SignInError {
	status := 0
	var body []byte
	if call.Resp != nil {
		status = call.Resp.StatusCode
		if call.Resp.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(call.Resp.Body, 64<<10))
		}
	}
	var e entraError
	if json.Unmarshal(body, &e) != nil || (e.Error == "" && e.Description == "") {
		return &SignInError{Kind: Other, Description: fmt.Sprintf("HTTP %d from the sign-in service", status), cause: call}
	}
	out := newEntraError(e)
	out.cause = call
	return out
}
