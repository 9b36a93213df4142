//go:build !js

package graphapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pageOrigin = "http://127.0.0.1:8000"

func (f *fixture) preflight(t *testing.T, path, method, headers string) res {
	t.Helper()
	return f.do(t, "OPTIONS", path, "", "", hdr{"Origin": pageOrigin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers})
}

func TestPreflightAllowsGraphsMethodsAndHeaders(t *testing.T) {
	f := newFixture(t)
	r := f.preflight(t, v1+"/x/assignments/y", "PATCH", "authorization,content-type,client-request-id,consistencylevel,prefer,if-match,accept")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, pageOrigin, r.header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, r.header.Get("Access-Control-Allow-Methods"), "PATCH")
	assert.Equal(t, "authorization, content-type, client-request-id, consistencylevel, prefer, if-match, accept", r.header.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, 1, f.stats.Snapshot().Preflights[v1+"/x/assignments/y"])
}

func TestPreflightRefusesOtherHeadersAndMethods(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ method, headers string }{
		{"PATCH", "authorization,x-client-sku"},
		{"PATCH", "return-client-request-id"},
		{"CONNECT", ""},
	}
	for _, tt := range tests {
		r := f.preflight(t, v1, tt.method, tt.headers)
		assert.Equal(t, http.StatusForbidden, r.status, tt.headers)
		assert.Empty(t, r.header.Get("Access-Control-Allow-Origin"), "a browser then refuses to send the request")
	}
	assert.Equal(t, 3, f.stats.Snapshot().PreflightsRefused[v1])
}

func TestCORSHeadersOnEveryResponseAndRetryAfterHiddenByDefault(t *testing.T) {
	f := newFixture(t, compressed)
	tok := f.token(t)
	page := hdr{"Origin": pageOrigin}
	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"success", tok, 200},
		{"error", "", 401},
	}
	for _, tt := range tests {
		r := f.do(t, "GET", v1, tt.token, "", page)
		require.Equal(t, tt.want, r.status, tt.name)
		assert.Equal(t, pageOrigin, r.header.Get("Access-Control-Allow-Origin"), tt.name)
		assert.Equal(t, "request-id, client-request-id, ETag, Location, WWW-Authenticate", r.header.Get("Access-Control-Expose-Headers"), tt.name)
	}
	f.writes(t, tok, 100)
	r := f.do(t, "PATCH", assignmentPath(v1, "x", "y"), tok, `{}`, page)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.NotEmpty(t, r.header.Get("Retry-After"), "the header is sent")
	assert.NotContains(t, r.header.Get("Access-Control-Expose-Headers"), "Retry-After", "but a page cannot read it")
}

func TestRetryAfterExposedWhenSwitchedOn(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.ExposeRetryAfter = true })
	r := f.do(t, "GET", v1, f.token(t), "", hdr{"Origin": pageOrigin})
	assert.Contains(t, r.header.Get("Access-Control-Expose-Headers"), "Retry-After")
}
