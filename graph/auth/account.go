package auth

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Account is the signed-in administrator.
type Account struct {
	UPN      string // user principal name (or preferred_username when there is none)
	Name     string
	TenantID string
	ObjectID string
	// HomeAccountID is MSAL's key for the account ("<oid>.<tid>").
	HomeAccountID string
	// SignedInAt is when the redirect round trip completed. Single-page apps
	// get refresh tokens that die 24 hours after it, whatever happens.
	SignedInAt time.Time
}

// RefreshTokenLifetime is the fixed lifetime Entra gives refresh tokens
// issued to single-page apps; renewals do not extend it.
const RefreshTokenLifetime = 24 * time.Hour

// consumerTenant is the tenant ID of personal Microsoft accounts.
const consumerTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"

// idClaims are the ID token claims checked or shown here.
type idClaims struct {
	Nonce             string `json:"nonce"`
	Audience          string `json:"aud"`
	TenantID          string `json:"tid"`
	ObjectID          string `json:"oid"`
	UPN               string `json:"upn"`
	PreferredUsername string `json:"preferred_username"`
	Name              string `json:"name"`
	Issuer            string `json:"iss"`
	Expires           int64  `json:"exp"`
	NotBefore         int64  `json:"nbf"`
}

// readIDClaims decodes the payload of an ID token. Its signature is not
// checked, as OpenID Connect allows for a token received straight from the
// token endpoint over TLS (Core 1.0, section 3.1.3.7); the nonce is.
func readIDClaims(raw string) (idClaims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return idClaims{}, fmt.Errorf("ID token has %d parts, want 3", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return idClaims{}, fmt.Errorf("decoding ID token: %w", err)
	}
	var c idClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return idClaims{}, fmt.Errorf("reading ID token claims: %w", err)
	}
	return c, nil
}

// account builds the Account from checked claims.
func (c idClaims) account(homeAccountID string, now time.Time) Account {
	upn := c.UPN
	if upn == "" {
		upn = c.PreferredUsername
	}
	return Account{UPN: upn, Name: c.Name, TenantID: c.TenantID, ObjectID: c.ObjectID,
		HomeAccountID: homeAccountID, SignedInAt: now}
}
