package token

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var issued = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func signed(t *testing.T, k *Key, c Claims) string {
	t.Helper()
	raw, err := k.Sign(c)
	require.NoError(t, err)
	return raw
}

func validClaims() Claims {
	c := Claims{Aud: "https://graph.microsoft.com", Iss: "https://login.example/tid/v2.0", TID: "tid", Scp: "A.Read B.Write", Ver: "2.0"}
	c.Lifetime(issued, time.Hour)
	return c
}

func TestVerifyChecksEachClaim(t *testing.T) {
	k, err := NewKey()
	require.NoError(t, err)
	other, err := NewKey()
	require.NoError(t, err)
	at := func(d time.Duration) func() time.Time { return func() time.Time { return issued.Add(d) } }
	base := Verifier{Key: k, Issuer: "https://login.example/tid/v2.0", Audiences: []string{"https://graph.microsoft.com"}, Now: at(time.Minute)}

	tests := []struct {
		name   string
		token  func() string
		now    func() time.Time
		wantIs error
	}{
		{"valid", func() string { return signed(t, k, validClaims()) }, at(time.Minute), nil},
		{"expired exactly at exp", func() string { return signed(t, k, validClaims()) }, at(time.Hour), ErrExpired},
		{"not yet valid", func() string { return signed(t, k, validClaims()) }, at(-time.Second), ErrNotYetValid},
		{"wrong audience", func() string { c := validClaims(); c.Aud = "client-id"; return signed(t, k, c) }, at(time.Minute), ErrAudience},
		{"wrong issuer", func() string { c := validClaims(); c.Iss = "https://evil/v2.0"; return signed(t, k, c) }, at(time.Minute), ErrIssuer},
		{"another key", func() string { return signed(t, other, validClaims()) }, at(time.Minute), ErrUnknownKey},
		{"garbage", func() string { return "not-a-jwt" }, at(time.Minute), ErrMalformed},
		{"tampered payload", func() string {
			parts := strings.Split(signed(t, k, validClaims()), ".")
			c := validClaims()
			c.Scp = "Everything.ReadWrite.All"
			forged := strings.Split(signed(t, other, c), ".")
			return parts[0] + "." + forged[1] + "." + parts[2]
		}, at(time.Minute), ErrSignature},
		{"alg none", func() string {
			parts := strings.Split(signed(t, k, validClaims()), ".")
			head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","kid":"` + k.ID() + `"}`))
			return head + "." + parts[1] + "."
		}, at(time.Minute), ErrAlgorithm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := base
			v.Now = tt.now
			c, err := v.Verify(tt.token())
			if tt.wantIs == nil {
				require.NoError(t, err)
				assert.Equal(t, []string{"A.Read", "B.Write"}, c.Scopes())
				return
			}
			assert.ErrorIs(t, err, tt.wantIs)
		})
	}
}

func TestJWKPublishesTheVerifyingKey(t *testing.T) {
	k, err := NewKey()
	require.NoError(t, err)
	jwk := k.JWK("iss")
	assert.Equal(t, k.ID(), jwk.Kid)
	pub, err := jwk.PublicKey()
	require.NoError(t, err)
	assert.True(t, pub.Equal(&k.private.PublicKey))
}

func TestHasAnyScopeIgnoresCase(t *testing.T) {
	c := Claims{Scp: "DeviceManagementServiceConfig.Read.All GroupMember.Read.All"}
	assert.True(t, c.HasAnyScope("devicemanagementserviceconfig.read.all"))
	assert.False(t, c.HasAnyScope("DeviceManagementServiceConfig.ReadWrite.All"))
}
