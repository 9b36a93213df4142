// Package ids makes the opaque strings Entra hands out for codes and refresh
// tokens, and recognises GUIDs. Random GUIDs (request, trace and
// correlation IDs) come from graph.NewUUID.
package ids

import (
	"crypto/rand"
	"encoding/base64"
	"regexp"
)

// Opaque returns n random bytes, base64url encoded, prefixed as Entra
// prefixes its codes and refresh tokens ("1.A...").
func Opaque(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return "1.A" + base64.RawURLEncoding.EncodeToString(b)
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s has the 8-4-4-4-12 hexadecimal shape.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }
