package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxDirectoryPage is the largest $top Graph accepts for directory
// collections: groups, users and their memberships.
const maxDirectoryPage = 999

// eventual is the header Graph's advanced directory queries ($search,
// $count, OData casts) need.
func eventual() http.Header { return http.Header{"ConsistencyLevel": {"eventual"}} }

// directorySearch is how a picker searches one directory collection.
type directorySearch struct {
	collection string // "groups", "users"
	fields     string // $select
	// search is the $search value for an escaped term; filter is the
	// $filter for a quoted prefix, asked where $search is refused.
	search func(term string) string
	filter func(quoted string) string
}

// searchDirectory finds up to top objects (25 when top ≤ 0) as a picker
// that searches as the user types: by $search (an advanced query, with
// ConsistencyLevel: eventual), the first ones when the text is empty, and
// by startswith where $search is refused (400).
func searchDirectory[T any](ctx context.Context, c *Client, s directorySearch, text string, top int) ([]T, error) {
	if top <= 0 {
		top = 25
	}
	query := func() url.Values {
		return url.Values{"$select": {s.fields}, "$top": {strconv.Itoa(min(top, maxDirectoryPage))}}
	}
	k := call{method: http.MethodGet, path: []string{s.collection}, query: query()}
	if text == "" {
		return readFound[T](ctx, c, k, s.collection, text)
	}
	k.query.Set("$search", s.search(escapeSearch(text)))
	k.header = eventual()
	found, err := readFound[T](ctx, c, k, s.collection, text)
	if !isStatus(err, http.StatusBadRequest) {
		return found, err
	}
	k = call{method: http.MethodGet, path: []string{s.collection}, query: query()}
	k.query.Set("$filter", s.filter(strings.ReplaceAll(text, "'", "''")))
	return readFound[T](ctx, c, k, s.collection, text)
}

func readFound[T any](ctx context.Context, c *Client, k call, what, text string) ([]T, error) {
	var p page[T]
	if err := c.getJSON(ctx, c.request(k), &p); err != nil {
		return nil, fmt.Errorf("searching %s for %q: %w", what, text, err)
	}
	if p.Value == nil {
		p.Value = []T{}
	}
	return p.Value, nil
}

// escapeSearch escapes what would end the quoted $search term.
func escapeSearch(text string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(text)
}
