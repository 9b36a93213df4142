// Package ids makes the emulator's identifiers: random GUIDs (request,
// trace, correlation and session IDs), the opaque strings Entra hands out
// for codes and refresh tokens; and it recognises GUIDs.
package ids

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"regexp"
)

// NewUUID returns a random (version 4, RFC 9562) UUID in the 8-4-4-4-12 form.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = 0x40 | b[6]&0x0f // version 4
	b[8] = 0x80 | b[8]&0x3f // variant 10
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

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
