package graphapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// directoryType is one kind of directory object as the query options of
// its list read it: what $select, $search, $filter and $orderby may name.
type directoryType[T any] struct {
	name       string // "group", "user": for messages
	properties []string
	// text reads the properties $search and startswith() look into.
	text map[string]func(T) string
	// equal are the properties `eq` compares, besides id.
	equal   []string
	orderBy []string
	id      func(T) string
}

// directoryQuery is a parsed list query of directory objects.
type directoryQuery[T any] struct {
	listQuery
	match      func(T) bool
	count      bool
	orderBy    string // "" when not asked
	descending bool
}

const (
	defaultDirectoryPage = 100
	maxDirectoryPage     = 999
)

// isEventual reports the ConsistencyLevel: eventual header of Graph's
// advanced directory queries.
func isEventual(c *call) bool {
	return strings.EqualFold(strings.TrimSpace(c.header.Get("ConsistencyLevel")), "eventual")
}

// parseDirectoryQuery reads a directory list's options: $search (needs
// ConsistencyLevel: eventual, as Graph's advanced queries do), $filter,
// $select, $top, $orderby, $count, paging; anything else is refused.
func parseDirectoryQuery[T any](c *call, d directoryType[T]) (directoryQuery[T], *apiError) {
	q := directoryQuery[T]{}
	var filters []func(T) bool
	for name, values := range c.query {
		if !strings.HasPrefix(name, "$") {
			continue
		}
		f, e := q.option(c, d, name, values[0])
		if e != nil {
			return q, e
		}
		if f != nil {
			filters = append(filters, f)
		}
	}
	q.match = func(v T) bool {
		for _, f := range filters {
			if !f(v) {
				return false
			}
		}
		return true
	}
	return q, nil
}

func (q *directoryQuery[T]) option(c *call, d directoryType[T], name, value string) (func(T) bool, *apiError) {
	switch option := strings.ToLower(name); option {
	case "$search":
		if !isEventual(c) {
			return nil, odataError(http.StatusBadRequest, "Request_UnsupportedQuery",
				"Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'")
		}
		return parseSearch(value, d)
	case "$filter":
		return parseFilter(value, d)
	case "$count":
		var e *apiError
		q.count, e = parseCount(value, isEventual(c))
		return nil, e
	case "$orderby":
		var e *apiError
		q.orderBy, q.descending, e = parseOrderBy(value, d.orderBy)
		return nil, e
	case "$select":
		return nil, q.parseSelect(value, d.properties, d.name)
	case "$top":
		return nil, q.parseTop(value)
	case "$skiptoken":
		return nil, q.apply(option, value)
	}
	return nil, odataError(http.StatusBadRequest, "Request_BadRequest", "Unsupported query option '%s'.", name)
}

// parseTop takes a page size the directory allows.
func (q *listQuery) parseTop(value string) *apiError {
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > maxDirectoryPage {
		return odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", value, maxDirectoryPage)
	}
	q.top = n
	return nil
}

// listDirectory answers a list of directory objects: those the query
// matches, in the order it asks (else by defaultOrder, when not ""), a page
// of them with @odata.count and @odata.nextLink.
func listDirectory[T any](s *Server, c *call, d directoryType[T], all []T, defaultOrder string,
	view func(T, map[string]bool) json.RawMessage) result {
	q, e := parseDirectoryQuery(c, d)
	if e != nil {
		return s.fail(c, e)
	}
	var matched []T
	for _, v := range all {
		if q.match(v) {
			matched = append(matched, v)
		}
	}
	if q.orderBy == "" {
		q.orderBy = defaultOrder
	}
	q.sorted(matched, d)
	from, to, more := q.page(len(matched), q.pageSize())
	out := collection{Context: s.metadata(c) + d.name + "s", Value: []json.RawMessage{}}
	if q.count {
		n := len(matched)
		out.Count = &n
	}
	for _, v := range matched[from:to] {
		out.Value = append(out.Value, view(v, q.selected))
	}
	if more {
		out.NextLink = s.nextLink(c, to)
	}
	return s.ok(c, http.StatusOK, mustJSON(out), nil)
}

// pageSize is a directory list's page: what $top asked for, else 100.
func (q listQuery) pageSize() int {
	if q.top > 0 {
		return q.top
	}
	return defaultDirectoryPage
}

// sorted orders matched objects as $orderby asked (case-insensitively).
func (q directoryQuery[T]) sorted(matched []T, d directoryType[T]) {
	read, ok := d.text[q.orderBy]
	if !ok {
		return
	}
	slices.SortStableFunc(matched, func(a, b T) int {
		n := strings.Compare(strings.ToLower(read(a)), strings.ToLower(read(b)))
		if q.descending {
			return -n
		}
		return n
	})
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

func parseOrderBy(value string, allowed []string) (string, bool, *apiError) {
	fields := strings.Fields(value)
	i := -1
	if len(fields) > 0 && len(fields) <= 2 {
		i = slices.IndexFunc(allowed, func(p string) bool { return strings.EqualFold(p, fields[0]) })
	}
	if i < 0 {
		return "", false, odataError(http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported sort property '%s' for '$orderby'.", value)
	}
	if len(fields) == 2 && !strings.EqualFold(fields[1], "asc") && !strings.EqualFold(fields[1], "desc") {
		return "", false, odataError(http.StatusBadRequest, "Request_BadRequest", "Invalid sort direction '%s'.", fields[1])
	}
	return allowed[i], len(fields) == 2 && strings.EqualFold(fields[1], "desc"), nil
}

// searchClause is one quoted "property:words" of $search.
var searchClause = regexp.MustCompile(`^"(\w+):([^"]*)"`)

// parseSearch reads `"displayName:sales lap"`, clauses joined by AND/OR.
// A clause matches when each of its words starts a word of the property,
// case-insensitively, the way directory search tokenises names and UPNs.
func parseSearch[T any](value string, d directoryType[T]) (func(T) bool, *apiError) {
	rest := strings.TrimSpace(value)
	var match func(T) bool
	join := "AND"
	for {
		m := searchClause.FindStringSubmatch(rest)
		read, known := func(T) string { return "" }, false
		if m != nil {
			read, known = d.text[m[1]]
		}
		if !known {
			return nil, odataError(http.StatusBadRequest, "Request_BadRequest",
				"Syntax error: the $search value %q must be quoted clauses such as \"displayName:sales\".", value)
		}
		match = combine(match, searchMatcher(read, m[2]), join)
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

func combine[T any](a, b func(T) bool, op string) func(T) bool {
	if a == nil {
		return b
	}
	if op == "OR" || op == "or" {
		return func(v T) bool { return a(v) || b(v) }
	}
	return func(v T) bool { return a(v) && b(v) }
}

func searchMatcher[T any](read func(T) string, text string) func(T) bool {
	terms := words(text)
	return func(v T) bool {
		have := words(read(v))
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
	filterStartsWith = regexp.MustCompile(`^startswith\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)`)
	filterEquals     = regexp.MustCompile(`^(\w+)\s+eq\s+'((?:[^']|'')*)'`)
	filterIn         = regexp.MustCompile(`^id\s+in\s+\(\s*((?:'[^']*'\s*,?\s*)+)\)`)
	filterJoin       = regexp.MustCompile(`^(and|or)\s+`)
	quoted           = regexp.MustCompile(`'([^']*)'`)
)

// parseFilter supports what pickers and name resolution need:
// startswith(property,'x'), property eq 'x', id in ('a','b'), clauses
// joined by `and` (binding first) and `or`.
func parseFilter[T any](value string, d directoryType[T]) (func(T) bool, *apiError) {
	refused := odataError(http.StatusBadRequest, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property in '%s'.", value)
	var anyOf [][]func(T) bool
	all := []func(T) bool{}
	rest := strings.TrimSpace(value)
	for {
		clause, n := filterClause(rest, d)
		if clause == nil {
			return nil, refused
		}
		all = append(all, clause)
		rest = strings.TrimSpace(rest[n:])
		if rest == "" {
			break
		}
		m := filterJoin.FindStringSubmatch(rest)
		if m == nil {
			return nil, refused
		}
		if m[1] == "or" {
			anyOf, all = append(anyOf, all), []func(T) bool{}
		}
		rest = rest[len(m[0]):]
	}
	anyOf = append(anyOf, all)
	return func(v T) bool {
		return slices.ContainsFunc(anyOf, func(all []func(T) bool) bool {
			return !slices.ContainsFunc(all, func(f func(T) bool) bool { return !f(v) })
		})
	}, nil
}

// filterClause reads the clause at the start of s: its test and length.
func filterClause[T any](s string, d directoryType[T]) (func(T) bool, int) {
	if m := filterStartsWith.FindStringSubmatch(s); m != nil {
		read, ok := d.text[m[1]]
		prefix := strings.ToLower(strings.ReplaceAll(m[2], "''", "'"))
		if !ok {
			return nil, 0
		}
		return func(v T) bool { return strings.HasPrefix(strings.ToLower(read(v)), prefix) }, len(m[0])
	}
	if m := filterEquals.FindStringSubmatch(s); m != nil {
		want := strings.ReplaceAll(m[2], "''", "'")
		read, ok := d.text[m[1]]
		switch {
		case m[1] == "id":
			read, ok = d.id, true
		case !slices.Contains(d.equal, m[1]):
			ok = false
		}
		if !ok {
			return nil, 0
		}
		return func(v T) bool { return strings.EqualFold(read(v), want) }, len(m[0])
	}
	if m := filterIn.FindStringSubmatch(s); m != nil {
		var idList []string
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			idList = append(idList, strings.ToLower(q[1]))
		}
		return func(v T) bool { return slices.Contains(idList, strings.ToLower(d.id(v))) }, len(m[0])
	}
	return nil, 0
}
