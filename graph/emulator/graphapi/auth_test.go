//go:build !js

package graphapi

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/token"
)

func TestWrongOrMissingTokenIs401InvalidAuthenticationToken(t *testing.T) {
	f := newFixture(t)
	other, err := token.NewKey()
	require.NoError(t, err)
	foreign := func() string {
		c := token.Claims{Aud: "https://graph.microsoft.com", Iss: testIssuer, TID: demo.TenantID, Scp: "DeviceManagementServiceConfig.ReadWrite.All"}
		c.Lifetime(testStart, time.Hour)
		raw, err := other.Sign(c)
		require.NoError(t, err)
		return raw
	}
	tests := []struct {
		name, token, message string
		before               func()
	}{
		{"missing", "", "Access token is empty.", nil},
		{"garbage", "abc.def", "CompactToken parsing failed with error code: 80049217", nil},
		{"signed by another key", foreign(), "Access token validation failure. Invalid signature.", nil},
		{"ID token (audience is the app)", f.token(t, func(c *token.Claims) { c.Aud = demo.ClientID }), "Access token validation failure. Invalid audience.", nil},
		{"another issuer", f.token(t, func(c *token.Claims) { c.Iss = "https://login.test/other/v2.0" }), "Access token validation failure. Invalid issuer.", nil},
		{"expired on the emulator's clock", f.token(t), "Lifetime validation failed, the token is expired.", func() { f.clock.Advance(time.Hour) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			r := f.do(t, "GET", v1, tt.token, "", nil)
			assert.Equal(t, http.StatusUnauthorized, r.status)
			assert.Equal(t, "InvalidAuthenticationToken", r.errCode(t))
			assert.Equal(t, tt.message, r.errMessage(t))
			assert.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")
		})
	}
}

func TestPermissionIsCheckedPerOperation(t *testing.T) {
	f := newFixture(t)
	assignment := assignmentPath(v1, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"))
	patch := patchBody(targetJSON("groupAssignmentTarget", group("IT Admins")))
	tests := []struct {
		name, scp, method, path, body string
		want                          int
	}{
		{"reader reads", "DeviceManagementServiceConfig.Read.All", "GET", v1, "", 200},
		{"configuration reader reads", "DeviceManagementConfiguration.Read.All", "GET", v1, "", 200},
		{"reader cannot write", "DeviceManagementServiceConfig.Read.All GroupMember.Read.All", "PATCH", assignment, patch, 403},
		{"service config writer writes", "DeviceManagementServiceConfig.ReadWrite.All", "PATCH", assignment, patch, 200},
		{"configuration writer writes", "DeviceManagementConfiguration.ReadWrite.All", "PATCH", assignment, patch, 200},
		{"helpdesk cannot read", "GroupMember.Read.All User.Read", "GET", v1, "", 403},
		{"helpdesk reads groups", "GroupMember.Read.All User.Read", "GET", "/v1.0/groups", "", 200},
		{"Intune admin without group permission", "DeviceManagementServiceConfig.ReadWrite.All", "GET", "/v1.0/groups", "", 403},
		{"Group.Read.All reads groups", "Group.Read.All", "GET", "/v1.0/groups/" + group(demo.SalesLaptops), "", 200},
		{"Directory.Read.All reads groups", "Directory.Read.All", "GET", "/v1.0/groups", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, f.token(t, scp(tt.scp)), tt.body, nil)
			require.Equal(t, tt.want, r.status, "%s", r.raw)
		})
	}
}

func TestIntuneForbiddenNamesTheScopesInANestedMessage(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "POST", v1+"/"+demo.ConfigTenDevices+"/assign", f.token(t, scp("DeviceManagementServiceConfig.Read.All")),
		`{"enrollmentConfigurationAssignments":[]}`, nil)
	require.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "Forbidden", r.errCode(t))
	nested := r.intune(t)
	assert.Contains(t, nested["Message"], "Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementConfiguration.ReadWrite.All")
	assert.Contains(t, nested["Message"], "Activity ID: "+r.header.Get("request-id"))
	assert.EqualValues(t, 3, nested["_version"])
}

func TestDirectoryForbiddenIsAuthorizationRequestDenied(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", "/v1.0/groups", f.token(t, scp("DeviceManagementServiceConfig.ReadWrite.All")), "", nil)
	require.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "Authorization_RequestDenied", r.errCode(t))
	assert.Equal(t, "Insufficient privileges to complete the operation.", r.errMessage(t))
}

func TestIntuneDecidesOnTheUsersRoleWhateverTheTokensScopes(t *testing.T) {
	f := newFixture(t)
	assignment := assignmentPath(v1, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"))
	patch := patchBody(targetJSON("groupAssignmentTarget", group("IT Admins")))
	tests := []struct {
		name, upn, method, path, body string
		want                          int
	}{
		{"a read-only operator reads", demo.ReaderUPN, "GET", v1, "", 200},
		{"a read-only operator cannot write", demo.ReaderUPN, "PATCH", assignment, patch, 403},
		{"a read-only operator reads groups", demo.ReaderUPN, "GET", "/v1.0/groups", "", 200},
		{"no Intune role cannot read", demo.HelpdeskUPN, "GET", v1, "", 403},
		{"an Intune administrator writes", demo.NoConsentUPN, "PATCH", assignment, patch, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, tt.method, tt.path, f.token(t, as(tt.upn)), tt.body, nil)
			require.Equal(t, tt.want, r.status, "%s", r.raw)
		})
	}
}

func TestIntuneRoleRefusalNamesNoScope(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "POST", v1+"/"+demo.ConfigTenDevices+"/assign", f.token(t, as(demo.ReaderUPN)),
		`{"enrollmentConfigurationAssignments":[]}`, nil)
	require.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "Forbidden", r.errCode(t))
	nested := r.intune(t)
	assert.True(t, strings.HasPrefix(nested["Message"].(string), "An error has occurred - Operation ID"), nested["Message"])
	assert.NotContains(t, nested["Message"], "scopes", "the token's scopes were fine: the role was not")
}
