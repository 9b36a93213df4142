package graph

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	userA = "a1000000-0000-4000-8000-00000000000a"
	userB = "b1000000-0000-4000-8000-00000000000b"
)

func TestSearchUsersAsksByNameOrUPNEventually(t *testing.T) {
	f := newFakeGraph(t, reply(200, `{"value":[{"id":"`+userA+`","displayName":"Adele Vance","userPrincipalName":"adele@contoso.com"}]}`))
	c, _ := testClient(t, f)
	users, err := c.SearchUsers(context.Background(), ` ad"e `, 10)
	require.NoError(t, err)
	assert.Equal(t, []User{{ID: userA, DisplayName: "Adele Vance", UserPrincipalName: "adele@contoso.com"}}, users)
	r := f.requests()[0]
	assert.Equal(t, "/v1.0/users", r.Path)
	q, _ := url.ParseQuery(r.Query)
	assert.Equal(t, `"displayName:ad\"e" OR "userPrincipalName:ad\"e"`, q.Get("$search"))
	assert.Equal(t, "id,displayName,userPrincipalName", q.Get("$select"))
	assert.Equal(t, "10", q.Get("$top"))
	assert.Equal(t, "eventual", r.Header.Get("ConsistencyLevel"), "$search is an advanced query")
}

func TestSearchUsersFallsBackToStartsWithWhenSearchIsRefused(t *testing.T) {
	f := newFakeGraph(t,
		reply(400, graphError("Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header")),
		reply(200, `{"value":[]}`))
	c, _ := testClient(t, f)
	users, err := c.SearchUsers(context.Background(), "o'brien", 0)
	require.NoError(t, err)
	assert.Equal(t, []User{}, users)
	q, _ := url.ParseQuery(f.requests()[1].Query)
	assert.Equal(t, "startswith(displayName,'o''brien') or startswith(userPrincipalName,'o''brien')", q.Get("$filter"))
	assert.Equal(t, "25", q.Get("$top"), "25 when top is not given")
	assert.Empty(t, f.requests()[1].Header.Get("ConsistencyLevel"))
}

func TestSearchUsersByPastedID(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, `{"id":"`+userA+`","displayName":"Adele Vance","userPrincipalName":"adele@contoso.com"}`),
		reply(404, graphError("Request_ResourceNotFound", "gone")))
	c, _ := testClient(t, f)
	users, err := c.SearchUsers(context.Background(), userA, 10)
	require.NoError(t, err)
	require.Len(t, users, 1)
	assert.Equal(t, "/v1.0/users/"+userA, f.requests()[0].Path)
	users, err = c.SearchUsers(context.Background(), userA, 10)
	require.NoError(t, err)
	assert.Empty(t, users, "an ID nobody has finds nobody")
}

func TestListUsersReads999APageToTheEnd(t *testing.T) {
	var f *fakeGraph
	f = newFakeGraph(t,
		func(w http.ResponseWriter, r *http.Request) {
			reply(200, `{"value":[{"id":"`+userA+`"}],"@odata.nextLink":"`+f.srv.URL+`/v1.0/users?$skiptoken=X"}`)(w, r)
		},
		reply(200, `{"value":[{"id":"`+userB+`"}]}`))
	c, _ := testClient(t, f)
	users, err := c.ListUsers(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []User{{ID: userA}, {ID: userB}}, users)
	q, _ := url.ParseQuery(f.requests()[0].Query)
	assert.Equal(t, "999", q.Get("$top"))
	assert.Equal(t, "id,displayName,userPrincipalName", q.Get("$select"))
	assert.Equal(t, "$skiptoken=X", f.requests()[1].Query)
}

func TestListUsersNeverFollowsALinkToAnotherHost(t *testing.T) {
	f := newFakeGraph(t, reply(200, `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/users?$skiptoken=X"}`))
	c, _ := testClient(t, f)
	_, err := c.ListUsers(context.Background())
	assert.ErrorContains(t, err, "leaves")
	assert.Len(t, f.requests(), 1)
}

// batchGraph answers each $batch item with answer(item) and anything else
// (an item read again alone) with alone(request); it records the batches.
type batchGraph struct {
	mu      sync.Mutex
	batches [][]BatchRequest
	answer  func(BatchRequest) BatchResponse
	alone   step
	clock   *fakeClock
}

func (b *batchGraph) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1.0/$batch" {
		b.alone(w, r)
		return
	}
	var doc struct {
		Requests []BatchRequest `json:"requests"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &doc); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b.mu.Lock()
	b.batches = append(b.batches, doc.Requests)
	b.mu.Unlock()
	out := struct {
		Responses []BatchResponse `json:"responses"`
	}{}
	for i := len(doc.Requests) - 1; i >= 0; i-- { // in any order, as Graph may
		a := b.answer(doc.Requests[i])
		a.ID = doc.Requests[i].ID
		out.Responses = append(out.Responses, a)
	}
	raw, _ := json.Marshal(out)
	reply(200, string(raw))(w, r)
}

func (b *batchGraph) client(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(srv.Close)
	c, clock := testClient(t, newFakeGraph(t), func(cfg *Config) { cfg.BaseURL = srv.URL })
	b.clock = clock
	return c
}

func itemAnswer(status int, body string) BatchResponse {
	return BatchResponse{Status: status, Headers: map[string]string{"Content-Type": "application/json"}, Body: json.RawMessage(body)}
}

// userIDs makes n user IDs.
func userIDs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, "00000000-0000-4000-8000-"+strings.Repeat("0", 12-len(strconv.Itoa(i)))+strconv.Itoa(i))
	}
	return out
}

func TestUserGroupsBatchesTwentyAndFollowsEachNextLink(t *testing.T) {
	ids := userIDs(25)
	gone := ids[3]
	b := &batchGraph{answer: func(r BatchRequest) BatchResponse {
		u, _ := url.Parse(r.URL)
		user := strings.Split(u.Path, "/")[2]
		switch {
		case user == gone:
			return itemAnswer(404, graphError("Request_ResourceNotFound", "gone"))
		case user == ids[0] && u.Query().Get("$skiptoken") == "":
			return itemAnswer(200, `{"value":[{"id":"`+groupA+`"}],"@odata.nextLink":"https://graph.invalid/v1.0`+u.Path+`?$skiptoken=2"}`)
		case user == ids[0]:
			return itemAnswer(200, `{"value":[{"id":"`+groupB+`"}]}`)
		}
		return itemAnswer(200, `{"value":[{"id":"`+groupC+`"}]}`)
	}}
	c := b.client(t)
	// The fake's nextLink names another host; the client's own is what it may follow.
	b.answer = rehost(b.answer, c)
	var progress [][2]int
	ctx := WithProgress(context.Background(), func(done, total int) { progress = append(progress, [2]int{done, total}) })
	groups, err := c.UserGroups(ctx, append(ids, ids[0], "not-an-id"))
	require.NoError(t, err)

	assert.Len(t, groups, 24, "each user once, the one gone left out")
	assert.Equal(t, []string{groupA, groupB}, groups[ids[0]], "both pages")
	assert.Equal(t, []string{groupC}, groups[ids[24]])
	assert.NotContains(t, groups, gone)
	require.Len(t, b.batches, 2)
	assert.Len(t, b.batches[0], MaxBatch)
	assert.Len(t, b.batches[1], 6, "the other 5 and the next page of the first")
	first := b.batches[0][0]
	assert.Equal(t, "/users/"+ids[0]+"/transitiveMemberOf/microsoft.graph.group?$count=true&$select=id&$top=999", first.URL)
	assert.Equal(t, "eventual", first.Headers["ConsistencyLevel"], "a cast is an advanced query")
	next := b.batches[1][5]
	assert.Equal(t, "/users/"+ids[0]+"/transitiveMemberOf/microsoft.graph.group?$skiptoken=2", next.URL)
	assert.Equal(t, "eventual", next.Headers["ConsistencyLevel"], "the next page keeps the first one's headers")
	assert.Equal(t, [][2]int{{19, 25}, {25, 25}}, progress, "users read to their last page, after each batch")
}

// rehost makes the fake's nextLinks point at the client's Graph.
func rehost(answer func(BatchRequest) BatchResponse, c *Client) func(BatchRequest) BatchResponse {
	return func(r BatchRequest) BatchResponse {
		a := answer(r)
		a.Body = json.RawMessage(strings.ReplaceAll(string(a.Body), "https://graph.invalid/v1.0", c.base.String()))
		return a
	}
}

func TestMembershipReadsRefuseANextLinkThatLeavesGraph(t *testing.T) {
	b := &batchGraph{answer: func(BatchRequest) BatchResponse {
		return itemAnswer(200, `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/groups/x/transitiveMembers?$skiptoken=2"}`)
	}}
	_, err := b.client(t).GroupMembers(context.Background(), []string{groupA})
	assert.ErrorContains(t, err, "refusing next link")
}

func TestGroupMembersKeepUsersAndDevices(t *testing.T) {
	b := &batchGraph{answer: func(r BatchRequest) BatchResponse {
		if strings.Contains(r.URL, groupB) {
			return itemAnswer(404, graphError("Request_ResourceNotFound", "gone"))
		}
		return itemAnswer(200, `{"value":[{"@odata.type":"#microsoft.graph.user","id":"`+userA+`"},
			{"@odata.type":"#microsoft.graph.group","id":"`+groupC+`"},
			{"@odata.type":"#microsoft.graph.device","id":"d1"},
			{"@odata.type":"#microsoft.graph.orgContact","id":"x"},
			{"@odata.type":"#microsoft.graph.user","id":"`+userB+`"}]}`)
	}}
	c := b.client(t)
	members, err := c.GroupMembers(context.Background(), []string{groupA, groupB})
	require.NoError(t, err)
	assert.Equal(t, map[string]Members{groupA: {Users: []string{userA, userB}, Devices: []string{"d1"}}}, members,
		"nested groups are flattened into their members; other types do not take configurations; a gone group is left out")
	assert.Equal(t, "/groups/"+groupA+"/transitiveMembers?$select=id&$top=999", b.batches[0][0].URL)
}

func TestMembershipRefusalIsTheScopeError(t *testing.T) {
	b := &batchGraph{answer: func(BatchRequest) BatchResponse {
		return itemAnswer(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."))
	}}
	c := b.client(t)
	for name, read := range map[string]func() error{
		"UserGroups":   func() error { _, err := c.UserGroups(context.Background(), []string{userA}); return err },
		"GroupMembers": func() error { _, err := c.GroupMembers(context.Background(), []string{groupA}); return err },
	} {
		err := read()
		var ge *Error
		require.True(t, errors.As(err, &ge), "%s: %v", name, err)
		assert.True(t, ge.IsScopeRefusal(), name)
		assert.Contains(t, err.Error(), "reading the", name)
	}
	assert.Len(t, b.batches, 2, "one batch each: a refusal is not read again alone")
}

func TestAThrottledItemIsReadAgainAlone(t *testing.T) {
	var alone []string
	b := &batchGraph{
		answer: func(r BatchRequest) BatchResponse {
			if strings.Contains(r.URL, userB) {
				a := itemAnswer(429, graphError("TooManyRequests", "slow down"))
				a.Headers["Retry-After"] = "1"
				return a
			}
			return itemAnswer(200, `{"value":[]}`)
		},
		alone: func(w http.ResponseWriter, r *http.Request) {
			alone = append(alone, r.URL.Path)
			reply(200, `{"value":[{"id":"`+groupA+`"}]}`)(w, r)
		},
	}
	groups, err := b.client(t).UserGroups(context.Background(), []string{userA, userB})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{userA: {}, userB: {groupA}}, groups)
	assert.Equal(t, []string{"/v1.0/users/" + userB + "/transitiveMemberOf/microsoft.graph.group"}, alone)
	assert.Equal(t, []time.Duration{time.Second}, b.clock.slept(), "the item's Retry-After is waited before reading it again")
}

func TestNoIDsReadNothing(t *testing.T) {
	f := newFakeGraph(t)
	c, _ := testClient(t, f)
	groups, err := c.UserGroups(context.Background(), []string{"not-an-id"})
	require.NoError(t, err)
	assert.Empty(t, groups)
	members, err := c.GroupMembers(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, members)
	assert.Empty(t, f.requests())
}
