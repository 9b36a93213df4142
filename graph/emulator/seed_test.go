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

	"enrollassign/graph"
)

// seedDoc is the operation's documentation, the product's source.
const seedDoc = "../../../shared/seed/update-enrollmentconfigurationassignment.md"

// seedExample pulls the example request and response bodies out of the seed.
func seedExample(t *testing.T) (request, response []byte) {
	t.Helper()
	doc, err := os.ReadFile(seedDoc)
	require.NoError(t, err, "the seed document is the golden data")
	blocks := regexp.MustCompile("(?s)``` ?http\n(.*?)```").FindAllSubmatch(doc, -1)
	var bodies [][]byte
	for _, b := range blocks {
		if i := bytes.Index(b[1], []byte("\n{")); i >= 0 {
			bodies = append(bodies, bytes.TrimSpace(b[1][i:]))
		}
	}
	require.Len(t, bodies, 2, "one example request body and one response body")
	return bodies[0], bodies[1]
}

// TestSeedExampleIsAnsweredAsTheSeedShows sends the seed's example request
// to a configuration holding the seed's assignment ID and compares the
// answer with the seed's example response.
func TestSeedExampleIsAnsweredAsTheSeedShows(t *testing.T) {
	request, response := seedExample(t)
	var want graph.Assignment
	require.NoError(t, json.Unmarshal(response, &want))

	e := StartTest(t, Options{})
	configs := e.Configurations()
	var esp *graph.Configuration
	for i := range configs {
		if configs[i].ID == ConfigAutopilotESP {
			esp = &configs[i]
		}
	}
	require.NotNil(t, esp)
	esp.Assignments[0].ID = want.ID // the seed's assignment
	require.NoError(t, e.ReplaceConfigurations(configs))

	r := call(t, e, "PATCH", "/v1.0/deviceManagement/deviceEnrollmentConfigurations/"+ConfigAutopilotESP+"/assignments/"+want.ID,
		mustToken(t, e, AdminUPN), string(request), map[string]string{"Accept": "application/json"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Contains(t, r.header.Get("Content-Type"), "application/json")

	var got graph.Assignment
	require.NoError(t, json.Unmarshal(r.raw, &got))
	assert.True(t, want.Equal(got), "got %s, the seed shows %s", r.raw, response)
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"705b021c-021c-705b-1c02-5b701c025b70",`+
		`"target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}}`, string(r.raw),
		"the seed's response, with the target type written in Graph's canonical '#' form")

	stored := e.Configurations()
	for _, c := range stored {
		if c.ID == ConfigAutopilotESP {
			assert.True(t, c.Assignments[0].Target.Equal(graph.CollectionTarget("Collection Id value")))
		}
	}
}
