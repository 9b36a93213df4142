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
// The discovery document's issuer is the URL it is served from, as OpenID
// Connect Discovery requires: http over plain HTTP, like the endpoints and
// the tokens' iss. MSAL for Go takes only an https authority whose issuer
// has its scheme, so over plain HTTP it needs the app's loopback bridge
// (graph/auth translates, for that one host, what MSAL needs); under TLS
// MSAL takes Authority() as it is and CertPool trusts the certificate.
//
// # The demo tenant
//
// Users (buttons on the sign-in page, named by UPN): AdminUPN (Intune
// administrator who may grant tenant-wide consent), ReaderUPN (Intune Read
// Only Operator: Intune answers its writes with 403), HelpdeskUPN (no
// Intune role: Intune refuses even reads), NoConsentUPN (Intune
// administrator who may not grant consent), PersonalUPN (AADSTS50020).
//
// Consent is per app and Graph permission, tenant-wide, as Entra keeps it:
// at start DeviceManagementServiceConfig.ReadWrite.All,
// GroupMember.Read.All, DeviceManagementConfiguration.Read.All and
// User.ReadBasic.All are granted to both apps. Every token carries in
// scp, and its answer in scope, every permission granted — asked for or
// not, whatever the user's role (Intune decides on the role, Entra does not
// narrow the token); a granted one is never left out. A request naming a
// permission nobody granted gets: with prompt=none, consent_required
// (AADSTS65001) on the redirect URI; for a user who may grant consent, the
// consent prompt (Accept grants it for the tenant); for anyone else "Need
// admin approval" (AADSTS90094), whose "Return to the application without
// granting consent" answers error=access_denied&error_subcode=cancel; at
// the token endpoint, invalid_grant AADSTS65001 (suberror
// consent_required). A permission set to "declined" passes /authorize but
// is left out of the answer, which MSAL refuses. The admin consent endpoint
// (/{tenant}/v2.0/adminconsent, and v1's /{tenant}/adminconsent) signs an
// administrator in, grants, and answers admin_consent=True&tenant&scope.
//
// Apps: DemoClientID (single-page application with the redirect URIs given,
// plus public-client redirects http://localhost on any port) and
// OtherClientID (a second public client, to spend the tenant's shared
// throttling budget from another app).
//
// Data: 304 users (DemoPersonID("Aaron Chen")): the four organisational
// sign-in users and 300 generated people, first.last@ the demo domain,
// each with id, displayName, givenName, surname, userPrincipalName, mail.
// 38 groups (DemoGroupID("Sales Laptops")): assigned and dynamic security
// groups and Microsoft 365 groups (groupTypes, securityEnabled,
// mailEnabled), each with its members (users of the directory or devices,
// some with nested groups three levels and more deep: All Staff ⊃ Pilot
// Users ⊃ IT Admins ⊃ Intune Admins (admin and newhire), All Staff ⊃
// Executives ⊃ Board Members, All Staff ⊃ Research and Development ⊃
// macOS Engineering, All Corporate Devices ⊃ Windows 11 Ring 1 ⊃ Ring 0;
// Pilot Users holds 18 members in all; an office's people are in no other
// office; Interns is empty), 19 configurations of the
// four kinds including the four defaults (priority 0, IDs ending
// `_Default…`), assignments of every target kind with composite IDs
// `{configurationId}_{groupId}` (the virtual group IDs for "all users" and
// "all devices", the collection ID for a collection), some with beta-only
// assignment filters. Seven assignment filters (FilterWindowsCorporate,
// which seeded targets carry, and one more for Windows, one each for iOS
// and macOS, two for Android and one for managed apps). Same IDs on every
// start.
//
// # Test endpoints, on the Graph origin
//
//	GET  /_emulator/state         {"value":[configurations with assignments, beta shape], "groups":[...],
//	                              "users":[...], "assignmentFilters":[...]} (each group with its direct
//	                              "members": [{"@odata.type","id"}], which Graph never shows as a property)
//	PUT  /_emulator/state         the same shape: replaces the configurations (and groups, users and filters,
//	                              when given); each must name one of the four subtypes in @odata.type and
//	                              carry only its type's properties, and a group's user must be one of the
//	                              users, or the whole PUT is refused (400)
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
//	POST /_emulator/reset         seeded data, start switches and consent, right ID tokens, empty
//	                              windows, zero counts, clock offset gone
//	GET  /_emulator/clock         {"now":...,"offset":"0s"}
//	POST /_emulator/clock         {"advance":"2h"}: tokens expire, the SPA refresh cap passes
//	                              (the offset stops at clock.MaxOffset, a century)
//	POST /_emulator/token         {"upn":...,"clientId":...}: an access token without a sign-in
//	POST /_emulator/spa-redirect-uris {"uri":...}: register one more SPA redirect URI
//	GET  /_emulator/consent       {"clientId":...,"tenant":...,"permissions":{"GroupMember.Read.All":"granted",...}}
//	                              (?clientId= for another app)
//	POST /_emulator/consent       {"permission":"GroupMember.Read.All","consent":"granted"|"none"|"declined"}
//	                              (clientId optional): an administrator grants or revokes it
//	POST /_emulator/id-token      {"iss":...,"tid":...,"expiredFor":"10m"}: the next ID tokens are wrong
//	                              that way ({} makes them right again)
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
//   - ID tokens are stamped on the clock without the offset POST
//     /_emulator/clock adds: only the app checks them, on its browser's
//     clock, which the offset does not move. Access and refresh tokens,
//     which the emulator itself checks, follow the offset.
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
//   - GET /groups/{id}/transitiveMembers/$count answers the number of
//     members, nested groups and theirs included, each once, as text/plain
//     after a byte order mark; without ConsistencyLevel: eventual it is 400
//     "$count is not currently supported.", with any query option 400, and
//     without a directory permission 403. Inside $batch a body that is not
//     JSON (such a count) is a base64 string.
//   - Users: GET /users ($select, $top 1–999 else 100 a page with
//     @odata.nextLink, $search="displayName:…" / "userPrincipalName:…"
//     (words' starts, AND/OR; needs ConsistencyLevel: eventual), $filter
//     startswith/eq/id in joined by and/or, $orderby displayName or
//     userPrincipalName, $count with eventual) and GET /users/{id | upn}
//     need User.ReadBasic.All, User.Read.All or Directory.*; one's own user
//     also User.Read. Else 403 Authorization_RequestDenied.
//   - Memberships: GET /users/{id | upn}/transitiveMemberOf[/microsoft.graph.group]
//     (the groups, nearest first) needs User.Read.All, GroupMember.Read.All,
//     Group.Read.All or Directory.* (one's own also User.Read); GET
//     /groups/{id}/transitiveMembers[/microsoft.graph.user|device|group]
//     (users, devices, groups, each once, nearest first, typed with
//     @odata.type unless cast) needs the directory permissions. Both take
//     $select, $top (1–999, else 100 a page, @odata.nextLink) and $count,
//     nothing else; an OData cast needs ConsistencyLevel: eventual and
//     $count=true, as Graph's reference says (400 Request_UnsupportedQuery),
//     and a cast to groups on a Microsoft 365 group is 400. A user in a
//     group's list is only type and ID (other properties null) for a token
//     that cannot read users. …/$count of each answers as the group count
//     below.
//   - Assignment filters (GET /beta/deviceManagement/assignmentFilters[/{id}])
//     exist on beta only (v1.0: 400 "Resource not found for the segment")
//     and are read with DeviceManagementConfiguration.Read.All or
//     ReadWrite.All alone: DeviceManagementServiceConfig.* gets 403. A
//     filter set or changed on a target (beta PATCH, POST, assign) must
//     exist, filter managed devices and be of a platform the configuration
//     takes: restrictions iOS, macOS, Windows; the Enrollment Status Page
//     Windows; limits and Windows Hello none (400 with the
//     CustomApiErrorPhrase AssignmentFilterNotSupported, …NotFound,
//     …ManagementTypeMismatch or …PlatformMismatch). A filter the
//     assignment already holds is kept as it is.
//   - setPriority moves a configuration among the non-default ones of its
//     kind (each kind its own order) to a priority from 1 to their number,
//     shifting those in between by one; the others stay 1…n, defaults stay
//     0 and refuse it.
//   - Configuration lists page at pageSize (default 25) with
//     @odata.nextLink; $top asks for smaller pages.
package emulator
