package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/emulator/throttle"
)

// fakeClock is a graph.Clock that moves only when slept on or told to.
// When tick is set, time moves in steps of at most 100 ms and tick runs
// after each: another client acting while this one sleeps.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
	tick  func(now time.Time)
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

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
	c.slept = append(c.slept, d)
	c.mu.Unlock()
	c.advance(d)
	return ctx.Err()
}

func (c *fakeClock) advance(d time.Duration) {
	for d > 0 {
		step := d
		if c.tick != nil {
			step = min(d, 100*time.Millisecond)
		}
		c.mu.Lock()
		c.now = c.now.Add(step)
		now := c.now
		c.mu.Unlock()
		d -= step
		if c.tick != nil {
			c.tick(now)
		}
	}
}

// fakeService plays Graph's $batch for enrollment assignments: items run in
// order, dependsOn gives 424, every item passes the emulator's own
// sliding-window limiter (so early retries are detected as the emulator
// detects them), and a batch takes latency, half before its items are
// handled and half after, as a network would.
type fakeService struct {
	t       *testing.T
	clock   *fakeClock
	limiter *throttle.Limiter
	latency time.Duration
	// asReported refuses PATCH on assignments, as users report Intune does.
	asReported bool
	// itemFault, when set, answers an item with this status instead of
	// handling it (0: handle). n counts items from 1.
	itemFault func(n int, r graph.BatchRequest) int
	// batchFault, when set, decides a whole batch's fate (n counts from 1):
	// dropBefore, dropAfter, an error status, or nothing.
	batchFault func(n int, reqs []graph.BatchRequest) batchFate
	// beforeBatch runs at the start of every batch (n counts from 1).
	beforeBatch func(n int, reqs []graph.BatchRequest)

	mu      sync.Mutex
	configs []graph.Configuration
	batches int
	items   int
	// applied counts successful writes by "METHOD path".
	applied map[string]int
	// sent counts every write item that reached the handler, answered or not.
	sent      map[string]int
	throttled int
	early     int
	// throttledAt records when each 429 was given and the Retry-After it said.
	throttledAt []throttleEvent
	// firstSeenAfter records, per throttle, when the app's next request came.
	batchStarts []time.Time
}

type throttleEvent struct {
	at         time.Time
	retryAfter time.Duration
}

type batchFate struct {
	dropBefore, dropAfter bool
	status                int
	retryAfter            string // header of a status 429, "" when hidden
}

const fakeApp, fakeTenant = "bulk-app", "tenant"

func newFakeService(t *testing.T, configs []graph.Configuration) *fakeService {
	clock := newFakeClock()
	s := &fakeService{t: t, clock: clock, limiter: throttle.New(throttle.Intune, clock.Now),
		configs: deriveIDs(configs), applied: map[string]int{}, sent: map[string]int{}}
	return s
}

// deriveIDs names assignments as the service does: {configurationId}_{groupId}.
func deriveIDs(configs []graph.Configuration) []graph.Configuration {
	out := make([]graph.Configuration, len(configs))
	for i, c := range configs {
		c.Assignments = append([]graph.Assignment(nil), c.Assignments...)
		for j := range c.Assignments {
			c.Assignments[j].ID = assignmentID(c.ID, c.Assignments[j].Target)
		}
		out[i] = c
	}
	return out
}

func assignmentID(configID string, t graph.Target) string {
	switch {
	case t.Kind.HasGroup():
		return configID + "_" + t.GroupID
	case t.Kind == graph.TargetCollection:
		return configID + "_" + t.CollectionID
	case !t.Kind.Known():
		// Whatever a newer kind carries names it: two of one kind are two.
		return fmt.Sprintf("%s_%s_%x", configID, t.Kind, sha256.Sum256([]byte(t.Unmodelled())))[:len(configID)+len(t.Kind)+10]
	}
	return configID + "_" + string(t.Kind)
}

// loaded is the configurations as the app would load them.
func (s *fakeService) loaded() []graph.Configuration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return deriveIDs(s.configs)
}

func (s *fakeService) SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	s.mu.Lock()
	s.batches++
	n := s.batches
	s.batchStarts = append(s.batchStarts, s.clock.Now())
	s.mu.Unlock()
	if s.beforeBatch != nil {
		s.beforeBatch(n, reqs)
	}
	var fate batchFate
	if s.batchFault != nil {
		fate = s.batchFault(n, reqs)
	}
	s.clock.advance(s.latency / 2)
	defer s.clock.advance(s.latency - s.latency/2)
	switch {
	case fate.dropBefore:
		return graph.BatchAnswer{}, errors.New("graph: POST $batch: no answer from the service: connection reset")
	case fate.status != 0:
		return graph.BatchAnswer{}, s.outerError(fate)
	}
	answer := s.run(reqs)
	if fate.dropAfter {
		return graph.BatchAnswer{}, errors.New("graph: POST $batch: no answer from the service: EOF")
	}
	return answer, nil
}

func (s *fakeService) outerError(f batchFate) error {
	e := &graph.Error{Status: f.status, Code: http.StatusText(f.status), Message: "injected", Method: "POST", URL: "/$batch"}
	if f.status == 429 {
		s.limiter.Block(fakeTenant, fakeApp, true, parseSeconds(s.t, f.retryAfter))
		if f.retryAfter != "" {
			e.RetryAfter = parseSeconds(s.t, f.retryAfter)
		}
	}
	return e
}

func parseSeconds(t *testing.T, v string) time.Duration {
	if v == "" {
		return 2 * time.Second
	}
	var f float64
	_, err := fmt.Sscanf(v, "%g", &f)
	require.NoError(t, err)
	return time.Duration(f * float64(time.Second))
}

func (s *fakeService) run(reqs []graph.BatchRequest) graph.BatchAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	status := map[string]int{}
	out := graph.BatchAnswer{Batch: graph.WriteResult{Status: 200, RequestID: fmt.Sprintf("batch-%d", s.batches)}}
	for _, r := range reqs {
		resp := s.item(r, status)
		status[r.ID] = resp.Status
		out.Responses = append(out.Responses, resp)
	}
	return out
}

func (s *fakeService) item(r graph.BatchRequest, status map[string]int) graph.BatchResponse {
	for _, d := range r.DependsOn {
		if st := status[d]; st < 200 || st > 299 {
			return answer(r.ID, 424, `{"error":{"code":"FailedDependency","message":"dependency failed"}}`)
		}
	}
	s.items++
	if s.itemFault != nil {
		if st := s.itemFault(s.items, r); st != 0 {
			return answer(r.ID, st, `{"error":{"code":"Injected","message":"injected failure"}}`)
		}
	}
	write := r.Method != http.MethodGet
	d := s.limiter.Admit(throttle.Request{Tenant: fakeTenant, App: fakeApp, Write: write, Limited: true})
	if !d.Allowed {
		s.throttled++
		if d.Early {
			s.early++
		}
		s.throttledAt = append(s.throttledAt, throttleEvent{s.clock.Now(), d.RetryAfter})
		resp := answer(r.ID, 429, `{"error":{"code":"TooManyRequests","message":"Too many requests"}}`)
		resp.Headers["Retry-After"] = throttle.FormatSeconds(d.RetryAfter)
		return resp
	}
	if write {
		s.sent[r.Method+" "+r.URL]++
	}
	return s.handle(r)
}

func answer(id string, status int, body string) graph.BatchResponse {
	return graph.BatchResponse{ID: id, Status: status, Headers: map[string]string{"Content-Type": "application/json"}, Body: json.RawMessage(body)}
}

// configurationsPrefix starts the URL of every item the service serves.
const configurationsPrefix = "/deviceManagement/deviceEnrollmentConfigurations/"

// configOf is the configuration an item's URL names (test IDs need no
// escaping).
func configOf(u string) string {
	return strings.Split(strings.TrimPrefix(u, configurationsPrefix), "/")[0]
}

// handle serves one item: read the set, PATCH one, or assign them all.
func (s *fakeService) handle(r graph.BatchRequest) graph.BatchResponse {
	parts := strings.Split(strings.TrimPrefix(r.URL, configurationsPrefix), "/")
	c := s.config(parts[0])
	if c == nil {
		return answer(r.ID, 404, `{"error":{"code":"ResourceNotFound","message":"no such configuration"}}`)
	}
	switch {
	case r.Method == http.MethodGet && len(parts) == 2:
		body, _ := json.Marshal(map[string]any{"value": c.Assignments})
		return answer(r.ID, 200, string(body))
	case r.Method == http.MethodPatch && len(parts) == 3:
		return s.patch(r, c, parts[2])
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "assign":
		return s.assign(r, c)
	}
	return answer(r.ID, 400, `{"error":{"code":"BadRequest","message":"unexpected `+r.Method+` `+r.URL+`"}}`)
}

func (s *fakeService) patch(r graph.BatchRequest, c *graph.Configuration, id string) graph.BatchResponse {
	if s.asReported {
		return answer(r.ID, 400, `{"error":{"code":"No method match route template","message":"No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb PATCH"}}`)
	}
	var a graph.Assignment
	require.NoError(s.t, json.Unmarshal(r.Body, &a))
	for i := range c.Assignments {
		if c.Assignments[i].ID == id {
			c.Assignments[i] = c.Assignments[i].WithTarget(a.Target)
			s.applied[r.Method+" "+r.URL]++
			body, _ := json.Marshal(c.Assignments[i])
			return answer(r.ID, 200, string(body))
		}
	}
	return answer(r.ID, 404, `{"error":{"code":"ResourceNotFound","message":"no such assignment"}}`)
}

func (s *fakeService) assign(r graph.BatchRequest, c *graph.Configuration) graph.BatchResponse {
	var body struct {
		Set []graph.Assignment `json:"enrollmentConfigurationAssignments"`
	}
	require.NoError(s.t, json.Unmarshal(r.Body, &body))
	seen := map[string]bool{}
	for i := range body.Set {
		body.Set[i].ID = assignmentID(c.ID, body.Set[i].Target)
		if seen[body.Set[i].ID] {
			return answer(r.ID, 400, `{"error":{"code":"BadRequest","message":"duplicate target"}}`)
		}
		seen[body.Set[i].ID] = true
	}
	c.Assignments = body.Set
	s.applied[r.Method+" "+r.URL]++
	return graph.BatchResponse{ID: r.ID, Status: 204, Headers: map[string]string{}}
}

func (s *fakeService) config(id string) *graph.Configuration {
	for i := range s.configs {
		if s.configs[i].ID == id {
			return &s.configs[i]
		}
	}
	return nil
}

// edit changes a configuration's set behind the run's back.
func (s *fakeService) edit(configID string, f func(set []graph.Assignment) []graph.Assignment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.config(configID)
	c.Assignments = deriveIDs([]graph.Configuration{{ID: c.ID, Assignments: f(c.Assignments)}})[0].Assignments
}

// appliedWrites is the number of successful writes per configuration.
func (s *fakeService) appliedWrites() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.applied {
		out[configOf(strings.SplitN(k, " ", 2)[1])] += v
	}
	return out
}

// memStore is the shared in-memory storage with its saves counted; frozen
// drops writes, as a page that died.
type memStore struct {
	keeptest.Memory
	mu     sync.Mutex
	frozen bool
	saves  int
}

func newMemStore() *memStore { return &memStore{} }

func (s *memStore) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen {
		return nil
	}
	s.saves++
	return s.Memory.Set(key, value)
}

func (s *memStore) freeze() {
	s.mu.Lock()
	s.frozen = true
	s.mu.Unlock()
}

type throttleRequest = throttle.Request
