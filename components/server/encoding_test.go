//go:build !wasm

package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNegotiate(t *testing.T) {
	both := []string{encodingBrotli, encodingGzip}
	tests := []struct {
		name, accept string
		available    []string
		want         string
	}{
		{"no header: the bytes as they are", "", both, ""},
		{"Chromium's header: brotli", "gzip, deflate, br, zstd", both, "br"},
		{"gzip only", "gzip, deflate", both, "gzip"},
		{"brotli refused by q=0", "br;q=0, gzip", both, "gzip"},
		{"the client's weights win", "br;q=0.5, gzip;q=0.8", both, "gzip"},
		{"at equal weight, the server's order", "gzip;q=0.7, br;q=0.7", both, "br"},
		{"the wildcard accepts any coding", "*", both, "br"},
		{"a coding named beats the wildcard's weight", "*;q=0.1, gzip", both, "gzip"},
		{"wildcard refused, identity still acceptable", "*;q=0", both, ""},
		{"identity preferred over a weak coding", "gzip;q=0.5, identity", both, ""},
		{"identity refused: the best coding there is", "identity;q=0, gzip;q=0.2", both, "gzip"},
		{"only what the resource has", "br", []string{encodingGzip}, ""},
		{"nothing compressed", "br, gzip", nil, ""},
		{"case and spaces do not matter", " BR ; Q=1.0 ,GZIP", both, "br"},
		{"an unreadable weight counts as refusal", "br;q=high, gzip", both, "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, negotiate(tt.accept, tt.available))
		})
	}
}
