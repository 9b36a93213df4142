package graphapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"enrollassign/graph/emulator/internal/ids"
)

// batchRequest is one request of a JSON batch; its URL is relative to the
// batch's version.
type batchRequest struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      json.RawMessage   `json:"body,omitempty"`
	DependsOn []string          `json:"dependsOn,omitempty"`
}

// batchResponse is the answer to one request of a batch.
type batchResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// maxBatch is the most requests Graph accepts in one batch.
const maxBatch = 20

func errBatch(format string, args ...any) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest", format, args...)
}

// batch runs a JSON batch: each request on its own (own throttling count,
// own faults, own status), in order, with dependsOn honoured (424 when a
// dependency failed). The batch itself answers 200 whatever its requests did.
func (s *Server) batch(c *call, settings Settings) result {
	requests, e := readBatch(c)
	if e != nil {
		return s.fail(c, e)
	}
	statuses := map[string]int{}
	out := make([]batchResponse, 0, len(requests))
	c.sent = s.limiter.Mark()
	for _, req := range requests {
		resp := s.batchItem(c, req, statuses, settings)
		statuses[req.ID] = resp.Status
		out = append(out, resp)
	}
	return s.ok(c, http.StatusOK, mustJSON(map[string]any{"responses": out}), nil)
}

// readBatch decodes and checks the whole batch before anything runs: any
// breach of the rules refuses the batch as a whole.
func readBatch(c *call) ([]batchRequest, *apiError) {
	if !jsonBody(c.header.Get("Content-Type")) {
		return nil, errBadJSON()
	}
	var payload struct {
		Requests []batchRequest `json:"requests"`
	}
	if err := json.Unmarshal(c.body, &payload); err != nil {
		return nil, errBadJSON()
	}
	switch n := len(payload.Requests); {
	case n == 0:
		return nil, errBatch("Invalid batch payload format: the batch must contain at least one request.")
	case n > maxBatch:
		return nil, errBatch("Number of requests in the batch (%d) exceeds the maximum of %d.", n, maxBatch)
	}
	seen := map[string]bool{}
	for _, req := range payload.Requests {
		if e := checkBatchRequest(req, seen); e != nil {
			return nil, e
		}
		seen[req.ID] = true
	}
	return payload.Requests, nil
}

func checkBatchRequest(req batchRequest, earlier map[string]bool) *apiError {
	switch {
	case req.ID == "":
		return errBatch("Every request in a batch needs an id.")
	case earlier[req.ID]:
		return errBatch("Request ids must be unique within a batch: id '%s' is repeated.", req.ID)
	case !slices.Contains(preflightMethods, strings.ToUpper(req.Method)):
		return errBatch("Request '%s' has an invalid method '%s'.", req.ID, req.Method)
	case req.URL == "" || strings.Contains(req.URL, "://"):
		return errBatch("Request '%s' has an invalid url '%s': it must be relative to the batch's version, e.g. /deviceManagement/deviceEnrollmentConfigurations.", req.ID, req.URL)
	case hasBody(req.Body) && headerValue(req.Headers, "Content-Type") == "":
		return errBatch("Request '%s' has a body but no Content-Type header.", req.ID)
	}
	for _, dep := range req.DependsOn {
		if !earlier[dep] {
			return errBatch("Request '%s' depends on '%s', which is not an earlier request of the batch.", req.ID, dep)
		}
	}
	return nil
}

func hasBody(b json.RawMessage) bool {
	t := bytes.TrimSpace(b)
	return len(t) > 0 && string(t) != "null"
}

func headerValue(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// batchItem runs one request of a batch as if it had come alone, with the
// batch's Authorization.
func (s *Server) batchItem(outer *call, req batchRequest, statuses map[string]int, settings Settings) batchResponse {
	item := s.innerCall(outer, req)
	var res result
	if failed := failedDependency(req, statuses); failed != "" {
		res = s.fail(item, &apiError{status: http.StatusFailedDependency, code: "FailedDependency",
			message: "The request depends on '" + failed + "', which failed."})
	} else if plan := s.faults.Draw(false); plan.Status != 0 {
		res = s.injected(item, plan.Status, settings)
	} else {
		res = s.serve(item, settings)
	}
	s.record(item, res)
	return toBatchResponse(req.ID, res)
}

func failedDependency(req batchRequest, statuses map[string]int) string {
	for _, dep := range req.DependsOn {
		if st := statuses[dep]; st < 200 || st > 299 {
			return dep
		}
	}
	return ""
}

// innerCall builds the call of a batch item: its URL is relative to the
// batch's version.
func (s *Server) innerCall(outer *call, req batchRequest) *call {
	u, _ := url.Parse("/" + strings.TrimPrefix(req.URL, "/"))
	header := http.Header{}
	for k, v := range req.Headers {
		header.Set(k, v)
	}
	if auth := outer.header.Get("Authorization"); auth != "" {
		header.Set("Authorization", auth)
	}
	c := &call{method: strings.ToUpper(req.Method), rawPath: "/" + outer.version + u.Path, query: u.Query(),
		rawQuery: u.RawQuery, header: header, requestID: ids.NewUUID(), clientRequestID: header.Get("client-request-id"),
		inBatch: true, sent: outer.sent, claims: outer.claims}
	if c.clientRequestID == "" {
		c.clientRequestID = outer.clientRequestID
	}
	c.segments = splitPath("/" + outer.version + u.EscapedPath())
	if hasBody(req.Body) {
		c.body = req.Body
	}
	return c
}

// toBatchResponse keeps the headers a client needs from an item's answer;
// a throttled item's Retry-After is here, readable even where the
// response header is not.
func toBatchResponse(id string, res result) batchResponse {
	out := batchResponse{ID: id, Status: res.status, Headers: map[string]string{}}
	for _, h := range []string{"Content-Type", "Retry-After", "Location"} {
		if v := res.header.Get(h); v != "" {
			out.Headers[h] = v
		}
	}
	switch {
	case len(res.body) == 0:
	case jsonBody(res.header.Get("Content-Type")):
		out.Body = res.body
	default:
		// A body that is not JSON (a $count's number) is carried as a
		// base64 string, as Graph carries one.
		out.Body = mustJSON(base64.StdEncoding.EncodeToString(res.body))
	}
	return out
}
