package auth

import (
	"bytes"
	"crypto/rand"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example of RFC 7636, appendix B.
var (
	rfc7636Octets = []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173,
		187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121}
)

const (
	rfc7636Verifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfc7636Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func TestPKCEMatchesRFC7636(t *testing.T) {
	verifier, err := newVerifier(bytes.NewReader(rfc7636Octets))
	require.NoError(t, err)
	assert.Equal(t, rfc7636Verifier, verifier)
	assert.Equal(t, rfc7636Challenge, challengeS256(verifier))
}

func TestVerifierShape(t *testing.T) {
	// RFC 7636 section 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
	unreserved := regexp.MustCompile(`^[A-Za-z0-9\-._~]{43,128}$`)
	seen := map[string]bool{}
	for range 50 {
		v, err := newVerifier(rand.Reader)
		require.NoError(t, err)
		assert.Regexp(t, unreserved, v)
		assert.False(t, seen[v], "verifiers repeat")
		seen[v] = true
	}
}

func TestRandomTokenFailsWithoutRandomness(t *testing.T) {
	_, err := randomToken(bytes.NewReader([]byte{1, 2, 3}), 16)
	assert.Error(t, err)
}
