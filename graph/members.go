package graph

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// maxCountsInFlight bounds the member counts read at once: each is its own
// request (a count is plain text, which $batch would hand back encoded).
const maxCountsInFlight = 4

// MemberCounts reads how many members each group has, members of nested
// groups included (the transitive $count, an advanced query that needs
// ConsistencyLevel: eventual): how many users and devices a change of its
// assignment touches. Groups that no longer exist are left out. When a
// count fails otherwise (403 without GroupMember.Read.All), the counts read
// are returned with the first failure, so a screen can show what it has.
func (c *Client) MemberCounts(ctx context.Context, ids []string) (map[string]int, error) {
	unique := uniqueGUIDs(ids)
	counts := make(map[string]int, len(unique))
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	slots := make(chan struct{}, maxCountsInFlight)
	for _, id := range unique {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			n, err := c.memberCount(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				counts[id] = n
			case isStatus(err, http.StatusNotFound):
			case first == nil:
				first = err
			}
		}()
	}
	wg.Wait()
	return counts, first
}

// memberCountCall counts a group's transitive members.
func memberCountCall(id string) call {
	return call{method: http.MethodGet, path: []string{"groups", id, "transitiveMembers", "$count"},
		header: http.Header{"ConsistencyLevel": {"eventual"}}}
}

func (c *Client) memberCount(ctx context.Context, id string) (int, error) {
	resp, err := c.do(ctx, c.request(memberCountCall(id)))
	if err != nil {
		return 0, fmt.Errorf("counting the members of group %s: %w", id, err)
	}
	n, err := readCount(resp.body)
	if err != nil {
		return 0, fmt.Errorf("counting the members of group %s: %w", id, err)
	}
	return n, nil
}

// readCount reads a $count's plain-text number, after the byte order mark
// Microsoft's OData services may put before it.
func readCount(body []byte) (int, error) {
	text := strings.TrimSpace(strings.TrimPrefix(string(body), "\ufeff"))
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("the count %q is not a number", text)
	}
	return n, nil
}
