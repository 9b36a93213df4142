// Package stats counts what the emulator saw, so a test can assert on the
// traffic and not only on the page: requests by method and path, responses by
// status, 429s sent, early retries, CORS preflights, injected faults. One
// Recorder per origin (Entra, Graph); safe for concurrent use.
package stats

import (
	"strconv"
	"sync"
)

// Recorder accumulates counts.
type Recorder struct {
	mu sync.Mutex
	s  Snapshot
}

// Snapshot is a copy of the counts, shaped as `GET /_emulator/stats` shows them.
type Snapshot struct {
	// Requests counts "METHOD /path" (no query), preflights excluded;
	// requests inside a $batch are counted here too, by their own method and path.
	Requests map[string]int `json:"requests"`
	// Routes counts "METHOD /template" with IDs replaced by {id}.
	Routes map[string]int `json:"routes"`
	// Statuses counts responses by status code.
	Statuses map[string]int `json:"statuses"`
	// Preflights counts CORS preflights (OPTIONS with Access-Control-Request-Method) by path.
	Preflights map[string]int `json:"preflights"`
	// PreflightsRefused counts preflights answered without CORS permission, by path.
	PreflightsRefused map[string]int `json:"preflightsRefused"`
	// Throttled counts 429 responses sent (also inside $batch, also injected).
	Throttled int `json:"throttled"`
	// EarlyRetries counts requests that came before the Retry-After they were given.
	EarlyRetries int `json:"earlyRetries"`
	// Writes counts POST/PUT/PATCH/DELETE requests (batch items included).
	Writes int `json:"writes"`
	// BatchItems counts requests carried inside $batch.
	BatchItems int `json:"batchItems"`
	// Injected counts injected error responses by status.
	Injected map[string]int `json:"injected"`
	// Dropped counts connections dropped on purpose.
	Dropped int `json:"dropped"`
	// Entra holds the sign-in origin's counts when this is the Graph snapshot.
	Entra *Snapshot `json:"entra,omitempty"`
}

// New returns an empty recorder.
func New() *Recorder {
	r := &Recorder{}
	r.Reset()
	return r
}

// Reset zeroes every count.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s = empty()
}

func empty() Snapshot {
	return Snapshot{
		Requests: map[string]int{}, Routes: map[string]int{}, Statuses: map[string]int{},
		Preflights: map[string]int{}, PreflightsRefused: map[string]int{}, Injected: map[string]int{},
	}
}

// Request counts one request and its response status; route may be empty.
func (r *Recorder) Request(method, path, route string, status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.Requests[method+" "+path]++
	if route != "" {
		r.s.Routes[method+" "+route]++
	}
	r.s.Statuses[strconv.Itoa(status)]++
	if status == 429 {
		r.s.Throttled++
	}
	if isWrite(method) {
		r.s.Writes++
	}
}

// Preflight counts a CORS preflight and whether it was allowed.
func (r *Recorder) Preflight(path string, allowed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.Preflights[path]++
	if !allowed {
		r.s.PreflightsRefused[path]++
	}
}

// EarlyRetry counts a request that ignored its Retry-After.
func (r *Recorder) EarlyRetry() { r.add(func(s *Snapshot) { s.EarlyRetries++ }) }

// BatchItem counts a request carried inside $batch.
func (r *Recorder) BatchItem() { r.add(func(s *Snapshot) { s.BatchItems++ }) }

// Injected counts an injected error response.
func (r *Recorder) Injected(status int) {
	r.add(func(s *Snapshot) { s.Injected[strconv.Itoa(status)]++ })
}

// Dropped counts a connection dropped on purpose.
func (r *Recorder) Dropped() { r.add(func(s *Snapshot) { s.Dropped++ }) }

func (r *Recorder) add(f func(*Snapshot)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.s)
}

// Snapshot copies the counts.
func (r *Recorder) Snapshot() Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.s
	c.Requests = clone(r.s.Requests)
	c.Routes = clone(r.s.Routes)
	c.Statuses = clone(r.s.Statuses)
	c.Preflights = clone(r.s.Preflights)
	c.PreflightsRefused = clone(r.s.PreflightsRefused)
	c.Injected = clone(r.s.Injected)
	return c
}

func clone(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func isWrite(method string) bool {
	switch method {
	case "POST", "PUT", "PATCH", "DELETE":
		return true
	}
	return false
}
