package components

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
)

func TestOutcomeWords(t *testing.T) {
	tests := []struct {
		name string
		item bulk.Item
		want string
	}{
		{"succeeded", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateSucceeded, Write: bulk.WriteAssign, Status: 204, RequestID: "r-1", BatchItem: "w3"}},
			"Succeeded: assign 204, request-id r-1 (batch item w3)"},
		{"fell back", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateSucceeded, Write: bulk.WriteAssign, Status: 204, RequestID: "r-1", FellBack: true}},
			"Succeeded: assign 204, request-id r-1; assign was used because the service refused PATCH"},
		{"verified", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateSucceeded, Verified: true, RequestID: "r-2"}},
			"Succeeded: the answer was lost, and a re-read (request-id r-2) shows the change applied"},
		{"failed", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateFailed, Error: &bulk.Failure{Status: 404, Code: "ResourceNotFound", Message: "gone", RequestID: "r-3", Date: "2026-03-01"}}},
			"Failed: 404 ResourceNotFound: gone (request-id r-3, 2026-03-01)"},
		{"conflict", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateFailed, Error: &bulk.Failure{Code: "Conflict", Message: "changed", Conflict: true}}},
			"Not sent: Conflict: changed"},
		{"their change kept", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateSkipped, Error: &bulk.Failure{Code: "Conflict", Message: "changed", Conflict: true, RequestID: "r-4"}}},
			"Not sent: you kept the change someone else made (Conflict: changed (request-id r-4))"},
		{"mine on top", bulk.Item{OnTopOf: &graph.Assignment{ID: "a"}, Outcome: bulk.Outcome{State: bulk.StatePending}},
			"To be applied on top of their change"},
		{"refused", bulk.Item{Refused: "it already targets all devices", Outcome: bulk.Outcome{State: bulk.StateRefused}},
			"Not sent: it already targets all devices"},
		{"retrying", bulk.Item{Outcome: bulk.Outcome{State: bulk.StatePending, Error: &bulk.Failure{Status: 503, Message: "busy"}}},
			"Waiting to retry after: 503: busy"},
		{"pending", bulk.Item{Outcome: bulk.Outcome{State: bulk.StatePending}}, "Not sent yet"},
		{"in flight", bulk.Item{Outcome: bulk.Outcome{State: bulk.StateSending}}, "Sent; waiting for the answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, OutcomeWords(tt.item)) })
	}
}

func TestOperationAndRuleWords(t *testing.T) {
	names := func(id string) string { return map[string]string{salesID: "Sales Laptops", pilotID: "Pilot Users"}[id] }
	assert.Equal(t, "Replace Sales Laptops with Pilot Users, keeping include or exclude", OperationWords(bulk.ReplaceGroup(salesID, pilotID), names))
	assert.Equal(t, "Replace the group with Pilot Users, keeping include or exclude", OperationWords(bulk.ReplaceGroup("", pilotID), names))
	assert.Equal(t, "Assign to Configuration Manager collection SMS00042", OperationWords(bulk.RetargetCollection("SMS00042"), names))
	assert.Equal(t, "Assign to All devices", OperationWords(bulk.RetargetAllDevices(), names))
	assert.Equal(t, "Turn includes into excludes and excludes into includes", OperationWords(bulk.ToggleInclusion(), names))
	assert.Equal(t, "Every include of Pilot Users in Windows Hello for Business configurations",
		RuleWords(bulk.Rule{Kind: bulk.RuleIncludesOfKind, GroupID: pilotID, ConfigurationKind: graph.ConfigurationWindowsHelloForBusiness}, names))
	assert.Equal(t, "about 3 s", DurationWords(2100*time.Millisecond))
	assert.Equal(t, "about 2 min", DurationWords(61*time.Second))
	assert.Equal(t, "moments", DurationWords(0))
	assert.Equal(t, "100 writes per 20s", LimitWords(bulk.IntuneLimits))
}

func TestOperationDraftBecomesTheOperation(t *testing.T) {
	assert.Equal(t, bulk.ReplaceGroup(salesID, pilotID), drafts.Change{Choice: drafts.ChoiceReplace, FromGroupID: salesID, ToGroup: graph.Group{ID: pilotID}}.Operation())
	assert.Equal(t, bulk.ReplaceGroup("", pilotID), drafts.Change{Choice: drafts.ChoiceReplace, ToText: " " + pilotID + " "}.Operation(), "a pasted ID")
	assert.Equal(t, bulk.RetargetCollection("SMS00001"), drafts.Change{Choice: drafts.ChoiceCollection, Collection: "SMS00001"}.Operation())
	assert.Equal(t, bulk.RetargetAllLicensedUsers(), drafts.Change{Choice: drafts.ChoiceAllUsers}.Operation())
	assert.Error(t, drafts.Change{}.Operation().Validate(), "nothing chosen")
}

func TestPaceFollowsTheCloudAndTheDemosTimeScale(t *testing.T) {
	fast := testDemo()
	fast.TimeScale = 0.05
	assert.Equal(t, Pace{Limits: bulk.IntuneLimits}, PaceIn(cloud.Global, fast), "a real cloud keeps Intune's pace")
	assert.Equal(t, Pace{Limits: bulk.IntuneLimits}, PaceIn(testDemo().Cloud, testDemo()), "a demo at real time too")

	p := PaceIn(fast.Cloud, fast)
	assert.Equal(t, time.Second, p.Limits.Window, "the emulator's 20 s window at 0.05")
	assert.Equal(t, 100, p.Limits.Writes)
	assert.Contains(t, p.Note, "time scale 0.05")
	assert.Equal(t, bulk.IntuneLimits, Pace{}.limits(), "no pace set is Intune's")
}

// The time scale comes with the demo tenant, from the environment the
// server writes: nothing linked into the app names the emulator's test
// endpoints, so against anything but our emulator nothing asks them.
func TestNothingInTheAppReachesTheEmulatorsTestEndpoints(t *testing.T) {
	list := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}|{{.Dir}}|{{join .GoFiles \"|\"}}{{end}}", "enrollassign")
	list.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := list.CombinedOutput()
	require.NoError(t, err, "%s", out)
	read := 0
	for _, line := range strings.Fields(string(out)) {
		parts := strings.Split(line, "|")
		if !strings.HasPrefix(parts[0], "enrollassign") {
			continue // a module's, not ours
		}
		for _, f := range parts[2:] {
			src, err := os.ReadFile(filepath.Join(parts[1], f))
			require.NoError(t, err)
			read++
			assert.NotContains(t, string(src), "/_emulator/", "%s/%s", parts[0], f)
		}
	}
	assert.Greater(t, read, 50, "the app's own sources were read")
}

func TestBulkWriterIsTheClientOnBeta(t *testing.T) {
	c, err := graph.New(graph.Config{BaseURL: "https://graph.microsoft.com", Tokens: staticTokens{}})
	require.NoError(t, err)
	w, ok := bulkWriterOf(c)
	require.True(t, ok)
	assert.Same(t, c.Beta(), w)
	_, ok = bulkWriterOf(&fakeGraph{})
	assert.False(t, ok, "a Graph that cannot batch")
}

type staticTokens struct{}

func (staticTokens) Token(context.Context) (string, error) { return "t", nil }
