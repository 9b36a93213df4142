package graphapi

import (
	"encoding/json"
	"net/http"

	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

var groupProperties = []string{"id", "displayName", "description", "groupTypes", "securityEnabled", "mailEnabled"}

// groupType is how a group list's query options read groups.
var groupType = directoryType[wire.Group]{
	name: "group", properties: groupProperties,
	text: map[string]func(wire.Group) string{
		"displayName": func(g wire.Group) string { return g.DisplayName },
		"description": func(g wire.Group) string { return g.Description },
	},
	equal: []string{"displayName"}, orderBy: []string{"displayName"},
	id: func(g wire.Group) string { return g.ID },
}

// listGroups serves the pickers' search: $search (needs ConsistencyLevel:
// eventual, as Graph's advanced queries do), $filter startswith/eq/in,
// $select, $top, $orderby=displayName, $count, paging.
func (s *Server) listGroups(c *call) result {
	// Graph lists groups by name unless asked otherwise.
	return listDirectory(s, c, groupType, s.store.Groups(), "displayName", viewGroup)
}

func (s *Server) getGroup(c *call) result {
	id := c.ids[0]
	if !ids.IsGUID(id) {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid object identifier '%s'.", id))
	}
	var q listQuery
	if sel := c.query.Get("$select"); sel != "" {
		if e := q.parseSelect(sel, groupProperties, "group"); e != nil {
			return s.fail(c, e)
		}
	}
	var g wire.Group
	found := false
	s.store.do(func(t *tenant) { g, found = t.group(id) })
	if !found {
		return s.fail(c, odataError(http.StatusNotFound, "Request_ResourceNotFound",
			"Resource '%s' does not exist or one of its queried reference-property objects are not present.", id))
	}
	return s.ok(c, http.StatusOK, withContext(viewGroup(g, q.selected), s.metadata(c)+"groups/$entity"), nil)
}

func viewGroup(g wire.Group, selected map[string]bool) json.RawMessage {
	types := g.GroupTypes
	if types == nil {
		types = []string{}
	}
	all := map[string]json.RawMessage{"id": mustJSON(g.ID), "displayName": mustJSON(g.DisplayName), "description": mustJSON(nullable(g.Description)),
		"groupTypes": mustJSON(types), "securityEnabled": mustJSON(g.SecurityEnabled), "mailEnabled": mustJSON(g.MailEnabled)}
	if selected != nil {
		for k := range all {
			if !selected[k] {
				delete(all, k)
			}
		}
	}
	return encodeObject(all)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
