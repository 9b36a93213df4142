//go:build !js

package graphapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
)

// peopleScopes reads users and memberships.
const peopleScopes = "User.ReadBasic.All GroupMember.Read.All"

func (f *fixture) people(t *testing.T) string { return f.token(t, scp(peopleScopes)) }

// values reads a collection's items.
func values(t *testing.T, r res) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, v := range r.object(t)["value"].([]any) {
		out = append(out, v.(map[string]any))
	}
	return out
}

func field(items []map[string]any, name string) []string {
	var out []string
	for _, v := range items {
		s, _ := v[name].(string)
		out = append(out, s)
	}
	return out
}

// readAll follows nextLinks from path and returns every item.
func (f *fixture) readAll(t *testing.T, path, tok string, h hdr) ([]map[string]any, int) {
	t.Helper()
	var all []map[string]any
	pages := 0
	for path != "" {
		r := f.do(t, "GET", path, tok, "", h)
		require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
		all = append(all, values(t, r)...)
		pages++
		next, _ := r.object(t)["@odata.nextLink"].(string)
		path = strings.TrimPrefix(next, f.url)
	}
	return all, pages
}

func TestUsersArePagedAHundredOrUpTo999(t *testing.T) {
	f := newFixture(t)
	tok := f.people(t)
	people := demo.People()
	require.GreaterOrEqual(t, len(people), 200)

	all, pages := f.readAll(t, "/v1.0/users?$select=id,displayName,userPrincipalName", tok, nil)
	assert.Equal(t, (len(people)+99)/100, pages, "100 a page when $top is not given")
	assert.Len(t, all, len(people))
	assert.Equal(t, []string{"id", "displayName", "userPrincipalName"}, present(all[0], "id", "displayName", "userPrincipalName", "mail"))

	all, pages = f.readAll(t, "/v1.0/users?$select=id&$top=999", tok, nil)
	assert.Equal(t, 1, pages)
	assert.Len(t, all, len(people))

	r := f.do(t, "GET", "/v1.0/users?$top=1000", tok, "", nil)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.", r.errMessage(t))
}

// present lists which of names the object has, in the order given.
func present(obj map[string]any, names ...string) []string {
	var out []string
	for _, n := range names {
		if _, ok := obj[n]; ok {
			out = append(out, n)
		}
	}
	return out
}

func TestUserQueries(t *testing.T) {
	f := newFixture(t)
	eventual := hdr{"ConsistencyLevel": "eventual"}
	aarons := 12 // one Aaron for each last name
	tests := []struct {
		name  string
		query string
		h     hdr
		want  int
		first string
	}{
		{"search by a name's word", `$search="displayName:aaron"`, eventual, aarons, "Aaron Alvarez"},
		{"search by words of the UPN", `$search="userPrincipalName:helpdesk"`, eventual, 1, "Alex Wilber"},
		{"search by a UPN's start", `$search="userPrincipalName:vera.ch"`, eventual, 1, "Vera Chen"},
		{"search by name or UPN", `$search="displayName:megan" OR "userPrincipalName:megan"`, eventual, 1, "Megan Bowen"},
		{"search with two words", `$search="displayName:aaron chen"`, eventual, 1, "Aaron Chen"},
		{"startswith needs no header", `$filter=startswith(displayName,'Aaron')`, nil, aarons, "Aaron Alvarez"},
		{"startswith on the UPN or the name", `$filter=startswith(displayName,'zz') or startswith(userPrincipalName,'bianca.c')`, nil, 1, "Bianca Chen"},
		{"equality on the UPN", `$filter=userPrincipalName eq '` + demo.ReaderUPN + `'`, nil, 1, "Megan Bowen"},
		{"ordered by name", `$filter=startswith(surname,'Larsen')&$orderby=displayName desc`, nil, 25, "Yusuf Larsen"},
		{"counted", `$search="displayName:aaron"&$count=true`, eventual, aarons, "Aaron Alvarez"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			r := f.do(t, "GET", "/v1.0/users?"+q.Encode(), f.people(t), "", tt.h)
			require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
			got := field(values(t, r), "displayName")
			require.Len(t, got, tt.want, "%v", got)
			assert.Equal(t, tt.first, got[0])
			if q.Has("$count") {
				assert.EqualValues(t, tt.want, r.object(t)["@odata.count"])
			}
		})
	}
}

func TestUserQueriesGraphRefuses(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query, code string
		h           hdr
	}{
		{`$search="displayName:aaron"`, "Request_UnsupportedQuery", nil},
		{`$search="jobTitle:sales"`, "Request_BadRequest", hdr{"ConsistencyLevel": "eventual"}},
		{`$count=true`, "Request_BadRequest", nil},
		{`$filter=endswith(mail,'.com')`, "Request_UnsupportedQuery", nil},
		{`$select=jobTitle`, "BadRequest", nil},
		{`$orderby=surname`, "Request_UnsupportedQuery", nil},
		{`$expand=memberOf`, "Request_BadRequest", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			r := f.do(t, "GET", "/v1.0/users?"+q.Encode(), f.people(t), "", tt.h)
			assert.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
			assert.Equal(t, tt.code, r.errCode(t))
		})
	}
}

func TestAUserIsReadByIDOrUPN(t *testing.T) {
	f := newFixture(t)
	tok := f.people(t)
	id := demo.PersonID("Aaron Chen")
	for _, key := range []string{id, "aaron.chen@" + demo.TenantDomain, "AARON.CHEN@" + strings.ToUpper(demo.TenantDomain)} {
		r := f.do(t, "GET", "/v1.0/users/"+url.PathEscape(key)+"?$select=id,displayName", tok, "", nil)
		require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
		assert.Equal(t, "Aaron Chen", r.object(t)["displayName"], key)
		assert.Equal(t, id, r.object(t)["id"], key)
	}
	for _, key := range []string{"00000000-0000-4000-8000-000000000001", "nobody@" + demo.TenantDomain, "nobody"} {
		r := f.do(t, "GET", "/v1.0/users/"+url.PathEscape(key), tok, "", nil)
		assert.Equal(t, http.StatusNotFound, r.status, key)
		assert.Equal(t, "Request_ResourceNotFound", r.errCode(t), key)
	}
}

// groupNames reads the display names of a user's groups.
func groupNames(t *testing.T, items []map[string]any) []string {
	t.Helper()
	var out []string
	for _, g := range items {
		out = append(out, g["displayName"].(string))
	}
	return out
}

func TestAUsersGroupsAreTransitive(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", "/v1.0/users/"+url.PathEscape(demo.AdminUPN)+"/transitiveMemberOf", f.people(t), "", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	items := values(t, r)
	assert.ElementsMatch(t, []string{demo.IntuneAdmins, demo.ITAdmins, demo.PilotUsers, demo.AllStaff}, groupNames(t, items),
		"Intune Admins directly, IT Admins through it, Pilot Users through IT Admins, All Staff through Pilot Users")
	assert.Equal(t, "#microsoft.graph.group", items[0]["@odata.type"])
	assert.Equal(t, demo.IntuneAdmins, items[0]["displayName"], "the direct membership first")
}

func TestAUsersGroupsCastNeedsEventualAndCount(t *testing.T) {
	f := newFixture(t)
	tok := f.people(t)
	path := "/v1.0/users/" + demo.PersonID("Megan Bowen") + "/transitiveMemberOf/microsoft.graph.group?$select=id"
	r := f.do(t, "GET", path, tok, "", nil)
	require.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
	assert.Equal(t, "Request_UnsupportedQuery", r.errCode(t))
	r = f.do(t, "GET", path, tok, "", eventual)
	require.Equal(t, http.StatusBadRequest, r.status, "$count=true too")

	r = f.do(t, "GET", path+"&$count=true", tok, "", eventual)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	items := values(t, r)
	assert.ElementsMatch(t, []string{group(demo.HelpdeskTeam), group(demo.AllStaff)}, field(items, "id"))
	assert.EqualValues(t, 2, r.object(t)["@odata.count"])
	assert.NotContains(t, items[0], "@odata.type", "a cast lists groups, not directory objects")
	assert.Equal(t, []string{"id"}, present(items[0], "id", "displayName"))

	r = f.do(t, "GET", "/v1.0/users/"+demo.PersonID("Megan Bowen")+"/transitiveMemberOf/microsoft.graph.group/$count", tok, "", eventual)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "\ufeff2", string(r.raw))

	r = f.do(t, "GET", "/v1.0/users/"+demo.PersonID("Megan Bowen")+"/transitiveMemberOf/microsoft.graph.user", tok, "", eventual)
	assert.Equal(t, http.StatusBadRequest, r.status, "a user is in groups, never in users")
}

func TestPeoplePermissions(t *testing.T) {
	f := newFixture(t)
	other := demo.PersonID("Aaron Chen")
	own := "/v1.0/users/" + url.PathEscape(demo.AdminUPN)
	tests := []struct {
		name, scopes, path string
		status             int
	}{
		{"users with User.ReadBasic.All", "User.ReadBasic.All", "/v1.0/users", 200},
		{"users with User.Read.All", "User.Read.All", "/v1.0/users", 200},
		{"users with Directory.Read.All", "Directory.Read.All", "/v1.0/users", 200},
		{"users without a user permission", "GroupMember.Read.All DeviceManagementServiceConfig.ReadWrite.All", "/v1.0/users", 403},
		{"users with User.Read only", "User.Read", "/v1.0/users", 403},
		{"one's own user with User.Read", "User.Read", own, 200},
		{"another user with User.Read", "User.Read", "/v1.0/users/" + other, 403},
		{"another's memberships with GroupMember.Read.All", "GroupMember.Read.All", "/v1.0/users/" + other + "/transitiveMemberOf", 200},
		{"another's memberships with User.Read.All", "User.Read.All", "/v1.0/users/" + other + "/transitiveMemberOf", 200},
		{"another's memberships with Group.Read.All", "Group.Read.All", "/v1.0/users/" + other + "/transitiveMemberOf", 200},
		{"another's memberships with User.ReadBasic.All", "User.ReadBasic.All", "/v1.0/users/" + other + "/transitiveMemberOf", 403},
		{"one's own memberships with User.Read", "User.Read", own + "/transitiveMemberOf", 200},
		{"a group's members with GroupMember.Read.All", "GroupMember.Read.All", "/v1.0/groups/" + group(demo.PilotUsers) + "/transitiveMembers", 200},
		{"a group's members with User.ReadBasic.All", "User.ReadBasic.All", "/v1.0/groups/" + group(demo.PilotUsers) + "/transitiveMembers", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, "GET", tt.path, f.token(t, scp(tt.scopes)), "", nil)
			require.Equal(t, tt.status, r.status, "%s", r.raw)
			if tt.status == 403 {
				assert.Equal(t, "Authorization_RequestDenied", r.errCode(t))
			}
		})
	}
}

func TestAGroupsMembersAreTransitiveAndTyped(t *testing.T) {
	f := newFixture(t)
	all, _ := f.readAll(t, "/v1.0/groups/"+group(demo.PilotUsers)+"/transitiveMembers?$select=id,displayName", f.people(t), nil)
	types := map[string]int{}
	for _, m := range all {
		types[m["@odata.type"].(string)]++
	}
	assert.Equal(t, map[string]int{"#microsoft.graph.user": 16, "#microsoft.graph.group": 2}, types,
		"12 users, IT Admins and its 2, Intune Admins and its 2: 18, as $count says")
	assert.Contains(t, field(all, "displayName"), "Adele Vance", "three levels down")
	assert.Contains(t, field(all, "displayName"), demo.IntuneAdmins)
}

func TestAGroupsMembersArePagedAndCast(t *testing.T) {
	f := newFixture(t)
	tok := f.people(t)
	devices := group(demo.AllCorporateDevices)
	all, pages := f.readAll(t, "/v1.0/groups/"+devices+"/transitiveMembers?$select=id", tok, nil)
	assert.Equal(t, 3, pages, "230 devices and 5 groups, 100 a page")
	assert.Len(t, all, 235)

	cast := "/v1.0/groups/" + devices + "/transitiveMembers/microsoft.graph.device"
	all, pages = f.readAll(t, cast+"?$select=id&$top=999&$count=true", tok, eventual)
	assert.Equal(t, 1, pages)
	assert.Len(t, all, 230, "Ring 1 (50) and Ring 0 (10), iOS (88), Sales Laptops (42), Shared iPads (40)")

	r := f.do(t, "GET", cast+"/$count", tok, "", eventual)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.Equal(t, "\ufeff230", string(r.raw))
	r = f.do(t, "GET", "/v1.0/groups/"+group(demo.AllStaff)+"/transitiveMembers/microsoft.graph.user/$count", tok, "", eventual)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	assert.NotEqual(t, "\ufeff0", string(r.raw))

	r = f.do(t, "GET", cast+"?$select=id", tok, "", nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "a cast without the header and $count")
	r = f.do(t, "GET", "/v1.0/groups/"+group(demo.FinanceTeam)+"/transitiveMembers/microsoft.graph.group?$count=true", tok, "", eventual)
	assert.Equal(t, http.StatusBadRequest, r.status, "a Microsoft 365 group holds no groups")
	assert.Equal(t, "Request_UnsupportedQuery", r.errCode(t))
	r = f.do(t, "GET", "/v1.0/groups/"+group(demo.AllStaff)+"/transitiveMembers/microsoft.graph.application?$count=true", tok, "", eventual)
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = f.do(t, "GET", "/v1.0/groups/"+group(demo.AllStaff)+"/transitiveMembers?$filter=id eq 'x'", tok, "", nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "no other option")
}

func TestWithoutAUserPermissionMembersShowTypeAndIDOnly(t *testing.T) {
	f := newFixture(t)
	path := "/v1.0/groups/" + group(demo.ITAdmins) + "/transitiveMembers?$select=id,displayName"
	limited := values(t, f.do(t, "GET", path, f.token(t, scp("GroupMember.Read.All")), "", nil))
	full := values(t, f.do(t, "GET", path, f.people(t), "", nil))
	require.Len(t, limited, 5)
	for i := range limited {
		assert.Equal(t, full[i]["id"], limited[i]["id"])
		if limited[i]["@odata.type"] == "#microsoft.graph.user" {
			assert.Nil(t, limited[i]["displayName"], "a user's name needs a user permission")
			assert.NotEmpty(t, full[i]["displayName"])
		} else {
			assert.Equal(t, demo.IntuneAdmins, limited[i]["displayName"], "a group's name needs GroupMember.Read.All only")
		}
	}
}

func TestMembershipsInABatch(t *testing.T) {
	f := newFixture(t)
	var reqs []string
	people := demo.People()[:20]
	for i, u := range people {
		reqs = append(reqs, `{"id":"`+strconv.Itoa(i+1)+`","method":"GET","url":"/users/`+u.ID+
			`/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true","headers":{"ConsistencyLevel":"eventual"}}`)
	}
	r := f.do(t, "POST", "/v1.0/$batch", f.people(t), `{"requests":[`+strings.Join(reqs, ",")+`]}`, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	var answer struct {
		Responses []struct {
			ID     string          `json:"id"`
			Status int             `json:"status"`
			Body   json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	require.NoError(t, json.Unmarshal(r.raw, &answer))
	require.Len(t, answer.Responses, 20)
	for _, a := range answer.Responses {
		assert.Equal(t, 200, a.Status, "%s", a.Body)
	}

	r = f.do(t, "POST", "/v1.0/$batch", f.token(t, scp("User.ReadBasic.All")),
		`{"requests":[{"id":"1","method":"GET","url":"/users/`+people[5].ID+`/transitiveMemberOf"},{"id":"2","method":"GET","url":"/users?$top=1"}]}`, nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	require.NoError(t, json.Unmarshal(r.raw, &answer))
	statuses := map[string]int{}
	for _, a := range answer.Responses {
		statuses[a.ID] = a.Status
	}
	assert.Equal(t, map[string]int{"1": 403, "2": 200}, statuses, "each item is checked for its own permission")
}
