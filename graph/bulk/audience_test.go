package bulk

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// A configuration may hold two targets of a kind newer than this client: a
// run changes the one picked, and writes the other back as it was, by
// either strategy. (Told apart by their type name alone, both strategies
// retargeted the first of them instead: the one not picked was lost.)
func TestARunChangesThePickedOneOfTwoTargetsOfAnUnknownKind(t *testing.T) {
	future := func(user string) graph.Target {
		var t graph.Target
		_ = json.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.someFutureTarget","userId":"`+user+`"}`), &t)
		return t
	}
	for _, strategy := range []Strategy{StrategyPatch, StrategyAssign} {
		t.Run(string(strategy), func(t *testing.T) {
			svc := newFakeService(t, []graph.Configuration{{Kind: graph.ConfigurationLimit, ID: "cfg-000", DisplayName: "Limit", Priority: 1,
				Assignments: []graph.Assignment{{Target: future("u1")}, {Target: future("u2")}}}})
			loaded := svc.loaded()
			second := loaded[0].Assignments[1]
			require.NotEqual(t, loaded[0].Assignments[0].ID, second.ID)
			plan, err := NewPlan(loaded, Selection{Picks: []Pick{{"cfg-000", second.ID}}}, RetargetAllLicensedUsers())
			require.NoError(t, err)
			run := NewRun("r", plan, strategy, svc.clock.Now())
			require.NoError(t, (&Engine{Graph: svc, Clock: svc.clock}).Run(context.Background(), run))

			requireApplied(t, svc, run)
			now := svc.loaded()[0].Assignments
			require.Len(t, now, 2)
			var kept []graph.Target
			for _, a := range now {
				if a.Target.Kind != graph.TargetAllLicensedUsers {
					kept = append(kept, a.Target)
				}
			}
			require.Len(t, kept, 1, "one assignment became all licensed users: %v", now)
			assert.True(t, kept[0].Equal(future("u1")), "the one not picked is as it was, not %s", kept[0].Unmodelled())
		})
	}
}
