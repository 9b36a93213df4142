//go:build !js

package graphapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

func countPath(groupID string) string { return "/v1.0/groups/" + groupID + "/transitiveMembers/$count" }

var eventual = hdr{"ConsistencyLevel": "eventual"}

func TestTransitiveMemberCountIsPlainTextWithNestedGroupsOnce(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		group string
		want  string
	}{
		{demo.SalesLaptops, "42"},
		{demo.Interns, "0"},
		{demo.PilotUsers, "18"}, // 12 users, IT Admins, its 5 users
		{"VIP Users", "13"},     // 4 users, Executives, its 8 users
	}
	for _, tt := range tests {
		t.Run(tt.group, func(t *testing.T) {
			r := f.do(t, "GET", countPath(group(tt.group)), f.token(t), "", eventual)
			require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
			assert.Equal(t, "text/plain", r.header.Get("Content-Type"))
			assert.Equal(t, "\ufeff"+tt.want, string(r.raw), "the number, after the byte order mark Microsoft's services send")
		})
	}
}

func TestTransitiveMemberCountIsRefusedAsGraphRefusesIt(t *testing.T) {
	f := newFixture(t)
	sales := group(demo.SalesLaptops)
	tests := []struct {
		name, path, tok string
		h               hdr
		status          int
		code, message   string
	}{
		{"without ConsistencyLevel", countPath(sales), "", nil, 400, "Request_BadRequest", "$count is not currently supported."},
		{"with another consistency level", countPath(sales), "", hdr{"ConsistencyLevel": "session"}, 400, "Request_BadRequest", "$count is not currently supported."},
		{"with a query option", countPath(sales) + "?$top=5", "", eventual, 400, "Request_BadRequest", "Unsupported query option '$top'."},
		{"not a group ID", countPath("sales"), "", eventual, 400, "Request_BadRequest", "Invalid object identifier 'sales'."},
		{"no such group", countPath("00000000-0000-4000-8000-000000000001"), "", eventual, 404, "Request_ResourceNotFound", ""},
		{"another segment", "/v1.0/groups/" + sales + "/transitiveMembers/$value", "", eventual, 400, "BadRequest", "Resource not found for the segment '$value'."},
		{"without GroupMember.Read.All", countPath(sales), f.token(t, scp("DeviceManagementServiceConfig.ReadWrite.All")), eventual, 403, "Authorization_RequestDenied", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := tt.tok
			if tok == "" {
				tok = f.token(t)
			}
			r := f.do(t, "GET", tt.path, tok, "", tt.h)
			require.Equal(t, tt.status, r.status, "%s", r.raw)
			assert.Equal(t, tt.code, r.errCode(t))
			if tt.message != "" {
				assert.Equal(t, tt.message, r.errMessage(t))
			}
		})
	}
}

func TestTransitiveMemberCountInABatchIsBase64(t *testing.T) {
	f := newFixture(t)
	body := `{"requests":[{"id":"1","method":"GET","url":"/groups/` + group(demo.PilotUsers) + `/transitiveMembers/$count","headers":{"ConsistencyLevel":"eventual"}}]}`
	r := f.do(t, "POST", "/v1.0/$batch", f.token(t), body, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	var answer struct {
		Responses []struct {
			Status  int               `json:"status"`
			Headers map[string]string `json:"headers"`
			Body    json.RawMessage   `json:"body"`
		} `json:"responses"`
	}
	require.NoError(t, json.Unmarshal(r.raw, &answer))
	require.Len(t, answer.Responses, 1)
	item := answer.Responses[0]
	assert.Equal(t, 200, item.Status)
	assert.Equal(t, "text/plain", item.Headers["Content-Type"])
	var encoded string
	require.NoError(t, json.Unmarshal(item.Body, &encoded), "a JSON string: %s", item.Body)
	raw, err := base64.StdEncoding.DecodeString(encoded)
	require.NoError(t, err)
	assert.Equal(t, "\ufeff18", string(raw))
}

func TestTransitiveMembersEndOnACycleOfNesting(t *testing.T) {
	f := newFixture(t)
	a, b := "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"
	user := demo.PersonID("Aaron Alvarez")
	require.NoError(t, f.srv.Store().Replace(f.srv.Store().Configurations(), []wire.Group{
		{ID: a, DisplayName: "A", Members: []wire.Member{wire.NewMember(wire.MemberGroup, b), wire.NewMember(wire.MemberUser, user)}},
		{ID: b, DisplayName: "B", Members: []wire.Member{wire.NewMember(wire.MemberGroup, a), wire.NewMember(wire.MemberUser, user)}},
	}))
	r := f.do(t, "GET", countPath(a), f.token(t), "", eventual)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "\ufeff2", string(r.raw), "B and the user, once each; A is not its own member")
}

func TestTheDirectoryIsCheckedWhenReplaced(t *testing.T) {
	f := newFixture(t)
	id := "00000000-0000-4000-8000-00000000000a"
	tests := map[string][]wire.Group{
		"an ID that is not a GUID":    {{ID: "a"}},
		"a group twice":               {{ID: id}, {ID: id}},
		"a nested group not there":    {{ID: id, Members: []wire.Member{wire.NewMember(wire.MemberGroup, "00000000-0000-4000-8000-00000000000b")}}},
		"a member of another type":    {{ID: id, Members: []wire.Member{wire.NewMember("application", "00000000-0000-4000-8000-00000000000b")}}},
		"a member ID that is wrong":   {{ID: id, Members: []wire.Member{wire.NewMember(wire.MemberUser, "u")}}},
		"a user not in the directory": {{ID: id, Members: []wire.Member{wire.NewMember(wire.MemberUser, "00000000-0000-4000-8000-0000000000f1")}}},
	}
	for name, groups := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, f.srv.Store().Replace(f.srv.Store().Configurations(), groups))
		})
	}
}

func TestGroupsShowTheirKind(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		group          string
		types          []any
		security, mail bool
	}{
		{demo.SalesTeam, []any{}, true, false},
		{demo.SalesLaptops, []any{"DynamicMembership"}, true, false},
		{demo.FinanceTeam, []any{"Unified"}, false, true},
	}
	for _, tt := range tests {
		r := f.do(t, "GET", "/v1.0/groups/"+group(tt.group)+"?$select=id,groupTypes,securityEnabled,mailEnabled", f.token(t), "", nil)
		require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
		g := r.object(t)
		assert.Equal(t, tt.types, g["groupTypes"], tt.group)
		assert.Equal(t, tt.security, g["securityEnabled"], tt.group)
		assert.Equal(t, tt.mail, g["mailEnabled"], tt.group)
		assert.NotContains(t, g, "members", "members are never a property of a group")
	}
}
