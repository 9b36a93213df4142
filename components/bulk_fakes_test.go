package components

import (
	"context"
	"encoding/json"
	stdhtml "html"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// Test-engine hooks for the bulk components (see fakes_test.go).
func (c *BulkScreen) OnPreRender(ctx app.Context)        { remember(c, ctx); c.OnMount(ctx) }
func (c *BulkEntry) OnPreRender(ctx app.Context)         { remember(c, ctx); c.OnMount(ctx) }
func (c *BulkSelection) OnPreRender(ctx app.Context)     { remember(c, ctx) }
func (c *BulkOperationForm) OnPreRender(ctx app.Context) { remember(c, ctx) }
func (c *BulkDryRun) OnPreRender(ctx app.Context)        { remember(c, ctx) }
func (c *BulkProgress) OnPreRender(ctx app.Context)      { remember(c, ctx) }
func (c *BulkOutcomes) OnPreRender(ctx app.Context)      { remember(c, ctx) }

// bulkGraph is a fakeGraph that also sends batches, over the same
// configurations, the way Graph's $batch does (items in order, dependsOn).
type bulkGraph struct {
	*fakeGraph

	bmu     sync.Mutex
	sets    map[string][]graph.Assignment
	batches int
	writes  map[string]int // successful writes by configuration
	// fail answers writes to a configuration with this status.
	fail map[string]int
	// onBatch runs before each batch (n counts from 1).
	onBatch func(n int, reqs []graph.BatchRequest)
}

func newBulkGraph(f *fakeGraph) *bulkGraph {
	b := &bulkGraph{fakeGraph: f, sets: map[string][]graph.Assignment{}, writes: map[string]int{}, fail: map[string]int{}}
	for _, c := range f.configurations {
		b.sets[c.ID] = append([]graph.Assignment(nil), c.Assignments...)
	}
	return b
}

func (b *bulkGraph) BulkWriter() bulk.Graph { return b }

func (b *bulkGraph) SendBatch(_ context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error) {
	b.bmu.Lock()
	b.batches++
	n, hook := b.batches, b.onBatch
	b.bmu.Unlock()
	if hook != nil {
		hook(n, reqs)
	}
	b.bmu.Lock()
	defer b.bmu.Unlock()
	answer := graph.BatchAnswer{Batch: graph.WriteResult{Status: 200, RequestID: "batch-req-" + itoa(n)}}
	ok := map[string]bool{}
	for _, r := range reqs {
		resp := b.item(r, ok)
		ok[r.ID] = resp.OK()
		answer.Responses = append(answer.Responses, resp)
	}
	return answer, nil
}

func (b *bulkGraph) item(r graph.BatchRequest, ok map[string]bool) graph.BatchResponse {
	for _, d := range r.DependsOn {
		if !ok[d] {
			return graph.BatchResponse{ID: r.ID, Status: 424, Body: json.RawMessage(`{"error":{"code":"FailedDependency","message":"x"}}`)}
		}
	}
	parts := strings.Split(strings.TrimPrefix(r.URL, "/deviceManagement/deviceEnrollmentConfigurations/"), "/")
	id := parts[0]
	switch {
	case r.Method == "GET":
		body, _ := json.Marshal(map[string]any{"value": b.sets[id]})
		return graph.BatchResponse{ID: r.ID, Status: 200, Body: body}
	case b.fail[id] != 0:
		return graph.BatchResponse{ID: r.ID, Status: b.fail[id], Body: json.RawMessage(
			`{"error":{"code":"Forbidden","message":"Application is not authorized to perform this operation.","innerError":{"request-id":"req-fail","date":"2026-03-01T09:00:00"}}}`)}
	case r.Method == "POST" && len(parts) == 2:
		var body struct {
			Set []graph.Assignment `json:"enrollmentConfigurationAssignments"`
		}
		_ = json.Unmarshal(r.Body, &body)
		b.sets[id] = body.Set
	case r.Method == "PATCH":
		var a graph.Assignment
		_ = json.Unmarshal(r.Body, &a)
		for i := range b.sets[id] {
			if b.sets[id][i].ID == parts[2] {
				b.sets[id][i] = b.sets[id][i].WithTarget(a.Target)
			}
		}
	}
	b.writes[id]++
	return graph.BatchResponse{ID: r.ID, Status: 204}
}

func (b *bulkGraph) set(id string) []graph.Assignment {
	b.bmu.Lock()
	defer b.bmu.Unlock()
	return append([]graph.Assignment(nil), b.sets[id]...)
}

func (b *bulkGraph) writeCount(id string) int {
	b.bmu.Lock()
	defer b.bmu.Unlock()
	return b.writes[id]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var s []byte
	for ; n > 0; n /= 10 {
		s = append([]byte{byte('0' + n%10)}, s...)
	}
	return string(s)
}

// stepClock moves only when slept on: a run's pacing waits cost nothing.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

// elementWith returns the attributes of the one element of a tag whose
// attribute name has value, whatever order go-app wrote them in (it ranges
// over a map, so the order changes from render to render). A bare
// attribute reads as "true"; go-app writes booleans as "true" or "false".
func elementWith(t *testing.T, page, tag, name, value string) map[string]string {
	t.Helper()
	var found []map[string]string
	for _, el := range regexp.MustCompile(`<`+tag+`\b[^>]*>`).FindAllString(page, -1) {
		attrs := map[string]string{}
		for _, m := range regexp.MustCompile(`\s([a-z][\w-]*)(?:="([^"]*)")?`).FindAllStringSubmatch(el[len(tag)+1:], -1) {
			v := stdhtml.UnescapeString(m[2])
			if !strings.Contains(m[0], "=") {
				v = "true"
			}
			attrs[m[1]] = v
		}
		if attrs[name] == value {
			found = append(found, attrs)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d <%s> elements with %s=%q, not one", len(found), tag, name, value)
	}
	return found[0]
}
