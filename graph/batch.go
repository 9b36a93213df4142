package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBatch is the most requests Graph accepts in one $batch.
const MaxBatch = 20

// BatchRequest is one request inside a $batch. URL is relative to the API
// version ("/deviceManagement/…"); ListAssignmentsBatchRequest,
// PatchAssignmentBatchRequest and AssignBatchRequest build the ones this app
// sends, from the same calls as the single requests: nothing outside this
// package builds or parses a Graph path.
type BatchRequest struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      json.RawMessage   `json:"body,omitempty"`
	DependsOn []string          `json:"dependsOn,omitempty"`
}

// BatchResponse is the answer to one BatchRequest. Graph answers the batch
// itself with 200 even when every item failed: each item has its own status.
type BatchResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// OK reports a 2xx item.
func (r BatchResponse) OK() bool { return r.Status >= 200 && r.Status < 300 }

// Header reads an item header whatever its case.
func (r BatchResponse) Header(name string) string {
	for k, v := range r.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// RetryAfter is the wait a throttled item asked for. Inside a batch it is in
// the body, readable even where the browser hides the header.
func (r BatchResponse) RetryAfter() (time.Duration, bool) {
	return parseRetryAfter(r.Header("Retry-After"), time.Now())
}

// Err is the item's failure as an *Error (nil for a 2xx), named after the
// request it answers.
func (r BatchResponse) Err(req BatchRequest) error {
	if r.OK() {
		return nil
	}
	h := http.Header{}
	for k, v := range r.Headers {
		h.Set(k, v)
	}
	return newError(req.Method, req.URL, r.Status, h, r.Body, time.Now())
}

// Batch sends up to MaxBatch requests in one POST /$batch and returns their
// answers in the order of reqs. The batch as a whole is never retried (it
// holds writes); a throttled item says so in its own status and RetryAfter.
func (c *Client) Batch(ctx context.Context, reqs []BatchRequest) ([]BatchResponse, error) {
	answer, err := c.SendBatch(ctx, reqs)
	return answer.Responses, err
}

// BatchAnswer is a whole $batch answer: the items' answers in request order
// and the batch request's own status and IDs. Graph does not promise a
// request-id per item, so the batch's is what support traces an item by.
type BatchAnswer struct {
	Responses []BatchResponse
	// Batch is the outer request's status, request-id and client-request-id
	// (its Body is left empty: the items hold it).
	Batch WriteResult
}

// SendBatch is Batch that also returns the batch request's own IDs.
func (c *Client) SendBatch(ctx context.Context, reqs []BatchRequest) (BatchAnswer, error) {
	body, err := batchBody(reqs)
	if err != nil {
		return BatchAnswer{}, err
	}
	resp, err := c.do(ctx, c.request(call{method: http.MethodPost, path: []string{"$batch"}, body: body}))
	if err != nil {
		return BatchAnswer{}, fmt.Errorf("sending a batch of %d: %w", len(reqs), err)
	}
	outer := writeResult(resp)
	outer.Body = nil
	var doc struct {
		Responses []BatchResponse `json:"responses"`
	}
	if err := json.Unmarshal(resp.body, &doc); err != nil {
		return BatchAnswer{Batch: outer}, fmt.Errorf("reading the batch answer: %w", err)
	}
	ordered, err := inRequestOrder(reqs, doc.Responses)
	return BatchAnswer{Responses: ordered, Batch: outer}, err
}

// batchBody checks reqs as Graph would, before anything is sent, and writes
// the $batch document. An item with a body gets Content-Type
// application/json unless it has one: Graph refuses a body without it.
func batchBody(reqs []BatchRequest) ([]byte, error) {
	if len(reqs) == 0 || len(reqs) > MaxBatch {
		return nil, &ValidationError{"requests", "a batch holds 1 to " + strconv.Itoa(MaxBatch) + " requests, not " + strconv.Itoa(len(reqs))}
	}
	seen := make(map[string]bool, len(reqs))
	items := make([]BatchRequest, len(reqs))
	for i, r := range reqs {
		if err := checkBatchRequest(i, r, seen); err != nil {
			return nil, err
		}
		seen[r.ID] = true
		items[i] = withContentType(r)
	}
	body, err := json.Marshal(struct {
		Requests []BatchRequest `json:"requests"`
	}{items})
	if err != nil {
		return nil, fmt.Errorf("writing the batch: %w", err)
	}
	return body, nil
}

func checkBatchRequest(i int, r BatchRequest, earlier map[string]bool) error {
	field := "requests[" + strconv.Itoa(i) + "]"
	switch {
	case r.ID == "":
		return &ValidationError{field + ".id", "missing"}
	case earlier[r.ID]:
		return &ValidationError{field + ".id", "\"" + r.ID + "\" is used twice: Graph refuses the whole batch"}
	case r.Method == "":
		return &ValidationError{field + ".method", "missing"}
	case !strings.HasPrefix(r.URL, "/") || strings.HasPrefix(r.URL, "//"):
		return &ValidationError{field + ".url", "must be relative to the API version, like /deviceManagement/…"}
	case len(r.Body) > 0 && !json.Valid(r.Body):
		return &ValidationError{field + ".body", "is not JSON"}
	}
	for _, d := range r.DependsOn {
		if !earlier[d] {
			return &ValidationError{field + ".dependsOn", "\"" + d + "\" is not an earlier request of this batch"}
		}
	}
	return nil
}

func withContentType(r BatchRequest) BatchRequest {
	if len(r.Body) == 0 {
		return r
	}
	for k := range r.Headers {
		if strings.EqualFold(k, "Content-Type") {
			return r
		}
	}
	h := make(map[string]string, len(r.Headers)+1)
	for k, v := range r.Headers {
		h[k] = v
	}
	h["Content-Type"] = "application/json"
	r.Headers = h
	return r
}

// inRequestOrder matches answers to requests by ID: Graph may answer in any
// order, and an answer missing or unknown means the batch cannot be trusted.
func inRequestOrder(reqs []BatchRequest, answers []BatchResponse) ([]BatchResponse, error) {
	byID := make(map[string]BatchResponse, len(answers))
	for _, a := range answers {
		byID[a.ID] = a
	}
	ordered := make([]BatchResponse, len(reqs))
	for i, r := range reqs {
		a, ok := byID[r.ID]
		if !ok {
			return nil, fmt.Errorf("reading the batch answer: no answer for request %q", r.ID)
		}
		ordered[i] = a
	}
	if len(answers) != len(reqs) {
		return nil, fmt.Errorf("reading the batch answer: %d answers for %d requests", len(answers), len(reqs))
	}
	return ordered, nil
}

// batch turns a call into a $batch item.
func (k call) batch(id string) BatchRequest {
	r := BatchRequest{ID: id, Method: k.method, URL: relativePath(k.path...) + encodeQuery(k.query), Body: k.body}
	if len(k.header) > 0 {
		r.Headers = map[string]string{}
		for name, values := range k.header {
			if len(values) > 0 {
				r.Headers[name] = values[0] // as set, whatever the key's case
			}
		}
	}
	return withContentType(r)
}

// ListAssignmentsBatchRequest is ListAssignments as a $batch item: the
// first page of a configuration's assignments (a batch does not follow
// @odata.nextLink; the caller decides what a paged answer means).
func ListAssignmentsBatchRequest(id, configID string) (BatchRequest, error) {
	k, err := listAssignmentsCall(configID)
	if err != nil {
		return BatchRequest{}, err
	}
	return k.batch(id), nil
}

// PatchAssignmentBatchRequest is PatchAssignment as a $batch item.
func PatchAssignmentBatchRequest(id, configID string, a Assignment) (BatchRequest, error) {
	k, err := patchCall(configID, a)
	if err != nil {
		return BatchRequest{}, err
	}
	return k.batch(id), nil
}

// AssignBatchRequest is Assign as a $batch item.
func AssignBatchRequest(id, configID string, all []Assignment) (BatchRequest, error) {
	k, err := assignCall(configID, all)
	if err != nil {
		return BatchRequest{}, err
	}
	return k.batch(id), nil
}
