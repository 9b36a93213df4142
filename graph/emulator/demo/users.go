// Package demo is the emulator's seeded tenant: its users and app
// registrations (the Entra side) and its groups and enrollment
// configurations (the Graph side). Everything is a fixed table, so every
// start has the same IDs and tests can name things.
package demo

import "strings"

// The tenant, its apps and its users.
const (
	TenantID     = "8a3f5d2c-6b1e-4f7a-9c0d-2e4b6a8c1f35"
	TenantDomain = "contoso.onmicrosoft.com"
	TenantName   = "Contoso (demo)"

	// ClientID is the demo registration of this app: a single-page
	// application (redirect URIs given at start) that is also a public
	// client with loopback redirects, for native MSAL tests.
	ClientID = "4c1e2b7d-93a5-4f08-b6d1-7e2a9c3f5b80"
	AppName  = "enrollassign (demo)"
	// OtherClientID is a second app in the same tenant (a public client),
	// so a test can spend the tenant's shared throttling budget from
	// another app.
	OtherClientID = "d9e8f7a6-1b2c-4d3e-8f9a-0b1c2d3e4f5a"
	OtherAppName  = "Contoso inventory sync (demo)"

	AdminUPN     = "admin@" + TenantDomain
	HelpdeskUPN  = "helpdesk@" + TenantDomain
	ReaderUPN    = "reader@" + TenantDomain
	NoConsentUPN = "newhire@" + TenantDomain
	PersonalUPN  = "pat.personal@outlook.com"
)

// Graph permissions, named as the scopes that carry them.
const (
	ServiceConfigReadWrite = "DeviceManagementServiceConfig.ReadWrite.All"
	ServiceConfigRead      = "DeviceManagementServiceConfig.Read.All"
	ConfigurationReadWrite = "DeviceManagementConfiguration.ReadWrite.All"
	ConfigurationRead      = "DeviceManagementConfiguration.Read.All"
	GroupMemberRead        = "GroupMember.Read.All"
	UserRead               = "User.Read"
	// UserReadBasic reads every user's name and UPN: "who gets what".
	UserReadBasic = "User.ReadBasic.All"
)

// IntuneRole is what Intune lets a user do, whatever the token's scopes:
// Intune decides on the role, Entra does not narrow the token for it.
type IntuneRole int

const (
	// NoIntuneRole: Intune refuses reads and writes (403).
	NoIntuneRole IntuneRole = iota
	// IntuneReadOnly (Read Only Operator): reads; writes get Intune's 403.
	IntuneReadOnly
	// IntuneAdministrator: reads and writes.
	IntuneAdministrator
)

// User is a person who can appear on the sign-in page.
type User struct {
	UPN  string
	Name string
	OID  string
	// Role is what the sign-in page says about the user.
	Role string
	// Personal marks a Microsoft account from outside the tenant, which this
	// organisation-only app refuses (AADSTS50020).
	Personal bool
	// ConsentAdmin may grant tenant-wide admin consent (Global, Privileged
	// Role, Cloud Application or Application Administrator): Entra shows
	// them the consent prompt where others get "Need admin approval".
	ConsentAdmin bool
	// Intune is the user's Intune role, which Graph's Intune routes check.
	Intune IntuneRole
}

// Users lists the sign-in page's users, in the order it shows them.
func Users() []User {
	return []User{
		{UPN: AdminUPN, Name: "Adele Vance", OID: "1b30e39f-8125-40f9-9cc1-367faffcc009",
			Role:         "Intune administrator who may grant admin consent: reads and changes enrollment assignments",
			ConsentAdmin: true, Intune: IntuneAdministrator},
		{UPN: HelpdeskUPN, Name: "Alex Wilber", OID: "9812bf3d-67bf-4e68-b682-ff5971a16540",
			Role: "Helpdesk: no Intune role, so Intune refuses even reads"},
		{UPN: ReaderUPN, Name: "Megan Bowen", OID: "3bf07fec-1351-4f0f-8e4e-e08f1a96c24f",
			Role:   "Intune Read Only Operator: reads; Intune refuses its changes (403)",
			Intune: IntuneReadOnly},
		{UPN: NoConsentUPN, Name: "Nestor Wilke", OID: "44b71142-5250-47cf-9592-346280b63ed0",
			Role:   "New hire, Intune administrator who may not grant consent: Entra asks for admin approval of anything not consented",
			Intune: IntuneAdministrator},
		{UPN: PersonalUPN, Name: "Pat Personal", OID: "5caac5e3-d851-496f-8803-143a6e28f0e7",
			Role: "Personal Microsoft account: refused by this work-or-school app", Personal: true},
	}
}

// UserByOID finds a user of the tenant by object ID (a token's oid).
func UserByOID(oid string) (User, bool) {
	for _, u := range Users() {
		if strings.EqualFold(u.OID, oid) {
			return u, true
		}
	}
	return User{}, false
}

// FindUser looks a user up by UPN, case-insensitively as Entra does.
func FindUser(upn string) (User, bool) {
	for _, u := range Users() {
		if strings.EqualFold(u.UPN, upn) {
			return u, true
		}
	}
	return User{}, false
}

// App is an app registration.
type App struct {
	ClientID string
	Name     string
	// PublicClientRedirectURIs are "mobile and desktop" redirect URIs; an
	// http://localhost entry matches any port, as Entra allows for loopback.
	PublicClientRedirectURIs []string
	// SPA marks an app that also has the single-page-application platform
	// (its redirect URIs are configured at start).
	SPA bool
	// Consented are the Graph permissions an administrator has granted the
	// app for the whole tenant when the emulator starts (the emulator's
	// consent control changes them at run time). A token carries all of
	// them, whatever was asked and whatever the user's role.
	Consented []string
}

// Apps lists the tenant's app registrations.
func Apps() []App {
	native := []string{"http://localhost", "https://login.microsoftonline.com/common/oauth2/nativeclient"}
	consented := []string{ServiceConfigReadWrite, GroupMemberRead, ConfigurationRead, UserReadBasic}
	return []App{
		{ClientID: ClientID, Name: AppName, PublicClientRedirectURIs: native, SPA: true, Consented: consented},
		{ClientID: OtherClientID, Name: OtherAppName, PublicClientRedirectURIs: native[:1], Consented: consented},
	}
}
