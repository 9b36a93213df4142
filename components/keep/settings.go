package keep

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

// Settings choose where the app signs in and which Graph it calls. They are
// kept in localStorage at SettingsKey and survive sign-out: they name a
// cloud, a tenant and an app registration, nothing secret and nothing read
// from the tenant.
type Settings struct {
	CloudID    string `json:"cloud"`
	Tenant     string `json:"tenant"`
	ClientID   string `json:"clientId"`
	APIVersion string `json:"apiVersion"`
}

// LoadSettings reads the kept settings; false when there are none or they
// cannot be read. A missing API version reads as v1.0.
func LoadSettings(s Store) (Settings, bool) {
	raw, ok := s.Get(SettingsKey)
	if !ok {
		return Settings{}, false
	}
	var v Settings
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return Settings{}, false
	}
	if v.APIVersion == "" {
		v.APIVersion = graph.V1
	}
	return v, true
}

// SaveSettings keeps the settings.
func SaveSettings(s Store, v Settings) error {
	raw, err := json.Marshal(v)
	if err == nil {
		err = s.Set(SettingsKey, string(raw))
	}
	if err != nil {
		return fmt.Errorf("saving settings: %w", err)
	}
	return nil
}

// Cloud resolves the settings' cloud: a national cloud, or demo, the demo
// tenant's cloud when the server offers one (the zero Cloud otherwise).
func (s Settings) Cloud(demo cloud.Cloud) (cloud.Cloud, error) {
	if s.CloudID == cloud.DemoID {
		if demo.ID != cloud.DemoID || demo.AuthorityURL == "" {
			return cloud.Cloud{}, errors.New("the demo tenant is not served here")
		}
		return demo, nil
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
// shows each message beside its field; demo is as for Cloud.
func (s Settings) Problems(demo cloud.Cloud) map[string]string {
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
