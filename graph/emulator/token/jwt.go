// Package token issues and checks the emulator's tokens: RS256 JSON Web
// Tokens signed with the Entra side's key, carrying the claims Microsoft
// Entra ID puts in ID and access tokens, and the key set (JWKS) that
// publishes the public half. Only the standard library is used.
package token

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Errors a token can fail with before its claims are looked at.
var (
	ErrMalformed  = errors.New("token is not in JWS compact format")
	ErrAlgorithm  = errors.New("token algorithm is not RS256")
	ErrUnknownKey = errors.New("token is signed with an unknown key")
	ErrSignature  = errors.New("token signature is invalid")
)

// header is the JOSE header Entra writes.
type header struct {
	Typ string `json:"typ"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	X5t string `json:"x5t,omitempty"`
}

// Key is an RSA signing key and the ID it is published under.
type Key struct {
	private *rsa.PrivateKey
	id      string
}

// NewKey generates a 2048-bit RSA key; its ID is derived from the public key
// so that a JWKS entry and a token header name the same thing.
func NewKey() (*Key, error) {
	private, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating signing key: %w", err)
	}
	sum := sha256.Sum256(private.PublicKey.N.Bytes())
	return &Key{private: private, id: base64.RawURLEncoding.EncodeToString(sum[:15])}, nil
}

// ID is the key's `kid`.
func (k *Key) ID() string { return k.id }

// Sign encodes claims as a compact RS256 JWS.
func (k *Key) Sign(claims any) (string, error) {
	head, err := json.Marshal(header{Typ: "JWT", Alg: "RS256", Kid: k.id, X5t: k.id})
	if err != nil {
		return "", fmt.Errorf("encoding token header: %w", err)
	}
	body, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encoding token claims: %w", err)
	}
	signingInput := encode(head) + "." + encode(body)
	digest := sha256.Sum256([]byte(signingInput))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.private, crypto.SHA256, digest[:])
	if err != nil {
		return "", fmt.Errorf("signing token: %w", err)
	}
	return signingInput + "." + encode(sig), nil
}

// Verify checks the token's algorithm, key and signature and returns its
// payload (the JSON claims) for the caller to decode.
func (k *Key) Verify(raw string) ([]byte, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, ErrMalformed
	}
	headBytes, err := decode(parts[0])
	if err != nil {
		return nil, ErrMalformed
	}
	var h header
	if err := json.Unmarshal(headBytes, &h); err != nil {
		return nil, ErrMalformed
	}
	if h.Alg != "RS256" {
		return nil, ErrAlgorithm
	}
	if h.Kid != k.id {
		return nil, ErrUnknownKey
	}
	sig, err := decode(parts[2])
	if err != nil {
		return nil, ErrMalformed
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(&k.private.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
		return nil, ErrSignature
	}
	payload, err := decode(parts[1])
	if err != nil {
		return nil, ErrMalformed
	}
	return payload, nil
}

// JWK is one entry of a JSON Web Key Set, as Entra publishes it.
type JWK struct {
	Kty    string `json:"kty"`
	Use    string `json:"use"`
	Kid    string `json:"kid"`
	X5t    string `json:"x5t"`
	N      string `json:"n"`
	E      string `json:"e"`
	Issuer string `json:"issuer,omitempty"`
}

// JWK publishes the public half of the key.
func (k *Key) JWK(issuer string) JWK {
	pub := k.private.PublicKey
	return JWK{
		Kty: "RSA", Use: "sig", Kid: k.id, X5t: k.id,
		N:      encode(pub.N.Bytes()),
		E:      encode(big.NewInt(int64(pub.E)).Bytes()),
		Issuer: issuer,
	}
}

// PublicKey rebuilds the RSA public key from a JWK, as a relying party would.
func (j JWK) PublicKey() (*rsa.PublicKey, error) {
	n, errN := decode(j.N)
	e, errE := decode(j.E)
	if errN != nil || errE != nil || j.Kty != "RSA" {
		return nil, fmt.Errorf("jwk %q: not an RSA key", j.Kid)
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
}

func encode(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func decode(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
