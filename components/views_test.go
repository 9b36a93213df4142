package components

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

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

func TestSignInErrorWithoutAnEntraError(t *testing.T) {
	page := visible(app.HTMLString((&SignInError{Err: errors.New("fetch failed")}).Render()))
	assert.Contains(t, page, "Sign-in failed fetch failed")
	assert.Contains(t, page, "Sign in again")
}

func TestUpdatePromptAppearsOnlyWithAnUpdate(t *testing.T) {
	assert.NotContains(t, app.HTMLString((&UpdatePrompt{}).Render()), "Reload")
	assert.Contains(t, visible(app.HTMLString((&UpdatePrompt{available: true}).Render())), "A new version of this app is available. Reload to update")
}

func TestSettingsFormShowsProblemsBesideFieldsAndSavesValidSettings(t *testing.T) {
	var saved []keep.Settings
	f := &SettingsForm{Value: keep.Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, Demo: testDemo(),
		OnSave: func(ctx app.Context, s keep.Settings) { saved = append(saved, s) }}
	e := mount(t, f)

	act(t, e, f, f.Save)
	page := html(f)
	assert.Empty(t, saved)
	assert.Contains(t, visible(page), "Enter your tenant ID")
	assert.Equal(t, "true", tagAttrs(t, page, "settings-tenant")["aria-invalid"])

	act(t, e, f, func(ctx app.Context) {
		f.Set("tenant", " contoso.onmicrosoft.com ")
		f.Set("clientId", demoClient)
		f.Save(ctx)
	})
	require.Len(t, saved, 1)
	assert.Equal(t, keep.Settings{CloudID: "global", Tenant: "contoso.onmicrosoft.com", ClientID: demoClient, APIVersion: graph.V1}, saved[0])
	assert.Contains(t, visible(page), "Demo tenant (local emulator)", "the demo is a choice when the server runs one")
	assert.Contains(t, visible(page), "US Government L5 (DoD)", "every national cloud is a choice")
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
