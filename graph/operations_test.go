package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const configsPath = "/v1.0/deviceManagement/deviceEnrollmentConfigurations"

func mustAssignment(t *testing.T, js string) Assignment {
	t.Helper()
	var a Assignment
	require.NoError(t, json.Unmarshal([]byte(js), &a))
	return a
}

// TestOperationsSendWhatGraphDocuments checks, for every operation, the
// request on the wire (method, path, query, headers, body) and what the
// client makes of the answer.
func TestOperationsSendWhatGraphDocuments(t *testing.T) {
	betaAssignment := `{"id":"` + configID + `_` + groupA + `","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `","deviceAndAppManagementAssignmentFilterId":"f1"}}`
	tests := []struct {
		name      string
		answer    step
		run       func(ctx context.Context, c *Client) (any, error)
		method    string
		path      string
		query     url.Values
		header    http.Header // must be present with these values
		body      string      // "" means no body and no Content-Type
		wantValue any
	}{
		{
			name:   "list configurations with assignments",
			answer: reply(200, `{"value":[{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"c1","displayName":"Ten devices","priority":1,"limit":10,"assignments":[]}]}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				all, err := c.ListConfigurations(ctx, ListOptions{ExpandAssignments: true, Select: []string{"id", "displayName"}, Top: 50})
				if err != nil {
					return nil, err
				}
				return []string{all[0].ID, string(all[0].Kind), all[0].DisplayName}, nil
			},
			method: "GET", path: configsPath,
			query:     url.Values{"$expand": {"assignments"}, "$select": {"id,displayName"}, "$top": {"50"}},
			wantValue: []string{"c1", string(ConfigurationLimit), "Ten devices"},
		},
		{
			name:   "get configuration",
			answer: reply(200, `{"@odata.type":"#microsoft.graph.windows10EnrollmentCompletionPageConfiguration","id":"c2","priority":4}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				cfg, err := c.GetConfiguration(ctx, "c2")
				return []any{cfg.Kind, cfg.Priority}, err
			},
			method: "GET", path: configsPath + "/c2",
			wantValue: []any{ConfigurationEnrollmentCompletionPage, int32(4)},
		},
		{
			name:   "list assignments keeps beta properties",
			answer: reply(200, `{"@odata.context":"x","value":[`+betaAssignment+`]}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				all, err := c.ListAssignments(ctx, configID)
				return all, err
			},
			method: "GET", path: configsPath + "/" + configID + "/assignments",
			wantValue: []Assignment{mustAssignment(t, betaAssignment)},
		},
		{
			name:   "get assignment with an ID that needs escaping",
			answer: reply(200, `{"id":"c1_g+é","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAssignment(ctx, "c1", "c1_g+é")
			},
			method: "GET", path: configsPath + "/c1/assignments/c1_g+%C3%A9",
			wantValue: Assignment{ID: "c1_g+é", Target: AllDevicesTarget()},
		},
		{
			name:   "create assignment",
			answer: reply(201, `{"id":"c1_`+groupA+`","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"`+groupA+`"}}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateAssignment(ctx, "c1", Assignment{Target: GroupTarget(groupA)})
			},
			method: "POST", path: configsPath + "/c1/assignments",
			body:      `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `"}}`,
			wantValue: Assignment{ID: "c1_" + groupA, Target: GroupTarget(groupA)},
		},
		{
			name:   "delete assignment",
			answer: reply(204, ""),
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteAssignment(ctx, "c1", "c1_x")
			},
			method: "DELETE", path: configsPath + "/c1/assignments/c1_x",
		},
		{
			name:   "patch assignment as the seed documents it",
			answer: reply(200, `{"id":"a1"}`, "request-id", "req-1"),
			run: func(ctx context.Context, c *Client) (any, error) {
				w, err := c.PatchAssignment(ctx, "c1", Assignment{ID: "a1", Target: CollectionTarget("SMS00001")})
				return []any{w.Status, w.RequestID, w.ClientRequestID, string(w.Body)}, err
			},
			method: "PATCH", path: configsPath + "/c1/assignments/a1",
			body:      `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}}`,
			wantValue: []any{200, "req-1", "crid-1", `{"id":"a1"}`},
		},
		{
			name:   "assign sends the whole set with unknown properties",
			answer: reply(204, "", "client-request-id", "crid-echo"),
			run: func(ctx context.Context, c *Client) (any, error) {
				w, err := c.Assign(ctx, configID, []Assignment{mustAssignment(t, betaAssignment), {Target: AllDevicesTarget()}})
				return []any{w.Status, w.ClientRequestID}, err
			},
			method: "POST", path: configsPath + "/" + configID + "/assign",
			body: `{"enrollmentConfigurationAssignments":[{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"` + configID + `_` + groupA + `","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `","deviceAndAppManagementAssignmentFilterId":"f1"},"source":"direct"},` +
				`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}]}`,
			wantValue: []any{204, "crid-echo"},
		},
		{
			name:   "assign nothing sends an empty array",
			answer: reply(204, ""),
			run: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Assign(ctx, "c1", nil)
				return nil, err
			},
			method: "POST", path: configsPath + "/c1/assign",
			body: `{"enrollmentConfigurationAssignments":[]}`,
		},
		{
			name:   "set priority",
			answer: reply(204, ""),
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetPriority(ctx, "c1", 3)
			},
			method: "POST", path: configsPath + "/c1/setPriority",
			body: `{"priority":3}`,
		},
		{
			name:   "search groups by name",
			answer: reply(200, `{"value":[{"id":"`+groupA+`","displayName":"Sales \"EU\""}]}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.SearchGroups(ctx, ` Sales "EU" `, 10)
			},
			method: "GET", path: "/v1.0/groups",
			query:     url.Values{"$search": {`"displayName:Sales \"EU\""`}, "$select": {groupFields}, "$top": {"10"}},
			header:    http.Header{"Consistencylevel": {"eventual"}},
			wantValue: []Group{{ID: groupA, DisplayName: `Sales "EU"`}},
		},
		{
			name:   "search groups with no text lists the first ones",
			answer: reply(200, `{"value":[]}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.SearchGroups(ctx, "", 0)
			},
			method: "GET", path: "/v1.0/groups",
			query:     url.Values{"$select": {groupFields}, "$top": {"25"}},
			wantValue: []Group{},
		},
		{
			name:   "search groups by pasted ID reads the group",
			answer: reply(200, `{"id":"`+groupB+`","displayName":"Pilot Users"}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.SearchGroups(ctx, groupB, 10)
			},
			method: "GET", path: "/v1.0/groups/" + groupB,
			query:     url.Values{"$select": {groupFields}},
			wantValue: []Group{{ID: groupB, DisplayName: "Pilot Users"}},
		},
		{
			name:   "get group",
			answer: reply(200, `{"id":"`+groupB+`","displayName":"Pilot Users","description":"d"}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.GetGroup(ctx, groupB)
			},
			method: "GET", path: "/v1.0/groups/" + groupB,
			query:     url.Values{"$select": {groupFields}},
			wantValue: Group{ID: groupB, DisplayName: "Pilot Users", Description: "d"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f)
			got, err := tt.run(context.Background(), c)
			require.NoError(t, err)
			if tt.wantValue != nil {
				assert.Equal(t, tt.wantValue, got)
			}
			reqs := f.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tt.method, r.Method)
			assert.Equal(t, tt.path, r.Path)
			q, err := url.ParseQuery(r.Query)
			require.NoError(t, err)
			if tt.query == nil {
				tt.query = url.Values{}
			}
			assert.Equal(t, tt.query, q)
			assert.Equal(t, "Bearer token-0", r.Header.Get("Authorization"))
			assert.Equal(t, "application/json", r.Header.Get("Accept"))
			assert.Equal(t, "crid-1", r.Header.Get("client-request-id"))
			for k := range tt.header {
				assert.Equal(t, tt.header.Get(k), r.Header.Get(k), k)
			}
			assert.Equal(t, tt.body, r.Body)
			if tt.body == "" {
				assert.Empty(t, r.Header.Get("Content-Type"))
			} else {
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			}
		})
	}
}

// TestSeedExampleIsGoldenData sends the seed's example request and reads
// its example response.
func TestSeedExampleIsGoldenData(t *testing.T) {
	seedRequest, err := os.ReadFile("testdata/seed-request.json")
	require.NoError(t, err)
	seedResponse, err := os.ReadFile("testdata/seed-response.json")
	require.NoError(t, err)

	var fromSeed Assignment
	require.NoError(t, json.Unmarshal(seedRequest, &fromSeed))
	fromSeed.ID = "{enrollmentConfigurationAssignmentId}"

	f := newFakeGraph(t, reply(200, string(seedResponse)))
	c, _ := testClient(t, f)
	w, err := c.PatchAssignment(context.Background(), "{deviceEnrollmentConfigurationId}", fromSeed)
	// The seed's placeholders hold braces, which are path-escaped, not refused.
	require.NoError(t, err)

	r := f.requests()[0]
	assert.Equal(t, "PATCH", r.Method)
	assert.Equal(t, configsPath+"/%7BdeviceEnrollmentConfigurationId%7D/assignments/%7BenrollmentConfigurationAssignmentId%7D", r.Path)
	assert.JSONEq(t, canonicalSeed(string(seedRequest)), r.Body, "same document as the seed, '#' added to the target type")
	assert.Equal(t, string(seedResponse), string(w.Body))

	var got Assignment
	require.NoError(t, json.Unmarshal(w.Body, &got))
	assert.Equal(t, Assignment{ID: "705b021c-021c-705b-1c02-5b701c025b70", Target: CollectionTarget("Collection Id value")}, got)
}

// canonicalSeed is the seed's JSON with the one form this client writes.
func canonicalSeed(s string) string {
	return strings.ReplaceAll(s, `"microsoft.graph.configurationManagerCollectionAssignmentTarget"`, `"#microsoft.graph.configurationManagerCollectionAssignmentTarget"`)
}

// TestSeedTestdataMatchesTheSeed guards the golden files against drifting
// from the document they were copied from.
func TestSeedTestdataMatchesTheSeed(t *testing.T) {
	doc, err := os.ReadFile("../../shared/seed/update-enrollmentconfigurationassignment.md")
	if os.IsNotExist(err) {
		t.Skip("../shared is not present next to the project")
	}
	require.NoError(t, err)
	blocks := jsonBlocks(string(doc))
	require.Len(t, blocks, 2, "the seed shows one request body and one response body")
	for i, name := range []string{"testdata/seed-request.json", "testdata/seed-response.json"} {
		golden, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.JSONEq(t, blocks[i], string(golden), name)
	}
}

// jsonBlocks finds the JSON documents in the seed's http code blocks.
func jsonBlocks(doc string) []string {
	var out []string
	for _, block := range strings.Split(doc, "``` http")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if i := strings.Index(block, "\n{"); i >= 0 {
			out = append(out, block[i+1:])
		}
	}
	return out
}
