// Package cloud names the Microsoft clouds the app can sign in to and call,
// each with its sign-in authority host, Graph host and scope prefix, plus the
// local demo cloud played by the emulator.
//
// Both auth/ (authority, scopes) and graph/ (base URL) read from here, so a
// national cloud is one table row, not constants scattered in code.
package cloud

import (
	"fmt"
	"net/url"
	"strings"
)

// Cloud is one Microsoft Entra ID + Microsoft Graph deployment.
type Cloud struct {
	// ID is the stable key kept in settings ("global", "usgovl4", ...).
	ID string
	// Name is what the settings screen shows.
	Name string
	// AuthorityURL is the sign-in host as an URL without a path,
	// e.g. "https://login.microsoftonline.com".
	AuthorityURL string
	// GraphURL is the Graph host as an URL without a path or version,
	// e.g. "https://graph.microsoft.com".
	GraphURL string
	// ScopePrefix is prepended to Graph permission names to form scopes,
	// e.g. "https://graph.microsoft.com/".
	ScopePrefix string
	// Demo marks the local emulator: not a Microsoft host, so MSAL must not
	// ask Microsoft's instance discovery about it, and it speaks plain HTTP
	// on loopback (see auth's loopback bridge).
	Demo bool
}

// The national clouds, as Microsoft documents them.
var (
	Global = Cloud{
		ID: "global", Name: "Global (includes GCC)",
		AuthorityURL: "https://login.microsoftonline.com",
		GraphURL:     "https://graph.microsoft.com",
		ScopePrefix:  "https://graph.microsoft.com/",
	}
	USGovL4 = Cloud{
		ID: "usgovl4", Name: "US Government L4 (GCC High)",
		AuthorityURL: "https://login.microsoftonline.us",
		GraphURL:     "https://graph.microsoft.us",
		ScopePrefix:  "https://graph.microsoft.us/",
	}
	USGovL5 = Cloud{
		ID: "usgovl5", Name: "US Government L5 (DoD)",
		AuthorityURL: "https://login.microsoftonline.us",
		GraphURL:     "https://dod-graph.microsoft.us",
		ScopePrefix:  "https://dod-graph.microsoft.us/",
	}
	China = Cloud{
		ID: "china", Name: "China (operated by 21Vianet)",
		AuthorityURL: "https://login.chinacloudapi.cn",
		GraphURL:     "https://microsoftgraph.chinacloudapi.cn",
		ScopePrefix:  "https://microsoftgraph.chinacloudapi.cn/",
	}
)

// DemoID is the ID of the emulator's cloud.
const DemoID = "demo"

// Demo is the emulator's cloud. It issues tokens for the global Graph
// resource, exactly as the real global cloud does, so scopes are unchanged;
// only the hosts differ.
func Demo(authorityURL, graphURL string) Cloud {
	return Cloud{
		ID: DemoID, Name: "Demo tenant (local emulator)",
		AuthorityURL: strings.TrimRight(authorityURL, "/"),
		GraphURL:     strings.TrimRight(graphURL, "/"),
		ScopePrefix:  Global.ScopePrefix,
		Demo:         true,
	}
}

// National lists the Microsoft clouds in the order the settings screen shows them.
func National() []Cloud { return []Cloud{Global, USGovL4, USGovL5, China} }

// ByID finds a national cloud by its ID.
func ByID(id string) (Cloud, bool) {
	for _, c := range National() {
		if c.ID == id {
			return c, true
		}
	}
	return Cloud{}, false
}

// Authority is the MSAL authority for a tenant (ID, domain, or "organizations").
func (c Cloud) Authority(tenant string) string {
	return c.AuthorityURL + "/" + url.PathEscape(tenant)
}

// Scopes turns Graph permission names into this cloud's scopes.
func (c Cloud) Scopes(permissions ...string) []string {
	scopes := make([]string, len(permissions))
	for i, p := range permissions {
		scopes[i] = c.ScopePrefix + p
	}
	return scopes
}

// Hosts are the origins the page must be allowed to connect to for this
// cloud (sign-in and Graph), for a Content-Security-Policy.
func (c Cloud) Hosts() []string { return []string{c.AuthorityURL, c.GraphURL} }

// Validate reports a cloud that cannot work: a missing or malformed host.
func (c Cloud) Validate() error {
	for _, h := range []struct{ name, raw string }{{"authority", c.AuthorityURL}, {"graph", c.GraphURL}} {
		name, raw := h.name, h.raw
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("cloud %s: %s URL %q is not an absolute http(s) URL", c.ID, name, raw)
		}
		if u.Scheme == "http" && !c.Demo {
			return fmt.Errorf("cloud %s: %s URL %q must use https", c.ID, name, raw)
		}
	}
	return nil
}
