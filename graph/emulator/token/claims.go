package token

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors of a well-signed token whose claims do not fit.
var (
	ErrExpired     = errors.New("token is expired")
	ErrNotYetValid = errors.New("token is not yet valid")
	ErrAudience    = errors.New("token audience is not accepted")
	ErrIssuer      = errors.New("token issuer is not accepted")
)

// Claims are the claims the emulator puts in ID and access tokens, named as
// Entra names them. Access tokens for Graph carry scp/appid/azp/upn; ID tokens
// carry nonce/preferred_username; both carry the identity of the user and
// tenant.
type Claims struct {
	Aud               string `json:"aud"`
	Iss               string `json:"iss"`
	Iat               int64  `json:"iat"`
	Nbf               int64  `json:"nbf"`
	Exp               int64  `json:"exp"`
	Name              string `json:"name,omitempty"`
	OID               string `json:"oid,omitempty"`
	Sub               string `json:"sub,omitempty"`
	TID               string `json:"tid"`
	UPN               string `json:"upn,omitempty"`
	UniqueName        string `json:"unique_name,omitempty"`
	PreferredUsername string `json:"preferred_username,omitempty"`
	Nonce             string `json:"nonce,omitempty"`
	Scp               string `json:"scp,omitempty"`
	AppID             string `json:"appid,omitempty"`
	Azp               string `json:"azp,omitempty"`
	AppDisplayName    string `json:"app_displayname,omitempty"`
	IDTyp             string `json:"idtyp,omitempty"`
	Ver               string `json:"ver"`
	UTI               string `json:"uti,omitempty"`
}

// Scopes splits scp into permission names.
func (c Claims) Scopes() []string { return strings.Fields(c.Scp) }

// HasAnyScope reports whether the token carries one of the permissions.
func (c Claims) HasAnyScope(permissions ...string) bool {
	for _, have := range c.Scopes() {
		for _, want := range permissions {
			if strings.EqualFold(have, want) {
				return true
			}
		}
	}
	return false
}

// Lifetime sets iat/nbf/exp from an issue time and a lifetime.
func (c *Claims) Lifetime(issued time.Time, lifetime time.Duration) {
	c.Iat = issued.Unix()
	c.Nbf = issued.Unix()
	c.Exp = issued.Add(lifetime).Unix()
}

// Verifier checks tokens as a resource (Graph) does: signature against the
// issuer's key, then issuer, audience and lifetime. No clock skew is
// tolerated, so a test that moves the clock past `exp` sees the refusal.
type Verifier struct {
	Key       *Key
	Issuer    string
	Audiences []string
	Now       func() time.Time
}

// Verify returns the claims of a valid token, or an error wrapping one of the
// package's sentinel errors.
func (v Verifier) Verify(raw string) (Claims, error) {
	payload, err := v.Key.Verify(raw)
	if err != nil {
		return Claims{}, err
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if c.Iss != v.Issuer {
		return c, fmt.Errorf("%w: %q", ErrIssuer, c.Iss)
	}
	if !v.audienceAccepted(c.Aud) {
		return c, fmt.Errorf("%w: %q", ErrAudience, c.Aud)
	}
	now := v.Now().Unix()
	if now >= c.Exp {
		return c, fmt.Errorf("%w at %s", ErrExpired, time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))
	}
	if now < c.Nbf {
		return c, ErrNotYetValid
	}
	return c, nil
}

func (v Verifier) audienceAccepted(aud string) bool {
	for _, a := range v.Audiences {
		if strings.EqualFold(a, aud) {
			return true
		}
	}
	return false
}
