package stats

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// journalSize bounds the request log: enough for a browser scenario (a
// bulk run of 300 writes with its re-reads, and the directory read the
// impact of a change makes: one GET per user and group, 500 did not hold
// them), small enough that a long demo session does not grow without end.
const journalSize = 2000

// Entry is one request as the emulator received it, for a test to compare
// with what the app should have sent (e.g. the seed's PATCH shape).
type Entry struct {
	Time    time.Time           `json:"time"`
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   string              `json:"query,omitempty"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body,omitempty"`
	Status  int                 `json:"status"`
	// InBatch marks a request carried inside $batch.
	InBatch bool `json:"inBatch,omitempty"`
	// ServiceMicros is how long the emulator took to answer a top-level
	// request (injected latency included), by the wall clock: what a
	// latency benchmark subtracts as the service's share.
	ServiceMicros int64 `json:"serviceMicros,omitempty"`
}

// maxLoggedBody bounds a body kept in the journal.
const maxLoggedBody = 64 << 10

// Clip keeps a body for the journal, cut at 64 KiB.
func Clip(body []byte) string {
	if len(body) > maxLoggedBody {
		return string(body[:maxLoggedBody]) + "…(clipped)"
	}
	return string(body)
}

// Journal keeps the most recent requests, oldest first.
type Journal struct {
	mu      sync.Mutex
	entries []Entry
}

// Add records an entry, dropping the oldest beyond the bound.
func (j *Journal) Add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
	if over := len(j.entries) - journalSize; over > 0 {
		j.entries = append([]Entry(nil), j.entries[over:]...)
	}
}

// Entries copies the log.
func (j *Journal) Entries() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Entry{}, j.entries...)
}

// Reset empties the log.
func (j *Journal) Reset() {
	j.mu.Lock()
	j.entries = nil
	j.mu.Unlock()
}

// Redacted copies headers with bearer tokens hidden: the journal is served
// over HTTP and must never hand a token to whoever asks.
func Redacted(h http.Header) map[string][]string {
	out := make(map[string][]string, len(h))
	for k, vs := range h {
		if strings.EqualFold(k, "Authorization") {
			out[k] = []string{"Bearer <redacted>"}
			continue
		}
		out[k] = append([]string(nil), vs...)
	}
	return out
}
