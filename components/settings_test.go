package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/browser"
	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

const (
	demoTenant = "8a3f5d2c-6b1e-4f7a-9c0d-2e4b6a8c1f35"
	demoClient = "4c1e2b7d-93a5-4f08-b6d1-7e2a9c3f5b80"
)

func testDemo() Demo {
	return Demo{
		Cloud:    cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002"),
		Tenant:   demoTenant,
		ClientID: demoClient,
		Users:    []string{"admin@contoso.onmicrosoft.com", "reader@contoso.onmicrosoft.com"},
	}
}

func TestDefaultSettingsPreferTheDemoTenant(t *testing.T) {
	d := testDemo()
	assert.Equal(t, keep.Settings{CloudID: cloud.DemoID, Tenant: demoTenant, ClientID: demoClient, APIVersion: graph.V1}, DefaultSettings(d))
	assert.Equal(t, keep.Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, DefaultSettings(Demo{}))
	assert.Empty(t, DefaultSettings(d).Problems(d.Cloud))
}

func TestLoadSettings(t *testing.T) {
	f := &SettingsForm{}
	mount(t, f)
	store := browser.Local(contextOf(t, f))
	d := testDemo()

	assert.Equal(t, DefaultSettings(d), LoadSettings(store, d), "nothing saved yet")

	saved := keep.Settings{CloudID: cloud.USGovL4.ID, Tenant: "contoso.us", ClientID: demoClient, APIVersion: graph.Beta}
	require.NoError(t, keep.SaveSettings(store, saved))
	assert.Equal(t, saved, LoadSettings(store, d))
	require.NoError(t, store.Storage.Set(keep.SettingsKey, saved), "as versions before keep saved them: a JSON object")
	assert.Equal(t, saved, LoadSettings(store, d), "still read")

	require.NoError(t, keep.SaveSettings(store, keep.Settings{CloudID: cloud.DemoID, Tenant: demoTenant, ClientID: demoClient}))
	assert.Equal(t, keep.Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, LoadSettings(store, Demo{}),
		"a demo the server no longer offers falls back to the defaults")
	assert.Equal(t, graph.V1, LoadSettings(store, d).APIVersion, "a missing version reads as v1.0")
}

func TestDemoEnvRoundTrip(t *testing.T) {
	d := testDemo()
	d.TimeScale = 0.05
	env := DemoEnv(d)
	got := DemoFromEnv(func(k string) string { return env[k] })
	assert.Equal(t, d, got)
	assert.True(t, got.Enabled())
	assert.False(t, DemoFromEnv(func(string) string { return "" }).Enabled(), "no demo without its URLs")
	d.TimeScale, d.Users = 0, nil
	env = DemoEnv(d)
	assert.Equal(t, d, DemoFromEnv(func(k string) string { return env[k] }), "real time, no users named")
}

func TestRedirectURIIsTheOriginsRoot(t *testing.T) {
	assert.Equal(t, "http://127.0.0.1:8000/", RedirectURI(newBrowser("http://127.0.0.1:8000/some/path?x=1#frag").Location()))
}
