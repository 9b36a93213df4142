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

// groupFields are the group properties a Group holds; asking for no more
// keeps answers small.
const groupFields = "id,displayName,description,groupTypes,securityEnabled,mailEnabled"

// groupSearch searches groups by words of their names.
var groupSearch = directorySearch{collection: "groups", fields: groupFields,
	search: func(term string) string { return `"displayName:` + term + `"` },
	filter: func(quoted string) string { return "startswith(displayName,'" + quoted + "')" }}

// SearchGroups finds up to top groups (25 when top ≤ 0) for a picker that
// searches as the user types: by words of the display name ($search, which
// needs ConsistencyLevel: eventual), by ID when the text is a group ID, or
// the first groups when the text is empty. Where $search is refused (400),
// it asks again for names that start with the text.
func (c *Client) SearchGroups(ctx context.Context, text string, top int) ([]Group, error) {
	text = strings.TrimSpace(text)
	if isGUID(text) {
		return c.groupByID(ctx, text)
	}
	return searchDirectory[Group](ctx, c, groupSearch, text, top)
}

// groupByID is a search by pasted group ID: the group, or nothing.
func (c *Client) groupByID(ctx context.Context, id string) ([]Group, error) {
	g, err := c.GetGroup(ctx, id)
	if isStatus(err, http.StatusNotFound) {
		return []Group{}, nil
	}
	if err != nil {
		return nil, err
	}
	return []Group{g}, nil
}

// GetGroup reads one group.
func (c *Client) GetGroup(ctx context.Context, id string) (Group, error) {
	if err := validateID("group.id", id); err != nil {
		return Group{}, err
	}
	var g Group
	if err := c.getJSON(ctx, c.request(groupCall(id)), &g); err != nil {
		return Group{}, fmt.Errorf("reading group %s: %w", id, err)
	}
	return g, nil
}

// groupCall reads one group's Group fields, alone (GetGroup) or in a
// $batch (GetGroups).
func groupCall(id string) call {
	return call{method: http.MethodGet, path: []string{"groups", id}, query: url.Values{"$select": {groupFields}}}
}

// GetGroups resolves group IDs to groups, MaxBatch per request, for showing
// names beside assignments. Groups that no longer exist are left out of the
// map; a throttled or failed item is read again on its own, with retries.
func (c *Client) GetGroups(ctx context.Context, ids []string) (map[string]Group, error) {
	found := make(map[string]Group, len(ids))
	unique := uniqueGUIDs(ids)
	for start := 0; start < len(unique); start += MaxBatch {
		chunk := unique[start:min(start+MaxBatch, len(unique))]
		if err := c.getGroupChunk(ctx, chunk, found); err != nil {
			return nil, err
		}
	}
	return found, nil
}

func (c *Client) getGroupChunk(ctx context.Context, ids []string, found map[string]Group) error {
	reqs := make([]BatchRequest, len(ids))
	for i, id := range ids {
		reqs[i] = groupCall(id).batch(strconv.Itoa(i + 1))
	}
	answers, err := c.Batch(ctx, reqs)
	if err != nil {
		return fmt.Errorf("resolving groups: %w", err)
	}
	for i, a := range answers {
		if err := c.keepGroup(ctx, ids[i], a, found); err != nil {
			return err
		}
	}
	return nil
}

// keepGroup records one batch answer, reading the group again alone when
// the batch item failed for a reason worth retrying.
func (c *Client) keepGroup(ctx context.Context, id string, a BatchResponse, found map[string]Group) error {
	switch {
	case a.Status == http.StatusNotFound:
		return nil
	case a.OK():
		var g Group
		if err := json.Unmarshal(a.Body, &g); err != nil {
			return fmt.Errorf("reading group %s: %w", id, err)
		}
		found[id] = g
		return nil
	}
	g, err := c.GetGroup(ctx, id)
	if isStatus(err, http.StatusNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("resolving groups: %w", err)
	}
	found[id] = g
	return nil
}

// uniqueGUIDs keeps each well-formed group ID once, in order: anything else
// cannot name a group and would fail the batch.
func uniqueGUIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	var out []string
	for _, id := range ids {
		key := strings.ToLower(id)
		if isGUID(id) && !seen[key] {
			seen[key] = true
			out = append(out, id)
		}
	}
	return out
}
