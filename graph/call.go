package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// call is one Graph operation independent of where it is sent: on its own
// (Client.request), inside a $batch (call.batch) or shown to the user
// (Preview). Building each operation once keeps the three identical.
type call struct {
	method string
	path   []string // segments after the version, each escaped when joined
	query  url.Values
	body   []byte
	header http.Header
}

// The navigation from the deviceManagement singleton to the configurations.
var configurationsPath = []string{"deviceManagement", "deviceEnrollmentConfigurations"}

func configurationPath(configID string, more ...string) []string {
	p := append(append([]string{}, configurationsPath...), configID)
	return append(p, more...)
}

// request turns a call into an absolute request for this client.
func (c *Client) request(k call) request {
	return request{method: k.method, url: c.url(k.query, k.path...), body: k.body, header: k.header}
}

// getJSON sends r and decodes the answer into dst.
func (c *Client) getJSON(ctx context.Context, r request, dst any) error {
	resp, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.body, dst); err != nil {
		return fmt.Errorf("reading %s: %w", r.url, err)
	}
	return nil
}

// page is one page of a Graph collection.
type page[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// maxPages stops a service that keeps sending new nextLinks.
const maxPages = 1000

// listAll reads a collection to its end, following @odata.nextLink. A link to
// another host is refused: the token must never leave the Graph host.
func listAll[T any](ctx context.Context, c *Client, k call) ([]T, error) {
	var all []T
	r := c.request(k)
	seen := map[string]bool{}
	for r.url != "" {
		if seen[r.url] || len(seen) >= maxPages {
			return nil, fmt.Errorf("paging: the service keeps sending next links (page %d of %s)", len(seen)+1, r.url)
		}
		seen[r.url] = true
		var p page[T]
		if err := c.getJSON(ctx, r, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Value...)
		if p.NextLink != "" && !c.sameOrigin(p.NextLink) {
			return nil, fmt.Errorf("paging: refusing next link %q: it leaves %s", p.NextLink, c.base.Host)
		}
		r.url = p.NextLink
	}
	if all == nil {
		all = []T{}
	}
	return all, nil
}
