package auth

import (
	"context"
	"net/http"
	"testing"
	"time"

	"enrollassign/components/keep/keeptest"
)

// BenchmarkToken is the cost every Graph request pays for its bearer token
// when the kept one is far from renewal: a look at memory.
func BenchmarkToken(b *testing.B) {
	f := newFakeEntra(b)
	s := demoSession(b, f, new(keeptest.Memory), newClock())
	signIn(b, s, f)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenFromMSAL is what a token cost before it was kept in
// memory, and still costs once per token near its renewal: MSAL rebuilds
// its cache from the serialized one in the Store and finds the token there.
func BenchmarkTokenFromMSAL(b *testing.B) {
	f := newFakeEntra(b)
	clock := newClock()
	s := demoSession(b, f, new(keeptest.Memory), clock)
	signIn(b, s, f)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		clock.now = clock.now.Add(time.Hour) // past the kept token's margin
		if _, err := s.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if n := f.grants("refresh_token"); n != 0 {
		b.Fatalf("%d refresh grants: MSAL should have found the token in its cache", n)
	}
}

// BenchmarkSimpleRequests is the per-request cost of the CORS-simple transport.
func BenchmarkSimpleRequests(b *testing.B) {
	rt := SimpleRequests(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil }))
	req, err := http.NewRequest(http.MethodPost, "https://login.microsoftonline.com/t/oauth2/v2.0/token", nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range []string{"client-request-id", "x-client-sku", "x-client-ver", "x-client-os", "x-client-cpu", "Content-Type"} {
		req.Header.Set(h, "v")
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = rt.RoundTrip(req)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
