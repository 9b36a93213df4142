package graphapi

import (
	"net/http"
	"strconv"
	"strings"

	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

// countTransitiveMembers answers GET /groups/{id}/transitiveMembers/$count
// as Graph does: the number of directory objects in the group, nested
// groups and their members included, each once, as text/plain (with the
// byte order mark Microsoft's OData services put before a plain-text
// value). Like every $count of a directory collection it is an advanced
// query: without ConsistencyLevel: eventual it is refused. No query option
// is accepted.
func (s *Server) countTransitiveMembers(c *call) result {
	id := c.ids[0]
	if !ids.IsGUID(id) {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid object identifier '%s'.", id))
	}
	if !strings.EqualFold(strings.TrimSpace(c.header.Get("ConsistencyLevel")), "eventual") {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "$count is not currently supported."))
	}
	for name := range c.query {
		return s.fail(c, odataError(http.StatusBadRequest, "Request_BadRequest", "Unsupported query option '%s'.", name))
	}
	n, found := 0, false
	s.store.do(func(t *tenant) { n, found = t.transitiveMembers(id) })
	if !found {
		return s.fail(c, odataError(http.StatusNotFound, "Request_ResourceNotFound",
			"Resource '%s' does not exist or one of its queried reference-property objects are not present.", id))
	}
	body := []byte("\ufeff" + strconv.Itoa(n))
	return result{status: http.StatusOK, header: http.Header{"Content-Type": {"text/plain"}}, body: body, route: c.route}
}

// transitiveMembers counts the directory objects in a group and, through
// nested groups, in theirs, each once (a cycle of nesting ends).
func (t *tenant) transitiveMembers(id string) (int, bool) {
	g, found := t.group(id)
	if !found {
		return 0, false
	}
	seen := map[string]bool{strings.ToLower(g.ID): true}
	n := 0
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
			n++
			if nested, ok := t.group(m.ID); ok && m.IsGroup() {
				queue = append(queue, nested)
			}
		}
	}
	return n, true
}
