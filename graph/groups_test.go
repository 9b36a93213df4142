package graph

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearchGroupsFallsBackToStartsWithWhereSearchIsRefused(t *testing.T) {
	f := newFakeGraph(t,
		reply(400, graphError("Request_UnsupportedQuery", "Unsupported query.")),
		reply(200, `{"value":[{"id":"`+groupA+`","displayName":"O'Brien team"}]}`),
	)
	c, _ := testClient(t, f)
	groups, err := c.SearchGroups(context.Background(), "O'Brien", 5)
	require.NoError(t, err)
	assert.Equal(t, []Group{{ID: groupA, DisplayName: "O'Brien team"}}, groups)

	reqs := f.requests()
	require.Len(t, reqs, 2)
	q, err := url.ParseQuery(reqs[1].Query)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"$filter": {"startswith(displayName,'O''Brien')"}, "$select": {groupFields}, "$top": {"5"}}, q)
	assert.Empty(t, reqs[1].Header.Get("ConsistencyLevel"))
}

func TestSearchGroupsReportsOtherFailures(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		answer step
		status int
	}{
		{"forbidden search is not retried as a filter", "Sales", reply(403, graphError("Authorization_RequestDenied", "no")), 403},
		{"forbidden read by ID", groupA, reply(403, graphError("Authorization_RequestDenied", "no")), 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f)
			_, err := c.SearchGroups(context.Background(), tt.text, 5)
			assert.True(t, isStatus(err, tt.status), "got %v", err)
			assert.Len(t, f.requests(), 1)
		})
	}
}

func TestSearchGroupsByUnknownIDFindsNothing(t *testing.T) {
	f := newFakeGraph(t, reply(404, graphError("Request_ResourceNotFound", "gone")))
	c, _ := testClient(t, f)
	groups, err := c.SearchGroups(context.Background(), groupC, 5)
	require.NoError(t, err)
	assert.Empty(t, groups)
	assert.NotNil(t, groups)
}
