package graphapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

// member is a directory object in a membership list: a user, a device (of
// which the emulator knows only the ID) or a group.
type member struct {
	kind  string // wire.MemberUser, wire.MemberDevice or wire.MemberGroup
	id    string
	user  wire.User
	group wire.Group
}

// transitiveMembers lists the directory objects in a group and, through
// nested groups, in theirs, each once, nearest first (a cycle of nesting
// ends; the group is never its own member).
func (t *tenant) transitiveMembers(g wire.Group) []member {
	seen := map[string]bool{strings.ToLower(g.ID): true}
	var out []member
	queue := []wire.Group{g}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, m := range next.Members {
			key := strings.ToLower(m.ID)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, t.member(m))
			if nested, ok := t.group(m.ID); ok && m.IsGroup() {
				queue = append(queue, nested)
			}
		}
	}
	return out
}

func (t *tenant) member(m wire.Member) member {
	if m.IsGroup() {
		g, _ := t.group(m.ID)
		return member{kind: wire.MemberGroup, id: m.ID, group: g}
	}
	if name, _ := wire.ShortName(m.Type); strings.EqualFold(name, wire.MemberUser) {
		u, _ := t.user(m.ID)
		return member{kind: wire.MemberUser, id: m.ID, user: u}
	}
	return member{kind: wire.MemberDevice, id: m.ID}
}

// transitiveGroups lists the groups an object is in, directly or through
// nested groups, each once, nearest first.
func (t *tenant) transitiveGroups(id string) []wire.Group {
	seen := map[string]bool{}
	var out []wire.Group
	queue := []string{strings.ToLower(id)}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, g := range t.groups {
			key := strings.ToLower(g.ID)
			if seen[key] || !slices.ContainsFunc(g.Members, func(m wire.Member) bool { return strings.EqualFold(m.ID, next) }) {
				continue
			}
			seen[key] = true
			out = append(out, g)
			queue = append(queue, key)
		}
	}
	return out
}

// membershipQuery is a parsed query of a membership list: $select, $top,
// paging and $count, nothing else.
type membershipQuery struct {
	listQuery
	count bool
}

// parseMembershipQuery reads a membership list's options. An OData cast
// is an advanced query: Graph's documentation requires ConsistencyLevel:
// eventual and $count with it, and so does the emulator.
func parseMembershipQuery(c *call, cast string, properties []string) (membershipQuery, *apiError) {
	var q membershipQuery
	for name, values := range c.query {
		var e *apiError
		switch option := strings.ToLower(name); option {
		case "$select":
			e = q.parseSelect(values[0], properties, "directoryObject")
		case "$top":
			e = q.parseTop(values[0])
		case "$count":
			q.count, e = parseCount(values[0], isEventual(c))
		case "$skiptoken":
			e = q.apply(option, values[0])
		default:
			if strings.HasPrefix(name, "$") {
				e = odataError(http.StatusBadRequest, "Request_BadRequest", "Unsupported query option '%s'.", name)
			}
		}
		if e != nil {
			return q, e
		}
	}
	if cast != "" && (!isEventual(c) || !q.count) {
		return q, odataError(http.StatusBadRequest, "Request_UnsupportedQuery",
			"The OData cast 'microsoft.graph.%s' is an advanced query: it needs the header 'ConsistencyLevel: eventual' and $count=true.", cast)
	}
	return q, nil
}

// memberProperties are what $select may name in a list of users, devices
// and groups; a cast narrows them to its type's.
func memberProperties(cast string) []string {
	switch cast {
	case wire.MemberUser:
		return userType.properties
	case wire.MemberGroup:
		return groupProperties
	case wire.MemberDevice:
		return []string{"id", "displayName", "deviceId"}
	}
	all := slices.Concat(userType.properties, groupProperties, []string{"deviceId"})
	slices.Sort(all)
	return slices.Compact(all)
}

// The user properties an app reads in a membership list only with a
// permission that reads users; without, Graph shows type and ID alone.
var userRead = []string{"User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All",
	"Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"}

// listGroupMembers answers GET /groups/{id}/transitiveMembers[/microsoft.graph.{type}].
func (s *Server) listGroupMembers(c *call) result {
	id, cast := c.ids[0], c.ids[1]
	q, e := parseMembershipQuery(c, cast, memberProperties(cast))
	if e != nil {
		return s.fail(c, e)
	}
	members, e := s.groupMembers(id, cast)
	if e != nil {
		return s.fail(c, e)
	}
	limited := !c.claims.HasAnyScope(userRead...)
	views := make([]json.RawMessage, len(members))
	for i, m := range members {
		views[i] = viewMember(m, q.selected, limited, cast == "")
	}
	return s.membershipPage(c, q, views, castContext(cast, "directoryObjects"))
}

// groupMembers is a group's transitive members of the cast's type (all
// when none): 404 for a group not there, 400 for a cast to groups on a
// Microsoft 365 group, which cannot hold groups.
func (s *Server) groupMembers(id, cast string) ([]member, *apiError) {
	if !ids.IsGUID(id) {
		return nil, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid object identifier '%s'.", id)
	}
	var members []member
	var g wire.Group
	found := false
	s.store.do(func(t *tenant) {
		if g, found = t.group(id); found {
			members = t.transitiveMembers(g)
		}
	})
	switch {
	case !found:
		return nil, notFound(id)
	case cast == wire.MemberGroup && slices.Contains(g.GroupTypes, wire.GroupUnified):
		return nil, odataError(http.StatusBadRequest, "Request_UnsupportedQuery",
			"The OData cast 'microsoft.graph.group' is not supported on a Microsoft 365 group: it cannot have groups as members.")
	}
	if cast != "" {
		members = slices.DeleteFunc(members, func(m member) bool { return m.kind != cast })
	}
	return members, nil
}

// listUserGroups answers GET /users/{id | upn}/transitiveMemberOf[/microsoft.graph.group]:
// the groups (the emulator's directory has no roles or administrative
// units) the user is in, directly or through nesting.
func (s *Server) listUserGroups(c *call) result {
	cast := c.ids[1]
	q, e := parseMembershipQuery(c, cast, groupProperties)
	if e != nil {
		return s.fail(c, e)
	}
	groups, e := s.userGroups(c.ids[0])
	if e != nil {
		return s.fail(c, e)
	}
	views := make([]json.RawMessage, len(groups))
	for i, g := range groups {
		views[i] = viewMember(member{kind: wire.MemberGroup, id: g.ID, group: g}, q.selected, false, cast == "")
	}
	return s.membershipPage(c, q, views, castContext(cast, "directoryObjects"))
}

func (s *Server) userGroups(key string) ([]wire.Group, *apiError) {
	u, e := s.findUser(key)
	if e != nil {
		return nil, e
	}
	var groups []wire.Group
	s.store.do(func(t *tenant) { groups = t.transitiveGroups(u.ID) })
	return groups, nil
}

func castContext(cast, all string) string {
	if cast == "" {
		return all
	}
	return cast + "s"
}

// membershipPage answers one page of a membership list.
func (s *Server) membershipPage(c *call, q membershipQuery, views []json.RawMessage, context string) result {
	from, to, more := q.page(len(views), q.pageSize())
	out := collection{Context: s.metadata(c) + context, Value: append([]json.RawMessage{}, views[from:to]...)}
	if q.count {
		n := len(views)
		out.Count = &n
	}
	if more {
		out.NextLink = s.nextLink(c, to)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
}

// viewMember renders a member with the selected properties, and its type
// when the list is of directory objects (not cast to one type).
func viewMember(m member, selected map[string]bool, limited, typed bool) json.RawMessage {
	var raw json.RawMessage
	switch m.kind {
	case wire.MemberUser:
		raw = viewUser(m.user, onlyOf(selected, userType.properties), limited)
	case wire.MemberGroup:
		raw = viewGroup(m.group, onlyOf(selected, groupProperties))
	default:
		raw = viewDevice(m.id, onlyOf(selected, memberProperties(wire.MemberDevice)))
	}
	if !typed {
		return raw
	}
	obj, _ := splitObject(raw)
	obj["@odata.type"] = mustJSON(wire.ODataType(m.kind))
	return encodeObject(obj)
}

// onlyOf keeps the selected properties a type has (nil: all of them).
func onlyOf(selected map[string]bool, properties []string) map[string]bool {
	if selected == nil {
		return nil
	}
	out := map[string]bool{}
	for _, p := range properties {
		out[p] = selected[p]
	}
	return out
}

// viewDevice is a device as a membership list shows it: the emulator keeps
// its ID only.
func viewDevice(id string, selected map[string]bool) json.RawMessage {
	all := map[string]json.RawMessage{"id": mustJSON(id), "displayName": json.RawMessage("null"), "deviceId": json.RawMessage("null")}
	for k := range all {
		if selected != nil && !selected[k] {
			delete(all, k)
		}
	}
	return encodeObject(all)
}

// countGroupMembers answers GET /groups/{id}/transitiveMembers[/microsoft.graph.{type}]/$count
// and countUserGroups GET /users/{id}/transitiveMemberOf[/microsoft.graph.group]/$count,
// as Graph does: the number of directory objects in the list, each once,
// as text/plain (with the byte order mark Microsoft's OData services put
// before a plain-text value). Like every $count of a directory collection
// it is an advanced query: without ConsistencyLevel: eventual it is
// refused. No query option is accepted.
func (s *Server) countGroupMembers(c *call) result {
	return s.count(c, func() (int, *apiError) {
		members, e := s.groupMembers(c.ids[0], c.ids[1])
		return len(members), e
	})
}

func (s *Server) countUserGroups(c *call) result {
	return s.count(c, func() (int, *apiError) {
		groups, e := s.userGroups(c.ids[0])
		return len(groups), e
	})
}

func (s *Server) count(c *call, n func() (int, *apiError)) result {
	if !isEventual(c) {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "$count is not currently supported."))
	}
	for name := range c.query {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "Unsupported query option '%s'.", name))
	}
	count, e := n()
	if e != nil {
		return s.fail(c, e)
	}
	body := []byte("\ufeff" + strconv.Itoa(count))
	return result{status: http.StatusOK, header: http.Header{"Content-Type": {"text/plain"}}, body: body, route: c.route}
}
