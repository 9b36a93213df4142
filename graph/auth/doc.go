// Package auth signs an administrator in from the browser with MSAL for Go:
// authorization code + PKCE through a full-page redirect, the token cache in
// sessionStorage, silent renewal, and sign-out.
//
// It knows nothing of go-app or syscall/js: the page hands it a Storage (the
// tab's sessionStorage) and the URL it was loaded with, and navigates to the
// URLs it returns. That keeps every rule here testable natively with fakes.
//
// The flow, as the app drives it:
//
//	s, _ := auth.New(cfg)
//	if auth.IsCallback(pageURL) {
//		acct, err := s.CompleteSignIn(ctx, pageURL) // then history.replaceState
//	}
//	authorizeURL, _ := s.BeginSignIn(ctx, auth.SignInOptions{}) // navigate there
//	s.Has(auth.ScopeGroupMemberRead) // from the last token's scopes
//	authorizeURL, _ = s.BeginSignIn(ctx, auth.SignInOptions{Permissions: []string{auth.ScopeGroupMemberRead}})
//	token, _ := s.Token(ctx)      // graph.TokenSource
//	token, _ = s.RenewToken(ctx, token) // graph.TokenRenewer, after a 401
//	logoutURL, _ := s.SignOut(ctx) // navigate there
//
// # What MSAL for Go v1.10.1 does, read in its source
//
//   - public.New refuses an authority that is not https. With instance
//     discovery off (or for a host on its trusted list, which holds the
//     national clouds' sign-in hosts) it GETs
//     {authority}/v2.0/.well-known/openid-configuration, then checks that the
//     document's issuer has the authority's scheme and host. AuthCodeURL
//     already makes that request. A provider served over http on loopback
//     (the demo cloud) advertises an http issuer, as the standard requires:
//     LoopbackBridge, for that host only, sends MSAL's https as http and
//     translates the issuer MSAL reads. A real cloud is never bridged.
//   - AuthCodeURL sends only the scopes it is given: openid, profile and
//     offline_access are added by MSAL to token requests but not to the
//     authorize URL (its own interactive flow adds them itself), so
//     BeginSignIn adds them. It has no option for PKCE, state, nonce or
//     response_mode; they are added to the URL it returns.
//   - public.WithChallenge takes the code *verifier*, sent as code_verifier.
//   - Every request carries client-request-id, Return-Client-Request-Id and
//     x-client-sku/-ver/-os/-cpu (comm.addStdHeaders); see SimpleRequests.
//   - An access token within five minutes of expiry (or past refresh_in) is
//     not used: AcquireTokenSilent redeems the refresh token instead, reading
//     the wall clock itself. There is no "force refresh" for public clients;
//     WithClaims bypasses cached tokens but sends a claims challenge. See
//     RenewToken.
//   - The cache accessor (cache.ExportReplace) is called around every
//     operation: Replace before, Export after a write. Unmarshal replaces the
//     whole in-memory cache.
//   - Entra's error answers come back as errors.CallErr whose Resp.Body is
//     still readable; transport failures as "server response error" wrapping
//     a *url.Error. Calls without a deadline get a 30-second timeout.
//   - A token answer whose scope lacks one asked for is refused ("declined
//     scopes are present"): a DeclinedScope error names the permission.
//   - MSAL checks nothing of the ID token. This package checks its nonce,
//     audience, issuer (the tenant's, from the discovery document as
//     served), tenant (the configured one; a domain resolved through that
//     document) and lifetime (five minutes of skew); a refused token leaves
//     nothing stored.
//
// # Permissions
//
// Permissions lists every Graph permission the app can use. Sign-in asks
// only for the one the app cannot work without; a feature asks for its own
// the first time it is used (SignInOptions.Permissions: incremental
// consent, a full-page redirect like sign-in), and does without it until
// then. Granted and Has read the last token's scopes. A refusal names the
// permission, who can grant it (WhoCanGrant) and the tenant's admin
// consent link for this app (SignInError.AdminConsentURL); ForFeature marks
// a refusal the signed-in session survives.
package auth
