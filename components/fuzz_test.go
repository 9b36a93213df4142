package components

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/cloud"
)

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
		problems := s.Problems(Demo{})
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
			RedirectURI: "https://app.example/", Store: newMapStore()})
		assert.NoError(t, err, "accepted settings can sign in")
	})
}

// FuzzKeptEdit: whatever a tampered or damaged localStorage holds as a kept
// edit, reading it either fails with an error or gives IDs that are Graph
// IDs; it never panics.
func FuzzKeptEdit(f *testing.F) {
	good, _ := json.Marshal(EditDraft{ConfigurationID: espID, AssignmentID: espID + "_" + salesID, Kind: graph.TargetGroup, GroupText: "Sales"})
	f.Add(good)
	f.Add([]byte(`{"configurationId":"..","assignmentId":"a"}`))
	f.Add([]byte(`{"before":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		d := drafts.Draft{Version: 1, Kind: drafts.KindEdit, ID: "x", Saved: time.Now(), Data: data}
		e, err := editDraftOf(d)
		if err != nil {
			return
		}
		assert.NoError(t, graph.ValidateID("c", e.ConfigurationID))
		assert.NoError(t, graph.ValidateID("a", e.AssignmentID))
		_ = e.Title()
		_ = e.Configuration()
	})
}
