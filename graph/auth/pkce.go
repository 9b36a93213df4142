package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
)

// verifierBytes gives a 43-character verifier, 256 bits of entropy, the
// length RFC 7636 recommends (and MSAL uses for its own interactive flow).
const verifierBytes = 32

// randomToken reads n random bytes and encodes them base64url without padding:
// the form of a PKCE verifier, and a fine one for state and nonce.
func randomToken(random io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", fmt.Errorf("reading randomness: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// newVerifier makes a PKCE code verifier.
func newVerifier(random io.Reader) (string, error) { return randomToken(random, verifierBytes) }

// challengeS256 is the S256 code challenge of a verifier:
// BASE64URL(SHA256(ASCII(verifier))) without padding (RFC 7636, section 4.2).
func challengeS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
