package graphapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

const (
	defaultGroupPage = 100
	maxGroupPage     = 999
)

var groupProperties = []string{"id", "displayName", "description"}

// groupQuery is a parsed /groups query.
type groupQuery struct {
	listQuery
	match      func(wire.Group) bool
	count      bool
	descending bool
}

// listGroups serves the pickers' search: $search (needs ConsistencyLevel:
// eventual, as Graph's advanced queries do), $filter startswith/eq/in,
// $select, $top, $orderby=displayName, $count, paging.
func (s *Server) listGroups(c *call) result {
	q, e := s.parseGroupQuery(c)
	if e != nil {
		return s.fail(c, e)
	}
	var matched []wire.Group
	for _, g := range s.store.Groups() {
		if q.match(g) {
			matched = append(matched, g)
		}
	}
	slices.SortStableFunc(matched, func(a, b wire.Group) int {
		n := strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
		if q.descending {
			return -n
		}
		return n
	})
	from, to, more := q.page(len(matched), defaultGroupPage)
	out := collection{Context: s.metadata(c) + "groups", Value: []json.RawMessage{}}
	if q.count {
		n := len(matched)
		out.Count = &n
	}
	for _, g := range matched[from:to] {
		out.Value = append(out.Value, viewGroup(g, q.selected))
	}
	if more {
		out.NextLink = s.nextLink(c, to)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
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
	all := map[string]json.RawMessage{"id": mustJSON(g.ID), "displayName": mustJSON(g.DisplayName), "description": mustJSON(nullable(g.Description))}
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

func (s *Server) parseGroupQuery(c *call) (groupQuery, *apiError) {
	q := groupQuery{match: func(wire.Group) bool { return true }}
	eventual := strings.EqualFold(strings.TrimSpace(c.header.Get("ConsistencyLevel")), "eventual")
	var filters []func(wire.Group) bool
	for name, values := range c.query {
		if !strings.HasPrefix(name, "$") {
			continue
		}
		value := values[0]
		var f func(wire.Group) bool
		var e *apiError
		switch option := strings.ToLower(name); option {
		case "$search":
			if !eventual {
				return q, odataError(http.StatusBadRequest, "Request_UnsupportedQuery",
					"Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'")
			}
			f, e = parseSearch(value)
		case "$filter":
			f, e = parseFilter(value)
		case "$count":
			q.count, e = parseCount(value, eventual)
		case "$orderby":
			q.descending, e = parseOrderBy(value)
		case "$select":
			e = q.parseSelect(value, groupProperties, "group")
		case "$top":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > maxGroupPage {
				e = odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", value, maxGroupPage)
			}
			q.top = n
		case "$skiptoken":
			e = q.apply(option, value)
		default:
			e = odataError(http.StatusBadRequest, "Request_BadRequest", "Unsupported query option '%s'.", name)
		}
		if e != nil {
			return q, e
		}
		if f != nil {
			filters = append(filters, f)
		}
	}
	q.match = func(g wire.Group) bool {
		for _, f := range filters {
			if !f(g) {
				return false
			}
		}
		return true
	}
	return q, nil
}

func parseCount(value string, eventual bool) (bool, *apiError) {
	switch {
	case value != "true" && value != "false":
		return false, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid $count value '%s'.", value)
	case value == "true" && !eventual:
		return false, odataError(http.StatusBadRequest, "Request_BadRequest",
			"$count is not currently supported without the header 'ConsistencyLevel: eventual'.")
	}
	return value == "true", nil
}

func parseOrderBy(value string) (bool, *apiError) {
	fields := strings.Fields(value)
	if len(fields) == 0 || len(fields) > 2 || !strings.EqualFold(fields[0], "displayName") {
		return false, odataError(http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported sort property '%s' for '$orderby'.", value)
	}
	if len(fields) == 2 && !strings.EqualFold(fields[1], "asc") && !strings.EqualFold(fields[1], "desc") {
		return false, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid sort direction '%s'.", fields[1])
	}
	return len(fields) == 2 && strings.EqualFold(fields[1], "desc"), nil
}

// searchClause is one quoted "property:words" of $search.
var searchClause = regexp.MustCompile(`^"(displayName|description):([^"]*)"`)

// parseSearch reads `"displayName:sales lap"`, clauses joined by AND/OR.
// A clause matches when each of its words starts a word of the property,
// case-insensitively, the way directory search tokenises names.
func parseSearch(value string) (func(wire.Group) bool, *apiError) {
	rest := strings.TrimSpace(value)
	var match func(wire.Group) bool
	join := "AND"
	for {
		m := searchClause.FindStringSubmatch(rest)
		if m == nil {
			return nil, odataError(http.StatusBadRequest, "Request_BadRequest",
				"Syntax error: the $search value %q must be quoted clauses such as \"displayName:sales\".", value)
		}
		clause := searchMatcher(m[1], m[2])
		match = combine(match, clause, join)
		rest = strings.TrimSpace(rest[len(m[0]):])
		if rest == "" {
			return match, nil
		}
		op, after, _ := strings.Cut(rest, " ")
		if op != "AND" && op != "OR" {
			return nil, odataError(http.StatusBadRequest, "Request_BadRequest", "Syntax error: unexpected '%s' in $search.", op)
		}
		join, rest = op, strings.TrimSpace(after)
	}
}

func combine(a, b func(wire.Group) bool, op string) func(wire.Group) bool {
	if a == nil {
		return b
	}
	if op == "OR" {
		return func(g wire.Group) bool { return a(g) || b(g) }
	}
	return func(g wire.Group) bool { return a(g) && b(g) }
}

func searchMatcher(property, text string) func(wire.Group) bool {
	terms := words(text)
	return func(g wire.Group) bool {
		value := g.DisplayName
		if property == "description" {
			value = g.Description
		}
		have := words(value)
		for _, t := range terms {
			if !slices.ContainsFunc(have, func(w string) bool { return strings.HasPrefix(w, t) }) {
				return false
			}
		}
		return true
	}
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var (
	filterStartsWith = regexp.MustCompile(`^startswith\(\s*(displayName|description)\s*,\s*'((?:[^']|'')*)'\s*\)$`)
	filterEquals     = regexp.MustCompile(`^(id|displayName)\s+eq\s+'((?:[^']|'')*)'$`)
	filterIn         = regexp.MustCompile(`^id\s+in\s+\(\s*((?:'[^']*'\s*,?\s*)+)\)$`)
	quoted           = regexp.MustCompile(`'([^']*)'`)
)

// parseFilter supports what pickers and name resolution need:
// startswith(displayName,'x'), displayName eq 'x', id eq 'x', id in ('a','b').
func parseFilter(value string) (func(wire.Group) bool, *apiError) {
	v := strings.TrimSpace(value)
	if m := filterStartsWith.FindStringSubmatch(v); m != nil {
		prefix := strings.ToLower(strings.ReplaceAll(m[2], "''", "'"))
		return func(g wire.Group) bool {
			field := g.DisplayName
			if m[1] == "description" {
				field = g.Description
			}
			return strings.HasPrefix(strings.ToLower(field), prefix)
		}, nil
	}
	if m := filterEquals.FindStringSubmatch(v); m != nil {
		want := strings.ReplaceAll(m[2], "''", "'")
		return func(g wire.Group) bool {
			if m[1] == "id" {
				return strings.EqualFold(g.ID, want)
			}
			return strings.EqualFold(g.DisplayName, want)
		}, nil
	}
	if m := filterIn.FindStringSubmatch(v); m != nil {
		var idList []string
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			idList = append(idList, strings.ToLower(q[1]))
		}
		return func(g wire.Group) bool { return slices.Contains(idList, strings.ToLower(g.ID)) }, nil
	}
	return nil, odataError(http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property in '%s'.", value)
}
