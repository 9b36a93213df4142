package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"enrollassign/graph/cloud"
)

// safelistedHeaders are the request headers a browser may send cross-origin
// without a CORS preflight (Fetch standard, "CORS-safelisted request-header").
var safelistedHeaders = map[string]bool{
	"Accept":           true,
	"Accept-Language":  true,
	"Content-Language": true,
	"Content-Type":     true,
	"Range":            true,
}

// jsFetchPrefix marks the pseudo-headers Go's js/wasm transport reads as
// fetch() options (mode, credentials, redirect); they are never sent.
const jsFetchPrefix = "js.fetch:"

// SimpleRequests makes every request MSAL sends a CORS simple request, as
// Microsoft Entra ID's endpoints do not answer preflights. MSAL adds
// client-request-id, return-client-request-id and x-client-sku/-ver/-os/-cpu
// to every call; each one alone forces a preflight, and the token call then
// fails with nothing but "Failed to fetch".
//
// It keeps only the safelisted headers rather than deleting those six by
// name, so that a header a later MSAL adds cannot silently break sign-in in
// the browser. The body and its form Content-Type pass unchanged.
func SimpleRequests(base http.RoundTripper) http.RoundTripper {
	return simpleRequests{base: orDefault(base)}
}

type simpleRequests struct{ base http.RoundTripper }

func (s simpleRequests) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context()) // a RoundTripper must not modify its request
	out.Header = make(http.Header, len(req.Header))
	for name, values := range req.Header {
		if safelistedHeaders[textproto.CanonicalMIMEHeaderKey(name)] || strings.HasPrefix(strings.ToLower(name), jsFetchPrefix) {
			out.Header[name] = values
		}
	}
	return s.base.RoundTrip(out)
}

// LoopbackBridge is the one place where a plain-HTTP identity provider on
// this machine (the emulator, or any stand-in) meets MSAL, which accepts
// only an https authority whose discovery document names an issuer of the
// same scheme and host. MSAL is given https://<host>/<tenant>; this sends
// what MSAL addresses to exactly that host over http instead, and in the
// host's own discovery document turns the honest http issuer into the
// https one MSAL compares with its authority. Every other URL and answer
// passes untouched, and New installs it only for the demo cloud on a
// loopback address (see bridgeHost), so a real cloud is never bridged.
func LoopbackBridge(base http.RoundTripper, host string) http.RoundTripper {
	return loopbackBridge{base: orDefault(base), host: strings.ToLower(host)}
}

type loopbackBridge struct {
	base http.RoundTripper
	host string
}

func (b loopbackBridge) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" || strings.ToLower(req.URL.Host) != b.host {
		return b.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme = "http"
	out.URL = &u
	resp, err := b.base.RoundTrip(out)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasSuffix(u.Path, discoveryPath) {
		return resp, err
	}
	return b.translateIssuer(resp)
}

// discoveryPath ends the URL of a tenant's OpenID configuration.
const discoveryPath = "/.well-known/openid-configuration"

// discoveryLimit bounds the discovery document read (Entra's is 2 KB).
const discoveryLimit = 1 << 20

// translateIssuer rewrites the discovery document's issuer from
// http://<host>/… to https://<host>/…, for MSAL's comparison with the https
// authority it was given. An issuer of any other host is left as it is
// (MSAL then refuses it, rightly).
func (b loopbackBridge) translateIssuer(resp *http.Response) (*http.Response, error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, discoveryLimit))
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the discovery document of %s: %w", b.host, err)
	}
	var doc map[string]json.RawMessage
	var issuer string
	if json.Unmarshal(raw, &doc) == nil && json.Unmarshal(doc["issuer"], &issuer) == nil {
		if rest, ok := cutPrefixFold(issuer, "http://"+b.host+"/"); ok {
			doc["issuer"], _ = json.Marshal("https://" + b.host + "/" + rest)
			if translated, err := json.Marshal(doc); err == nil {
				raw = translated
			}
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// orDefault delegates to http.DefaultTransport: under js/wasm it is the only
// transport that goes through fetch (one with its own dialer cannot connect).
func orDefault(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		return http.DefaultTransport
	}
	return rt
}

// msalEndpoint is how MSAL is pointed at a cloud.
type msalEndpoint struct {
	authority         string // always https, as MSAL demands
	instanceDiscovery bool
	client            *http.Client
}

// endpointFor chooses MSAL's authority, whether it may ask Microsoft's
// instance discovery about the host, and the HTTP client it uses.
func endpointFor(cfg Config) (msalEndpoint, error) {
	authority, err := url.Parse(cfg.Cloud.Authority(cfg.Tenant))
	if err != nil {
		return msalEndpoint{}, fmt.Errorf("authority of cloud %s: %w", cfg.Cloud.ID, err)
	}
	base := http.DefaultTransport
	client := &http.Client{}
	if cfg.HTTPClient != nil {
		*client = *cfg.HTTPClient // keep its timeout and jar; wrap, don't mutate, its transport
		base = orDefault(cfg.HTTPClient.Transport)
	}
	if authority.Scheme == "http" {
		host, err := bridgeHost(cfg.Cloud, authority)
		if err != nil {
			return msalEndpoint{}, err
		}
		base = LoopbackBridge(base, host)
		authority.Scheme = "https"
	}
	client.Transport = SimpleRequests(base)
	return msalEndpoint{
		authority:         authority.String(),
		instanceDiscovery: microsoftHost(authority.Host),
		client:            client,
	}, nil
}

// bridgeHost allows plain HTTP only for the demo cloud on this machine:
// anything else would send codes and tokens in clear over a network.
func bridgeHost(c cloud.Cloud, authority *url.URL) (string, error) {
	if !c.Demo {
		return "", fmt.Errorf("cloud %s: authority %s must use https", c.ID, authority.Redacted())
	}
	if !isLoopback(authority.Hostname()) {
		return "", fmt.Errorf("demo cloud: plain-HTTP authority %s must be on loopback (127.0.0.1, ::1 or localhost)", authority.Redacted())
	}
	return authority.Host, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// microsoftHost tells whether MSAL may ask Microsoft's instance discovery
// about host: only the national clouds' sign-in hosts are Microsoft's.
func microsoftHost(host string) bool {
	for _, c := range cloud.National() {
		if u, err := url.Parse(c.AuthorityURL); err == nil && strings.EqualFold(u.Host, host) {
			return true
		}
	}
	return false
}
