package graphapi

import (
	"encoding/json"
	"net/http"

	"enrollassign/graph/emulator/wire"
)

func errFilterNotFound(id string) *apiError {
	return intuneError(http.StatusNotFound, "ResourceNotFound", "",
		"No deviceAndAppManagementAssignmentFilter with id '%s' exists in this tenant.", id)
}

func (s *Server) listFilters(c *call) result {
	q, e := parseQuery(c, "$top", "$skiptoken")
	if e != nil {
		return s.fail(c, e)
	}
	filters := s.store.Filters()
	from, to, more := q.page(len(filters), s.Settings().PageSize)
	out := collection{Context: s.metadata(c) + "deviceManagement/assignmentFilters", Value: []json.RawMessage{}}
	for _, f := range filters[from:to] {
		out.Value = append(out.Value, mustJSON(f))
	}
	if more {
		out.NextLink = s.nextLink(c, to)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
}

func (s *Server) getFilter(c *call) result {
	if _, e := parseQuery(c); e != nil {
		return s.fail(c, e)
	}
	var f wire.AssignmentFilter
	found := false
	s.store.do(func(t *tenant) { f, found = t.filter(c.ids[0]) })
	if !found {
		return s.fail(c, errFilterNotFound(c.ids[0]))
	}
	body := withContext(mustJSON(f), s.metadata(c)+"deviceManagement/assignmentFilters/$entity")
	return s.ok(c, http.StatusOK, body, nil)
}
