package bulk

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzLoadRun feeds whatever a tab's storage may hold (edited by hand,
// written by another version, cut short) to LoadRun: it never panics, and
// what it accepts survives a save and a load unchanged.
func FuzzLoadRun(f *testing.F) {
	plan, err := NewPlan(tenant(2, 2), allGroupsRule(2), ToggleInclusion())
	require.NoError(f, err)
	run := NewRun("r", plan, StrategyPatch, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	run.Plan.Configurations[0].Items[0].Outcome = Outcome{State: StateFailed, Error: &Failure{Status: 503, Message: "busy"}}
	store := newMemStore()
	require.NoError(f, SaveRun(store, "k", run))
	valid, _ := store.Get("k")
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(`{"version":1,"plan":{"configurations":[{"id":"c","items":[{"key":"c/a","configurationId":"c","outcome":{"state":"sending"}}]}]}}`)
	f.Add(`null`)
	f.Add(`{"version":1,"plan":{"configurations":[{"id":"c","items":[{"key":"c/a","configurationId":"c","onTopOf":{"id":"a","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}},"outcome":{"state":"pending"}},{"key":"c/b","configurationId":"c","settled":true,"outcome":{"state":"skipped","error":{"message":"x","conflict":true,"theirs":[{"id":"b"}]}}}]}]}}`)
	f.Fuzz(func(t *testing.T, raw string) {
		s := newMemStore()
		_ = s.Set("k", raw)
		got, found, err := LoadRun(s, "k")
		if err != nil || !found {
			require.Nil(t, got)
			return
		}
		require.NoError(t, SaveRun(s, "k", got))
		again, _, err := LoadRun(s, "k")
		require.NoError(t, err)
		require.Equal(t, got.Counts(), again.Counts())
		require.Len(t, again.Plan.Items(), len(got.Plan.Items()))
	})
}
