package graph

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recorded is one request as the fake Graph received it.
type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                string
}

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// fakeGraph answers requests with scripted steps, in order, and records them.
type fakeGraph struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	steps []step
	got   []recorded
}

func newFakeGraph(t *testing.T, steps ...step) *fakeGraph {
	t.Helper()
	f := &fakeGraph{t: t, steps: steps}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGraph) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	n := len(f.got)
	f.got = append(f.got, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(body)})
	var s step
	if n < len(f.steps) {
		s = f.steps[n]
	}
	f.mu.Unlock()
	if s == nil {
		f.t.Errorf("unexpected request %d: %s %s", n+1, r.Method, r.URL)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	s(w, r)
}

func (f *fakeGraph) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.got...)
}

// reply answers with status, a JSON body and header pairs.
func reply(status int, body string, headerPairs ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headerPairs); i += 2 {
			w.Header().Set(headerPairs[i], headerPairs[i+1])
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// drop closes the connection without an answer.
func drop() step {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}
}

// graphError is Graph's error document.
func graphError(code, message string) string {
	return `{"error":{"code":` + strconv.Quote(code) + `,"message":` + strconv.Quote(message) +
		`,"innerError":{"date":"2024-08-01T10:00:00","request-id":"req-body","client-request-id":"crid-body"}}}`
}

// fakeClock records waits instead of sleeping.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 8, 1, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// tokens hands out "token-N", N counting renewals.
type tokens struct {
	mu      sync.Mutex
	renewed int
	err     error
}

func (s *tokens) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "token-" + strconv.Itoa(s.renewed), s.err
}

// plainTokens cannot renew.
type plainTokens struct{ token string }

func (p plainTokens) Token(context.Context) (string, error) { return p.token, nil }

type renewingTokens struct{ tokens }

func (s *renewingTokens) RenewToken(context.Context, string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.renewed++
	return "token-" + strconv.Itoa(s.renewed), s.err
}

// testClient is a Client on f with a fake clock, jitter fixed at half and
// numbered client-request-ids.
func testClient(t *testing.T, f *fakeGraph, edit ...func(*Config)) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	var mu sync.Mutex
	n := 0
	cfg := Config{
		BaseURL: f.srv.URL,
		Tokens:  &renewingTokens{},
		Retry:   RetryPolicy{Clock: clock, Jitter: func() float64 { return 0.5 }},
		NewRequestID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return "crid-" + strconv.Itoa(n)
		},
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c, clock
}

const (
	configID = "0f0e0d0c-0b0a-0908-0706-050403020100"
	groupA   = "a0000000-0000-4000-8000-00000000000a"
	groupB   = "b0000000-0000-4000-8000-00000000000b"
	groupC   = "c0000000-0000-4000-8000-00000000000c"
)

// assignmentPath is the path of one of configID's assignments.
func assignmentPath(id string) string {
	return "/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + id
}
