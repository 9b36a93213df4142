package graphapi

import (
	"errors"
	"net/http"
	"strings"

	"enrollassign/graph/emulator/token"
)

var errNoToken = errors.New("no bearer token")

// authenticate checks the bearer token: signature against the Entra key,
// issuer, audience, lifetime (on the injectable clock). A batch item is sent
// with its batch's token, already checked when the batch was admitted, so it
// carries those claims instead of verifying the same signature again.
func (s *Server) authenticate(c *call) (token.Claims, error) {
	if c.inBatch {
		return c.claims, nil
	}
	auth := c.header.Get("Authorization")
	scheme, raw, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return token.Claims{}, errNoToken
	}
	return s.cfg.Verifier.Verify(strings.TrimSpace(raw))
}

// unauthenticated is Graph's 401 for each way a token can fail.
func unauthenticated(err error) *apiError {
	msg := "Access token validation failure."
	switch {
	case errors.Is(err, errNoToken):
		msg = "Access token is empty."
	case errors.Is(err, token.ErrMalformed):
		msg = "CompactToken parsing failed with error code: 80049217"
	case errors.Is(err, token.ErrSignature), errors.Is(err, token.ErrUnknownKey), errors.Is(err, token.ErrAlgorithm):
		msg = "Access token validation failure. Invalid signature."
	case errors.Is(err, token.ErrExpired):
		msg = "Lifetime validation failed, the token is expired."
	case errors.Is(err, token.ErrNotYetValid):
		msg = "Lifetime validation failed, the token is not yet valid."
	case errors.Is(err, token.ErrAudience):
		msg = "Access token validation failure. Invalid audience."
	case errors.Is(err, token.ErrIssuer):
		msg = "Access token validation failure. Invalid issuer."
	}
	e := odataError(http.StatusUnauthorized, "InvalidAuthenticationToken", "%s", msg)
	e.header = http.Header{"WWW-Authenticate": {`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`}}
	return e
}
