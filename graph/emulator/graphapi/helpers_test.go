//go:build !js

package graphapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/stats"
	"enrollassign/graph/emulator/token"
	"enrollassign/graph/emulator/wire"
)

const testIssuer = "https://login.test/" + demo.TenantID + "/v2.0"

var testStart = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fixture is a Graph server on an httptest listener with a manual clock and
// a key of its own, so tests can mint any token.
type fixture struct {
	srv   *Server
	url   string
	key   *token.Key
	clock *clock.Manual
	stats *stats.Recorder
}

func newFixture(t *testing.T, settings ...func(*Settings)) *fixture {
	t.Helper()
	return newFixtureWith(t, func(*Config) {}, settings...)
}

// newFixtureWith lets a test change the server's wiring too.
func newFixtureWith(t *testing.T, wiring func(*Config), settings ...func(*Settings)) *fixture {
	t.Helper()
	key, err := token.NewKey()
	require.NoError(t, err)
	f := &fixture{key: key, clock: clock.NewManual(testStart), stats: stats.New()}
	s := DefaultSettings()
	for _, mod := range settings {
		mod(&s)
	}
	ts := httptest.NewUnstartedServer(nil)
	f.url = "http://" + ts.Listener.Addr().String()
	cfg := Config{BaseURL: f.url, Now: f.clock.Now, Stats: f.stats, Settings: s,
		Verifier: token.Verifier{Key: key, Issuer: testIssuer, Audiences: []string{"https://graph.microsoft.com"}, Now: f.clock.Now}}
	wiring(&cfg)
	f.srv, err = New(cfg)
	require.NoError(t, err)
	ts.Config.Handler = f.srv
	ts.Start()
	t.Cleanup(ts.Close)
	return f
}

// token mints an access token: the administrator of the demo app unless
// changed.
func (f *fixture) token(t *testing.T, mods ...func(*token.Claims)) string {
	t.Helper()
	c := token.Claims{Aud: "https://graph.microsoft.com", Iss: testIssuer, TID: demo.TenantID, OID: "oid", UPN: demo.AdminUPN,
		Scp: "DeviceManagementServiceConfig.ReadWrite.All GroupMember.Read.All", AppID: demo.ClientID, Azp: demo.ClientID, Ver: "2.0"}
	c.Lifetime(f.clock.Now(), time.Hour)
	for _, mod := range mods {
		mod(&c)
	}
	raw, err := f.key.Sign(c)
	require.NoError(t, err)
	return raw
}

func scp(s string) func(*token.Claims) { return func(c *token.Claims) { c.Scp = s } }

func app(id string) func(*token.Claims) { return func(c *token.Claims) { c.AppID = id } }

// res is an answer from the fixture.
type res struct {
	status int
	header http.Header
	raw    []byte
}

func (r res) object(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &v), "body: %s", r.raw)
	return v
}

func (r res) errCode(t *testing.T) string {
	t.Helper()
	e, ok := r.object(t)["error"].(map[string]any)
	require.True(t, ok, "not a Graph error: %s", r.raw)
	return e["code"].(string)
}

func (r res) errMessage(t *testing.T) string {
	t.Helper()
	return r.object(t)["error"].(map[string]any)["message"].(string)
}

// intune parses the JSON document Intune nests in error.message.
func (r res) intune(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.errMessage(t)), &m), "message is not nested JSON: %s", r.raw)
	return m
}

type hdr map[string]string

func (f *fixture) do(t *testing.T, method, path, tok, body string, h hdr) res {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	require.NoError(t, err)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return res{status: resp.StatusCode, header: resp.Header, raw: raw}
}

const v1 = "/v1.0/deviceManagement/deviceEnrollmentConfigurations"
const beta = "/beta/deviceManagement/deviceEnrollmentConfigurations"

func assignmentPath(version, configID, assignmentID string) string {
	return version + "/" + configID + "/assignments/" + assignmentID
}

// storedConfig reads a configuration straight from the store.
func (f *fixture) storedConfig(t *testing.T, id string) wire.Configuration {
	t.Helper()
	for _, c := range f.srv.Store().Configurations() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no configuration %s", id)
	return wire.Configuration{}
}

func group(name string) string { return demo.GroupID(name) }

func targetJSON(kind wire.TargetKind, groupID string) string {
	if groupID == "" {
		return `{"@odata.type":"#microsoft.graph.` + string(kind) + `"}`
	}
	return `{"@odata.type":"#microsoft.graph.` + string(kind) + `","groupId":"` + groupID + `"}`
}

func patchBody(target string) string {
	return `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":` + target + `}`
}
