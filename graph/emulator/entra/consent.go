package entra

import (
	"fmt"
	"slices"
	"strings"

	"enrollassign/graph/emulator/demo"
)

// Consent is an app's tenant-wide admin consent for one Graph permission.
type Consent string

// The states of a permission's consent.
const (
	// ConsentGranted: an administrator granted it for the whole tenant.
	// Every token of the app carries it, whatever was asked and whatever
	// the user's role; it is never left out of an answer.
	ConsentGranted Consent = "granted"
	// ConsentNone: nobody granted it. Asking for it shows a consent admin
	// the consent prompt and anyone else "Need admin approval" (AADSTS90094);
	// silently (prompt=none) or at the token endpoint it is AADSTS65001.
	ConsentNone Consent = "none"
	// ConsentDeclined: /authorize lets a request for it through, but the
	// token answer leaves it out of `scope` and `scp` — the answer MSAL for
	// Go refuses ("declined scopes are present"). Entra documents no such
	// answer for an admin-consented permission; it stands for the
	// providers and tenant policies users report narrowing a request.
	ConsentDeclined Consent = "declined"
)

func (c Consent) valid() bool {
	return c == ConsentGranted || c == ConsentNone || c == ConsentDeclined
}

// consentBook is the tenant's admin consent, per app and permission.
// Callers hold Server.mu.
type consentBook map[string][]grant // by lower-case client ID

// grant is one permission's state; the name keeps the case it was given.
type grant struct {
	permission string
	state      Consent
}

// startConsent is what demo.Apps says was consented.
func startConsent() consentBook {
	book := consentBook{}
	for _, app := range demo.Apps() {
		for _, p := range app.Consented {
			book.set(app.ClientID, p, ConsentGranted)
		}
	}
	return book
}

func (b consentBook) set(clientID, permission string, state Consent) {
	key := strings.ToLower(clientID)
	grants := b[key]
	for i, g := range grants {
		if strings.EqualFold(g.permission, permission) {
			grants[i].state = state
			return
		}
	}
	b[key] = append(grants, grant{permission, state})
}

// state is a permission's consent; ".default" stands for what was
// consented, so it is always granted.
func (b consentBook) state(clientID, permission string) Consent {
	if permission == ".default" {
		return ConsentGranted
	}
	for _, g := range b[strings.ToLower(clientID)] {
		if strings.EqualFold(g.permission, permission) {
			return g.state
		}
	}
	return ConsentNone
}

// granted lists the permissions consented for the app, in the order
// they were first named.
func (b consentBook) granted(clientID string) []string {
	var out []string
	for _, g := range b[strings.ToLower(clientID)] {
		if g.state == ConsentGranted {
			out = append(out, g.permission)
		}
	}
	return out
}

// SetConsent changes the tenant's admin consent of an app for one Graph
// permission.
func (s *Server) SetConsent(clientID, permission string, state Consent) error {
	if _, ok := findApp(clientID); !ok {
		return fmt.Errorf("consent: %q is not an app of the demo tenant", clientID)
	}
	if permission == "" || strings.ContainsAny(permission, " /") || permission == ".default" {
		return fmt.Errorf("consent: %q is not a Graph permission name such as GroupMember.Read.All", permission)
	}
	if !state.valid() {
		return fmt.Errorf("consent: state %q: want %q, %q or %q", state, ConsentGranted, ConsentNone, ConsentDeclined)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consent.set(clientID, permission, state)
	return nil
}

// Consents is the app's consent, by permission.
func (s *Server) Consents(clientID string) map[string]Consent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]Consent{}
	for _, g := range s.consent[strings.ToLower(clientID)] {
		out[g.permission] = g.state
	}
	return out
}

// ResetConsent restores the consent the emulator started with.
func (s *Server) ResetConsent() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consent = startConsent()
}

// unconsented lists the Graph permissions of a request nobody consented to.
func (s *Server) unconsented(clientID string, scopes scopeSet) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range scopes.graph {
		if s.consent.state(clientID, p) == ConsentNone {
			out = append(out, p)
		}
	}
	return out
}

// grantAll records tenant-wide consent for permissions (a consent admin
// accepted the prompt, or the adminconsent endpoint).
func (s *Server) grantAll(clientID string, permissions []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range permissions {
		if p != ".default" {
			s.consent.set(clientID, p, ConsentGranted)
		}
	}
}

// consented lists what the app's tokens carry: every permission granted
// tenant-wide (Entra puts all of them in scp, asked for or not).
func (s *Server) consented(clientID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.consent.granted(clientID))
}
