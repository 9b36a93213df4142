package graphapi

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/throttle"
	"enrollassign/graph/emulator/token"
	"enrollassign/graph/emulator/wire"
)

// call is one request to the API, top-level or inside $batch.
type call struct {
	method                     string
	rawPath, rawQuery          string
	segments                   []string // unescaped, version first
	query                      url.Values
	header                     http.Header
	body                       []byte
	requestID, clientRequestID string
	inBatch                    bool
	// sent orders the call against 429s (throttle.Limiter.Mark): a batch's
	// items carry the batch's arrival, so a sibling's 429 never makes them early.
	sent uint64
	// received is when a top-level request arrived (wall clock), for the
	// service time the journal reports.
	received time.Time

	version string // "v1.0" or "beta"
	claims  token.Claims
	route   string // template, for stats
	ids     []string
}

func (c *call) beta() bool { return c.version == "beta" }

// odataPath renders the request the way Intune's front end names it in its
// messages: deviceEnrollmentConfigurations('id')/assignments('id').
func (c *call) odataPath() []string {
	if len(c.segments) < 2 {
		return nil
	}
	var out []string
	for i, seg := range c.segments[1:] {
		if i > 0 && isKeySegment(c.segments[1:], i) {
			out[len(out)-1] += "('" + seg + "')"
			continue
		}
		out = append(out, seg)
	}
	return out
}

func isKeySegment(segs []string, i int) bool {
	prev := strings.ToLower(segs[i-1])
	return prev == "deviceenrollmentconfigurations" || prev == "assignments" || prev == "groups"
}

type handlerFunc func(s *Server, c *call) result

// family decides which limits and permissions apply.
type family int

const (
	intune family = iota
	directory
	batching
)

// route is a resolved path: its template, the OData template Intune's
// router reports, the handlers by method.
type route struct {
	template    string
	odata       string
	family      family
	handlers    map[string]handlerFunc
	assignments bool // .../assignments[/{id}], where as-reported mode refuses writes
	// betaOnly marks a path v1.0's schema does not have (assignment filters).
	betaOnly bool
	// scopes are the permissions that allow this path, when they are not
	// its family's.
	scopes []string
	// self are further permissions that allow it when its object is the
	// caller (User.Read for one's own user and memberships).
	self []string
}

// resolve matches the path after the version. Fixed segments match
// case-insensitively, as Graph's do; an unknown one is reported as Graph
// reports it.
func resolve(segs []string) (route, []string, *apiError) {
	if len(segs) == 0 {
		return route{}, nil, errUnknownSegment("")
	}
	switch strings.ToLower(segs[0]) {
	case "$batch":
		if len(segs) > 1 {
			return route{}, nil, errUnknownSegment(segs[1])
		}
		return route{template: "/$batch", family: batching}, nil, nil
	case "groups":
		return resolveGroups(segs)
	case "users":
		return resolveUsers(segs)
	case "devicemanagement":
		return resolveIntune(segs)
	}
	return route{}, nil, errUnknownSegment(segs[0])
}

func resolveGroups(segs []string) (route, []string, *apiError) {
	switch len(segs) {
	case 1:
		return route{template: "/groups", family: directory, handlers: map[string]handlerFunc{"GET": (*Server).listGroups}}, nil, nil
	case 2:
		return route{template: "/groups/{id}", family: directory, handlers: map[string]handlerFunc{"GET": (*Server).getGroup}}, segs[1:], nil
	}
	if !strings.EqualFold(segs[2], "transitiveMembers") {
		return route{}, nil, errUnknownSegment(segs[2])
	}
	return membershipRoute(segs, "/groups/{id}/transitiveMembers", []string{wire.MemberUser, wire.MemberDevice, wire.MemberGroup},
		(*Server).listGroupMembers, (*Server).countGroupMembers, nil)
}

// Who may read users and memberships, as Microsoft's reference lists it
// (delegated): users with User.ReadBasic.All or more; another user's
// memberships with User.Read.All, GroupMember.Read.All or more; the
// caller's own with User.Read too.
var (
	usersRead       = userRead
	membershipsRead = []string{"User.Read.All", "User.ReadWrite.All", "GroupMember.Read.All", "GroupMember.ReadWrite.All",
		"Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"}
	selfRead = []string{"User.Read"}
)

func resolveUsers(segs []string) (route, []string, *apiError) {
	switch len(segs) {
	case 1:
		return route{template: "/users", family: directory, scopes: usersRead,
			handlers: map[string]handlerFunc{"GET": (*Server).listUsers}}, nil, nil
	case 2:
		return route{template: "/users/{id}", family: directory, scopes: usersRead, self: selfRead,
			handlers: map[string]handlerFunc{"GET": (*Server).getUser}}, segs[1:], nil
	}
	if !strings.EqualFold(segs[2], "transitiveMemberOf") {
		return route{}, nil, errUnknownSegment(segs[2])
	}
	return membershipRoute(segs, "/users/{id}/transitiveMemberOf", []string{wire.MemberGroup},
		(*Server).listUserGroups, (*Server).countUserGroups, membershipsRead)
}

// membershipRoute resolves what follows a membership list
// (segs[:3]): nothing, an OData cast to one of casts, $count, or both; the
// IDs are the object's and the cast ("" without).
func membershipRoute(segs []string, template string, casts []string, list, count handlerFunc, scopes []string) (route, []string, *apiError) {
	r := route{template: template, family: directory, scopes: scopes, handlers: map[string]handlerFunc{"GET": list}}
	if scopes != nil {
		r.self = selfRead
	}
	rest, cast := segs[3:], ""
	if len(rest) > 0 && rest[0] != "$count" {
		name, _ := strings.CutPrefix(strings.ToLower(rest[0]), "microsoft.graph.")
		if !slices.Contains(casts, name) || !strings.HasPrefix(strings.ToLower(rest[0]), "microsoft.graph.") {
			return route{}, nil, errUnknownSegment(rest[0])
		}
		cast, rest = name, rest[1:]
		r.template += "/microsoft.graph." + name
	}
	switch {
	case len(rest) == 1 && rest[0] == "$count":
		r.template += "/$count"
		r.handlers = map[string]handlerFunc{"GET": count}
	case len(rest) > 0:
		return route{}, nil, errUnknownSegment(rest[len(rest)-1])
	}
	return r, []string{segs[1], cast}, nil
}

const configsPath = "/deviceManagement/deviceEnrollmentConfigurations"

func resolveIntune(segs []string) (route, []string, *apiError) {
	if len(segs) == 1 {
		return route{template: "/deviceManagement", odata: "~/singleton", family: intune}, nil, nil
	}
	if strings.EqualFold(segs[1], "assignmentFilters") {
		return resolveFilters(segs)
	}
	if !strings.EqualFold(segs[1], "deviceEnrollmentConfigurations") {
		return route{}, nil, errUnknownSegment(segs[1])
	}
	r := route{family: intune}
	switch len(segs) {
	case 2:
		r.template, r.odata = configsPath, "~/singleton/navigation"
		r.handlers = map[string]handlerFunc{"GET": (*Server).listConfigurations}
		return r, nil, nil
	case 3:
		r.template, r.odata = configsPath+"/{id}", "~/singleton/navigation/key"
		r.handlers = map[string]handlerFunc{"GET": (*Server).getConfiguration}
		return r, segs[2:], nil
	}
	ids := []string{segs[2]}
	switch strings.ToLower(strings.TrimPrefix(segs[3], "microsoft.graph.")) {
	case "assignments":
		r.assignments = true
		if len(segs) == 4 {
			r.template, r.odata = configsPath+"/{id}/assignments", "~/singleton/navigation/key/navigation"
			r.handlers = map[string]handlerFunc{"GET": (*Server).listAssignments, "POST": (*Server).createAssignment}
			return r, ids, nil
		}
		if len(segs) == 5 {
			r.template, r.odata = configsPath+"/{id}/assignments/{id}", "~/singleton/navigation/key/navigation/key"
			r.handlers = map[string]handlerFunc{"GET": (*Server).getAssignment, "PATCH": (*Server).patchAssignment, "DELETE": (*Server).deleteAssignment}
			return r, append(ids, segs[4]), nil
		}
	case "assign":
		if len(segs) == 4 {
			r.template, r.odata = configsPath+"/{id}/assign", "~/singleton/navigation/key/action"
			r.handlers = map[string]handlerFunc{"POST": (*Server).assign}
			return r, ids, nil
		}
	case "setpriority":
		if len(segs) == 4 {
			r.template, r.odata = configsPath+"/{id}/setPriority", "~/singleton/navigation/key/action"
			r.handlers = map[string]handlerFunc{"POST": (*Server).setPriority}
			return r, ids, nil
		}
	default:
		return route{}, nil, errUnknownSegment(segs[3])
	}
	return route{}, nil, errUnknownSegment(segs[len(segs)-1])
}

const filtersPath = "/deviceManagement/assignmentFilters"

// resolveFilters: the tenant's assignment filters, read-only here, on beta
// only, and readable with DeviceManagementConfiguration.* alone ("List
// deviceAndAppManagementAssignmentFilters": DeviceManagementServiceConfig
// does not read them).
func resolveFilters(segs []string) (route, []string, *apiError) {
	r := route{family: intune, betaOnly: true, scopes: filterRead}
	switch len(segs) {
	case 2:
		r.template, r.odata = filtersPath, "~/singleton/navigation"
		r.handlers = map[string]handlerFunc{"GET": (*Server).listFilters}
		return r, nil, nil
	case 3:
		r.template, r.odata = filtersPath+"/{id}", "~/singleton/navigation/key"
		r.handlers = map[string]handlerFunc{"GET": (*Server).getFilter}
		return r, segs[2:], nil
	}
	return route{}, nil, errUnknownSegment(segs[3])
}

// serve answers one call (top-level or batch item), in the order Graph
// checks: version, token, path, throttling, method, permission, handler.
func (s *Server) serve(c *call, settings Settings) result {
	if len(c.segments) == 0 || (c.segments[0] != "v1.0" && c.segments[0] != "beta") {
		v := ""
		if len(c.segments) > 0 {
			v = c.segments[0]
		}
		return s.fail(c, odataError(http.StatusBadRequest, "BadRequest", "Invalid version: %s", v))
	}
	c.version = c.segments[0]
	claims, err := s.authenticate(c)
	if err != nil {
		return s.fail(c, unauthenticated(err))
	}
	c.claims = claims
	r, ids, apiErr := resolve(c.segments[1:])
	if apiErr == nil && r.betaOnly && !c.beta() {
		apiErr = errUnknownSegment(c.segments[2])
	}
	if apiErr != nil {
		return s.fail(c, apiErr)
	}
	c.route, c.ids = "/"+c.version+r.template, ids
	if r.family == batching {
		if c.inBatch || c.method != http.MethodPost {
			return s.fail(c, odataError(http.StatusBadRequest, "BadRequest", "Batch requests must be sent with POST and cannot be nested."))
		}
		return s.batch(c, settings)
	}
	if refused, ok := s.throttled(c, r, settings); ok {
		return refused
	}
	handler := r.handlers[c.method]
	if handler == nil || (r.assignments && settings.Mode == ModeAsReported && c.method != http.MethodGet) {
		return s.fail(c, noMethodMatch(c, r))
	}
	if e := permitted(c, r); e != nil {
		return s.fail(c, e)
	}
	return handler(s, c)
}

// throttled applies the Intune limits (and early-retry detection to every
// request).
func (s *Server) throttled(c *call, r route, settings Settings) (result, bool) {
	d := s.limiter.Admit(throttle.Request{Tenant: c.claims.TID, App: c.claims.AppID,
		Write: isWrite(c.method), Limited: r.family == intune, Sent: c.sent})
	if d.Allowed {
		return result{}, false
	}
	if d.Early {
		s.cfg.Stats.EarlyRetry()
	}
	return s.fail(c, errThrottled(throttle.FormatSeconds(d.RetryAfter))), true
}

// noMethodMatch is how Intune's router refuses a verb it has no route for;
// users of the real service report it for writes on assignments.
func noMethodMatch(c *call, r route) *apiError {
	if r.family == directory {
		return odataError(http.StatusMethodNotAllowed, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.")
	}
	return odataError(http.StatusBadRequest, "No method match route template",
		"No OData route exists that match template %s with http verb %s for request /DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/%s.",
		r.odata, c.method, strings.Join(c.odataPath(), "/"))
}

// Permissions per family, as the documentation lists them.
var (
	intuneWrite   = []string{"DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"}
	intuneRead    = append([]string{"DeviceManagementServiceConfig.Read.All", "DeviceManagementConfiguration.Read.All"}, intuneWrite...)
	filterRead    = []string{"DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"}
	directoryRead = []string{"GroupMember.Read.All", "Group.Read.All", "Directory.Read.All",
		"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"}
)

// permitted checks the token's scopes, then, for Intune, the user's Intune
// role: the token carries what the app was consented, and Intune refuses
// what the user's role does not allow.
func permitted(c *call, r route) *apiError {
	switch {
	case r.family == directory && r.scopes != nil:
		if c.claims.HasAnyScope(r.scopes...) || (isCaller(c) && c.claims.HasAnyScope(r.self...)) {
			return nil
		}
		return directoryForbidden()
	case r.scopes != nil && !c.claims.HasAnyScope(r.scopes...):
		return intuneForbidden(r.scopes)
	case r.scopes != nil:
		return nil
	case r.family == directory && !c.claims.HasAnyScope(directoryRead...):
		return directoryForbidden()
	case r.family == intune && c.method == http.MethodGet && !c.claims.HasAnyScope(intuneRead...):
		return intuneForbidden(intuneRead)
	case r.family == intune && c.method != http.MethodGet && !c.claims.HasAnyScope(intuneWrite...):
		return intuneForbidden(intuneWrite)
	case r.family == intune && !roleAllows(c.claims.OID, c.method):
		return intuneRoleForbidden()
	}
	return nil
}

// directoryForbidden is the directory's 403 for a token without the
// permission.
func directoryForbidden() *apiError {
	return odataError(http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
}

// isCaller reports a call on the signed-in user's own object, by object ID
// or UPN.
func isCaller(c *call) bool {
	if len(c.ids) == 0 || c.ids[0] == "" {
		return false
	}
	key := c.ids[0]
	return strings.EqualFold(key, c.claims.OID) || (c.claims.UPN != "" && strings.EqualFold(key, c.claims.UPN))
}

// roleAllows is Intune's role check: a read-only role reads, an
// administrator also writes, anyone else does neither.
func roleAllows(oid, method string) bool {
	user, ok := demo.UserByOID(oid)
	if !ok {
		return false
	}
	switch user.Intune {
	case demo.IntuneAdministrator:
		return true
	case demo.IntuneReadOnly:
		return method == http.MethodGet
	}
	return false
}

// intuneRoleForbidden is Intune's 403 for a user whose role does not allow
// the request: the generic "An error has occurred" in Intune's nested
// message, no scope named (taken from public reports:
// AzureAD/microsoft-authentication-library-for-js #1261 and #7007, users
// without an Intune role reading managed devices).
func intuneRoleForbidden() *apiError {
	return intuneError(http.StatusForbidden, "Forbidden", "", "An error has occurred")
}

func intuneForbidden(scopes []string) *apiError {
	return intuneError(http.StatusForbidden, "Forbidden", "",
		"Application is not authorized to perform this operation. Application must have one of the following scopes: %s", strings.Join(scopes, ", "))
}
