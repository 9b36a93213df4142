//go:build !js

package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/wire"
)

// The seed's example request and response, kept here as the emulator's own
// golden files (the client keeps its own copy under graph/testdata).
const (
	seedDoc          = "../../../shared/seed/update-enrollmentconfigurationassignment.md"
	seedRequestFile  = "testdata/seed-request.json"
	seedResponseFile = "testdata/seed-response.json"
)

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(name)
	require.NoError(t, err)
	return raw
}

// TestSeedTestdataMatchesTheSeed guards the golden files against drifting
// from the document they were copied from.
func TestSeedTestdataMatchesTheSeed(t *testing.T) {
	doc, err := os.ReadFile(seedDoc)
	if os.IsNotExist(err) {
		t.Skip("../shared is not present next to the project")
	}
	require.NoError(t, err)
	var bodies []string
	for _, b := range regexp.MustCompile("(?s)``` ?http\n(.*?)```").FindAllSubmatch(doc, -1) {
		if i := bytes.Index(b[1], []byte("\n{")); i >= 0 {
			bodies = append(bodies, string(b[1][i:]))
		}
	}
	require.Len(t, bodies, 2, "the seed shows one request body and one response body")
	assert.JSONEq(t, bodies[0], string(readGolden(t, seedRequestFile)), seedRequestFile)
	assert.JSONEq(t, bodies[1], string(readGolden(t, seedResponseFile)), seedResponseFile)
}

// patchSeedRequest sends the golden request, as the seed shows it, to an
// assignment of the Autopilot ESP (which takes a collection target).
func patchSeedRequest(t *testing.T, e *Emulator, assignmentID string) graphResult {
	t.Helper()
	return call(t, e, "PATCH", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigAutopilotESP+"/assignments/"+assignmentID,
		mustToken(t, e, AdminUPN), string(readGolden(t, seedRequestFile)), map[string]string{"Accept": "application/json"})
}

// TestSeedRequestIsAnsweredInTheSeedResponsesShape: the seed's request is
// accepted, and the 200 answer has the seed response's members with the
// same JSON types (its ID is the tenant's own).
func TestSeedRequestIsAnsweredInTheSeedResponsesShape(t *testing.T) {
	e := StartTest(t, Options{})
	id := e.Configurations()[indexOf(t, e.Configurations(), ConfigAutopilotESP)].Assignments[0].ID

	r := patchSeedRequest(t, e, id)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Contains(t, r.header.Get("Content-Type"), "application/json")
	assert.Equal(t, shape(t, readGolden(t, seedResponseFile)), shape(t, r.raw), "got %s", r.raw)
	var got Assignment
	require.NoError(t, json.Unmarshal(r.raw, &got))
	assert.Equal(t, Assignment{ID: id, Target: Target{Kind: wire.TargetCollection, CollectionID: "Collection Id value"}}, got)
}

// TestSeedExampleIsAnsweredAsTheSeedShows gives an assignment the seed's
// ID: the answer is then the seed's response, with the target's type in
// Graph's canonical '#' form.
func TestSeedExampleIsAnsweredAsTheSeedShows(t *testing.T) {
	response := readGolden(t, seedResponseFile)
	var want Assignment
	require.NoError(t, json.Unmarshal(response, &want))

	e := StartTest(t, Options{})
	configs := e.Configurations()
	esp := &configs[indexOf(t, configs, ConfigAutopilotESP)]
	esp.Assignments[0].ID = want.ID
	require.NoError(t, e.ReplaceConfigurations(configs))

	r := patchSeedRequest(t, e, want.ID)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"705b021c-021c-705b-1c02-5b701c025b70",`+
		`"target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}}`, string(r.raw),
		"the seed's response, with the target type written in Graph's canonical '#' form")
	stored := e.Configurations()[indexOf(t, e.Configurations(), ConfigAutopilotESP)]
	assert.Equal(t, want, stored.Assignments[0])
}

func indexOf(t *testing.T, configs []Configuration, id string) int {
	t.Helper()
	for i, c := range configs {
		if c.ID == id {
			return i
		}
	}
	t.Fatalf("no configuration %s", id)
	return -1
}

// shape is a JSON document's members and their JSON types, at every depth.
func shape(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	return shapeOf(v)
}

func shapeOf(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, w := range x {
			out[k] = shapeOf(w)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, w := range x {
			out[i] = shapeOf(w)
		}
		return out
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}
