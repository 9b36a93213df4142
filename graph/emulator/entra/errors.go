package entra

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/httpx"
	"enrollassign/graph/emulator/internal/ids"
)

// aadError is an Entra refusal: an OAuth error string, an AADSTS number and
// its text. The same value is rendered three ways: token-endpoint JSON, an
// OAuth error on the redirect URI, or the emulator's own error page.
type aadError struct {
	status int    // HTTP status at the token endpoint
	oauth  string // "invalid_grant", "invalid_request", ...
	code   int    // 54005
	text   string // the sentence after "AADSTS54005: "
}

func (e aadError) Error() string { return fmt.Sprintf("AADSTS%d: %s", e.code, e.text) }

// described is the error as Entra words error_description: code, text, then
// trace and correlation IDs and a timestamp.
type described struct {
	aadError
	traceID, correlationID string
	at                     time.Time
}

func describe(e aadError, correlationID string, now time.Time) described {
	if correlationID == "" {
		correlationID = ids.NewUUID()
	}
	return described{aadError: e, traceID: ids.NewUUID(), correlationID: correlationID, at: now.UTC()}
}

func (d described) timestamp() string { return d.at.Format("2006-01-02 15:04:05Z") }

func (d described) description() string {
	return fmt.Sprintf("%s Trace ID: %s Correlation ID: %s Timestamp: %s",
		d.Error(), d.traceID, d.correlationID, d.timestamp())
}

// tokenErrorBody is Entra's error JSON.
type tokenErrorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri"`
}

func (d described) writeJSON(w http.ResponseWriter, errorHost string) {
	w.Header().Set("Cache-Control", "no-store, no-cache")
	httpx.JSON(w, d.status, "application/json; charset=utf-8", tokenErrorBody{
		Error: d.oauth, ErrorDescription: d.description(), ErrorCodes: []int{d.code},
		Timestamp: d.timestamp(), TraceID: d.traceID, CorrelationID: d.correlationID,
		ErrorURI: errorHost + "/error?code=" + strconv.Itoa(d.code),
	})
}

// The refusals this emulator reproduces, by AADSTS number.
func errTenantNotFound(tenant string) aadError {
	return aadError{400, "invalid_tenant", 90002, fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)}
}

func errMissingParameter(name string) aadError {
	return aadError{400, "invalid_request", 900144, fmt.Sprintf("The request body must contain the following parameter: '%s'.", name)}
}

func errUnknownApp(clientID string) aadError {
	return aadError{400, "unauthorized_client", 700016, fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", clientID, demo.TenantName)}
}

func errRedirectMismatch(uri, clientID string) aadError {
	return aadError{400, "invalid_request", 50011, fmt.Sprintf("The redirect URI '%s' specified in the request does not match the redirect URIs configured for the application '%s'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.", uri, clientID)}
}

func errPKCERequired() aadError {
	return aadError{400, "invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption."}
}

func errPKCEMethod(method string) aadError {
	return aadError{400, "invalid_request", 9002325, fmt.Sprintf("Proof Key for Code Exchange with code_challenge_method '%s' is not accepted: use S256.", method)}
}

func errChallengeSize() aadError {
	return aadError{400, "invalid_request", 501491, "Invalid size of Code_Challenge parameter."}
}

func errResponseType(rt string) aadError {
	return aadError{400, "unsupported_response_type", 700054, fmt.Sprintf("response_type '%s' is not enabled for the application.", rt)}
}

func errResponseMode(mode string) aadError {
	return aadError{400, "invalid_request", 900352, fmt.Sprintf("Invalid response_mode '%s'. Supported values are 'query', 'fragment' and 'form_post'.", mode)}
}

func errPrompt(prompt string) aadError {
	return aadError{400, "invalid_request", 90023, fmt.Sprintf("Unsupported 'prompt' value '%s'.", prompt)}
}

func errResource(resource string) aadError {
	return aadError{400, "invalid_resource", 500011, fmt.Sprintf("The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.", resource, demo.TenantName)}
}

func errPersonalAccount(upn, clientID, appName string) aadError {
	return aadError{400, "invalid_request", 50020, fmt.Sprintf("User account '%s' from identity provider 'live.com' does not exist in tenant '%s' and cannot access the application '%s'(%s) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.", upn, demo.TenantName, clientID, appName)}
}

func errConsent(oauth, clientID, appName string) aadError {
	return aadError{400, oauth, 65001, fmt.Sprintf("The user or administrator has not consented to use the application with ID '%s' named '%s'. Send an interactive authorization request for this user and resource.", clientID, appName)}
}

func errCancelled() aadError {
	return aadError{400, "access_denied", 65004, "User declined to consent to access the app."}
}

func errLoginRequired() aadError {
	return aadError{400, "login_required", 50058, "A silent sign-in request was sent but no user is signed in."}
}

func errCrossOriginNotSPA(origin string) aadError {
	return aadError{400, "invalid_request", 9002326, fmt.Sprintf("Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '%s'.", origin)}
}

func errSPANeedsOrigin() aadError {
	return aadError{400, "invalid_request", 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."}
}

func errVerifierMismatch() aadError {
	return aadError{400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."}
}

func errCodeRedeemed() aadError {
	return aadError{400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."}
}

func errCodeExpired() aadError {
	return aadError{400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."}
}

func errBadGrant(what string) aadError {
	return aadError{400, "invalid_grant", 9002313, fmt.Sprintf("Invalid request. Request is malformed or invalid: the %s is not valid.", what)}
}

func errGrantClient() aadError {
	return aadError{400, "invalid_grant", 70000, "The provided authorization code or refresh token was issued to a different client."}
}

func errRedirectChanged() aadError {
	return aadError{400, "invalid_grant", 500112, "The reply address does not match the reply address provided when requesting Authorization code."}
}

func errSPARefreshExpired(issued time.Time) aadError {
	return aadError{400, "invalid_grant", 700084, fmt.Sprintf("The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on %s.", issued.UTC().Format("2006-01-02T15:04:05.0000000Z"))}
}

func errRefreshExpired() aadError {
	return aadError{400, "invalid_grant", 700082, "The refresh token has expired due to inactivity. The token was issued long ago and was inactive for 90.00:00:00."}
}

func errGrantType(gt string) aadError {
	return aadError{400, "unsupported_grant_type", 70003, fmt.Sprintf("The app requested an unsupported grant type '%s'.", gt)}
}

func errPostOnly() aadError {
	return aadError{405, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a GET request."}
}
