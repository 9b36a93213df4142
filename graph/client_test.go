package graph

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"enrollassign/graph/cloud"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewChecksItsConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
		wantURL string // the URL of a configurations listing
	}{
		{"global v1.0 by default", Config{BaseURL: cloud.Global.GraphURL, Tokens: plainTokens{}}, "",
			"https://graph.microsoft.com/v1.0/deviceManagement/deviceEnrollmentConfigurations"},
		{"beta", Config{BaseURL: cloud.Global.GraphURL, APIVersion: Beta, Tokens: plainTokens{}}, "",
			"https://graph.microsoft.com/beta/deviceManagement/deviceEnrollmentConfigurations"},
		{"GCC High", Config{BaseURL: cloud.USGovL4.GraphURL, Tokens: plainTokens{}}, "",
			"https://graph.microsoft.us/v1.0/deviceManagement/deviceEnrollmentConfigurations"},
		{"DoD", Config{BaseURL: cloud.USGovL5.GraphURL, Tokens: plainTokens{}}, "",
			"https://dod-graph.microsoft.us/v1.0/deviceManagement/deviceEnrollmentConfigurations"},
		{"China", Config{BaseURL: cloud.China.GraphURL, Tokens: plainTokens{}}, "",
			"https://microsoftgraph.chinacloudapi.cn/v1.0/deviceManagement/deviceEnrollmentConfigurations"},
		{"the demo emulator, trailing slash tolerated", Config{BaseURL: cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002/").GraphURL + "/", Tokens: plainTokens{}}, "",
			"http://127.0.0.1:8002/v1.0/deviceManagement/deviceEnrollmentConfigurations"},
		{"no tokens", Config{BaseURL: cloud.Global.GraphURL}, "Tokens is required", ""},
		{"unknown version", Config{BaseURL: cloud.Global.GraphURL, APIVersion: "v2.0", Tokens: plainTokens{}}, "API version", ""},
		{"relative base", Config{BaseURL: "graph.microsoft.com", Tokens: plainTokens{}}, "not an absolute", ""},
		{"not http", Config{BaseURL: "ftp://graph.microsoft.com", Tokens: plainTokens{}}, "not an absolute", ""},
		{"version in the base", Config{BaseURL: "https://graph.microsoft.com/v1.0", Tokens: plainTokens{}}, "without a path", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantURL, c.url(nil, configurationsPath...))
		})
	}
}

func TestAPIVersionIsReported(t *testing.T) {
	c, err := New(Config{BaseURL: cloud.Global.GraphURL, APIVersion: Beta, Tokens: plainTokens{}})
	require.NoError(t, err)
	assert.Equal(t, Beta, c.APIVersion())
}

func TestClientRequestIDs(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := NewUUID(), NewUUID()
	assert.Regexp(t, uuid, a)
	assert.NotEqual(t, a, b)

	f := newFakeGraph(t, reply(200, `{"id":"c1"}`), reply(200, `{"id":"c1"}`))
	c, err := New(Config{BaseURL: f.srv.URL, Tokens: plainTokens{"t"}})
	require.NoError(t, err)
	_, err = c.GetConfiguration(context.Background(), "c1")
	require.NoError(t, err)
	assert.Regexp(t, uuid, f.requests()[0].Header.Get("client-request-id"), "random UUIDs by default")

	off, _ := testClient(t, f, func(cfg *Config) { cfg.OmitClientRequestID = true })
	_, err = off.GetConfiguration(context.Background(), "c1")
	require.NoError(t, err)
	_, present := f.requests()[1].Header[http.CanonicalHeaderKey("client-request-id")]
	assert.False(t, present, "a host that refuses it in preflights can be reached without it")
}

func TestIDsAreCheckedBeforeAnyRequest(t *testing.T) {
	f := newFakeGraph(t)
	c, _ := testClient(t, f)
	ctx := context.Background()
	calls := map[string]func() error{
		"GetConfiguration": func() error { _, err := c.GetConfiguration(ctx, ""); return err },
		"ListAssignments":  func() error { _, err := c.ListAssignments(ctx, "a b"); return err },
		"GetAssignment":    func() error { _, err := c.GetAssignment(ctx, "c1", "x?y"); return err },
		"CreateAssignment": func() error {
			_, err := c.CreateAssignment(ctx, "c1", Assignment{Target: GroupTarget("Sales")})
			return err
		},
		"CreateOnDefault": func() error {
			_, err := c.CreateAssignment(ctx, "t_DefaultLimit", Assignment{Target: AllLicensedUsersTarget()})
			return err
		},
		"DeleteAssignment": func() error { return c.DeleteAssignment(ctx, "c1", "") },
		"DeleteOnDefault":  func() error { return c.DeleteAssignment(ctx, "t_DefaultWindowsHelloForBusiness", "a") },
		"PatchAssignment": func() error {
			_, err := c.PatchAssignment(ctx, "c1", Assignment{ID: "a", Target: Target{}})
			return err
		},
		"PatchWithoutID": func() error {
			_, err := c.PatchAssignment(ctx, "c1", Assignment{Target: AllDevicesTarget()})
			return err
		},
		"Assign":                 func() error { _, err := c.Assign(ctx, "t_DefaultPlatformRestrictions", nil); return err },
		"SetPriority on default": func() error { return c.SetPriority(ctx, "t_DefaultWindows10EnrollmentCompletionPageConfiguration", 2) },
		"SetPriority to 0":       func() error { return c.SetPriority(ctx, "c1", 0) },
		"GetGroup":               func() error { _, err := c.GetGroup(ctx, "g/1"); return err },
	}
	for name, call := range calls {
		err := call()
		var ve *ValidationError
		assert.ErrorAs(t, err, &ve, name)
	}
	assert.Empty(t, f.requests())
}
