package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchSendsItemsAndReadsAnswersInRequestOrder(t *testing.T) {
	patch, err := PatchAssignmentBatchRequest("1", "c1", Assignment{ID: "c1_a", Target: AllLicensedUsersTarget()})
	require.NoError(t, err)
	assign, err := AssignBatchRequest("2", "c2", []Assignment{{Target: AllDevicesTarget()}})
	require.NoError(t, err)
	assign.DependsOn = []string{"1"}
	get := BatchRequest{ID: "3", Method: "GET", URL: "/groups/" + groupA}
	// Graph answers in any order; the batch itself is 200 whatever the items.
	f := newFakeGraph(t, reply(200, `{"responses":[
		{"id":"3","status":429,"headers":{"retry-after":"3.5","Content-Type":"application/json"},"body":`+graphError("TooManyRequests", "throttled")+`},
		{"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"id":"c1_a"}},
		{"id":"2","status":424,"body":{"error":{"code":"FailedDependency","message":"dependency failed"}}}]}`))
	c, _ := testClient(t, f)
	answers, err := c.Batch(context.Background(), []BatchRequest{patch, assign, get})
	require.NoError(t, err)

	r := f.requests()[0]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "/v1.0/$batch", r.Path)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"requests":[
		{"id":"1","method":"PATCH","url":"/deviceManagement/deviceEnrollmentConfigurations/c1/assignments/c1_a","headers":{"Content-Type":"application/json"},
		 "body":{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}}},
		{"id":"2","method":"POST","url":"/deviceManagement/deviceEnrollmentConfigurations/c2/assign","headers":{"Content-Type":"application/json"},"dependsOn":["1"],
		 "body":{"enrollmentConfigurationAssignments":[{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}},
		{"id":"3","method":"GET","url":"/groups/`+groupA+`"}]}`, r.Body)

	require.Len(t, answers, 3)
	assert.Equal(t, []string{"1", "2", "3"}, []string{answers[0].ID, answers[1].ID, answers[2].ID})
	assert.True(t, answers[0].OK())
	assert.NoError(t, answers[0].Err(patch))
	assert.JSONEq(t, `{"id":"c1_a"}`, string(answers[0].Body))

	var dep *Error
	require.True(t, errors.As(answers[1].Err(assign), &dep))
	assert.Equal(t, 424, dep.Status)
	assert.Equal(t, "FailedDependency", dep.Code)
	assert.Equal(t, "POST", dep.Method)

	wait, ok := answers[2].RetryAfter()
	assert.True(t, ok, "a throttled item's Retry-After is readable in the body")
	assert.Equal(t, 3500*time.Millisecond, wait)
	var throttled *Error
	require.True(t, errors.As(answers[2].Err(get), &throttled))
	assert.Equal(t, 3500*time.Millisecond, throttled.RetryAfter)
	assert.Equal(t, "throttled", throttled.Message)
}

func TestBatchIsCheckedBeforeSending(t *testing.T) {
	item := func(id string) BatchRequest { return BatchRequest{ID: id, Method: "GET", URL: "/groups"} }
	many := func(n int) []BatchRequest {
		out := make([]BatchRequest, n)
		for i := range out {
			out[i] = item(strconv.Itoa(i))
		}
		return out
	}
	tests := []struct {
		name  string
		reqs  []BatchRequest
		field string
	}{
		{"empty", nil, "requests"},
		{"more than twenty", many(21), "requests"},
		{"duplicate id", []BatchRequest{item("1"), item("1")}, "requests[1].id"},
		{"missing id", []BatchRequest{item("")}, "requests[0].id"},
		{"missing method", []BatchRequest{{ID: "1", URL: "/groups"}}, "requests[0].method"},
		{"absolute URL", []BatchRequest{{ID: "1", Method: "GET", URL: "https://graph.microsoft.com/v1.0/groups"}}, "requests[0].url"},
		{"protocol-relative URL", []BatchRequest{{ID: "1", Method: "GET", URL: "//evil.example/groups"}}, "requests[0].url"},
		{"body not JSON", []BatchRequest{{ID: "1", Method: "POST", URL: "/x", Body: json.RawMessage("{")}}, "requests[0].body"},
		{"depends on an unknown request", []BatchRequest{{ID: "1", Method: "GET", URL: "/x", DependsOn: []string{"9"}}}, "requests[0].dependsOn"},
		{"depends on a later request", []BatchRequest{{ID: "1", Method: "GET", URL: "/x", DependsOn: []string{"2"}}, item("2")}, "requests[0].dependsOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t)
			c, _ := testClient(t, f)
			_, err := c.Batch(context.Background(), tt.reqs)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tt.field, ve.Field)
			assert.Empty(t, f.requests())
		})
	}
}

func TestBatchKeepsAnItemsOwnContentType(t *testing.T) {
	in := BatchRequest{ID: "1", Method: "POST", URL: "/x", Headers: map[string]string{"content-type": "application/json; charset=utf-8"}, Body: json.RawMessage(`{}`)}
	assert.Equal(t, in, withContentType(in))
	bare := BatchRequest{ID: "1", Method: "POST", URL: "/x", Headers: map[string]string{"If-Match": "*"}, Body: json.RawMessage(`{}`)}
	got := withContentType(bare)
	assert.Equal(t, map[string]string{"If-Match": "*", "Content-Type": "application/json"}, got.Headers)
	assert.Equal(t, map[string]string{"If-Match": "*"}, bare.Headers, "the caller's map is not changed")
}

func TestBatchAnswersThatCannotBeTrusted(t *testing.T) {
	reqs := []BatchRequest{{ID: "1", Method: "GET", URL: "/a"}, {ID: "2", Method: "GET", URL: "/b"}}
	tests := []struct {
		name   string
		answer step
		want   string
	}{
		{"an item unanswered", reply(200, `{"responses":[{"id":"1","status":200}]}`), `no answer for request "2"`},
		{"an answer to nothing", reply(200, `{"responses":[{"id":"1","status":200},{"id":"2","status":200},{"id":"7","status":200}]}`), "3 answers for 2 requests"},
		{"not JSON", reply(200, `<html>`), "reading the batch answer"},
		{"the batch itself throttled is not retried", reply(429, graphError("TooManyRequests", "x"), "Retry-After", "1"), "429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f)
			_, err := c.Batch(context.Background(), reqs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Len(t, f.requests(), 1)
		})
	}
}

// A batch item is the request the client sends on its own, relative to the
// version: one builder serves both, so bulk's reads and writes are the
// client's, escaping included.
func TestBatchItemsAreTheSingleRequests(t *testing.T) {
	const odd = "c;1" // a key character a path must escape
	a := Assignment{ID: "c;1_a", Target: AllLicensedUsersTarget()}
	tests := []struct {
		name   string
		item   func() (BatchRequest, error)
		single func(c *Client) error
		answer step
	}{
		{"list assignments", func() (BatchRequest, error) { return ListAssignmentsBatchRequest("1", odd) },
			func(c *Client) error { _, err := c.ListAssignments(context.Background(), odd); return err }, reply(200, `{"value":[]}`)},
		{"patch an assignment", func() (BatchRequest, error) { return PatchAssignmentBatchRequest("1", odd, a) },
			func(c *Client) error { _, err := c.PatchAssignment(context.Background(), odd, a); return err }, reply(200, `{}`)},
		{"assign the set", func() (BatchRequest, error) { return AssignBatchRequest("1", odd, []Assignment{a}) },
			func(c *Client) error { _, err := c.Assign(context.Background(), odd, []Assignment{a}); return err }, reply(204, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			item, err := tt.item()
			require.NoError(t, err)
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f)
			require.NoError(t, tt.single(c))
			sent := f.requests()[0]
			assert.Equal(t, sent.Method, item.Method)
			assert.Equal(t, sent.Path, "/v1.0"+item.URL)
			assert.Contains(t, item.URL, "/c%3B1/", "escaped as the single request escapes it")
			assert.Equal(t, sent.Body, string(item.Body))
		})
	}
}

func TestBatchHelpersRefuseWhatTheOperationsRefuse(t *testing.T) {
	_, err := PatchAssignmentBatchRequest("1", "t_DefaultLimit", Assignment{ID: "a", Target: AllLicensedUsersTarget()})
	var ve *ValidationError
	assert.True(t, errors.As(err, &ve))
	_, err = AssignBatchRequest("1", "c1", []Assignment{{ID: "a"}})
	assert.True(t, errors.As(err, &ve))
	assert.Equal(t, "assignments[0].target.@odata.type", ve.Field)
	_, err = ListAssignmentsBatchRequest("1", "a/b")
	assert.True(t, errors.As(err, &ve))
	assert.Equal(t, "configuration.id", ve.Field)
}

func TestGetGroupsResolvesInBatchesAndRetriesFailedItemsAlone(t *testing.T) {
	ids := make([]string, 0, 26)
	for i := 0; i < 25; i++ {
		ids = append(ids, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	ids = append(ids, ids[3], "not-a-guid") // a repeat and garbage are not sent
	itemsOf := func(from, to int) string {
		var items []string
		for i := from; i < to; i++ {
			id := strconv.Itoa(i - from + 1)
			switch i {
			case 1:
				items = append(items, `{"id":"`+id+`","status":404,"body":`+graphError("Request_ResourceNotFound", "gone")+`}`)
			case 2:
				items = append(items, `{"id":"`+id+`","status":429,"headers":{"Retry-After":"1"},"body":{}}`)
			default:
				items = append(items, `{"id":"`+id+`","status":200,"body":{"id":"`+ids[i]+`","displayName":"G`+strconv.Itoa(i)+`"}}`)
			}
		}
		return `{"responses":[` + strings.Join(items, ",") + `]}`
	}
	f := newFakeGraph(t,
		reply(200, itemsOf(0, 20)),
		reply(200, `{"id":"`+ids[2]+`","displayName":"G2"}`), // item 3 read again alone
		reply(200, itemsOf(20, 25)),
	)
	c, _ := testClient(t, f)
	groups, err := c.GetGroups(context.Background(), ids)
	require.NoError(t, err)
	assert.Len(t, groups, 24, "25 distinct IDs, one deleted")
	assert.Equal(t, "G2", groups[ids[2]].DisplayName)
	assert.Equal(t, "G24", groups[ids[24]].DisplayName)
	_, deleted := groups[ids[1]]
	assert.False(t, deleted)

	reqs := f.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "/v1.0/$batch", reqs[0].Path)
	assert.Equal(t, "/v1.0/groups/"+ids[2], reqs[1].Path)
	var second struct{ Requests []BatchRequest }
	require.NoError(t, json.Unmarshal([]byte(reqs[2].Body), &second))
	assert.Len(t, second.Requests, 5)
}
