package graphapi

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"enrollassign/graph/emulator/wire"
)

// listQuery is what the OData query options of a read asked for.
type listQuery struct {
	selected map[string]bool // canonical property names; nil means all
	expand   bool
	top      int // 0: not given
	skip     int
}

// configurationProperties are the selectable properties of the base type
// and its four v1.0 subtypes.
var configurationProperties = wire.Properties()

// parseQuery reads the options allowed on a route and refuses any other
// `$` option; parameters without `$` are ignored, as Graph ignores them.
func parseQuery(c *call, allowed ...string) (listQuery, *apiError) {
	var q listQuery
	for name, values := range c.query {
		if !strings.HasPrefix(name, "$") {
			continue
		}
		option := strings.ToLower(name)
		if !slices.Contains(allowed, option) {
			return q, odataError(http.StatusBadRequest, "BadRequest", "The query option '%s' is not supported on %s.", name, c.route)
		}
		if e := q.apply(option, values[0]); e != nil {
			return q, e
		}
	}
	return q, nil
}

func (q *listQuery) apply(option, value string) *apiError {
	switch option {
	case "$select":
		return q.parseSelect(value, configurationProperties, "deviceEnrollmentConfiguration")
	case "$expand":
		if !strings.EqualFold(strings.TrimSpace(value), "assignments") {
			return odataError(http.StatusBadRequest, "BadRequest",
				"Could not find a navigation property named '%s' on type 'microsoft.graph.deviceEnrollmentConfiguration'.", value)
		}
		q.expand = true
	case "$top":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return odataError(http.StatusBadRequest, "BadRequest", "Invalid value '%s' for query option '$top': a positive integer is expected.", value)
		}
		q.top = n
	case "$skiptoken":
		n, ok := decodeSkipToken(value)
		if !ok {
			return odataError(http.StatusBadRequest, "BadRequest", "The $skiptoken '%s' is not valid.", value)
		}
		q.skip = n
	}
	return nil
}

// parseSelect maps selected names, case-insensitively, to their canonical
// spelling; an unknown one is refused.
func (q *listQuery) parseSelect(value string, properties []string, typeName string) *apiError {
	q.selected = map[string]bool{}
	for _, name := range strings.Split(value, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(properties, func(p string) bool { return strings.EqualFold(p, name) })
		if i < 0 {
			return odataError(http.StatusBadRequest, "BadRequest",
				"Could not find a property named '%s' on type 'microsoft.graph.%s'.", name, typeName)
		}
		q.selected[properties[i]] = true
	}
	return nil
}

// page cuts one page out of n items: $top asks for a page size, the
// service caps it at its own.
func (q listQuery) page(n, serviceSize int) (from, to int, more bool) {
	size := serviceSize
	if q.top > 0 && q.top < size {
		size = q.top
	}
	from = min(q.skip, n)
	to = min(from+size, n)
	return from, to, to < n
}

// nextLink repeats the request with a $skiptoken for the next page.
func (s *Server) nextLink(c *call, next int) string {
	q := url.Values{}
	for k, vs := range c.query {
		if !strings.EqualFold(k, "$skiptoken") {
			q[k] = vs
		}
	}
	q.Set("$skiptoken", encodeSkipToken(next))
	// Graph writes option names with a literal '$' in its links.
	return s.cfg.BaseURL + c.rawPath + "?" + strings.ReplaceAll(q.Encode(), "%24", "$")
}

// Skip tokens are opaque to clients, as the service's are.
func encodeSkipToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeSkipToken(token string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
	return n, err == nil && strings.HasPrefix(string(raw), "offset:") && n >= 0
}
