package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// directoryObject is an item of a membership collection: its type and ID
// (Graph annotates each with its type, whatever $select asked for).
type directoryObject struct {
	Type string `json:"@odata.type"`
	ID   string `json:"id"`
}

// pendingRead is the next page to read of one key's collection.
type pendingRead struct {
	key string
	k   call
}

// readEach reads, for each key, the collection first(key) starts, to its
// last page: MaxBatch pages per $batch, a nextLink becoming an item of a
// later batch. Keys whose collection is not found (404) are left out.
func (c *Client) readEach(ctx context.Context, keys []string, first func(string) call) (map[string][]directoryObject, error) {
	out := make(map[string][]directoryObject, len(keys))
	pending := make([]pendingRead, len(keys))
	for i, key := range keys {
		pending[i] = pendingRead{key: key, k: first(key)}
		out[key] = []directoryObject{}
	}
	progress := progressOf(ctx)
	done := 0
	for len(pending) > 0 {
		chunk := pending[:min(MaxBatch, len(pending))]
		next, finished, err := c.readChunk(ctx, chunk, out)
		if err != nil {
			return nil, err
		}
		pending = append(pending[len(chunk):], next...)
		done += finished
		progress(done, len(keys))
	}
	return out, nil
}

// readChunk sends one batch of pages and records them: it returns the
// pages still to read and how many keys are finished.
func (c *Client) readChunk(ctx context.Context, chunk []pendingRead, out map[string][]directoryObject) ([]pendingRead, int, error) {
	reqs := make([]BatchRequest, len(chunk))
	for i, p := range chunk {
		reqs[i] = p.k.batch(strconv.Itoa(i + 1))
	}
	answers, err := c.Batch(ctx, reqs)
	if err != nil {
		return nil, 0, err
	}
	var next []pendingRead
	finished := 0
	for i, a := range answers {
		p, found, err := c.readAnswer(ctx, chunk[i].k, reqs[i], a)
		if err != nil {
			return nil, 0, err
		}
		if !found {
			delete(out, chunk[i].key)
			finished++
			continue
		}
		out[chunk[i].key] = append(out[chunk[i].key], p.Value...)
		if p.NextLink == "" {
			finished++
			continue
		}
		k, err := c.linkCall(p.NextLink, chunk[i].k.header)
		if err != nil {
			return nil, 0, err
		}
		next = append(next, pendingRead{key: chunk[i].key, k: k})
	}
	return next, finished, nil
}

// readAnswer reads one batch item's page. A throttled or unavailable item
// is read again on its own, after the item's Retry-After, with the
// client's retries; any other failure
// is the item's *Error; a 404 means the object is gone (found is false).
func (c *Client) readAnswer(ctx context.Context, k call, req BatchRequest, a BatchResponse) (page[directoryObject], bool, error) {
	var p page[directoryObject]
	switch {
	case a.Status == http.StatusNotFound:
		return p, false, nil
	case a.OK():
		if err := json.Unmarshal(a.Body, &p); err != nil {
			return p, false, fmt.Errorf("reading %s: %w", req.URL, err)
		}
		return p, true, nil
	case !retryable(req.Method, a.Status):
		return p, false, a.Err(req)
	}
	// The item's Retry-After binds the read sent again as much as a whole
	// request's: sending it at once is an early retry Intune counts.
	if wait, ok := a.RetryAfter(); ok {
		if err := c.retry.Clock.Sleep(ctx, wait); err != nil {
			return p, false, fmt.Errorf("waiting %s to read %s again: %w", wait, req.URL, err)
		}
	}
	err := c.getJSON(ctx, c.request(k), &p)
	if isStatus(err, http.StatusNotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

// linkCall turns a nextLink into the call that reads it, with the first
// page's headers (ConsistencyLevel). A link that leaves this client's
// Graph host and version is refused: the token must never follow it.
func (c *Client) linkCall(link string, header http.Header) (call, error) {
	u, err := url.Parse(link)
	rest, ok := "", false
	if err == nil && c.sameOrigin(link) {
		rest, ok = strings.CutPrefix(u.EscapedPath(), c.base.EscapedPath()+"/")
	}
	if !ok {
		return call{}, fmt.Errorf("paging: refusing next link %q: it leaves %s", link, c.base)
	}
	var path []string
	for _, seg := range strings.Split(rest, "/") {
		s, err := url.PathUnescape(seg)
		if err != nil {
			return call{}, fmt.Errorf("paging: next link %q: %w", link, err)
		}
		path = append(path, s)
	}
	return call{method: http.MethodGet, path: path, query: u.Query(), header: header}, nil
}
