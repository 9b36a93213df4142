package bulk

import (
	"fmt"

	"enrollassign/graph"
)

// groupID is the n-th test group's object ID.
func groupID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// kinds rotates through the four configuration types.
var kinds = []graph.ConfigurationKind{
	graph.ConfigurationLimit, graph.ConfigurationPlatformRestrictions,
	graph.ConfigurationWindowsHelloForBusiness, graph.ConfigurationEnrollmentCompletionPage,
}

// tenant builds n configurations, each including groups 1..per.
func tenant(n, per int) []graph.Configuration {
	out := make([]graph.Configuration, n)
	for i := range out {
		c := graph.Configuration{Kind: kinds[i%len(kinds)], ID: fmt.Sprintf("cfg-%03d", i), DisplayName: fmt.Sprintf("Configuration %d", i), Priority: int32(i + 1)}
		for g := 1; g <= per; g++ {
			c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.GroupTarget(groupID(g))})
		}
		out[i] = c
	}
	return deriveIDs(out)
}

// allGroupsRule selects every assignment of groups 1..per.
func allGroupsRule(per int) Selection {
	var s Selection
	for g := 1; g <= per; g++ {
		s.Rules = append(s.Rules, Rule{Kind: RuleGroup, GroupID: groupID(g)})
	}
	return s
}

// targetsOf lists a configuration's targets by audience, for comparing sets.
func targetsOf(c graph.Configuration) audiences { return audiencesOf(c.Assignments) }

// expectedAfter is each configuration's set as the plan says it ends.
func expectedAfter(p Plan) map[string]audiences {
	out := map[string]audiences{}
	for _, cp := range p.Configurations {
		set := audiencesOf(cp.Loaded)
		for _, it := range cp.Items {
			if it.Changes() {
				set.move(it.Before.Audience(), it.After.Audience())
			}
		}
		out[cp.ID] = set
	}
	return out
}
