//go:build !js

package graphapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
)

func TestEveryResponseCarriesRequestIDsAndDate(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	tests := []struct {
		name, method, path, token string
		want                      int
	}{
		{"success", "GET", v1, tok, 200},
		{"unauthenticated", "GET", v1, "", 401},
		{"not found", "GET", v1 + "/nope", tok, 404},
		{"bad segment", "GET", "/v1.0/deviceManagement/nothingHere", tok, 400},
		{"bad version", "GET", "/v9/deviceManagement", tok, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, tt.token, "", hdr{"client-request-id": "my-correlation"})
			require.Equal(t, tt.want, r.status, "%s", r.raw)
			assert.NotEmpty(t, r.header.Get("request-id"))
			assert.Equal(t, "my-correlation", r.header.Get("client-request-id"))
			assert.NotEmpty(t, r.header.Get("Date"))
			if tt.want >= 400 {
				inner := r.object(t)["error"].(map[string]any)["innerError"].(map[string]any)
				assert.Equal(t, r.header.Get("request-id"), inner["request-id"])
				assert.Equal(t, "my-correlation", inner["client-request-id"])
				assert.NotEmpty(t, inner["date"])
			}
		})
	}
}

func TestClientRequestIDDefaultsToRequestID(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", v1, f.token(t), "", nil)
	assert.Equal(t, r.header.Get("request-id"), r.header.Get("client-request-id"))
}

func TestUnknownSegmentsAndVersionsAreRefusedAsGraphDoes(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	tests := []struct{ path, code, message string }{
		{"/v2.0/deviceManagement/deviceEnrollmentConfigurations", "BadRequest", "Invalid version: v2.0"},
		{"/v1.0/deviceManagement/enrollmentConfigs", "BadRequest", "Resource not found for the segment 'enrollmentConfigs'."},
		{v1 + "/" + demo.ConfigTenDevices + "/assignmentz", "BadRequest", "Resource not found for the segment 'assignmentz'."},
	}
	for _, tt := range tests {
		r := f.do(t, "GET", tt.path, tok, "", nil)
		assert.Equal(t, http.StatusBadRequest, r.status, tt.path)
		assert.Equal(t, tt.code, r.errCode(t))
		assert.Equal(t, tt.message, r.errMessage(t))
	}
}

func TestPathSegmentsAreCaseInsensitiveAndActionsMayBeQualified(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	r := f.do(t, "GET", "/v1.0/devicemanagement/DEVICEENROLLMENTCONFIGURATIONS/"+demo.ConfigTenDevices, tok, "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	r = f.do(t, "POST", v1+"/"+demo.ConfigPilotESP+"/microsoft.graph.setPriority", tok, `{"priority":1}`, nil)
	assert.Equal(t, http.StatusNoContent, r.status, "%s", r.raw)
}

func TestUnsupportedVerbIsNoMethodMatch(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "PUT", v1+"/"+demo.ConfigTenDevices, f.token(t), `{}`, nil)
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "No method match route template", r.errCode(t))
	assert.Contains(t, r.errMessage(t), "~/singleton/navigation/key with http verb PUT")
}
