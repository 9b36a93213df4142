package bulk

import (
	"sort"
	"strings"

	"enrollassign/graph"
)

// audience names who a target means (its kind and its group or collection)
// whatever else it carries. Two assignments of one configuration never
// share one: the service derives the assignment's ID from it.
type audience string

func audienceOf(t graph.Target) audience {
	switch {
	case t.Kind.HasGroup():
		return audience(string(t.Kind) + ":" + strings.ToLower(t.GroupID))
	case t.Kind == graph.TargetCollection:
		return audience(string(t.Kind) + ":" + strings.ToLower(t.CollectionID))
	}
	return audience(t.Kind)
}

func sameAudience(a, b graph.Target) bool { return audienceOf(a) == audienceOf(b) }

// audiences is a multiset of audiences: what a configuration's set of
// assignments means, whatever IDs the service gave them.
type audiences map[audience]int

func audiencesOf(set []graph.Assignment) audiences {
	out := audiences{}
	for _, a := range set {
		out[audienceOf(a.Target)]++
	}
	return out
}

func (s audiences) has(a audience) bool { return s[a] > 0 }

func (s audiences) move(from, to audience) {
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
func (s audiences) diff(o audiences) (added, removed []string) {
	for k, v := range o {
		if v > s[k] {
			added = append(added, string(k))
		}
	}
	for k, v := range s {
		if v > o[k] {
			removed = append(removed, string(k))
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return added, removed
}
