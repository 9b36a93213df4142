//go:build !js

package bulk

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/stats"
)

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

// against starts an emulator at a time scale and a client of it signed in
// as the demo administrator; retries is the client's own retry policy.
func against(tb testing.TB, mode emulator.WriteMode, scale float64, retry graph.RetryPolicy) (*emulator.Emulator, *graph.Client) {
	tb.Helper()
	e := emulator.StartTest(tb, emulator.Options{Mode: mode, TimeScale: scale})
	token, err := e.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	require.NoError(tb, err)
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: e.HTTPClient(), Retry: retry})
	require.NoError(tb, err)
	return e, c
}

// demoGroups are the emulator's group IDs, in directory order.
func demoGroups() []string {
	var ids []string
	for _, g := range demo.Groups() {
		ids = append(ids, g.ID)
	}
	return ids
}

// demoConfigurations builds n configurations of the four kinds, each
// including the first per demo groups.
func demoConfigurations(n, per int) []graph.Configuration {
	groups := demoGroups()
	out := make([]graph.Configuration, n)
	for i := range out {
		k := kinds[i%len(kinds)]
		c := graph.Configuration{Kind: k, ID: fmt.Sprintf("%08d-bulk-4000-8000-000000000000_%s", i, strings.TrimPrefix(string(k), "deviceEnrollment")),
			DisplayName: fmt.Sprintf("Bulk %s %d", k.Label(), i), Priority: int32(i/len(kinds) + 1), Version: 1,
			CreatedDateTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), LastModifiedDateTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		for g := 0; g < per; g++ {
			c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.GroupTarget(groups[g])})
		}
		out[i] = c
	}
	return out
}

// groupsRule selects every assignment of the first per demo groups.
func groupsRule(per int) Selection {
	var s Selection
	for _, id := range demoGroups()[:per] {
		s.Rules = append(s.Rules, Rule{Kind: RuleGroup, GroupID: id})
	}
	return s
}

// load replaces the emulator's tenant and returns it as stored.
func load(tb testing.TB, e *emulator.Emulator, configs []graph.Configuration) []graph.Configuration {
	tb.Helper()
	require.NoError(tb, e.ReplaceConfigurationsFrom(configs))
	return stored(tb, e)
}

// stored is the emulator's tenant read into the client's models through
// its JSON, as the client reads Graph.
func stored(tb testing.TB, e *emulator.Emulator) []graph.Configuration {
	tb.Helper()
	var all []graph.Configuration
	require.NoError(tb, e.DecodeConfigurations(&all))
	return all
}

// requireEmulatorHoldsThePlan asserts every configuration the plan touched
// now means exactly what the plan says, and every change succeeded.
func requireEmulatorHoldsThePlan(tb testing.TB, e *emulator.Emulator, run *Run) {
	tb.Helper()
	want := expectedAfter(run.Plan)
	for _, c := range stored(tb, e) {
		if set, ok := want[c.ID]; ok {
			require.True(tb, set.equal(audiencesOf(c.Assignments)), "configuration %s holds %v, the plan says %v", c.ID, audiencesOf(c.Assignments), set)
		}
	}
	for _, it := range run.Plan.Items() {
		if it.Changes() {
			require.Equal(tb, StateSucceeded, it.Outcome.State, "item %s: %+v", it.Key, it.Outcome.Error)
		}
	}
}

// writeRequests counts the write requests the emulator received for
// configurations (batch items included, the $batch envelopes not).
func writeRequests(s stats.Snapshot) int {
	n := 0
	for k, v := range s.Requests {
		method, path, _ := strings.Cut(k, " ")
		if method != "GET" && strings.Contains(path, "/deviceEnrollmentConfigurations/") {
			n += v
		}
	}
	return n
}

// appliedPerPath counts, from the journal, the writes the emulator answered
// with success, by path.
func appliedPerPath(tb testing.TB, entries []stats.Entry) map[string]int {
	tb.Helper()
	require.Less(tb, len(entries), 500, "the journal kept every request (fewer than 500 here; it holds 2000)")
	out := map[string]int{}
	for _, en := range entries {
		if en.Method != "GET" && en.Status >= 200 && en.Status < 300 && strings.Contains(en.Path, "/deviceEnrollmentConfigurations/") {
			out[en.Method+" "+en.Path]++
		}
	}
	return out
}
