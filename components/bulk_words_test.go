package components

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	assert.Equal(t, bulk.ReplaceGroup(salesID, pilotID), OperationDraft{Choice: choiceReplace, FromGroupID: salesID, ToGroup: graph.Group{ID: pilotID}}.Operation())
	assert.Equal(t, bulk.ReplaceGroup("", pilotID), OperationDraft{Choice: choiceReplace, ToText: " " + pilotID + " "}.Operation(), "a pasted ID")
	assert.Equal(t, bulk.RetargetCollection("SMS00001"), OperationDraft{Choice: choiceCollection, Collection: "SMS00001"}.Operation())
	assert.Equal(t, bulk.RetargetAllLicensedUsers(), OperationDraft{Choice: choiceAllUsers}.Operation())
	assert.Error(t, OperationDraft{}.Operation().Validate(), "nothing chosen")
}

func TestBulkLimitsFollowTheCloud(t *testing.T) {
	limits, note, err := bulkLimits(context.Background(), cloud.Global)
	require.NoError(t, err)
	assert.Equal(t, bulk.IntuneLimits, limits)
	assert.Empty(t, note)

	emu := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_emulator/faults" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"throttling":true,"timeScale":0.05}`))
	}))
	defer emu.Close()
	limits, note, err = bulkLimits(context.Background(), cloud.Demo("http://127.0.0.1:1", emu.URL))
	require.NoError(t, err)
	assert.Equal(t, time.Second, limits.Window, "the emulator's 20 s window at 0.05")
	assert.Equal(t, 100, limits.Writes)
	assert.Contains(t, note, "time scale 0.05")

	_, _, err = bulkLimits(context.Background(), cloud.Demo("http://127.0.0.1:1", emu.URL+"/nothing-here"))
	assert.Error(t, err)
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
