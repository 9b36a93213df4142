package auth

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"enrollassign/graph/cloud"
)

// Graph permissions the app asks for, least privileged first. Reading and
// writing enrollment configuration assignments needs the first; resolving
// and searching groups for the picker needs the second.
const (
	ScopeDeviceManagementServiceConfig = "DeviceManagementServiceConfig.ReadWrite.All"
	ScopeGroupMemberRead               = "GroupMember.Read.All"
)

// DefaultPermissions are the permissions requested when Config.Permissions is empty.
func DefaultPermissions() []string {
	return []string{ScopeDeviceManagementServiceConfig, ScopeGroupMemberRead}
}

// oidcScopes are what MSAL adds itself to token requests but not to the
// authorize URL (AuthCodeURL sends only the scopes it is given, unlike its own
// interactive flow), so BeginSignIn adds them: without openid there is no ID
// token, without offline_access no refresh token.
var oidcScopes = []string{"openid", "profile", "offline_access"}

// Keys this package writes in its Store. The Store is the package's own:
// the app hands it sessionStorage already scoped to the sign-in's area
// (components/keep), which also clears the tab's other tenant data on
// sign-out.
const (
	keyPending = "pending"
	keyCache   = "msal-cache"
	keyAccount = "account"
)

// ownKeys are every key this package writes.
var ownKeys = []string{keyPending, keyCache, keyAccount}

// Storage is the tab's sessionStorage, scoped to this package's keys (the
// app adapts go-app's BrowserStorage to it). It must be safe for concurrent
// use: MSAL reads the cache from several goroutines.
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
}

// Config is everything a Session needs. Cloud, Tenant, ClientID, RedirectURI
// and Store are required.
type Config struct {
	Cloud       cloud.Cloud
	Tenant      string // tenant ID or verified domain
	ClientID    string
	RedirectURI string // registered as a single-page application, e.g. "http://127.0.0.1:8000/"
	// HTTPClient is the base client; nil means http.DefaultClient, which is
	// fetch-backed in wasm. Its Transport is wrapped, never replaced: under
	// js/wasm only http.DefaultTransport reaches the network.
	HTTPClient *http.Client
	// Store is the tab's sessionStorage, scoped to this package: the PKCE
	// verifier, state and nonce across the redirect, the MSAL cache and the
	// signed-in account.
	Store Storage
	// Now is the clock for this package's own bookkeeping (sign-in time, age
	// of a pending sign-in); nil means time.Now. MSAL reads the wall clock
	// itself for token expiry.
	Now func() time.Time
	// Permissions are the Graph permissions to request; nil means DefaultPermissions().
	Permissions []string
}

// validate reports the first thing that would make sign-in fail later in a
// less readable way.
func (c Config) validate() error {
	if err := c.Cloud.Validate(); err != nil {
		return err
	}
	if c.Tenant == "" || strings.ContainsAny(c.Tenant, "/?#") {
		return fmt.Errorf("tenant %q: want a tenant ID or domain", c.Tenant)
	}
	if c.ClientID == "" {
		return fmt.Errorf("client ID is empty")
	}
	u, err := url.Parse(c.RedirectURI)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") || u.Fragment != "" {
		return fmt.Errorf("redirect URI %q: want an absolute http(s) URL without a fragment", c.RedirectURI)
	}
	if c.Store == nil {
		return fmt.Errorf("no Store: the verifier and the token cache need sessionStorage")
	}
	return nil
}

// withDefaults fills the optional fields.
func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if len(c.Permissions) == 0 {
		c.Permissions = DefaultPermissions()
	}
	return c
}

// scopes are the Graph scopes of this cloud, in the order of Permissions.
func (c Config) scopes() []string { return c.Cloud.Scopes(c.Permissions...) }
