//go:build !wasm

package server

import (
	"strconv"
	"strings"
)

// Content codings the server keeps variants in, best first: on app.wasm,
// brotli at quality 11 is about 28% smaller than gzip at level 9.
const (
	encodingBrotli = "br"
	encodingGzip   = "gzip"
)

// codings lists the content codings in the server's order of preference,
// each with the suffix its variant file carries on disk (the names nginx's
// gzip_static/brotli_static and Caddy's precompressed look for).
var codings = []struct{ name, suffix string }{
	{encodingBrotli, ".br"},
	{encodingGzip, ".gz"},
}

// negotiate picks the content coding to answer with, given a request's
// Accept-Encoding and the codings a resource has a variant in (best first);
// "" is the identity. The client's q-values decide; at equal q the server's
// order does, and a compressed variant beats the identity. The identity is
// the answer when nothing else is acceptable, even if the client refused it:
// a 406 would only leave the page without its resource.
func negotiate(acceptEncoding string, available []string) string {
	weights := parseAcceptEncoding(acceptEncoding)
	best, bestQ := "", 0.0
	for _, coding := range available {
		if q := weights.of(coding); q > bestQ {
			best, bestQ = coding, q
		}
	}
	if best == "" || bestQ < weights.identity() {
		return ""
	}
	return best
}

// acceptWeights is a parsed Accept-Encoding: coding → q-value.
type acceptWeights map[string]float64

func parseAcceptEncoding(header string) acceptWeights {
	weights := acceptWeights{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		weights[coding] = qValue(params)
	}
	return weights
}

// qValue reads "q=0.5" among a coding's parameters; absent or unreadable, 1.
func qValue(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 {
			return 0
		}
		return min(q, 1)
	}
	return 1
}

// of is the weight of a coding: its own, else the wildcard's, else 0 (a
// coding the client did not name is one it cannot decode).
func (w acceptWeights) of(coding string) float64 {
	if q, ok := w[coding]; ok {
		return q
	}
	return w["*"]
}

// identity is the client's preference for the bytes as they are, when it
// states one (by name or through the wildcard). Unstated, the identity is
// acceptable but preferred to nothing the client named.
func (w acceptWeights) identity() float64 {
	if q, ok := w["identity"]; ok {
		return q
	}
	return w["*"]
}
