package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/cloud"
)

// callErr is what MSAL returns when Entra answers with an error body.
func callErr(status int, body string) error {
	resp := &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
	return fmt.Errorf("acquiring token: %w", msalerrors.CallErr{Resp: resp, Err: fmt.Errorf("http call error: %d", status)})
}

func entraBody(oauthError string, number int, text string) string {
	return string(mustJSON(entraError{Error: oauthError, Description: fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: tr\r\nCorrelation ID: co", number, text),
		Codes: []int{number}, TraceID: "tr", CorrelationID: "co"}))
}

func TestEachAADSTSCodeHasItsKind(t *testing.T) {
	cases := []struct {
		oauthError string
		number     int
		text       string
		want       ErrorKind
	}{
		{"invalid_grant", 65001, "The user or administrator has not consented to use the application.", ConsentMissing},
		{"invalid_grant", 90094, "Admin consent is required.", ConsentMissing},
		{"invalid_request", 500200, "User account is a personal Microsoft account.", PersonalAccount},
		{"invalid_request", 50020, "User account 'x@outlook.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.", PersonalAccount},
		{"invalid_request", 50020, "User account 'x@fabrikam.com' from identity provider 'https://sts.windows.net/x/' does not exist in tenant 'Contoso'.", AccountNotInTenant},
		{"invalid_request", 50011, "The redirect URI specified in the request does not match.", RedirectMismatch},
		{"invalid_request", 500113, "No reply address is registered for the application.", RedirectMismatch},
		{"access_denied", 65004, "User declined to consent to access the app.", Cancelled},
		{"invalid_request", 9002326, "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.", CrossOriginNotSPA},
		{"invalid_request", 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.", MissingOrigin},
		{"invalid_grant", 54005, "OAuth2 Authorization code was already redeemed.", CodeRedeemed},
		{"invalid_grant", 70008, "The provided authorization code or refresh token has expired.", CodeRedeemed},
		{"invalid_grant", 501481, "The Code_Verifier does not match the code_challenge.", VerifierMismatch},
		{"invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.", VerifierMismatch},
		{"invalid_grant", 700084, "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00.", RefreshExpired},
		{"invalid_grant", 700082, "The refresh token has expired due to inactivity.", RefreshExpired},
		{"invalid_grant", 50076, "Due to a configuration change made by your administrator you must use multi-factor authentication.", InteractionRequired},
		{"unauthorized_client", 700016, "Application with identifier 'x' was not found in the directory 'Contoso'.", UnknownApp},
		{"invalid_tenant", 90002, "Tenant 'nobody.example' not found.", UnknownTenant},
		{"invalid_request", 90014, "The required field 'x' is missing.", Other},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.number), func(t *testing.T) {
			err := classify(context.Background(), callErr(http.StatusBadRequest, entraBody(tc.oauthError, tc.number, tc.text)))
			var se *SignInError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.want, se.Kind)
			assert.Equal(t, fmt.Sprintf("AADSTS%d", tc.number), se.Code)
			assert.Equal(t, tc.oauthError, se.OAuthError)
			assert.Equal(t, "tr", se.TraceID)
			assert.Equal(t, "co", se.Correlation)
			assert.Contains(t, se.Error(), se.Code)
			assert.NotContains(t, se.Error(), "Trace ID", "one line for the title; the rest stays in Description")
		})
	}
}

func TestCodeReadFromTheDescriptionWhenThereIsNoList(t *testing.T) {
	e := newEntraError(entraError{Error: "invalid_grant", Description: "AADSTS700084: The refresh token was issued to a single page app."})
	assert.Equal(t, "AADSTS700084", e.Code)
	assert.Equal(t, RefreshExpired, e.Kind)
}

func TestOAuthErrorsWithoutACode(t *testing.T) {
	cases := []struct {
		e    entraError
		want ErrorKind
	}{
		{entraError{Error: "access_denied"}, Cancelled},
		{entraError{Error: "invalid_request", SubError: "cancel"}, Cancelled},
		{entraError{Error: "interaction_required"}, InteractionRequired},
		{entraError{Error: "login_required"}, InteractionRequired},
		{entraError{Error: "consent_required"}, ConsentMissing},
		{entraError{Error: "server_error"}, Other},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, newEntraError(tc.e).Kind, tc.e.Error)
	}
}

func TestClassifyTransportFailures(t *testing.T) {
	fetchFailed := fmt.Errorf("server response error:\n %w", &url.Error{Op: "Post", URL: "https://login.microsoftonline.com/x/oauth2/v2.0/token",
		Err: errors.New("net/http: fetch() failed: TypeError: Failed to fetch")})
	var se *SignInError
	require.ErrorAs(t, classify(context.Background(), fetchFailed), &se)
	assert.Equal(t, Network, se.Kind)
	assert.ErrorIs(t, se, fetchFailed, "the cause stays reachable")

	require.ErrorAs(t, classify(context.Background(), callErr(http.StatusBadGateway, "<html>bad gateway</html>")), &se)
	assert.Equal(t, Other, se.Kind)
	assert.Contains(t, se.Description, "502")

	assert.ErrorIs(t, classify(context.Background(), errors.New("no token found")), ErrNotSignedIn)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := classify(ctx, fetchFailed)
	assert.ErrorIs(t, err, context.Canceled, "the caller's own cancellation is not a sign-in failure")
	assert.False(t, errors.As(err, &se))

	assert.NoError(t, classify(context.Background(), nil))
}

func TestEveryKindHasItsOwnHint(t *testing.T) {
	app := appContext{clientID: "app-id", tenant: "contoso.example", redirectURI: "http://127.0.0.1:8000/"}
	seen := map[string]ErrorKind{}
	for k := Other; k <= IDTokenRefused; k++ {
		e := &SignInError{Kind: k, app: app}
		hint := e.Hint()
		require.NotEmpty(t, hint, k.String())
		if prev, dup := seen[hint]; dup {
			t.Errorf("%v and %v share a hint", prev, k)
		}
		seen[hint] = k
		assert.NotContains(t, k.String(), "kind ", "every kind is named")
	}
	redirect := &SignInError{Kind: RedirectMismatch, app: app}
	assert.Contains(t, redirect.Hint(), "http://127.0.0.1:8000/")
	assert.Contains(t, redirect.Hint(), "Single-page application")
	consent := &SignInError{Kind: ConsentMissing, app: app}
	assert.Contains(t, consent.Hint(), ScopeDeviceManagementServiceConfig)
}

func TestConsentRefusalsSayWhatWhoAndHow(t *testing.T) {
	app := appContext{cloud: cloud.Global, clientID: "app-id", tenant: "contoso.example", redirectURI: "https://app.example/"}
	for _, k := range []ErrorKind{ConsentMissing, DeclinedScope, InteractionRequired, Cancelled} {
		e := &SignInError{Kind: k, app: app, Permissions: []string{ScopeGroupMemberRead}, ForFeature: true}
		hint := e.Hint()
		assert.Contains(t, hint, ScopeGroupMemberRead, "%v names the permission", k)
		assert.Contains(t, hint, "group names and group search", "%v says what it unlocks", k)
		assert.Contains(t, hint, "Cloud Application Administrator", "%v says who can grant it", k)
		assert.Contains(t, hint, "until then the app does without it", k.String())
		assert.Equal(t, "https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=app-id"+
			"&redirect_uri=https%3A%2F%2Fapp.example%2F&scope=https%3A%2F%2Fgraph.microsoft.com%2FGroupMember.Read.All", e.AdminConsentURL())
	}
	assert.Empty(t, (&SignInError{Kind: Network, app: app, Permissions: []string{ScopeGroupMemberRead}}).AdminConsentURL(), "no consent can cure a network failure")
	signIn := &SignInError{Kind: ConsentMissing, app: app}
	assert.Contains(t, signIn.Hint(), "then sign in again")
}

func TestDeclinedScopesNameThePermission(t *testing.T) {
	declined := errors.New("token response failed because declined scopes are present: https://graph.microsoft.com/GroupMember.Read.All")
	var se *SignInError
	require.ErrorAs(t, classify(context.Background(), declined), &se)
	assert.Equal(t, DeclinedScope, se.Kind)
	assert.Equal(t, []string{"https://graph.microsoft.com/GroupMember.Read.All"}, se.declined)
	assert.Equal(t, []string{ScopeGroupMemberRead}, permissionsOfScopes(cloud.Global, se.declined))
}

func TestAHintWithoutCodeOrTraceDoesNotAskForThem(t *testing.T) {
	bare := &SignInError{Kind: Other, Description: "something odd"}
	assert.NotContains(t, bare.Hint(), "trace ID")
	assert.Contains(t, bare.Hint(), "something odd")
	coded := &SignInError{Kind: Other, Code: "AADSTS1234", TraceID: "t-1"}
	assert.Contains(t, coded.Hint(), "trace ID")
}
