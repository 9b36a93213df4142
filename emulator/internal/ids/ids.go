// Package ids makes the random identifiers the services hand out: GUIDs for
// request, trace and correlation IDs, opaque strings for codes and refresh
// tokens.
package ids

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"regexp"
)

// GUID returns a random version-4 GUID in the 8-4-4-4-12 form.
func GUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
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
