package auth

import (
	"context"
	"net/http"
	"testing"
)

// BenchmarkToken is the cost every Graph request pays for its bearer token
// when the cached one is still good: one read of the serialized cache.
func BenchmarkToken(b *testing.B) {
	f := newFakeEntra(b)
	s := demoSession(b, f, newMemStore(), newClock())
	signIn(b, s, f)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Token(ctx); err != nil {
			b.Fatal(err)
		}
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
