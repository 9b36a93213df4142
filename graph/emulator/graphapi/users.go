package graphapi

import (
	"encoding/json"
	"net/http"

	"enrollassign/graph/emulator/wire"
)

// userType is how a user list's query options read users: $search and
// startswith() on the names, the UPN and mail, as Graph allows.
var userType = directoryType[wire.User]{
	name: "user", properties: wire.UserProperties(),
	text: map[string]func(wire.User) string{
		"displayName":       func(u wire.User) string { return u.DisplayName },
		"givenName":         func(u wire.User) string { return u.GivenName },
		"surname":           func(u wire.User) string { return u.Surname },
		"userPrincipalName": func(u wire.User) string { return u.UserPrincipalName },
		"mail":              func(u wire.User) string { return u.Mail },
	},
	equal:   []string{"displayName", "userPrincipalName", "mail"},
	orderBy: []string{"displayName", "userPrincipalName"},
	id:      func(u wire.User) string { return u.ID },
}

// listUsers answers GET /users: the directory's users in its own order
// unless $orderby says otherwise, 100 a page unless $top asks for up to 999.
func (s *Server) listUsers(c *call) result {
	return listDirectory(s, c, userType, s.store.Users(), "", func(u wire.User, selected map[string]bool) json.RawMessage {
		return viewUser(u, selected, false)
	})
}

// getUser answers GET /users/{id | userPrincipalName}.
func (s *Server) getUser(c *call) result {
	var q listQuery
	if sel := c.query.Get("$select"); sel != "" {
		if e := q.parseSelect(sel, userType.properties, "user"); e != nil {
			return s.fail(c, e)
		}
	}
	u, e := s.findUser(c.ids[0])
	if e != nil {
		return s.fail(c, e)
	}
	return s.ok(c, http.StatusOK, withContext(viewUser(u, q.selected, false), s.metadata(c)+"users/$entity"), nil)
}

// findUser is a user by object ID or UPN; anything else is not found, as
// Graph takes a key that is not a GUID for a UPN.
func (s *Server) findUser(key string) (wire.User, *apiError) {
	var u wire.User
	found := false
	s.store.do(func(t *tenant) { u, found = t.user(key) })
	if !found {
		return u, notFound(key)
	}
	return u, nil
}

func notFound(key string) *apiError {
	return odataError(http.StatusNotFound, "Request_ResourceNotFound",
		"Resource '%s' does not exist or one of its queried reference-property objects are not present.", key)
}

// viewUser renders a user with the selected properties (all when none
// were). A limited one is what Graph shows of a user in a membership list
// to an app that may not read users: its type and ID, every other property
// null.
func viewUser(u wire.User, selected map[string]bool, limited bool) json.RawMessage {
	all := map[string]json.RawMessage{"id": mustJSON(u.ID), "displayName": mustJSON(u.DisplayName),
		"givenName": mustJSON(nullable(u.GivenName)), "surname": mustJSON(nullable(u.Surname)),
		"userPrincipalName": mustJSON(u.UserPrincipalName), "mail": mustJSON(nullable(u.Mail))}
	for k := range all {
		switch {
		case selected != nil && !selected[k]:
			delete(all, k)
		case limited && k != "id":
			all[k] = json.RawMessage("null")
		}
	}
	return encodeObject(all)
}
