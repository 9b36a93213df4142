package entra

import (
	"time"

	"enrollassign/graph/emulator/token"
)

// IDTokenFault makes the ID tokens issued from now on wrong in the ways an
// app must catch itself, since MSAL for Go checks none of them: another
// issuer, another tenant, a lifetime already over. The zero value issues
// them right.
type IDTokenFault struct {
	Issuer   string `json:"iss,omitempty"`
	TenantID string `json:"tid,omitempty"`
	// ExpiredFor, when positive, ends the token's lifetime that long ago.
	ExpiredFor time.Duration `json:"-"`
}

// SetIDTokenFault changes the ID tokens issued from now on.
func (s *Server) SetIDTokenFault(f IDTokenFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idFault = f
}

func (s *Server) idTokenFault() IDTokenFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idFault
}

// apply puts the fault's claims in an ID token's.
func (f IDTokenFault) apply(c *token.Claims, now time.Time) {
	if f.Issuer != "" {
		c.Iss = f.Issuer
	}
	if f.TenantID != "" {
		c.TID = f.TenantID
	}
	if f.ExpiredFor > 0 {
		c.Lifetime(now.Add(-f.ExpiredFor-time.Hour), time.Hour)
	}
}
