// Package emulator is a local Microsoft Entra ID and Microsoft Graph for the
// demo mode and for every test: two loopback origins (so CORS is real),
// plain HTTP by default or TLS on request, a seeded demo tenant, and the
// services' strictness — token checks, schema validation, throttling at
// Intune's limits, Entra's single-page-app rules — so that what would break
// against Microsoft breaks here first.
//
// # Starting it
//
//	emu := emulator.StartTest(t, emulator.Options{SPARedirectURIs: []string{appURL}}) // random ports, closed by t.Cleanup
//	emu, err := emulator.Start(emulator.Options{SPARedirectURIs: []string{"http://127.0.0.1:8000/"}}) // 127.0.0.1:8001 and :8002
//
// MSAL is given Authority() (https://{entra host}/{tenant}). Over plain
// HTTP the OpenID configuration advertises that https issuer while its
// endpoints are the reachable http URLs; the app's loopback bridge turns the
// https authority into http. Under TLS everything is https and CertPool
// trusts the generated certificate.
//
// # The demo tenant
//
// Users (buttons on the sign-in page, named by UPN): AdminUPN (Intune
// administrator; token scp DeviceManagementServiceConfig.ReadWrite.All
// GroupMember.Read.All User.Read), ReaderUPN (…ServiceConfig.Read.All
// GroupMember.Read.All), HelpdeskUPN (GroupMember.Read.All User.Read: no
// Intune permission), NoConsentUPN (AADSTS65001), PersonalUPN (AADSTS50020).
// A user's token carries only their own permissions, while the token
// response's `scope` names what the app asked for (MSAL refuses a response
// that declines a requested scope); Graph decides on the token.
//
// Apps: DemoClientID (single-page application with the redirect URIs given,
// plus public-client redirects http://localhost on any port) and
// OtherClientID (a second public client, to spend the tenant's shared
// throttling budget from another app).
//
// Data: 34 groups (DemoGroupID("Sales Laptops")), 19 configurations of the
// four kinds including the four defaults (priority 0, IDs ending
// `_Default…`), assignments of every target kind with composite IDs
// `{configurationId}_{groupId}` (the virtual group IDs for "all users" and
// "all devices", the collection ID for a collection), some with beta-only
// assignment filters. Same IDs on every start.
//
// # Test endpoints, on the Graph origin
//
//	GET  /_emulator/state         {"value":[configurations with assignments, beta shape], "groups":[...]}
//	PUT  /_emulator/state         the same shape: replaces the configurations (and groups, when given);
//	                              each must name one of the four subtypes in @odata.type and carry only
//	                              its type's properties, or the whole PUT is refused (400)
//	GET  /_emulator/stats         Graph counts, Entra's under "entra" (see stats.Snapshot):
//	                              requests and routes by "METHOD /path", statuses, preflights and
//	                              preflightsRefused by path, throttled (429s), earlyRetries, writes,
//	                              batchItems, injected by status, dropped
//	POST /_emulator/stats/reset   zero the counts and the request log
//	GET  /_emulator/requests      {"value":[recent Graph requests: method, path, query, headers
//	                              (tokens redacted), body, status, inBatch, serviceMicros]}
//	GET  /_emulator/faults        the switches below
//	POST /_emulator/faults        change only the switches named; errorRates merge by status:
//	                              {"latencyMinMs":0,"latencyMaxMs":0,"errorRates":{"429":0,"500":0,"502":0,"503":0,"504":0},
//	                               "dropRate":0,"dropAfterRate":0,"retryAfterMs":2128,"seed":1,"throttling":true,
//	                               "exposeRetryAfter":false,"mode":"documented","timeScale":1,"pageSize":25}
//	POST /_emulator/reset         seeded data, start switches, empty windows, zero counts, clock offset gone
//	GET  /_emulator/clock         {"now":...,"offset":"0s"}
//	POST /_emulator/clock         {"advance":"2h"}: tokens expire, the SPA refresh cap passes
//	                              (the offset stops at clock.MaxOffset, a century)
//	POST /_emulator/token         {"upn":...,"clientId":...}: an access token without a sign-in
//	POST /_emulator/spa-redirect-uris {"uri":...}: register one more SPA redirect URI
//
// dropRate closes the connection before the request is handled; dropAfterRate
// handles it (a write happens) and then closes without an answer.
//
// They answer requests without an Origin (tests, curl) and the app's own page
// (the origin of a registered SPA redirect URI, with CORS); a page of any
// other origin gets 403 before anything is done.
//
// # Behaviours worth knowing
//
//   - Sign-in sets a session cookie on the Entra origin: prompt=none and no
//     prompt sign in silently while it lasts; prompt=login or
//     select_account, or a login_hint naming someone else, show the page;
//     the logout endpoint ends it.
//   - Throttling: per tenant and per app (the token's appid), writes and all
//     requests counted apart, sliding window of 20 s × timeScale, each
//     $batch item counted. A request of an app that comes back before the
//     Retry-After it was given is an early retry: counted, refused, and the
//     delay starts again. Items of one $batch are never early because of a
//     sibling's 429 (the client could not have seen it); concurrent
//     top-level requests cannot be told apart and may be.
//   - Mode "as-reported": PATCH, POST and DELETE under .../assignments
//     answer 400 "No method match route template"; only `assign` writes.
//   - v1.0 shows and accepts only v1.0 properties; beta shows and keeps
//     assignment filters and source. A v1.0 PATCH replaces the target whole,
//     so a filter set through beta is lost, as on the shared backend. Beta
//     shows what was never set as the service's defaults (source "direct",
//     sourceId null, filter ID null, filter type "none"); writing a default
//     or a null back stores "never set".
//   - Configuration lists page at pageSize (default 25) with
//     @odata.nextLink; $top asks for smaller pages.
package emulator
