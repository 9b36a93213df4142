// Package graphapi plays Microsoft Graph for the demo tenant: the Intune
// device enrollment configuration operations under /v1.0 and /beta, group
// lookup for pickers, JSON batching, with Graph's token checks, per
// operation permissions, schema validation, throttling, CORS and fault
// injection.
package graphapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"enrollassign/graph/emulator/faults"
	"enrollassign/graph/emulator/internal/httpx"
	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/stats"
	"enrollassign/graph/emulator/throttle"
	"enrollassign/graph/emulator/token"
)

// WriteMode chooses how writes on .../assignments behave.
type WriteMode string

const (
	// ModeDocumented: PATCH, POST and DELETE on assignments work as documented.
	ModeDocumented WriteMode = "documented"
	// ModeAsReported: they answer 400 "No method match route template", as
	// users of the real service report; only the `assign` action writes.
	ModeAsReported WriteMode = "as-reported"
)

// Settings are the switches `POST /_emulator/faults` changes at run time.
type Settings struct {
	faults.Config
	Throttling       bool      `json:"throttling"`
	ExposeRetryAfter bool      `json:"exposeRetryAfter"`
	Mode             WriteMode `json:"mode"`
	TimeScale        float64   `json:"timeScale"`
	// PageSize is the service's page size for configuration lists.
	PageSize int `json:"pageSize"`
}

// DefaultPageSize is the page size when none is set.
const DefaultPageSize = 25

// DefaultSettings: no faults, real limits enforced, Retry-After hidden from
// browsers, documented writes, real time.
func DefaultSettings() Settings {
	return Settings{Config: faults.Default(), Throttling: true, Mode: ModeDocumented, TimeScale: 1, PageSize: DefaultPageSize}
}

// Validate refuses settings the emulator cannot apply.
func (s Settings) Validate() error {
	if err := s.Config.Validate(); err != nil {
		return err
	}
	switch {
	case s.Mode != ModeDocumented && s.Mode != ModeAsReported:
		return &settingError{"mode", `must be "documented" or "as-reported"`}
	case s.TimeScale <= 0:
		return &settingError{"timeScale", "must be more than 0"}
	case s.PageSize < 1 || s.PageSize > 1000:
		return &settingError{"pageSize", "must be between 1 and 1000"}
	}
	return nil
}

type settingError struct{ field, rule string }

func (e *settingError) Error() string { return e.field + ": " + e.rule }

// Clone copies the settings without sharing the error-rate map.
func (s Settings) Clone() Settings {
	c := s
	c.ErrorRates = maps.Clone(s.ErrorRates)
	if c.ErrorRates == nil {
		c.ErrorRates = map[string]float64{}
	}
	return c
}

// Config wires a Server.
type Config struct {
	// BaseURL is the origin the server is reached at, for @odata.context,
	// nextLink and Location.
	BaseURL  string
	Verifier token.Verifier
	Now      func() time.Time
	Stats    *stats.Recorder
	Journal  *stats.Journal
	Logger   *slog.Logger
	Settings Settings
	// Sleep waits out injected latency; nil waits on a real timer. Tests
	// pass a recorder so they never wait.
	Sleep func(ctx context.Context, d time.Duration) bool
}

// Server is the Graph origin's API (the /_emulator/ endpoints are the
// caller's).
type Server struct {
	cfg     Config
	store   *Store
	limiter *throttle.Limiter
	faults  *faults.Injector

	mu       sync.Mutex
	settings Settings
}

// New builds a server over a freshly seeded store.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Stats == nil {
		cfg.Stats = stats.New()
	}
	if cfg.Journal == nil {
		cfg.Journal = &stats.Journal{}
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	store, err := NewStore(cfg.Now)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: store, limiter: throttle.New(throttle.Intune, cfg.Now), faults: faults.NewInjector(cfg.Settings.Config)}
	if err := s.SetSettings(cfg.Settings); err != nil {
		return nil, err
	}
	return s, nil
}

// Store is the tenant's data.
func (s *Server) Store() *Store { return s.store }

// Settings returns a copy of the current switches.
func (s *Server) Settings() Settings {
	s.mu.Lock()
	st := s.settings.Clone()
	s.mu.Unlock()
	// What is left of the countdown: posting other switches must not
	// re-arm the drops already used.
	st.DropAfterNextWrites = s.faults.PendingWriteDrops()
	return st
}

// SetSettings validates and applies new switches; the fault generator is
// reseeded.
func (s *Server) SetSettings(next Settings) error {
	if err := next.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	s.settings = next.Clone()
	s.mu.Unlock()
	s.faults.Set(next.Config)
	s.limiter.SetScale(next.TimeScale)
	s.limiter.SetEnabled(next.Throttling)
	return nil
}

// Reset restores the seeded data, the start settings and empty throttling windows.
func (s *Server) Reset() error {
	if err := s.store.Reset(); err != nil {
		return err
	}
	s.limiter.Reset()
	return s.SetSettings(s.cfg.Settings)
}

// maxBody bounds what a request body may be (Graph's own limit is 4 MB).
const maxBody = 4 << 20

// ServeHTTP runs one request through the pipeline: preflight, headers,
// injected faults, then the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if httpx.IsPreflight(r) {
		s.preflight(w, r)
		return
	}
	received := time.Now()
	settings := s.Settings()
	c, err := s.newCall(r)
	c.received = received
	s.commonHeaders(w.Header(), r, c, settings)
	if err != nil {
		s.finish(w, c, s.fail(c, odataError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "%v", err)))
		return
	}
	plan := s.faults.Draw(r.Method != http.MethodGet)
	if !s.cfg.Sleep(r.Context(), plan.Latency) {
		return
	}
	if plan.Drop {
		s.drop()
	}
	var res result
	if plan.Status != 0 {
		res = s.injected(c, plan.Status, settings)
	} else {
		res = s.serve(c, settings)
	}
	if plan.DropAfter {
		s.drop()
	}
	s.finish(w, c, res)
}

// drop closes the connection without an answer.
func (s *Server) drop() {
	s.cfg.Stats.Dropped()
	panic(http.ErrAbortHandler)
}

// sleep waits out injected latency; without any, the request goes on even
// if its client has gone, as it would have without the injector.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// newCall reads the request into a call.
func (s *Server) newCall(r *http.Request) (*call, error) {
	c := &call{method: r.Method, rawPath: r.URL.Path, query: r.URL.Query(), rawQuery: r.URL.RawQuery,
		header: r.Header, requestID: ids.NewUUID(), clientRequestID: r.Header.Get("client-request-id")}
	if c.clientRequestID == "" {
		c.clientRequestID = c.requestID
	}
	c.segments = splitPath(r.URL.EscapedPath())
	if r.Body == nil {
		return c, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return c, err
	}
	if len(body) > maxBody {
		return c, errTooLarge
	}
	c.body = body
	return c, nil
}

var errTooLarge = errors.New("the request body is larger than 4 MB")

// commonHeaders are on every answer: IDs, OData version, CORS.
func (s *Server) commonHeaders(h http.Header, r *http.Request, c *call, settings Settings) {
	h.Set("request-id", c.requestID)
	h.Set("client-request-id", c.clientRequestID)
	h.Set("x-ms-ags-diagnostic", `{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"LOCAL"}}`)
	h.Set("OData-Version", "4.0")
	if strings.HasPrefix(s.cfg.BaseURL, "https://") {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", exposed(settings))
	}
}

// exposed is what a page may read: Retry-After only when switched on, as
// Graph was reported not to expose it.
func exposed(settings Settings) string {
	list := "request-id, client-request-id, ETag, Location, WWW-Authenticate"
	if settings.ExposeRetryAfter {
		list += ", Retry-After"
	}
	return list
}

// Preflight rules: Graph's methods, and only the headers it is known to
// allow; anything else is refused (stricter than some Graph hosts, never
// kinder).
var (
	preflightMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	preflightHeaders = []string{"authorization", "content-type", "accept", "consistencylevel",
		"client-request-id", "prefer", "if-match", "accept-language", "content-language"}
)

func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	method := r.Header.Get("Access-Control-Request-Method")
	requested := splitList(r.Header.Get("Access-Control-Request-Headers"))
	allowed := slices.Contains(preflightMethods, method)
	for _, h := range requested {
		allowed = allowed && slices.Contains(preflightHeaders, strings.ToLower(h))
	}
	s.cfg.Stats.Preflight(r.URL.Path, allowed)
	if !allowed {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Methods", strings.Join(preflightMethods, ", "))
	if len(requested) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(requested, ", "))
	}
	w.WriteHeader(http.StatusOK)
}

// finish writes the result and records it.
func (s *Server) finish(w http.ResponseWriter, c *call, res result) {
	h := w.Header()
	for k, vs := range res.header {
		h[k] = vs
	}
	if len(res.body) > 0 && h.Get("Content-Type") == "" {
		h.Set("Content-Type", odataJSON)
	}
	w.WriteHeader(res.status)
	_, _ = w.Write(res.body)
	s.record(c, res)
}

func (s *Server) record(c *call, res result) {
	s.cfg.Stats.Request(c.method, c.rawPath, res.route, res.status)
	if c.inBatch {
		s.cfg.Stats.BatchItem()
	}
	entry := stats.Entry{
		Time: s.cfg.Now(), Method: c.method, Path: c.rawPath, Query: c.rawQuery,
		Headers: stats.Redacted(c.header), Body: stats.Clip(c.body), Status: res.status, InBatch: c.inBatch,
	}
	if !c.received.IsZero() {
		entry.ServiceMicros = time.Since(c.received).Microseconds()
	}
	s.cfg.Journal.Add(entry)
	s.cfg.Logger.Debug("graph", "method", c.method, "path", c.rawPath, "status", res.status, "batch", c.inBatch)
}

// injected answers with an error status chosen by the fault injector. An
// injected 429 carries a Retry-After that early-retry detection honours.
func (s *Server) injected(c *call, status int, settings Settings) result {
	s.cfg.Stats.Injected(status)
	var e *apiError
	switch status {
	case http.StatusTooManyRequests:
		delay := s.faults.RetryAfter(settings.TimeScale)
		if claims, err := s.authenticate(c); err == nil {
			s.limiter.Block(claims.TID, claims.AppID, isWrite(c.method), delay)
		}
		e = errThrottled(throttle.FormatSeconds(delay))
	case http.StatusInternalServerError:
		e = odataError(status, "InternalServerError", "An unexpected error occurred.")
	case http.StatusBadGateway:
		e = odataError(status, "BadGateway", "The upstream service did not answer correctly.")
	case http.StatusServiceUnavailable:
		e = odataError(status, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.")
	default:
		e = odataError(status, "GatewayTimeout", "The request timed out.")
	}
	return s.fail(c, e)
}

// result is an answer before it is written (batch items are never written
// to a connection, only into the batch body).
type result struct {
	status int
	header http.Header
	body   []byte
	route  string
}

const odataJSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

func (s *Server) fail(c *call, e *apiError) result {
	h := http.Header{"Content-Type": {odataJSON}}
	for k, vs := range e.header {
		h[k] = vs
	}
	return result{status: e.status, header: h, body: e.body(c, s.cfg.Now()), route: c.route}
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// splitPath splits an escaped path into unescaped segments.
func splitPath(escaped string) []string {
	var out []string
	for _, seg := range strings.Split(strings.Trim(escaped, "/"), "/") {
		if seg == "" {
			continue
		}
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
		out = append(out, seg)
	}
	return out
}

// jsonBody reports whether a content type is JSON.
func jsonBody(contentType string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	return mt == "application/json"
}
