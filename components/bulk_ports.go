package components

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
)

// bulkWriterOf finds the batch sender a bulk run needs behind the screens'
// Graph: the graph.Client's beta endpoint (a set read and sent back through
// v1.0 would lose the assignment filters v1.0 hides), or whatever a test's
// fake offers.
func bulkWriterOf(g Graph) (bulk.Graph, bool) {
	switch v := g.(type) {
	case interface{ BulkWriter() bulk.Graph }:
		return v.BulkWriter(), true
	case *graph.Client:
		return v.Beta(), true
	}
	return nil, false
}

// bulkLimits are the limits a run keeps under in a cloud: Intune's, or, in
// the demo, Intune's at the emulator's time scale, which it publishes on
// its test endpoint.
func bulkLimits(ctx context.Context, cl cloud.Cloud) (bulk.Limits, string, error) {
	if !cl.Demo {
		return bulk.IntuneLimits, "", nil
	}
	scale, err := demoTimeScale(ctx, cl.GraphURL)
	if err != nil {
		return bulk.IntuneLimits, "", err
	}
	if scale == 1 {
		return bulk.IntuneLimits, "", nil
	}
	return bulk.IntuneLimits.Scaled(scale), "the demo emulator runs at time scale " + strconv.FormatFloat(scale, 'g', -1, 64), nil
}

// demoTimeScale reads the emulator's time scale from GET /_emulator/faults,
// a simple request its test endpoints answer from any origin.
func demoTimeScale(ctx context.Context, graphURL string) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, graphURL+"/_emulator/faults", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("asking the demo emulator for its time scale: %w", err)
	}
	defer resp.Body.Close()
	var s struct {
		TimeScale float64 `json:"timeScale"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != http.StatusOK || s.TimeScale <= 0 {
		return 0, fmt.Errorf("asking the demo emulator for its time scale: status %d", resp.StatusCode)
	}
	return s.TimeScale, nil
}
