package graph

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Request is one write as this client sends it, without its token: the
// value the preview shows and graph/snippets writes in other languages. It
// is made from the same call the client sends (Client.describe), so what is
// shown or copied is what is sent.
type Request struct {
	Method string
	// Host is the cloud's Graph host with its scheme, without a version
	// ("https://graph.microsoft.com").
	Host string
	// Version is "v1.0" or "beta".
	Version string
	// Path is the segments after the version, unescaped
	// (["deviceManagement", "deviceEnrollmentConfigurations", "{id}", …]).
	Path  []string
	Query url.Values
	// Header holds the request's own headers beyond Authorization, Accept
	// and Content-Type, which every write carries (ConsistencyLevel).
	Header http.Header
	// Body is the exact JSON sent, nil when there is none.
	Body []byte
	// Batch is, for POST /$batch, each item as its own request, in order.
	Batch []BatchItem
}

// BatchItem is one request inside a $batch, with its ID and dependencies.
type BatchItem struct {
	ID        string
	DependsOn []string
	Request   Request
}

// URL is the request's absolute address, each segment escaped as sent.
func (r Request) URL() string {
	return r.Host + "/" + r.Version + relativePath(r.Path...) + encodeQuery(r.Query)
}

// RelativeURL is the address after the version ("/deviceManagement/…"), as
// a $batch item and the JavaScript SDK's api() name it.
func (r Request) RelativeURL() string { return relativePath(r.Path...) + encodeQuery(r.Query) }

// IsBatch reports POST /$batch.
func (r Request) IsBatch() bool { return len(r.Path) == 1 && r.Path[0] == "$batch" }

// describe is the Request of a call on this client.
func (c *Client) describe(k call) Request {
	host := *c.base
	host.Path = ""
	return Request{Method: k.method, Host: host.String(), Version: c.APIVersion(),
		Path: append([]string(nil), k.path...), Query: k.query, Header: k.header.Clone(), Body: k.body}
}

// DescribeBatch is the Request of one $batch of reqs on this client: the
// document SendBatch would post, and each item as its own request.
func (c *Client) DescribeBatch(reqs []BatchRequest) (Request, error) {
	body, err := batchBody(reqs)
	if err != nil {
		return Request{}, err
	}
	r := c.describe(call{method: http.MethodPost, path: []string{"$batch"}, body: body})
	for _, item := range reqs {
		k, err := parseBatchCall(item)
		if err != nil {
			return Request{}, err
		}
		r.Batch = append(r.Batch, BatchItem{ID: item.ID, DependsOn: item.DependsOn, Request: c.describe(k)})
	}
	return r, nil
}

// parseBatchCall reads a batch item back into the call it was made from:
// its relative URL split into unescaped segments and query.
func parseBatchCall(item BatchRequest) (call, error) {
	u, err := url.Parse(item.URL)
	if err != nil || !strings.HasPrefix(u.Path, "/") {
		return call{}, errors.New("batch item " + item.ID + ": " + item.URL + " is not a path relative to the version")
	}
	var path []string
	for _, seg := range strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/") {
		s, err := url.PathUnescape(seg)
		if err != nil {
			return call{}, errors.New("batch item " + item.ID + ": " + err.Error())
		}
		path = append(path, s)
	}
	k := call{method: item.Method, path: path, body: item.Body}
	if u.RawQuery != "" {
		k.query = u.Query()
	}
	for name, v := range item.Headers {
		if !strings.EqualFold(name, "Content-Type") {
			if k.header == nil {
				k.header = http.Header{}
			}
			k.header.Set(name, v)
		}
	}
	return k, nil
}

// Permission is the least privileged delegated permission the request
// needs, as Microsoft's reference for its operation lists it; a batch needs
// each of its items' (space-separated, in order, once each).
func (r Request) Permission() string {
	if r.IsBatch() {
		var all []string
		for _, item := range r.Batch {
			if p := item.Request.Permission(); p != "" && !contains(all, p) {
				all = append(all, p)
			}
		}
		return strings.Join(all, " ")
	}
	read := r.Method == http.MethodGet
	switch {
	case len(r.Path) > 0 && strings.EqualFold(r.Path[0], "groups"):
		return "GroupMember.Read.All"
	case len(r.Path) > 2 && strings.EqualFold(r.Path[0], "users"):
		return "GroupMember.Read.All" // another user's memberships
	case len(r.Path) > 0 && strings.EqualFold(r.Path[0], "users"):
		return "User.ReadBasic.All"
	case len(r.Path) > 1 && r.Path[1] == filtersPath[1] && read:
		return FilterReadPermission
	case len(r.Path) > 1 && r.Path[1] == filtersPath[1]:
		return "DeviceManagementConfiguration.ReadWrite.All"
	case len(r.Path) == 0 || r.Path[0] != configurationsPath[0]:
		return ""
	case read:
		return "DeviceManagementServiceConfig.Read.All"
	}
	return "DeviceManagementServiceConfig.ReadWrite.All"
}

// The writes as Requests, each made from the same call the client's method
// sends, for their previews and snippets.

// DescribePatch is PatchAssignment(configID, a) as a Request.
func (c *Client) DescribePatch(configID string, a Assignment) (Request, error) {
	return c.describeCall(patchCall(configID, a))
}

// DescribeCreate is CreateAssignment(configID, a) as a Request.
func (c *Client) DescribeCreate(configID string, a Assignment) (Request, error) {
	return c.describeCall(createCall(configID, a))
}

// DescribeDelete is DeleteAssignment(configID, assignmentID) as a Request.
func (c *Client) DescribeDelete(configID, assignmentID string) (Request, error) {
	return c.describeCall(deleteCall(configID, assignmentID))
}

// DescribeAssign is Assign(configID, all) as a Request.
func (c *Client) DescribeAssign(configID string, all []Assignment) (Request, error) {
	return c.describeCall(assignCall(configID, all))
}

// DescribeSetPriority is SetPriority(configID, priority) as a Request.
func (c *Client) DescribeSetPriority(configID string, priority int) (Request, error) {
	return c.describeCall(setPriorityCall(configID, priority))
}

func (c *Client) describeCall(k call, err error) (Request, error) {
	if err != nil {
		return Request{}, err
	}
	return c.describe(k), nil
}
