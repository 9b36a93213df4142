//go:build !js

package graphapi

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
)

func names(t *testing.T, r res) []string {
	t.Helper()
	var out []string
	for _, v := range r.object(t)["value"].([]any) {
		out = append(out, v.(map[string]any)["displayName"].(string))
	}
	return out
}

func TestSearchNeedsConsistencyLevelEventual(t *testing.T) {
	f := newFixture(t)
	path := "/v1.0/groups?$search=" + url.QueryEscape(`"displayName:sales"`)
	r := f.do(t, "GET", path, f.token(t), "", nil)
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "Request_UnsupportedQuery", r.errCode(t))
	assert.Equal(t, "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'", r.errMessage(t))

	r = f.do(t, "GET", path, f.token(t), "", hdr{"ConsistencyLevel": "eventual"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, []string{demo.SalesLaptops, demo.SalesTeam}, names(t, r))
}

func TestGroupQueries(t *testing.T) {
	f := newFixture(t)
	eventual := hdr{"ConsistencyLevel": "eventual"}
	tests := []struct {
		name  string
		query string
		h     hdr
		want  []string
	}{
		{"search matches word prefixes", `$search="displayName:lap"`, eventual, []string{demo.SalesLaptops}},
		{"search with several words", `$search="displayName:windows ring"`, eventual, []string{"Windows 11 Ring 0", "Windows 11 Ring 1"}},
		{"search clauses with OR", `$search="displayName:legal" OR "displayName:interns"`, eventual, []string{"Interns", "Legal"}},
		{"search in descriptions", `$search="description:scanners"`, eventual, []string{"Warehouse Scanners"}},
		{"startswith needs no header", `$filter=startswith(displayName,'pilot')`, nil, []string{demo.PilotUsers}},
		{"startswith with a quote", `$filter=startswith(displayName,'o''brien')`, nil, nil},
		{"equality", `$filter=displayName eq 'Legal'`, nil, []string{"Legal"}},
		{"several ids", `$filter=id in ('` + group(demo.FinanceTeam) + `','` + group(demo.Executives) + `')`, nil, []string{demo.Executives, demo.FinanceTeam}},
		{"order descending", `$filter=startswith(displayName,'sales')&$orderby=displayName desc`, nil, []string{demo.SalesTeam, demo.SalesLaptops}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			r := f.do(t, "GET", "/v1.0/groups?"+q.Encode(), f.token(t), "", tt.h)
			require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
			assert.Equal(t, tt.want, names(t, r))
		})
	}
}

func TestGroupQueriesGraphRefuses(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ query, code string }{
		{`$search=sales`, "Request_BadRequest"},
		{`$filter=endswith(displayName,'s')`, "Request_UnsupportedQuery"},
		{`$top=1000`, "Request_BadRequest"},
		{`$count=true`, "Request_BadRequest"},
		{`$select=mail`, "BadRequest"},
		{`$orderby=createdDateTime`, "Request_UnsupportedQuery"},
	}
	for _, tt := range tests {
		q, err := url.ParseQuery(tt.query)
		require.NoError(t, err)
		h := hdr{}
		if tt.query == `$search=sales` {
			h["ConsistencyLevel"] = "eventual"
		}
		r := f.do(t, "GET", "/v1.0/groups?"+q.Encode(), f.token(t), "", h)
		assert.Equal(t, http.StatusBadRequest, r.status, tt.query)
		assert.Equal(t, tt.code, r.errCode(t), tt.query)
	}
}

func TestGroupListPagesAndCounts(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", "/v1.0/groups?$top=10&$count=true&$select=id,displayName", f.token(t), "", hdr{"ConsistencyLevel": "eventual"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	body := r.object(t)
	assert.EqualValues(t, len(demo.Groups()), body["@odata.count"])
	assert.Len(t, body["value"], 10)
	assert.NotContains(t, body["value"].([]any)[0], "description")
	assert.Contains(t, body["@odata.nextLink"], "$skiptoken")
}

func TestGetGroup(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	r := f.do(t, "GET", "/v1.0/groups/"+group(demo.SalesLaptops), tok, "", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, demo.SalesLaptops, r.object(t)["displayName"])

	r = f.do(t, "GET", "/v1.0/groups/sales-laptops", tok, "", nil)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "Invalid object identifier 'sales-laptops'.", r.errMessage(t))

	r = f.do(t, "GET", "/v1.0/groups/00000000-0000-0000-0000-000000000001", tok, "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, "Request_ResourceNotFound", r.errCode(t))
}
