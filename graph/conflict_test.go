package graph

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The PATCH path re-reads the one assignment first: nothing is written over
// a change made since the user loaded it.
func TestPatchStrategyNeverOverwritesAChangedAssignment(t *testing.T) {
	changedA := strings.ReplaceAll(liveA, `"groupId":"`+groupA+`"`, `"groupId":"`+groupB+`"`)
	tests := []struct {
		name       string
		steps      []step
		wantSent   []string
		reason     string
		wantActual int
	}{
		{"someone retargeted it", []step{reply(200, changedA)}, []string{"GET " + betaAPath}, "now has another target", 1},
		{"someone deleted it", []step{reply(404, graphError("ResourceNotFound", "gone")), reply(200, list(liveB))},
			[]string{"GET " + betaAPath, "GET " + betaListPath}, "no longer exists", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			c, _ := testClient(t, f)
			u := Update{Configuration: restrictions, Before: v1View(t, liveA), After: ExclusionGroupTarget(groupC)}
			_, err := c.UpdateAssignment(context.Background(), u)
			var conflict *ConflictError
			require.True(t, errors.As(err, &conflict), "got %v", err)
			assert.Contains(t, conflict.Reason, tt.reason)
			assert.Equal(t, []Assignment{u.Before}, conflict.Expected, "what the user loaded")
			assert.Len(t, conflict.Actual, tt.wantActual, "what the service has now")
			assert.Equal(t, tt.wantSent, sent(f.requests()), "nothing is written")
		})
	}
}

// A filter added since the user loaded the assignment is not a conflict:
// the user never saw filters, so a v1.0 view still matches; it is kept.
func TestFilterAddedSinceLoadingIsKept(t *testing.T) {
	f := newFakeGraph(t, reply(200, liveA), reply(200, liveAtoC))
	c, _ := testClient(t, f)
	u := Update{Configuration: restrictions, Before: v1View(t, liveA), After: GroupTarget(groupC)}
	res, err := c.UpdateAssignment(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, Beta, res.APIVersion)
	assert.Equal(t, patchAtoC, f.requests()[1].Body)
}

func TestHasHiddenValues(t *testing.T) {
	tests := []struct {
		target string
		want   bool
	}{
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`, false},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`, false},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`, true},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"exclude"}`, true},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","somethingNewer":"x"}`, true},
	}
	for _, tt := range tests {
		var target Target
		require.NoError(t, target.UnmarshalJSON([]byte(tt.target)))
		assert.Equal(t, tt.want, hasHiddenValues(target), tt.target)
	}
}

// WithoutDefaults drops only the filter properties beta shows when no
// filter is set; anything else, a newer property's null included, is kept.
func TestWithoutDefaults(t *testing.T) {
	const group = `"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"`
	tests := []struct{ in, want string }{
		{`{` + group + `,"deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`, `{` + group + `}`},
		{`{` + group + `,"deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`,
			`{` + group + `,"deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`},
		{`{` + group + `,"deviceAndAppManagementAssignmentFilterType":null,"somethingNewer":null}`, `{` + group + `,"somethingNewer":null}`},
	}
	for _, tt := range tests {
		var target Target
		require.NoError(t, target.UnmarshalJSON([]byte(tt.in)))
		out, err := target.WithoutDefaults().MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(out), tt.in)
	}
}

func TestReplaceAssignments(t *testing.T) {
	seen := []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)}
	next := []Assignment{mustAssignment(t, liveAtoC)}
	wantBody := `{"enrollmentConfigurationAssignments":[` + strings.Replace(liveAtoC, `{"id"`, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id"`, 1) + `]}`

	t.Run("unchanged set: one assign through beta", func(t *testing.T) {
		f := newFakeGraph(t, reply(200, list(liveA, liveB)), reply(204, "", "request-id", "rid-1"))
		c, _ := testClient(t, f)
		w, err := c.ReplaceAssignments(context.Background(), configID, seen, next)
		require.NoError(t, err)
		assert.Equal(t, "rid-1", w.RequestID)
		reqs := f.requests()
		assert.Equal(t, []string{"GET " + betaListPath, "POST " + assignPath}, sent(reqs))
		assert.JSONEq(t, wantBody, reqs[1].Body)
	})
	t.Run("changed set: a conflict, nothing written", func(t *testing.T) {
		f := newFakeGraph(t, reply(200, list(liveA)))
		c, _ := testClient(t, f)
		_, err := c.ReplaceAssignments(context.Background(), configID, seen, next)
		var conflict *ConflictError
		require.True(t, errors.As(err, &conflict), "got %v", err)
		assert.Len(t, conflict.Actual, 1)
		assert.Equal(t, []string{"GET " + betaListPath}, sent(f.requests()))
	})
	refusals := []struct {
		name     string
		configID string
		next     []Assignment
	}{
		{"a default configuration", "x_DefaultLimit", next},
		{"two of one audience", configID, []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveAtoC), mustAssignment(t, liveA)}},
		{"an invalid target", configID, []Assignment{{ID: "x", Target: GroupTarget("not-a-guid")}}},
	}
	for _, tt := range refusals {
		t.Run("refused before any request: "+tt.name, func(t *testing.T) {
			f := newFakeGraph(t)
			c, _ := testClient(t, f)
			_, err := c.ReplaceAssignments(context.Background(), tt.configID, seen, tt.next)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Empty(t, f.requests())
		})
	}
}

// A target loaded through beta carries beta's defaults; written through
// v1.0 they would be unknown properties, so they are not sent.
func TestBetaDefaultsAreNotSentThroughV1(t *testing.T) {
	f := newFakeGraph(t, reply(200, liveBWithDefaults), reply(200, liveBtoC))
	c, _ := testClient(t, f)
	u := Update{Configuration: restrictions, Before: mustAssignment(t, liveBWithDefaults), After: ExclusionGroupTarget(groupC)}
	_, err := c.UpdateAssignment(context.Background(), u)
	require.NoError(t, err)
	reqs := f.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, assignmentPath(configID+"_"+groupB), reqs[1].Path)
	assert.Equal(t, patchBtoC, reqs[1].Body)
}
