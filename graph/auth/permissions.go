package auth

import (
	"net/url"
	"slices"
	"strings"

	"enrollassign/graph/cloud"
)

// Permission is one Microsoft Graph permission (delegated) the app can use:
// the scope it is asked with, what it unlocks, and whether sign-in asks
// for it. Every other permission is asked for the first time a feature
// needs it (incremental consent), and until then the feature does without.
type Permission struct {
	// Scope is the permission's name, e.g. "GroupMember.Read.All".
	Scope string
	// Unlocks says what the app can do with it, as a phrase that follows
	// "needs … for": "group names and group search".
	Unlocks string
	// AtSignIn marks the permission sign-in asks for: without it the app
	// cannot work at all.
	AtSignIn bool
}

// Graph permissions the app uses, least privileged for each task.
const (
	// ScopeDeviceManagementServiceConfig reads and changes enrollment
	// configurations and their assignments: the least privileged
	// permission the operation accepts.
	ScopeDeviceManagementServiceConfig = "DeviceManagementServiceConfig.ReadWrite.All"
	// ScopeGroupMemberRead reads groups: names, search, members. It is the
	// narrowest permission that lists groups and reads their names.
	ScopeGroupMemberRead = "GroupMember.Read.All"
	// ScopeConfigurationRead reads the tenant's assignment filters, the
	// least privileged permission that reads them (the enrollment
	// permission does not).
	ScopeConfigurationRead = "DeviceManagementConfiguration.Read.All"
	// ScopeUserRead reads users' names and user principal names, to find a
	// person: the least privileged permission that lists users. Their group
	// memberships are read with ScopeGroupMemberRead.
	ScopeUserRead = "User.ReadBasic.All"
)

// permissions is the list of every permission the app can use; adding one
// for a new feature is one row here.
var permissions = []Permission{
	{Scope: ScopeDeviceManagementServiceConfig, Unlocks: "reading and changing enrollment configurations and their assignments", AtSignIn: true},
	{Scope: ScopeGroupMemberRead, Unlocks: "group names and group search"},
	{Scope: ScopeConfigurationRead, Unlocks: "assignment filters by name, and setting or changing them"},
	{Scope: ScopeUserRead, Unlocks: "who gets what and the impact of a change: users by name"},
}

// Permissions lists every Graph permission the app can use, the one
// sign-in asks for first.
func Permissions() []Permission { return slices.Clone(permissions) }

// PermissionOf describes a permission by its scope; an unknown one is
// described by its name alone.
func PermissionOf(scope string) Permission {
	for _, p := range permissions {
		if strings.EqualFold(p.Scope, scope) {
			return p
		}
	}
	return Permission{Scope: scope, Unlocks: "what the app asked it for"}
}

// DefaultPermissions are those sign-in asks for when Config.Permissions is
// empty: only what the app cannot work without.
func DefaultPermissions() []string {
	var out []string
	for _, p := range permissions {
		if p.AtSignIn {
			out = append(out, p.Scope)
		}
	}
	return out
}

// WhoCanGrant names who can grant the app's Graph permissions: all of them
// need tenant-wide admin consent, which these Microsoft Entra roles may
// give for delegated permissions.
const WhoCanGrant = "an administrator allowed to grant tenant-wide consent (Global Administrator, Privileged Role Administrator, Cloud Application Administrator or Application Administrator)"

// AdminConsentURL is the link with which an administrator grants the app
// permissions for the whole tenant: the v2.0 adminconsent endpoint of the
// cloud, with the client ID, the permissions as this cloud's scopes, and
// the redirect URI Entra returns to.
func AdminConsentURL(c cloud.Cloud, tenant, clientID, redirectURI string, permissions []string) string {
	q := url.Values{
		"client_id":    {clientID},
		"scope":        {strings.Join(c.Scopes(permissions...), " ")},
		"redirect_uri": {redirectURI},
	}
	return c.Authority(tenant) + "/v2.0/adminconsent?" + q.Encode()
}

// permissionOfScope is the permission name of one of a cloud's scopes
// ("https://graph.microsoft.com/GroupMember.Read.All" → "GroupMember.Read.All"),
// false for a scope of another resource or an OpenID one.
func permissionOfScope(c cloud.Cloud, scope string) (string, bool) {
	name, ok := strings.CutPrefix(scope, c.ScopePrefix)
	if !ok {
		if i := strings.LastIndexByte(scope, '/'); i >= 0 && strings.EqualFold(scope[:i+1], c.ScopePrefix) {
			return scope[i+1:], true
		}
		return "", false
	}
	return name, name != ""
}

// permissionsOfScopes keeps the Graph permissions among scopes.
func permissionsOfScopes(c cloud.Cloud, scopes []string) []string {
	var out []string
	for _, s := range scopes {
		if p, ok := permissionOfScope(c, s); ok && !containsFold(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) })
}
