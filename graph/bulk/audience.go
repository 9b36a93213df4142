package bulk

import (
	"slices"
	"strings"

	"enrollassign/graph"
)

// audiences is a multiset of audiences: what a configuration's set of
// assignments means, whatever IDs the service gave them.
type audiences map[graph.Audience]int

func audiencesOf(set []graph.Assignment) audiences {
	out := audiences{}
	for _, a := range set {
		out[a.Target.Audience()]++
	}
	return out
}

func (s audiences) has(a graph.Audience) bool { return s[a] > 0 }

func (s audiences) move(from, to graph.Audience) {
	if s[from]--; s[from] <= 0 {
		delete(s, from)
	}
	s[to]++
}

func (s audiences) clone() audiences {
	c := make(audiences, len(s))
	for k, v := range s {
		c[k] = v
	}
	return c
}

func (s audiences) equal(o audiences) bool {
	if len(s) != len(o) {
		return false
	}
	for k, v := range s {
		if o[k] != v {
			return false
		}
	}
	return true
}

// diff lists what o has that s lacks and what s has that o lacks, for a
// conflict message.
func (s audiences) diff(o audiences) (added, removed []graph.Audience) {
	for k, v := range o {
		if v > s[k] {
			added = append(added, k)
		}
	}
	for k, v := range s {
		if v > o[k] {
			removed = append(removed, k)
		}
	}
	byName := func(x, y graph.Audience) int { return strings.Compare(x.String(), y.String()) }
	slices.SortFunc(added, byName)
	slices.SortFunc(removed, byName)
	return added, removed
}
