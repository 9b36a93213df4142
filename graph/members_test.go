package graph

import (
	"context"
	"net/http"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countOf answers a $count as Graph does: plain text, after a byte order mark.
func countOf(n string) step {
	return reply(200, "\ufeff"+n, "Content-Type", "text/plain")
}

func TestMemberCountsAskForTheTransitiveCountEventually(t *testing.T) {
	f := newFakeGraph(t, countOf("18"))
	c, _ := testClient(t, f)
	counts, err := c.MemberCounts(context.Background(), []string{groupA, "not-a-group", groupA})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{groupA: 18}, counts)
	reqs := f.requests()
	require.Len(t, reqs, 1, "each group once; what is not a group ID never leaves")
	assert.Equal(t, "/v1.0/groups/"+groupA+"/transitiveMembers/$count", reqs[0].Path)
	assert.Equal(t, "eventual", reqs[0].Header.Get("ConsistencyLevel"))
}

func TestMemberCountsLeaveOutGoneGroupsAndReportRefusals(t *testing.T) {
	byGroup := map[string]step{
		groupA: countOf("3"),
		groupB: reply(404, graphError("Request_ResourceNotFound", "gone")),
		groupC: reply(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")),
	}
	f := newFakeGraph(t)
	route := func(w http.ResponseWriter, r *http.Request) {
		for id, s := range byGroup {
			if r.URL.Path == "/v1.0/groups/"+id+"/transitiveMembers/$count" {
				s(w, r)
				return
			}
		}
		http.Error(w, "unexpected", http.StatusTeapot)
	}
	f.steps = []step{route, route, route}
	c, _ := testClient(t, f)
	counts, err := c.MemberCounts(context.Background(), []string{groupA, groupB, groupC})
	assert.True(t, isStatus(err, http.StatusForbidden), "the refusal is reported, for the screen to degrade: %v", err)
	assert.Equal(t, map[string]int{groupA: 3}, counts, "what was read is kept")
	var paths []string
	for _, r := range f.requests() {
		paths = append(paths, r.Path)
	}
	sort.Strings(paths)
	assert.Len(t, paths, 3)
}

func TestReadCount(t *testing.T) {
	tests := []struct {
		body string
		want int
		ok   bool
	}{
		{"42", 42, true},
		{"\ufeff42", 42, true},
		{"\ufeff 0\r\n", 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{`{"value":3}`, 0, false},
	}
	for _, tt := range tests {
		n, err := readCount([]byte(tt.body))
		assert.Equal(t, tt.ok, err == nil, "%q: %v", tt.body, err)
		assert.Equal(t, tt.want, n, "%q", tt.body)
	}
}
