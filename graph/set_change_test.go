package graph

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createdC is group C's include as the service answers its create.
var (
	createdC  = `{"id":"` + configID + `_` + groupC + `","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupC + `"}}`
	createC   = `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupC + `"}}`
	bPath     = assignmentPath(configID + "_" + groupB)
	postRoute = reply(400, graphError("No method match route template", "No OData route exists that match template ~/singleton/navigation/key/navigation with http verb POST for request /DeviceEnrollmentFE/..."))
)

// addCRemoveB adds an include of C and removes B's exclusion from the set
// loaded as {A, B}.
func addCRemoveB(t *testing.T, s Strategy) SetChange {
	return SetChange{Configuration: restrictions, Add: []Target{GroupTarget(groupC)},
		Remove: []Assignment{mustAssignment(t, liveB)}, Seen: []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)}, Strategy: s}
}

func TestChangeAssignmentsWithTheDocumentedRequests(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, list(liveA, liveB)), // the re-read, through beta
		reply(204, "", "request-id", "r-delete"),
		reply(201, createdC, "request-id", "r-create"),
		reply(200, list(liveA, createdC)), // read back
	)
	c, _ := testClient(t, f)
	res, err := c.ChangeAssignments(context.Background(), addCRemoveB(t, StrategyAuto))
	require.NoError(t, err)
	assert.Equal(t, []string{"GET " + betaListPath, "DELETE " + bPath, "POST " + listPath, "GET " + listPath}, sent(f.requests()))
	assert.JSONEq(t, createC, f.requests()[2].Body, "the create carries the type and the target only")
	assert.Equal(t, StrategyPatch, res.Strategy)
	assert.False(t, res.FellBack)
	require.Len(t, res.Items, 2)
	removed, added := res.Items[0], res.Items[1]
	assert.True(t, removed.Done && added.Done)
	assert.Equal(t, [2]string{"DELETE", "r-delete"}, [2]string{removed.Method, removed.Write.RequestID})
	assert.Equal(t, [2]string{"POST", "r-create"}, [2]string{added.Method, added.Write.RequestID})
	assert.Equal(t, configID+"_"+groupC, added.AssignmentID)
	assert.True(t, removed.Before.SameAudience(ExclusionGroupTarget(groupB)))
	assert.Len(t, res.After, 2)
}

func TestARefusedCreateFallsBackToAssignAfterTheDeleteItMade(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, list(liveA, liveB)),
		reply(204, ""),          // the delete works
		postRoute,               // the create is refused
		reply(200, list(liveA)), // the re-read shows the delete, nothing else
		reply(204, ""),          // assign
		reply(200, list(liveA, createdC)),
	)
	c, _ := testClient(t, f)
	res, err := c.ChangeAssignments(context.Background(), addCRemoveB(t, StrategyAuto))
	require.NoError(t, err)
	assert.Equal(t, []string{"GET " + betaListPath, "DELETE " + bPath, "POST " + listPath, "GET " + betaListPath, "POST " + assignPath, "GET " + listPath}, sent(f.requests()))
	assert.JSONEq(t, `{"enrollmentConfigurationAssignments":[`+
		`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"`+configID+`_`+groupA+`","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"`+groupA+`","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"},"source":"direct"},`+
		createC+`]}`, f.requests()[4].Body, "the live set, filter kept, with only C added")
	assert.True(t, res.FellBack)
	assert.Equal(t, "DELETE", res.Items[0].Method)
	assert.Equal(t, "assign", res.Items[1].Method)
	assert.NoError(t, res.Items[1].Err)
	assert.Equal(t, configID+"_"+groupC, res.Items[1].AssignmentID)

	// The refusal is remembered: the next addition goes straight to assign.
	f.steps = append(f.steps, reply(200, list(liveA, createdC)), reply(204, ""), reply(200, list(liveA, createdC, liveB)))
	next := SetChange{Configuration: restrictions, Add: []Target{ExclusionGroupTarget(groupB)},
		Seen: []Assignment{mustAssignment(t, liveA), mustAssignment(t, createdC)}, Strategy: StrategyAuto}
	previews, err := c.PreviewSetChange(next)
	require.NoError(t, err)
	require.Len(t, previews, 1)
	assert.Equal(t, StrategyAssign, previews[0].Strategy)
	assert.Contains(t, previews[0].Note, "refused the documented create or delete")
	res, err = c.ChangeAssignments(context.Background(), next)
	require.NoError(t, err)
	assert.True(t, res.FellBack)
	assert.Equal(t, "POST "+assignPath, sent(f.requests())[7])
}

func TestChangeAssignmentsNeverWritesOverAChangedSet(t *testing.T) {
	for _, s := range []Strategy{StrategyPatch, StrategyAssign} {
		t.Run(s.String(), func(t *testing.T) {
			f := newFakeGraph(t, reply(200, list(liveAtoC, liveB)))
			c, _ := testClient(t, f)
			res, err := c.ChangeAssignments(context.Background(), addCRemoveB(t, s))
			var ce *ConflictError
			require.True(t, errors.As(err, &ce), "got %v", err)
			assert.Len(t, ce.Actual, 2, "theirs is handed back")
			assert.Len(t, f.requests(), 1, "nothing but the re-read")
			for _, it := range res.Items {
				assert.False(t, it.Done)
				assert.ErrorAs(t, it.Err, &ce, "each item says why it was not written")
			}
		})
	}
}

func TestAFailedRequestStopsTheRestAndSaysWhich(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, list(liveA, liveB)),
		reply(403, graphError("Forbidden", "not allowed")),
	)
	c, _ := testClient(t, f)
	res, err := c.ChangeAssignments(context.Background(), addCRemoveB(t, StrategyAuto))
	assert.True(t, isStatus(err, 403), "got %v", err)
	assert.Len(t, f.requests(), 2, "the create is not sent after the delete failed")
	assert.Error(t, res.Items[0].Err)
	assert.False(t, res.Items[1].Done)
	assert.NoError(t, res.Items[1].Err, "never sent")
}

func TestARemovalTheServiceNoLongerKnowsIsDone(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, list(liveA, liveB)),
		reply(404, graphError("ResourceNotFound", "gone")),
		reply(200, list(liveA)),
	)
	c, _ := testClient(t, f)
	ch := addCRemoveB(t, StrategyPatch)
	ch.Add = nil
	res, err := c.ChangeAssignments(context.Background(), ch)
	require.NoError(t, err)
	assert.True(t, res.Items[0].Done)
	assert.Equal(t, 404, res.Items[0].Write.Status)
}

func TestAnAdditionWithAFilterGoesThroughBeta(t *testing.T) {
	withFilter := mustAssignment(t, strings.ReplaceAll(liveA, groupA, groupC)).Target
	f := newFakeGraph(t, reply(200, list(liveB)), reply(201, createdC), reply(200, list(liveB, createdC)))
	c, _ := testClient(t, f)
	_, err := c.ChangeAssignments(context.Background(), SetChange{Configuration: restrictions, Add: []Target{withFilter},
		Seen: []Assignment{mustAssignment(t, liveB)}, Strategy: StrategyPatch})
	require.NoError(t, err)
	assert.Equal(t, "POST "+betaListPath, sent(f.requests())[1])
	assert.Contains(t, f.requests()[1].Body, `"deviceAndAppManagementAssignmentFilterId":"f1"`)
}

func TestSetChangeIsRefusedBeforeAnyRequest(t *testing.T) {
	seen := func() []Assignment { return []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)} }
	tests := []struct {
		name  string
		edit  func(ch *SetChange)
		field string
		rule  Rule
	}{
		{"nothing to do", func(ch *SetChange) { ch.Add, ch.Remove = nil, nil }, "assignments", ""},
		{"the set was not loaded", func(ch *SetChange) { ch.Seen = nil }, "assignments", ""},
		{"a default configuration", func(ch *SetChange) { ch.Configuration.ID = "t1_DefaultPlatformRestrictions" }, "configuration", ""},
		{"an unknown configuration kind", func(ch *SetChange) { ch.Configuration.Kind = "" }, "configuration.@odata.type", ""},
		{"an assignment not loaded", func(ch *SetChange) { ch.Remove = []Assignment{{ID: configID + "_x"}} }, "assignment.id", ""},
		{"an assignment removed twice", func(ch *SetChange) { ch.Remove = append(ch.Remove, ch.Remove[0]) }, "assignment.id", ""},
		{"a group ID that is a name", func(ch *SetChange) { ch.Add = []Target{GroupTarget("Sales")} }, "target.groupId", ""},
		{"a target already there", func(ch *SetChange) { ch.Add = []Target{GroupTarget(strings.ToUpper(groupA))} }, "target", RuleDuplicate},
		{"a target added twice", func(ch *SetChange) { ch.Add = []Target{GroupTarget(groupC), GroupTarget(groupC)} }, "target", RuleDuplicate},
		{"a group included and excluded", func(ch *SetChange) { ch.Add = []Target{ExclusionGroupTarget(groupA)} }, "target", RuleIncludeAndExclude},
		{"a group included and excluded by one change", func(ch *SetChange) { ch.Add = []Target{GroupTarget(groupC), ExclusionGroupTarget(groupC)} }, "target", RuleIncludeAndExclude},
		{"a device target on a user-scoped configuration", func(ch *SetChange) { ch.Add = []Target{AllDevicesTarget()} }, "target.@odata.type", RuleKind},
		{"an unknown strategy", func(ch *SetChange) { ch.Strategy = 9 }, "strategy", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t)
			c, _ := testClient(t, f)
			ch := addCRemoveB(t, StrategyAuto)
			ch.Seen = seen()
			tt.edit(&ch)
			_, err := c.ChangeAssignments(context.Background(), ch)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tt.field, ve.Field)
			var r *Refusal
			if assert.Equal(t, tt.rule != "", errors.As(err, &r)) && r != nil {
				assert.Equal(t, tt.rule, r.Rule)
			}
			_, err = c.PreviewSetChange(ch)
			assert.True(t, errors.As(err, &ve), "the preview refuses it too")
			assert.Empty(t, f.requests())
		})
	}
}

func TestRemovingAGroupLetsTheChangeAddItOnTheOtherSide(t *testing.T) {
	f := newFakeGraph(t)
	c, _ := testClient(t, f)
	ch := SetChange{Configuration: restrictions, Seen: []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)},
		Remove: []Assignment{mustAssignment(t, liveB)}, Add: []Target{GroupTarget(groupB)}, Strategy: StrategyAuto}
	_, err := c.PreviewSetChange(ch)
	assert.NoError(t, err)
}

// TestSetPreviewIsWhatIsSent compares each preview with the request that
// follows it on the wire.
func TestSetPreviewIsWhatIsSent(t *testing.T) {
	tests := []struct {
		name     string
		strategy Strategy
		steps    []step
		writes   []int // indexes of the writes among the requests
	}{
		{"documented", StrategyPatch, []step{reply(200, list(liveA, liveB)), reply(204, ""), reply(201, createdC), reply(200, list(liveA, createdC))}, []int{1, 2}},
		{"assign", StrategyAssign, []step{reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveA, createdC))}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			c, _ := testClient(t, f)
			ch := addCRemoveB(t, tt.strategy)
			previews, err := c.PreviewSetChange(ch)
			require.NoError(t, err)
			_, err = c.ChangeAssignments(context.Background(), ch)
			require.NoError(t, err)
			require.Len(t, previews, len(tt.writes))
			for i, w := range tt.writes {
				got := f.requests()[w]
				p := previews[i]
				assert.Equal(t, got.Method, p.Method)
				assert.Equal(t, f.srv.URL+got.Path, p.URL)
				if p.Body == nil {
					assert.Empty(t, got.Body)
					continue
				}
				assert.JSONEq(t, string(p.Body), got.Body)
			}
		})
	}
}
