package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

func TestSettingsProblems(t *testing.T) {
	valid := Settings{CloudID: cloud.Global.ID, Tenant: "contoso.onmicrosoft.com", ClientID: demoClient, APIVersion: graph.V1}
	tests := []struct {
		name   string
		edit   func(*Settings)
		demo   Demo
		fields []string
	}{
		{"valid global", func(*Settings) {}, Demo{}, nil},
		{"tenant as GUID", func(s *Settings) { s.Tenant = demoTenant }, Demo{}, nil},
		{"organizations", func(s *Settings) { s.Tenant = "organizations" }, Demo{}, nil},
		{"beta", func(s *Settings) { s.APIVersion = graph.Beta }, Demo{}, nil},
		{"empty tenant", func(s *Settings) { s.Tenant = " " }, Demo{}, []string{"tenant"}},
		{"tenant neither GUID nor domain", func(s *Settings) { s.Tenant = "contoso" }, Demo{}, []string{"tenant"}},
		{"tenant with a path", func(s *Settings) { s.Tenant = "contoso.com/x" }, Demo{}, []string{"tenant"}},
		{"empty client ID", func(s *Settings) { s.ClientID = "" }, Demo{}, []string{"clientId"}},
		{"client ID not a GUID", func(s *Settings) { s.ClientID = "my-app" }, Demo{}, []string{"clientId"}},
		{"unknown cloud", func(s *Settings) { s.CloudID = "mars" }, Demo{}, []string{"cloud"}},
		{"demo cloud without a demo", func(s *Settings) { s.CloudID = cloud.DemoID }, Demo{}, []string{"cloud"}},
		{"demo cloud with a demo", func(s *Settings) { s.CloudID = cloud.DemoID }, testDemo(), nil},
		{"unknown API version", func(s *Settings) { s.APIVersion = "v2.0" }, Demo{}, []string{"apiVersion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			tt.edit(&s)
			problems := s.Problems(tt.demo)
			var fields []string
			for f := range problems {
				fields = append(fields, f)
			}
			assert.ElementsMatch(t, tt.fields, fields, "problems: %v", problems)
		})
	}
}

func TestDefaultSettingsPreferTheDemoTenant(t *testing.T) {
	d := testDemo()
	assert.Equal(t, Settings{CloudID: cloud.DemoID, Tenant: demoTenant, ClientID: demoClient, APIVersion: graph.V1}, DefaultSettings(d))
	assert.Equal(t, Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, DefaultSettings(Demo{}))
	assert.Empty(t, DefaultSettings(d).Problems(d))
}

func TestLoadSettings(t *testing.T) {
	f := &SettingsForm{}
	mount(t, f)
	store := contextOf(t, f).LocalStorage()
	d := testDemo()

	assert.Equal(t, DefaultSettings(d), LoadSettings(store, d), "nothing saved yet")

	saved := Settings{CloudID: cloud.USGovL4.ID, Tenant: "contoso.us", ClientID: demoClient, APIVersion: graph.Beta}
	require.NoError(t, SaveSettings(store, saved))
	assert.Equal(t, saved, LoadSettings(store, d))

	require.NoError(t, SaveSettings(store, Settings{CloudID: cloud.DemoID, Tenant: demoTenant, ClientID: demoClient}))
	assert.Equal(t, Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}, LoadSettings(store, Demo{}),
		"a demo the server no longer offers falls back to the defaults")
	assert.Equal(t, graph.V1, LoadSettings(store, d).APIVersion, "a missing version reads as v1.0")
}

func TestSameSignIn(t *testing.T) {
	a := Settings{CloudID: "global", Tenant: "Contoso.com", ClientID: "ABC", APIVersion: graph.V1}
	b := a
	b.Tenant, b.ClientID, b.APIVersion = "contoso.com", "abc", graph.Beta
	assert.True(t, a.SameSignIn(b), "case and API version do not change the sign-in")
	b.CloudID = "china"
	assert.False(t, a.SameSignIn(b))
}

func TestDemoEnvRoundTrip(t *testing.T) {
	d := testDemo()
	env := DemoEnv(d)
	got := DemoFromEnv(func(k string) string { return env[k] })
	assert.Equal(t, d, got)
	assert.True(t, got.Enabled())
	assert.False(t, DemoFromEnv(func(string) string { return "" }).Enabled(), "no demo without its URLs")
}

func TestSessionStoreAdaptsBrowserStorage(t *testing.T) {
	f := &SettingsForm{}
	mount(t, f)
	s := SessionStore{Storage: contextOf(t, f).SessionStorage()}

	_, ok := s.Get("missing")
	assert.False(t, ok)
	require.NoError(t, s.Set("enrollassign.b", `{"json":"inside"}`))
	require.NoError(t, s.Set("enrollassign.a", "plain"))
	v, ok := s.Get("enrollassign.b")
	assert.True(t, ok)
	assert.Equal(t, `{"json":"inside"}`, v, "values come back byte for byte")
	assert.Equal(t, []string{"enrollassign.a", "enrollassign.b"}, s.Keys())
	s.Remove("enrollassign.a")
	assert.Equal(t, []string{"enrollassign.b"}, s.Keys())
}

func TestRedirectURIIsTheOriginsRoot(t *testing.T) {
	assert.Equal(t, "http://127.0.0.1:8000/", RedirectURI(newBrowser("http://127.0.0.1:8000/some/path?x=1#frag").Location()))
}
