package auth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/cloud"
)

// recorder is a RoundTripper that keeps what it was asked to send.
type recorder struct {
	got  *http.Request
	body string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = req
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		r.body = string(b)
	}
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
}

// msalTokenRequest is a token request as MSAL's URLFormCall builds it.
func msalTokenRequest(t *testing.T) *http.Request {
	t.Helper()
	form := "grant_type=authorization_code&code=abc&code_verifier=v"
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost,
		"https://login.microsoftonline.com/contoso/oauth2/v2.0/token", strings.NewReader(form))
	require.NoError(t, err)
	for name, value := range map[string]string{
		"Content-Type":             "application/x-www-form-urlencoded; charset=utf-8",
		"client-request-id":        "6f1d7f1e-0000-0000-0000-000000000000",
		"Return-Client-Request-Id": "false",
		"x-client-sku":             "MSAL.Go",
		"x-client-ver":             "1.10.1",
		"x-client-os":              "js",
		"x-client-cpu":             "wasm",
		"Accept":                   "application/json",
		"js.fetch:mode":            "cors",
	} {
		req.Header.Set(name, value)
	}
	return req
}

func TestSimpleRequestsDropsWhatForcesAPreflight(t *testing.T) {
	rec := &recorder{}
	req := msalTokenRequest(t)
	original := req.Header.Clone()

	_, err := SimpleRequests(rec).RoundTrip(req)
	require.NoError(t, err)

	for _, name := range []string{"client-request-id", "return-client-request-id", "x-client-sku", "x-client-ver", "x-client-os", "x-client-cpu"} {
		assert.Empty(t, rec.got.Header.Values(name), name)
	}
	assert.Equal(t, "application/x-www-form-urlencoded; charset=utf-8", rec.got.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", rec.got.Header.Get("Accept"))
	assert.Equal(t, "cors", rec.got.Header.Get("js.fetch:mode"), "fetch options are not headers")
	assert.Equal(t, "grant_type=authorization_code&code=abc&code_verifier=v", rec.body)
	assert.Equal(t, http.MethodPost, rec.got.Method)
	assert.Equal(t, req.URL.String(), rec.got.URL.String())
	assert.Equal(t, original, req.Header, "the caller's request is not modified")
}

func TestSimpleRequestsDropsHeadersItDoesNotKnow(t *testing.T) {
	rec := &recorder{}
	req := msalTokenRequest(t)
	req.Header.Set("x-client-current-telemetry", "2|1|") // what a later MSAL might add
	_, err := SimpleRequests(rec).RoundTrip(req)
	require.NoError(t, err)
	assert.Empty(t, rec.got.Header.Get("x-client-current-telemetry"))
}

func TestLoopbackBridgeTouchesOnlyTheDemoHost(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"https://127.0.0.1:8001/demo/v2.0/.well-known/openid-configuration", "http://127.0.0.1:8001/demo/v2.0/.well-known/openid-configuration"},
		{"https://127.0.0.1:8001/demo/oauth2/v2.0/token", "http://127.0.0.1:8001/demo/oauth2/v2.0/token"},
		{"http://127.0.0.1:8001/demo/oauth2/v2.0/token", "http://127.0.0.1:8001/demo/oauth2/v2.0/token"},
		{"https://127.0.0.1:8002/v1.0/me", "https://127.0.0.1:8002/v1.0/me"},
		{"https://login.microsoftonline.com/demo/oauth2/v2.0/token", "https://login.microsoftonline.com/demo/oauth2/v2.0/token"},
		{"https://127.0.0.1/demo", "https://127.0.0.1/demo"},
	}
	for _, tc := range cases {
		rec := &recorder{}
		req, err := http.NewRequest(http.MethodGet, tc.in, nil)
		require.NoError(t, err)
		_, err = LoopbackBridge(rec, "127.0.0.1:8001").RoundTrip(req)
		require.NoError(t, err)
		assert.Equal(t, tc.want, rec.got.URL.String(), tc.in)
		assert.Equal(t, tc.in, req.URL.String(), "the caller's request is not modified")
	}
}

// answering plays a server that answers every request with body.
type answering struct{ body string }

func (a answering) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: -1,
		Body: io.NopCloser(strings.NewReader(a.body)), Request: req}, nil
}

func TestLoopbackBridgeTranslatesTheHonestIssuerForMSALOnly(t *testing.T) {
	const doc = `{"issuer":"http://127.0.0.1:8001/tid/v2.0","token_endpoint":"http://127.0.0.1:8001/tid/oauth2/v2.0/token"}`
	cases := []struct {
		name, url, body, issuer string
	}{
		{"MSAL's read of the bridged host's document", "https://127.0.0.1:8001/tid/v2.0/.well-known/openid-configuration", doc, "https://127.0.0.1:8001/tid/v2.0"},
		{"the document read as served (plain http)", "http://127.0.0.1:8001/tid/v2.0/.well-known/openid-configuration", doc, "http://127.0.0.1:8001/tid/v2.0"},
		{"an issuer of another host", "https://127.0.0.1:8001/tid/v2.0/.well-known/openid-configuration",
			`{"issuer":"http://127.0.0.1:9999/tid/v2.0"}`, "http://127.0.0.1:9999/tid/v2.0"},
		{"another document of the host", "https://127.0.0.1:8001/tid/discovery/v2.0/keys", doc, "http://127.0.0.1:8001/tid/v2.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, tc.url, nil)
			require.NoError(t, err)
			resp, err := LoopbackBridge(answering{tc.body}, "127.0.0.1:8001").RoundTrip(req)
			require.NoError(t, err)
			raw, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			var got map[string]string
			require.NoError(t, json.Unmarshal(raw, &got))
			assert.Equal(t, tc.issuer, got["issuer"])
			if tc.body == doc {
				assert.Equal(t, "http://127.0.0.1:8001/tid/oauth2/v2.0/token", got["token_endpoint"], "only the issuer changes")
			}
			if resp.ContentLength >= 0 {
				assert.EqualValues(t, len(raw), resp.ContentLength)
			}
		})
	}
}

func TestEndpointForEachCloud(t *testing.T) {
	cases := []struct {
		name              string
		cloud             cloud.Cloud
		authority         string
		instanceDiscovery bool
		probe, sentTo     string // a URL MSAL would call, and where it really goes
	}{
		{"global", cloud.Global, "https://login.microsoftonline.com/contoso", true,
			"https://login.microsoftonline.com/contoso/oauth2/v2.0/token", "https://login.microsoftonline.com/contoso/oauth2/v2.0/token"},
		{"us gov L4", cloud.USGovL4, "https://login.microsoftonline.us/contoso", true,
			"https://login.microsoftonline.us/contoso/oauth2/v2.0/token", "https://login.microsoftonline.us/contoso/oauth2/v2.0/token"},
		{"us gov L5", cloud.USGovL5, "https://login.microsoftonline.us/contoso", true,
			"https://login.microsoftonline.us/contoso/oauth2/v2.0/token", "https://login.microsoftonline.us/contoso/oauth2/v2.0/token"},
		{"china", cloud.China, "https://login.chinacloudapi.cn/contoso", true,
			"https://login.chinacloudapi.cn/contoso/oauth2/v2.0/token", "https://login.chinacloudapi.cn/contoso/oauth2/v2.0/token"},
		{"demo on http", cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002"), "https://127.0.0.1:8001/contoso", false,
			"https://127.0.0.1:8001/contoso/v2.0/.well-known/openid-configuration", "http://127.0.0.1:8001/contoso/v2.0/.well-known/openid-configuration"},
		{"demo on https", cloud.Demo("https://localhost:9443", "https://localhost:9444"), "https://localhost:9443/contoso", false,
			"https://localhost:9443/contoso/oauth2/v2.0/token", "https://localhost:9443/contoso/oauth2/v2.0/token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			ep, err := endpointFor(Config{Cloud: tc.cloud, Tenant: "contoso", HTTPClient: &http.Client{Transport: rec}})
			require.NoError(t, err)
			assert.Equal(t, tc.authority, ep.authority)
			assert.Equal(t, tc.instanceDiscovery, ep.instanceDiscovery)

			req := msalTokenRequest(t)
			req.URL = mustURL(t, tc.probe)
			resp, err := ep.client.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, tc.sentTo, rec.got.URL.String())
			assert.Empty(t, rec.got.Header.Get("client-request-id"), "simple requests on every cloud")
		})
	}
}

func TestEndpointForKeepsTheCallersClient(t *testing.T) {
	rec := &recorder{}
	base := &http.Client{Transport: rec, Timeout: 42}
	ep, err := endpointFor(Config{Cloud: cloud.Global, Tenant: "contoso", HTTPClient: base})
	require.NoError(t, err)
	assert.Same(t, rec, base.Transport, "the caller's client is not modified")
	assert.Equal(t, base.Timeout, ep.client.Timeout)
}

func TestEndpointForDefaultsToTheDefaultTransport(t *testing.T) {
	ep, err := endpointFor(Config{Cloud: cloud.Global, Tenant: "contoso"})
	require.NoError(t, err)
	simple, ok := ep.client.Transport.(simpleRequests)
	require.True(t, ok)
	assert.Equal(t, http.DefaultTransport, simple.base, "fetch in wasm goes only through http.DefaultTransport")
}

func TestLoopbackHosts(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "localhost": true, "LOCALHOST": true,
		"192.168.1.2": false, "example.com": false, "": false, "localhost.example.com": false,
	} {
		assert.Equal(t, want, isLoopback(host), host)
	}
}
