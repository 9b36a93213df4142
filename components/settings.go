package components

import (
	"errors"
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

// settingsKey is the localStorage key of the settings, outside
// auth.TenantDataPrefix on purpose: sign-out keeps them. They name a cloud, a
// tenant and an app registration: nothing secret, nothing from the tenant.
const settingsKey = "enrollassign-settings"

// Settings choose where the app signs in and which Graph it calls.
type Settings struct {
	CloudID    string `json:"cloud"`
	Tenant     string `json:"tenant"`
	ClientID   string `json:"clientId"`
	APIVersion string `json:"apiVersion"`
}

// DefaultSettings point at the demo tenant when the server runs one, and at
// the global cloud with nothing filled in otherwise.
func DefaultSettings(demo Demo) Settings {
	if demo.Enabled() {
		return Settings{CloudID: cloud.DemoID, Tenant: demo.Tenant, ClientID: demo.ClientID, APIVersion: graph.V1}
	}
	return Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}
}

// LoadSettings reads the saved settings, or the defaults when there are none
// or they no longer make sense (a demo cloud the server stopped offering).
func LoadSettings(store app.BrowserStorage, demo Demo) Settings {
	var s Settings
	if !store.Contains(settingsKey) || store.Get(settingsKey, &s) != nil {
		return DefaultSettings(demo)
	}
	if s.APIVersion == "" {
		s.APIVersion = graph.V1
	}
	if _, err := s.Cloud(demo); err != nil {
		return DefaultSettings(demo)
	}
	return s
}

// SaveSettings writes the settings to localStorage.
func SaveSettings(store app.BrowserStorage, s Settings) error {
	if err := store.Set(settingsKey, s); err != nil {
		return fmt.Errorf("saving settings: %w", err)
	}
	return nil
}

// Cloud resolves the settings' cloud: a national cloud, or the demo one.
func (s Settings) Cloud(demo Demo) (cloud.Cloud, error) {
	if s.CloudID == cloud.DemoID {
		if !demo.Enabled() {
			return cloud.Cloud{}, errors.New("the demo tenant is not served here")
		}
		return demo.Cloud, nil
	}
	c, ok := cloud.ByID(s.CloudID)
	if !ok {
		return cloud.Cloud{}, fmt.Errorf("unknown cloud %q", s.CloudID)
	}
	return c, nil
}

// SameSignIn reports whether both settings sign in to the same place, so a
// change of API version alone keeps the session.
func (s Settings) SameSignIn(o Settings) bool {
	return s.CloudID == o.CloudID &&
		strings.EqualFold(s.Tenant, o.Tenant) &&
		strings.EqualFold(s.ClientID, o.ClientID)
}

// Problems lists what is wrong with the settings, by field name, so the form
// shows each message beside its field.
func (s Settings) Problems(demo Demo) map[string]string {
	problems := map[string]string{}
	if _, err := s.Cloud(demo); err != nil {
		problems["cloud"] = "Choose a cloud: " + err.Error() + "."
	}
	switch tenant := strings.TrimSpace(s.Tenant); {
	case tenant == "":
		problems["tenant"] = "Enter your tenant ID (a GUID) or a domain such as contoso.onmicrosoft.com."
	case !isGUID(tenant) && !isDomain(tenant) && tenant != "organizations":
		problems["tenant"] = fmt.Sprintf("%q is neither a tenant ID (a GUID) nor a domain name.", tenant)
	}
	switch id := strings.TrimSpace(s.ClientID); {
	case id == "":
		problems["clientId"] = "Enter the application (client) ID of your app registration."
	case !isGUID(id):
		problems["clientId"] = fmt.Sprintf("%q is not an application ID: it is a GUID such as 00000000-0000-0000-0000-000000000000.", id)
	}
	if s.APIVersion != graph.V1 && s.APIVersion != graph.Beta {
		problems["apiVersion"] = "Choose v1.0 or beta."
	}
	return problems
}

// isGUID reports the 8-4-4-4-12 hexadecimal shape of Entra object IDs.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// isDomain accepts host names with at least one dot: letters, digits, '-'.
func isDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}
