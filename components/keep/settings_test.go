package keep

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/cloud"
)

const (
	demoTenant = "8a3f5d2c-6b1e-4f7a-9c0d-2e4b6a8c1f35"
	demoClient = "4c1e2b7d-93a5-4f08-b6d1-7e2a9c3f5b80"
)

// demoCloud is a demo tenant's cloud, as the server offers one.
func demoCloud() cloud.Cloud { return cloud.Demo("http://127.0.0.1:8001", "http://127.0.0.1:8002") }

func TestSettingsProblems(t *testing.T) {
	valid := Settings{CloudID: cloud.Global.ID, Tenant: "contoso.onmicrosoft.com", ClientID: demoClient, APIVersion: graph.V1}
	tests := []struct {
		name   string
		edit   func(*Settings)
		demo   cloud.Cloud
		fields []string
	}{
		{"valid global", func(*Settings) {}, cloud.Cloud{}, nil},
		{"tenant as GUID", func(s *Settings) { s.Tenant = demoTenant }, cloud.Cloud{}, nil},
		{"organizations", func(s *Settings) { s.Tenant = "organizations" }, cloud.Cloud{}, nil},
		{"beta", func(s *Settings) { s.APIVersion = graph.Beta }, cloud.Cloud{}, nil},
		{"empty tenant", func(s *Settings) { s.Tenant = " " }, cloud.Cloud{}, []string{"tenant"}},
		{"tenant neither GUID nor domain", func(s *Settings) { s.Tenant = "contoso" }, cloud.Cloud{}, []string{"tenant"}},
		{"tenant with a path", func(s *Settings) { s.Tenant = "contoso.com/x" }, cloud.Cloud{}, []string{"tenant"}},
		{"empty client ID", func(s *Settings) { s.ClientID = "" }, cloud.Cloud{}, []string{"clientId"}},
		{"client ID not a GUID", func(s *Settings) { s.ClientID = "my-app" }, cloud.Cloud{}, []string{"clientId"}},
		{"unknown cloud", func(s *Settings) { s.CloudID = "mars" }, cloud.Cloud{}, []string{"cloud"}},
		{"demo cloud without a demo", func(s *Settings) { s.CloudID = cloud.DemoID }, cloud.Cloud{}, []string{"cloud"}},
		{"demo cloud with a demo", func(s *Settings) { s.CloudID = cloud.DemoID }, demoCloud(), nil},
		{"unknown API version", func(s *Settings) { s.APIVersion = "v2.0" }, cloud.Cloud{}, []string{"apiVersion"}},
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

func TestSameSignIn(t *testing.T) {
	a := Settings{CloudID: "global", Tenant: "Contoso.com", ClientID: "ABC", APIVersion: graph.V1}
	b := a
	b.Tenant, b.ClientID, b.APIVersion = "contoso.com", "abc", graph.Beta
	assert.True(t, a.SameSignIn(b), "case and API version do not change the sign-in")
	b.CloudID = "china"
	assert.False(t, a.SameSignIn(b))
}

func TestSettingsAreKeptAndReadBack(t *testing.T) {
	mem := new(keeptest.Memory)
	_, ok := LoadSettings(mem)
	assert.False(t, ok, "nothing kept yet")
	s := Settings{CloudID: cloud.USGovL4.ID, Tenant: "contoso.us", ClientID: demoClient}
	require.NoError(t, SaveSettings(mem, s))
	assert.Equal(t, []string{SettingsKey}, mem.Keys())
	got, ok := LoadSettings(mem)
	require.True(t, ok)
	s.APIVersion = graph.V1
	assert.Equal(t, s, got, "a missing version reads as v1.0")

	require.NoError(t, mem.Set(SettingsKey, "{not json"))
	_, ok = LoadSettings(mem)
	assert.False(t, ok, "damaged settings read as none")
}

// FuzzSettings: whatever is pasted as tenant and application ID, the form
// says what is wrong beside the field, and what it accepts is usable: the
// sign-in can be set up with it and the tenant stays one path segment of
// the authority.
func FuzzSettings(f *testing.F) {
	for _, s := range [][2]string{{"contoso.onmicrosoft.com", "00000000-0000-0000-0000-000000000000"},
		{"7d3c1a52-6f4b-4c8e-9a1d-2b5e8f0c3a71", "x"}, {"organizations", ""}, {"a/../b", "00000000-0000-0000-0000-00000000000g"},
		{"evil.example/#", "00000000-0000-0000-0000-000000000000"}, {"..", ""}, {"a..b", ""}, {"xn--80ak6aa92e.com", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, tenant, clientID string) {
		s := Settings{CloudID: cloud.Global.ID, Tenant: strings.TrimSpace(tenant), ClientID: strings.TrimSpace(clientID), APIVersion: graph.V1}
		problems := s.Problems(cloud.Cloud{})
		for field, message := range problems {
			assert.NotEmpty(t, message, field)
		}
		if problems["tenant"] != "" {
			return
		}
		authority, err := url.Parse(cloud.Global.Authority(s.Tenant))
		require.NoError(t, err)
		assert.Equal(t, "login.microsoftonline.com", authority.Host, "the sign-in stays at the cloud's host")
		assert.Equal(t, "/"+s.Tenant, authority.Path, "the tenant is one segment")
		if problems["clientId"] != "" {
			return
		}
		_, err = auth.New(auth.Config{Cloud: cloud.Global, Tenant: s.Tenant, ClientID: s.ClientID,
			RedirectURI: "https://app.example/", Store: new(keeptest.Memory)})
		assert.NoError(t, err, "accepted settings can sign in")
	})
}
