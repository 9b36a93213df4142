package graph

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The configuration's set as the service holds it: a beta-shaped include of
// group A (filter and source the client does not model) and an exclusion of B.
var (
	liveA = `{"id":"` + configID + `_` + groupA + `","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}}`
	liveB = `{"id":"` + configID + `_` + groupB + `","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"` + groupB + `"}}`
	// liveAtoC is A retargeted to C as the service would store it.
	liveAtoC = strings.ReplaceAll(liveA, `"groupId":"`+groupA+`"`, `"groupId":"`+groupC+`"`)
	// liveBWithDefaults is B as beta shows it: no filter, beta's defaults.
	liveBWithDefaults = `{"id":"` + configID + `_` + groupB + `","source":"direct","sourceId":null,"target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"` + groupB + `","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}}`
	liveBtoC          = strings.ReplaceAll(liveB, `"groupId":"`+groupB+`"`, `"groupId":"`+groupC+`"`)
	patchBtoC         = `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"` + groupC + `"}}`
)

func list(items ...string) string { return `{"value":[` + strings.Join(items, ",") + `]}` }

var restrictions = Configuration{ID: configID, DisplayName: "Sales restrictions", Priority: 2, Kind: ConfigurationPlatformRestrictions}

// retargetAtoC changes A's include from group A to group C, built from
// scratch as a picker would.
func retargetAtoC(t *testing.T, s Strategy, siblings ...string) Update {
	u := Update{Configuration: restrictions, Before: mustAssignment(t, liveA), After: GroupTarget(groupC), Strategy: s}
	if siblings != nil {
		for _, js := range siblings {
			u.Siblings = append(u.Siblings, mustAssignment(t, js))
		}
	}
	return u
}

// The bytes each strategy must send for retargetAtoC: the filter the user
// never saw is carried over, and assign keeps the sibling and "source".
var (
	patchAtoC  = `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupC + `","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}}`
	assignAtoC = `{"enrollmentConfigurationAssignments":[` +
		`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + configID + `_` + groupA + `","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupC + `","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"},"source":"direct"},` +
		`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + configID + `_` + groupB + `","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"` + groupB + `"}}]}`
)

var routeRefusal = reply(400, graphError("No method match route template", "No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb PATCH for request /DeviceEnrollmentFE/..."))

// sent summarises requests as "METHOD path".
func sent(reqs []recorded) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Method + " " + r.Path
	}
	return out
}

// The assign strategy reads the live set and sends it through beta, then
// reads the result back through the client's own version.
var (
	aPath        = assignmentPath(configID + "_" + groupA)
	betaAPath    = "/beta/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + configID + "_" + groupA
	betaBPath    = "/beta/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + configID + "_" + groupB
	listPath     = configsPath + "/" + configID + "/assignments"
	betaListPath = "/beta/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments"
	assignPath   = "/beta/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assign"
)

// v1View is how v1.0 shows an assignment: no filter, no source.
func v1View(t *testing.T, js string) Assignment {
	a := mustAssignment(t, js)
	return Assignment{ID: a.ID, Target: Target{Kind: a.Target.Kind, GroupID: a.Target.GroupID, CollectionID: a.Target.CollectionID}}
}

func TestUpdateAssignmentStrategies(t *testing.T) {
	tests := []struct {
		name         string
		update       Update
		steps        []step
		wantSent     []string
		wantBodies   map[int]string // request index → exact body
		wantStrategy Strategy
		wantFellBack bool
		wantRefused  bool // the client remembers PATCH is refused
		wantTarget   Target
		wantVersion  string // the version the write went through; beta when empty
	}{
		{name: "auto: re-read, then PATCH through beta, which keeps the filter the target carries",
			update: retargetAtoC(t, StrategyAuto), steps: []step{reply(200, liveA), reply(200, liveAtoC)},
			wantSent: []string{"GET " + betaAPath, "PATCH " + betaAPath}, wantBodies: map[int]string{1: patchAtoC},
			wantStrategy: StrategyPatch, wantTarget: mustAssignment(t, liveAtoC).Target, wantVersion: Beta},
		{name: "auto: the filter a v1.0 view hid is found by the re-read and kept",
			update:   Update{Configuration: restrictions, Before: v1View(t, liveA), After: GroupTarget(groupC)},
			steps:    []step{reply(200, liveA), reply(200, liveAtoC)},
			wantSent: []string{"GET " + betaAPath, "PATCH " + betaAPath}, wantBodies: map[int]string{1: patchAtoC},
			wantStrategy: StrategyPatch, wantTarget: mustAssignment(t, liveAtoC).Target, wantVersion: Beta},
		{name: "auto: a target with only beta's defaults is patched through v1.0",
			update:   Update{Configuration: restrictions, Before: v1View(t, liveB), After: ExclusionGroupTarget(groupC)},
			steps:    []step{reply(200, liveBWithDefaults), reply(200, liveBtoC)},
			wantSent: []string{"GET " + betaBPath, "PATCH " + assignmentPath(configID+"_"+groupB)}, wantBodies: map[int]string{1: patchBtoC},
			wantStrategy: StrategyPatch, wantTarget: mustAssignment(t, liveBtoC).Target, wantVersion: V1},
		{name: "auto: PATCH answered 204, then the assignment is read again",
			update: retargetAtoC(t, StrategyAuto), steps: []step{reply(200, liveA), reply(204, ""), reply(200, liveAtoC)},
			wantSent:     []string{"GET " + betaAPath, "PATCH " + betaAPath, "GET " + betaAPath},
			wantStrategy: StrategyPatch, wantTarget: mustAssignment(t, liveAtoC).Target, wantVersion: Beta},
		{name: "auto: PATCH refused, falls back to re-read, assign, read back",
			update:       retargetAtoC(t, StrategyAuto, liveA, liveB),
			steps:        []step{reply(200, liveA), routeRefusal, reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveAtoC, liveB))},
			wantSent:     []string{"GET " + betaAPath, "PATCH " + betaAPath, "GET " + betaListPath, "POST " + assignPath, "GET " + listPath},
			wantBodies:   map[int]string{1: patchAtoC, 3: assignAtoC},
			wantStrategy: StrategyAssign, wantFellBack: true, wantRefused: true, wantTarget: mustAssignment(t, liveAtoC).Target, wantVersion: Beta},
		{name: "pinned assign never sends PATCH",
			update:       retargetAtoC(t, StrategyAssign),
			steps:        []step{reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveAtoC, liveB))},
			wantSent:     []string{"GET " + betaListPath, "POST " + assignPath, "GET " + listPath},
			wantBodies:   map[int]string{1: assignAtoC},
			wantStrategy: StrategyAssign, wantTarget: mustAssignment(t, liveAtoC).Target},
		{name: "assign from a v1.0 view keeps what v1.0 hid, on the changed assignment and its siblings",
			update: Update{Configuration: restrictions, Before: v1View(t, liveA), After: GroupTarget(groupC),
				Siblings: []Assignment{v1View(t, liveA), v1View(t, liveB)}, Strategy: StrategyAssign},
			steps:        []step{reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveAtoC, liveB))},
			wantSent:     []string{"GET " + betaListPath, "POST " + assignPath, "GET " + listPath},
			wantBodies:   map[int]string{1: assignAtoC},
			wantStrategy: StrategyAssign, wantTarget: mustAssignment(t, liveAtoC).Target},
		{name: "assign finds the written assignment by target when the service renamed it",
			update: retargetAtoC(t, StrategyAssign),
			steps: []step{reply(200, list(liveA, liveB)), reply(204, ""),
				reply(200, list(strings.ReplaceAll(liveAtoC, `"id":"`+configID+`_`+groupA, `"id":"`+configID+`_`+groupC), liveB))},
			wantSent:     []string{"GET " + betaListPath, "POST " + assignPath, "GET " + listPath},
			wantStrategy: StrategyAssign, wantTarget: mustAssignment(t, liveAtoC).Target},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			c, _ := testClient(t, f)
			res, err := c.UpdateAssignment(context.Background(), tt.update)
			require.NoError(t, err)
			reqs := f.requests()
			assert.Equal(t, tt.wantSent, sent(reqs))
			for i, body := range tt.wantBodies {
				assert.Equal(t, body, reqs[i].Body, "body of request %d", i)
			}
			assert.Equal(t, tt.wantStrategy, res.Strategy)
			assert.Equal(t, tt.wantFellBack, res.FellBack)
			assert.Equal(t, tt.wantRefused, c.PatchRefused())
			assert.True(t, tt.wantTarget.Equal(res.Assignment.Target), "got %+v", res.Assignment.Target)
			assert.NotZero(t, res.Write.Status)
			assert.NotEmpty(t, res.Write.ClientRequestID)
			assert.Equal(t, firstNonEmpty(tt.wantVersion, Beta), res.APIVersion)
		})
	}
}

func TestRefusedPatchIsRememberedAndPreviewed(t *testing.T) {
	f := newFakeGraph(t,
		reply(200, liveA), routeRefusal, reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveAtoC, liveB)),
		// second update: straight to assign
		reply(200, list(liveAtoC, liveB)), reply(204, ""), reply(200, list(liveAtoC, strings.ReplaceAll(liveB, "exclusionGroup", "group"))),
	)
	c, _ := testClient(t, f)
	before, err := c.Preview(retargetAtoC(t, StrategyAuto))
	require.NoError(t, err)
	assert.Equal(t, StrategyPatch, before.Strategy)

	_, err = c.UpdateAssignment(context.Background(), retargetAtoC(t, StrategyAuto))
	require.NoError(t, err)

	second := Update{Configuration: restrictions, Before: mustAssignment(t, liveB), After: GroupTarget(groupB)}
	preview, err := c.Preview(second)
	require.NoError(t, err)
	assert.Equal(t, StrategyAssign, preview.Strategy)
	assert.Contains(t, preview.Note, "refused the documented PATCH")

	res, err := c.UpdateAssignment(context.Background(), second)
	require.NoError(t, err)
	assert.Equal(t, StrategyAssign, res.Strategy)
	assert.True(t, res.FellBack)
	assert.Equal(t, TargetGroup, res.Assignment.Target.Kind)
	reqs := f.requests()
	require.Len(t, reqs, 8)
	assert.Equal(t, []string{"GET " + betaListPath, "POST " + assignPath, "GET " + listPath}, sent(reqs[5:]), "no second PATCH")
}

func TestUpdateWithoutFallback(t *testing.T) {
	tests := []struct {
		name   string
		update Update
		answer step
		check  func(t *testing.T, err error)
	}{
		{"pinned PATCH reports the refusal", retargetAtoC(t, StrategyPatch), routeRefusal, func(t *testing.T, err error) {
			var ge *Error
			require.True(t, errors.As(err, &ge))
			assert.True(t, ge.IsRouteRefusal())
		}},
		{"another 400 is not a reason to fall back", retargetAtoC(t, StrategyAuto), reply(400, graphError("BadRequest", "invalid target")), func(t *testing.T, err error) {
			assert.True(t, isStatus(err, 400))
		}},
		{"403 is not a reason to fall back", retargetAtoC(t, StrategyAuto), reply(403, graphError("Forbidden", "no")), func(t *testing.T, err error) {
			assert.True(t, isStatus(err, 403))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, reply(200, liveA), tt.answer)
			c, _ := testClient(t, f)
			_, err := c.UpdateAssignment(context.Background(), tt.update)
			tt.check(t, err)
			assert.Equal(t, []string{"GET " + betaAPath, "PATCH " + betaAPath}, sent(f.requests()))
			assert.False(t, c.PatchRefused())
		})
	}
}

// expandedAtoC is retargetAtoC with the set given as the configuration's
// expanded assignments instead of Siblings.
func expandedAtoC(t *testing.T) Update {
	u := retargetAtoC(t, StrategyAssign)
	u.Configuration.Assignments = []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)}
	return u
}

func TestAssignStrategyNeverOverwritesAChangedSet(t *testing.T) {
	changedA := strings.ReplaceAll(liveA, groupA+`","deviceAndAppManagement`, groupB+`","deviceAndAppManagement`)
	liveD := `{"id":"` + configID + `_d","target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}}`
	tests := []struct {
		name   string
		update Update
		live   string
		reason string
	}{
		{"someone added an assignment", retargetAtoC(t, StrategyAssign, liveA, liveB), list(liveA, liveB, liveD), "not the one you loaded"},
		{"someone removed a sibling", retargetAtoC(t, StrategyAssign, liveA, liveB), list(liveA), "not the one you loaded"},
		{"someone changed a sibling", retargetAtoC(t, StrategyAssign, liveA, liveB), list(liveA, strings.ReplaceAll(liveB, "exclusionGroup", "group")), "not the one you loaded"},
		{"someone added an assignment to the expanded configuration", expandedAtoC(t), list(liveA, liveB, liveD), "not the one you loaded"},
		{"the assignment was deleted", retargetAtoC(t, StrategyAssign), list(liveB), "no longer exists"},
		{"the assignment was retargeted", retargetAtoC(t, StrategyAssign), list(changedA, liveB), "now has another target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, reply(200, tt.live))
			c, _ := testClient(t, f)
			_, err := c.UpdateAssignment(context.Background(), tt.update)
			var conflict *ConflictError
			require.True(t, errors.As(err, &conflict), "got %v", err)
			assert.Contains(t, conflict.Reason, tt.reason)
			assert.Equal(t, configID, conflict.Configuration)
			assert.NotEmpty(t, conflict.Actual)
			assert.Contains(t, err.Error(), "nothing was written")
			assert.Equal(t, []string{"GET " + betaListPath}, sent(f.requests()), "nothing is written")
		})
	}
}

func TestUpdateIsValidatedBeforeAnyRequest(t *testing.T) {
	valid := func() Update { return retargetAtoC(t, StrategyAuto) }
	tests := []struct {
		name  string
		edit  func(u *Update)
		field string
	}{
		{"default configuration by ID", func(u *Update) { u.Configuration.ID = "t1_DefaultPlatformRestrictions" }, "configuration"},
		{"default configuration by priority 0", func(u *Update) { u.Configuration.Priority = 0 }, "configuration"},
		{"configuration without an ID", func(u *Update) { u.Configuration.ID = "" }, "configuration.id"},
		{"configuration of unknown kind", func(u *Update) { u.Configuration.Kind = "" }, "configuration.@odata.type"},
		{"assignment without an ID", func(u *Update) { u.Before.ID = "" }, "assignment.id"},
		{"assignment ID with a slash", func(u *Update) { u.Before.ID = "a/../b" }, "assignment.id"},
		{"group target with no group", func(u *Update) { u.After = GroupTarget("") }, "target.groupId"},
		{"group target with a name for an ID", func(u *Update) { u.After = ExclusionGroupTarget("Sales") }, "target.groupId"},
		{"collection target with no collection", func(u *Update) { u.After = CollectionTarget(" ") }, "target.collectionId"},
		{"missing target type", func(u *Update) { u.After = Target{} }, "target.@odata.type"},
		{"abstract target type", func(u *Update) { u.After = Target{Kind: "deviceAndAppManagementAssignmentTarget"} }, "target.@odata.type"},
		{"device target on a user-scoped configuration", func(u *Update) { u.After = AllDevicesTarget() }, "target.@odata.type"},
		{"target already assigned", func(u *Update) {
			u.Siblings = []Assignment{u.Before, mustAssignment(t, liveB)}
			u.After = ExclusionGroupTarget(groupB)
		}, "target"},
		{"unknown strategy", func(u *Update) { u.Strategy = 7 }, "strategy"},
		{"filter set where the kind takes none", func(u *Update) {
			u.Configuration.Kind = ConfigurationLimit
			u.After = GroupTarget(groupC).WithFilter(filterID, FilterExclude)
		}, "target.filter"},
		{"filter ID that is no GUID", func(u *Update) { u.After = GroupTarget(groupC).WithFilter("f2", FilterInclude) }, "target.filter"},
		{"filter of no known type", func(u *Update) { u.After = GroupTarget(groupC).WithFilter(filterID, "sometimes") }, "target.filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t)
			c, _ := testClient(t, f)
			u := valid()
			tt.edit(&u)
			_, err := c.UpdateAssignment(context.Background(), u)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tt.field, ve.Field)
			assert.NotEmpty(t, ve.Message)
			_, err = c.Preview(u)
			assert.True(t, errors.As(err, &ve), "Preview refuses it too")
			assert.Empty(t, f.requests())
		})
	}
}

func TestDuplicateFoundInTheLiveSetIsRefused(t *testing.T) {
	liveC := `{"id":"` + configID + `_` + groupC + `","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupC + `"}}`
	f := newFakeGraph(t, reply(200, list(liveA, liveC)))
	c, _ := testClient(t, f)
	_, err := c.UpdateAssignment(context.Background(), retargetAtoC(t, StrategyAssign))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "got %v", err)
	assert.Contains(t, ve.Message, "already assigned")
	assert.Len(t, f.requests(), 1)
}

func TestWrittenAssignmentMissingOnReadBackIsAnError(t *testing.T) {
	f := newFakeGraph(t, reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveB)))
	c, _ := testClient(t, f)
	res, err := c.UpdateAssignment(context.Background(), retargetAtoC(t, StrategyAssign))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not in it when read back")
	assert.Equal(t, 204, res.Write.Status, "the caller still learns the write happened")
}

// TestPreviewIsWhatIsSent compares each preview with the request that
// follows it on the wire.
func TestPreviewIsWhatIsSent(t *testing.T) {
	tests := []struct {
		name   string
		update Update
		steps  []step
		index  int // the request the preview describes
	}{
		{"PATCH", Update{Configuration: restrictions, Before: v1View(t, liveB), After: ExclusionGroupTarget(groupC)},
			[]step{reply(200, liveBWithDefaults), reply(200, liveBtoC)}, 1},
		{"assign from the loaded set", retargetAtoC(t, StrategyAssign, liveA, liveB),
			[]step{reply(200, list(liveA, liveB)), reply(204, ""), reply(200, list(liveAtoC, liveB))}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.steps...)
			c, _ := testClient(t, f)
			p, err := c.Preview(tt.update)
			require.NoError(t, err)
			_, err = c.UpdateAssignment(context.Background(), tt.update)
			require.NoError(t, err)
			r := f.requests()[tt.index]
			assert.Equal(t, r.Method, p.Method)
			assert.Equal(t, f.srv.URL+r.Path, p.URL)
			assert.Equal(t, r.Body, string(p.Body))
			assert.Equal(t, "Bearer <redacted>", p.Headers.Get("Authorization"))
			for _, h := range []string{"Accept", "Content-Type"} {
				assert.Equal(t, r.Header.Get(h), p.Headers.Get(h), h)
			}
			assert.NotContains(t, strings.Join(p.Headers.Values("Authorization"), ""), "token-0")
			assert.NotEmpty(t, p.Note)
		})
	}
}

func TestPreviewOfAssignWithoutTheLoadedSetSaysSo(t *testing.T) {
	f := newFakeGraph(t)
	c, _ := testClient(t, f)
	p, err := c.Preview(retargetAtoC(t, StrategyAssign))
	require.NoError(t, err)
	assert.Equal(t, "POST", p.Method)
	assert.Equal(t, f.srv.URL+assignPath, p.URL)
	assert.Nil(t, p.Body)
	assert.Contains(t, p.Note, "built from that read")

	u := retargetAtoC(t, StrategyAssign)
	u.Configuration.Assignments = []Assignment{mustAssignment(t, liveA), mustAssignment(t, liveB)}
	p, err = c.Preview(u)
	require.NoError(t, err)
	assert.Equal(t, assignAtoC, string(p.Body), "the expanded configuration stands in for Siblings")
}

// TestSeedExampleThroughUpdateAssignment runs the seed's example through
// the operation the app uses: the placeholder collection ID is a warning,
// not a refusal, and the request is the seed's.
func TestSeedExampleThroughUpdateAssignment(t *testing.T) {
	seedRequest, err := os.ReadFile("testdata/seed-request.json")
	require.NoError(t, err)
	seedResponse, err := os.ReadFile("testdata/seed-response.json")
	require.NoError(t, err)
	var want Assignment
	require.NoError(t, json.Unmarshal(seedResponse, &want))

	esp := Configuration{ID: configID, DisplayName: "ESP", Priority: 1, Kind: ConfigurationEnrollmentCompletionPage}
	u := Update{Configuration: esp, Before: Assignment{ID: want.ID, Target: AllDevicesTarget()}, After: CollectionTarget("Collection Id value")}
	warnings, err := ValidateTarget(u.After)
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, "target.collectionId", warnings[0].Field)

	live, err := json.Marshal(u.Before)
	require.NoError(t, err)
	f := newFakeGraph(t, reply(200, string(live)), reply(200, string(seedResponse)))
	c, _ := testClient(t, f)
	res, err := c.UpdateAssignment(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, want, res.Assignment)
	assert.Equal(t, StrategyPatch, res.Strategy)
	assert.JSONEq(t, canonicalSeed(string(seedRequest)), f.requests()[1].Body)
	assert.Equal(t, assignmentPath(want.ID), f.requests()[1].Path)
}

func TestStrategyNames(t *testing.T) {
	assert.Equal(t, "auto", StrategyAuto.String())
	assert.Equal(t, "PATCH", StrategyPatch.String())
	assert.Equal(t, "assign", StrategyAssign.String())
	assert.Equal(t, "Strategy(9)", Strategy(9).String())
}
