package widgets

import (
	"context"
	"errors"
	"fmt"
	stdhtml "html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

// visible is the text a person reads on a rendered page: tags dropped,
// entities decoded, whitespace collapsed.
func visible(page string) string {
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(stdhtml.UnescapeString(text)), " ")
}

func TestExplainError(t *testing.T) {
	forbidden := &graph.Error{Status: 403, Code: "Forbidden", Message: "No permission", RequestID: "r1", ClientRequestID: "c1",
		Date: "2026-11-29T07:00:00", Method: "PATCH", URL: "https://graph.microsoft.com/v1.0/deviceManagement/x"}
	tests := []struct {
		name    string
		err     error
		message string
		hint    string
		facts   []string
	}{
		{"Graph error, wrapped", fmt.Errorf("saving: %w", forbidden), "No permission", "DeviceManagementServiceConfig.ReadWrite.All",
			[]string{"status=403", "code=Forbidden", "request-id=r1", "client-request-id=c1", "date=2026-11-29T07:00:00",
				"request=PATCH https://graph.microsoft.com/v1.0/deviceManagement/x"}},
		{"Graph error without a message", &graph.Error{Status: 500}, "Graph answered 500 with no message.", "Wait", []string{"status=500"}},
		{"validation", &graph.ValidationError{Field: "target.groupId", Message: "not a GUID"}, "not a GUID", "nothing was sent", nil},
		{"conflict", &graph.ConflictError{Configuration: "c"}, "changed since you loaded them", "Reload", nil},
		{"network", &url.Error{Op: "Get", URL: "https://graph.microsoft.com", Err: errors.New("net/http: fetch() failed: TypeError: Failed to fetch")},
			"could not be reached", "online", nil},
		{"timeout", context.DeadlineExceeded, "took too long", "Try again", nil},
		{"anything else", errors.New("boom"), "boom", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ExplainError(tt.err)
			assert.Contains(t, e.Message, tt.message)
			if tt.hint == "" {
				assert.Empty(t, e.Hint)
			} else {
				assert.Contains(t, e.Hint, tt.hint)
			}
			var facts []string
			for _, f := range e.Facts {
				facts = append(facts, f.Key+"="+f.Value)
			}
			assert.Equal(t, tt.facts, facts)
		})
	}
}

func TestRequestPreviewNeverShowsAToken(t *testing.T) {
	p := graph.RequestPreview{
		Method: http.MethodPatch, URL: "https://graph.microsoft.com/v1.0/x",
		Headers:  http.Header{"Authorization": {"Bearer eyJ.real.token"}, "Accept": {"application/json"}, "Content-Type": {"application/json"}},
		Body:     []byte(`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
		Strategy: graph.StrategyPatch, Note: "The documented update.",
	}
	page := visible(app.HTMLString((&RequestPreview{Preview: p, Title: "Request to send"}).Render()))
	assert.NotContains(t, page, "eyJ")
	assert.Contains(t, page, "PATCH https://graph.microsoft.com/v1.0/x Accept: application/json Authorization: Bearer <redacted> Content-Type: application/json {")
	assert.Contains(t, page, `"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"`)
	assert.Contains(t, page, "Strategy: PATCH")
	assert.Contains(t, page, "The documented update.")
}

func TestUpdatePromptAppearsOnlyWithAnUpdate(t *testing.T) {
	assert.NotContains(t, app.HTMLString((&UpdatePrompt{}).Render()), "Reload")
	assert.Contains(t, visible(app.HTMLString((&UpdatePrompt{available: true}).Render())), "A new version of this app is available. Reload to update")
}

func TestSaveResultHeadlineAndFacts(t *testing.T) {
	r := &SaveResult{Target: "All devices", Result: graph.UpdateResult{
		Strategy: graph.StrategyPatch,
		Write:    graph.WriteResult{Status: 200, RequestID: "req-1", Body: []byte(`{"id":"a"}`)},
	}}
	tree := r.Render()
	require.NoError(t, app.TestMatch(tree, app.TestUIDescriptor{Path: app.TestPath(0, 0), Expected: app.Text("Saved: All devices")}))
	require.NoError(t, app.Match(app.Dd().Class("fact-status"), tree, 1, 0, 1))
	require.NoError(t, app.Match(app.Text("200"), tree, 1, 0, 1, 0))
	require.NoError(t, app.Match(app.Text("req-1"), tree, 1, 1, 1, 0))
	require.NoError(t, app.Match(app.Text("—"), tree, 1, 2, 1, 0), "a missing client-request-id reads as a dash")
	assert.Error(t, app.Match(app.Text("201"), tree, 1, 0, 1, 0))
}

// The server names the demo users only of an emulator it started: with
// them the banner lists them; without, it says where the demo cloud points
// and claims no emulator.
func TestDemoBannerNamesAnEmulatorOnlyWithItsUsers(t *testing.T) {
	demo := cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002")
	started := visible(app.HTMLString((&DemoBanner{Cloud: demo, Users: []string{"admin@contoso.onmicrosoft.com", "reader@contoso.onmicrosoft.com"}}).Render()))
	assert.Equal(t, "Demo mode. A local emulator plays Microsoft Entra ID and Microsoft Graph; nothing reaches Microsoft. "+
		"Demo users: admin@contoso.onmicrosoft.com, reader@contoso.onmicrosoft.com.", started)

	apart := visible(app.HTMLString((&DemoBanner{Cloud: demo}).Render()))
	assert.Equal(t, "Demo mode. The demo cloud points at http://127.0.0.1:8001 for Microsoft Entra ID and http://127.0.0.1:8002 "+
		"for Microsoft Graph, which this server does not run; nothing reaches Microsoft.", apart)
	assert.NotContains(t, apart, "emulator")
	assert.NotContains(t, apart, "Demo users")
}
