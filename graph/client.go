// Package graph is the app's Microsoft Graph client for device enrollment
// configurations, their assignments and the groups they target.
//
// It is pure Go: every request goes through an injected *http.Client (in the
// browser, Go's fetch-backed default), tokens come from a TokenSource, and the
// cloud's Graph host and API version are configuration. It does not know it
// may run in a browser, except that it never relies on response headers a
// browser may hide (Retry-After, Date).
package graph

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
)

// TokenSource hands out the bearer token for the next request.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// TokenRenewer is a TokenSource that can force a fresh token. When Graph
// answers 401 InvalidAuthenticationToken, the client renews once and retries
// the request: a 401 means nothing was done, so even a POST is safe to resend.
// refused is the token Graph refused: requests sent together with one
// expired token are refused together, and a renewer hands those that come
// after the first renewal its token instead of redeeming the refresh token
// once per request.
type TokenRenewer interface {
	RenewToken(ctx context.Context, refused string) (string, error)
}

// The API versions Graph serves.
const (
	V1   = "v1.0"
	Beta = "beta"
)

// Config is everything a Client needs; nothing cloud-specific is built in.
type Config struct {
	// BaseURL is the cloud's Graph host without a version, for example
	// cloud.Global.GraphURL ("https://graph.microsoft.com").
	BaseURL string
	// APIVersion is V1 (the default when empty) or Beta.
	APIVersion string
	// HTTPClient sends every request; nil means http.DefaultClient, which in
	// the browser goes through fetch.
	HTTPClient *http.Client
	// Tokens provides the bearer token. Required.
	Tokens TokenSource
	// Retry bounds retries of throttled and failed idempotent requests.
	Retry RetryPolicy
	// OmitClientRequestID stops the client from sending a client-request-id
	// header. Graph echoes it, which ties a failure to the request that
	// caused it, but it is not a CORS-safelisted header: a host that refuses
	// it in preflights can be reached by turning it off.
	OmitClientRequestID bool
	// NewRequestID makes client-request-id values; nil means random UUIDs.
	NewRequestID func() string
}

// Client calls Microsoft Graph. It is safe for concurrent use.
type Client struct {
	base      *url.URL // host plus version, no trailing slash
	http      *http.Client
	tokens    TokenSource
	retry     RetryPolicy
	requestID func() string
	sendCRID  bool

	// patchRefused remembers that this service answered the documented PATCH
	// with "No method match route template", so later updates (and their
	// previews) go straight to the assign strategy.
	patchRefused atomic.Bool
	// createRefused and deleteRefused remember the same of the documented
	// create and delete (ChangeAssignments).
	createRefused, deleteRefused atomic.Bool

	// beta is this client on the beta endpoint (itself when already there).
	beta *Client
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Tokens == nil {
		return nil, errors.New("graph: Config.Tokens is required")
	}
	base, err := versionedBase(cfg.BaseURL, cfg.APIVersion)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		http:      cfg.HTTPClient,
		tokens:    cfg.Tokens,
		retry:     cfg.Retry.withDefaults(),
		requestID: cfg.NewRequestID,
		sendCRID:  !cfg.OmitClientRequestID,
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.requestID == nil {
		c.requestID = NewUUID
	}
	c.beta = c
	if cfg.APIVersion != Beta {
		b := *base
		b.Path = "/" + Beta
		c.beta = &Client{base: &b, http: c.http, tokens: c.tokens, retry: c.retry, requestID: c.requestID, sendCRID: c.sendCRID}
		c.beta.beta = c.beta
	}
	return c, nil
}

// Beta is this client on the beta endpoint, sharing its transport, tokens
// and retry policy. v1.0 hides properties that exist on the service
// (assignment filters, source): a write that replaces a whole set must read
// and send that set through beta, or it deletes what v1.0 did not show.
func (c *Client) Beta() *Client { return c.beta }

// versionedBase joins the Graph host and the API version after checking both.
func versionedBase(raw, version string) (*url.URL, error) {
	if version == "" {
		version = V1
	}
	if version != V1 && version != Beta {
		return nil, errors.New("graph: API version must be " + V1 + " or " + Beta + ", not " + strconv.Quote(version))
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, errors.New("graph: base URL " + strconv.Quote(raw) + " is not an absolute http(s) URL")
	}
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("graph: base URL " + strconv.Quote(raw) + " must be a host without a path (the version is Config.APIVersion)")
	}
	u.Path = "/" + version
	return u, nil
}

// APIVersion is the version this client calls.
func (c *Client) APIVersion() string { return strings.TrimPrefix(c.base.Path, "/") }

// PatchRefused reports whether this service has refused the documented PATCH,
// so that updates now use the assign strategy.
func (c *Client) PatchRefused() bool { return c.patchRefused.Load() }

// url builds an absolute request URL from path segments, each path-escaped,
// so that an ID can never step out of its segment.
func (c *Client) url(query url.Values, segments ...string) string {
	return c.base.String() + relativePath(segments...) + encodeQuery(query)
}

// relativePath is the part of a URL after the version, as $batch wants it.
func relativePath(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// encodeQuery writes OData system query options with their '$' unescaped,
// the way Graph's own documentation writes them.
func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + strings.ReplaceAll(q.Encode(), "%24", "$")
}

// sameOrigin reports whether link points at this client's Graph host, so a
// nextLink can never make the client send its token somewhere else.
func (c *Client) sameOrigin(link string) bool {
	u, err := url.Parse(link)
	return err == nil && u.Scheme == c.base.Scheme && u.Host == c.base.Host
}
