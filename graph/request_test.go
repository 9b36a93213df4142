package graph

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A batch described is the batch sent: the same document, and each item
// read back into the request it was made from.
func TestADescribedBatchIsTheBatchSent(t *testing.T) {
	c, _ := testClient(t, newFakeGraph(t))
	a := Assignment{ID: "a;bé", Target: GroupTarget(groupA)}
	patch, err := PatchAssignmentBatchRequest("1", configID, a)
	require.NoError(t, err)
	read, err := ListAssignmentsBatchRequest("2", "id with space")
	require.Error(t, err, "an ID no Graph key has is refused")
	read, err = ListAssignmentsBatchRequest("2", configID)
	require.NoError(t, err)
	read.DependsOn = []string{"1"}
	search := call{method: http.MethodGet, path: []string{"groups"}, query: url.Values{"$search": {`"displayName:Sales"`}},
		header: http.Header{"ConsistencyLevel": {"eventual"}}}

	r, err := c.Beta().DescribeBatch([]BatchRequest{patch, read, search.batch("3")})
	require.NoError(t, err)
	body, err := batchBody([]BatchRequest{patch, read, search.batch("3")})
	require.NoError(t, err)
	assert.Equal(t, string(body), string(r.Body))
	assert.True(t, r.IsBatch())
	assert.Equal(t, c.Beta().base.String()+"/$batch", r.URL())
	require.Len(t, r.Batch, 3)
	assert.Equal(t, []string{"deviceManagement", "deviceEnrollmentConfigurations", configID, "assignments", "a;bé"}, r.Batch[0].Request.Path,
		"escaped segments read back whole")
	assert.Equal(t, patch.URL, r.Batch[0].Request.RelativeURL())
	assert.Equal(t, []string{"1"}, r.Batch[1].DependsOn)
	assert.Equal(t, "eventual", r.Batch[2].Request.Header.Get("ConsistencyLevel"))
	assert.Equal(t, search.query, r.Batch[2].Request.Query)
	assert.Empty(t, r.Batch[0].Request.Header, "the Content-Type every body gets is not an extra header")

	_, err = c.DescribeBatch(nil)
	assert.Error(t, err, "what SendBatch refuses is refused")
}

func TestEachRequestNamesItsLeastPrivilegedPermission(t *testing.T) {
	c, _ := testClient(t, newFakeGraph(t))
	must := func(r Request, err error) Request {
		require.NoError(t, err)
		return r
	}
	filters := c.describe(call{method: http.MethodGet, path: filtersPath})
	groups := c.describe(groupCall(groupA))
	list := c.describe(call{method: http.MethodGet, path: configurationsPath})
	setPriority := must(c.DescribeSetPriority(configID, 2))
	assert.Equal(t, "DeviceManagementConfiguration.Read.All", filters.Permission())
	assert.Equal(t, "GroupMember.Read.All", groups.Permission())
	assert.Equal(t, "DeviceManagementServiceConfig.Read.All", list.Permission())
	assert.Equal(t, "DeviceManagementServiceConfig.ReadWrite.All", setPriority.Permission())
	assert.Equal(t, "", Request{Method: "GET", Path: []string{"me"}}.Permission(), "no guess outside the app's paths")
	assert.Equal(t, "User.ReadBasic.All", c.describe(call{method: http.MethodGet, path: []string{"users"}}).Permission())
	assert.Equal(t, "GroupMember.Read.All", c.describe(userGroupsCall(userA)).Permission())
	assert.Equal(t, "GroupMember.Read.All", c.describe(groupMembersCall(groupA)).Permission())
	batch := must(c.DescribeBatch([]BatchRequest{groupCall(groupA).batch("1"), groupCall(groupB).batch("2")}))
	assert.Equal(t, "GroupMember.Read.All", batch.Permission(), "each permission once")
}

// Each Describe… is its method's call: what is described is what is sent.
func TestEachWriteDescribedIsItsCall(t *testing.T) {
	c, _ := testClient(t, newFakeGraph(t))
	a := Assignment{ID: configID + "_" + groupA, Target: GroupTarget(groupA)}
	type describe func() (Request, error)
	cases := []struct {
		name string
		got  describe
		want func() (call, error)
	}{
		{"patch", func() (Request, error) { return c.DescribePatch(configID, a) }, func() (call, error) { return patchCall(configID, a) }},
		{"create", func() (Request, error) { return c.DescribeCreate(configID, a) }, func() (call, error) { return createCall(configID, a) }},
		{"delete", func() (Request, error) { return c.DescribeDelete(configID, a.ID) }, func() (call, error) { return deleteCall(configID, a.ID) }},
		{"assign", func() (Request, error) { return c.DescribeAssign(configID, []Assignment{a}) }, func() (call, error) { return assignCall(configID, []Assignment{a}) }},
		{"setPriority", func() (Request, error) { return c.DescribeSetPriority(configID, 3) }, func() (call, error) { return setPriorityCall(configID, 3) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.got()
			require.NoError(t, err)
			k, err := tc.want()
			require.NoError(t, err)
			sent := c.request(k)
			assert.Equal(t, sent.method, got.Method)
			assert.Equal(t, sent.url, got.URL())
			assert.Equal(t, string(sent.body), string(got.Body))
		})
	}
	_, err := c.DescribeDelete(configID+"_DefaultLimit", "x")
	assert.Error(t, err, "what the method refuses is refused")
}
