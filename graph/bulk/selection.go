package bulk

import (
	"strings"

	"enrollassign/graph"
)

// RuleKind names a way of selecting assignments.
type RuleKind string

// The selection rules.
const (
	// RuleGroup selects every assignment that targets a group, included or
	// excluded.
	RuleGroup RuleKind = "group"
	// RuleIncludesOfKind selects every include of a group in the
	// configurations of one kind.
	RuleIncludesOfKind RuleKind = "includes-of-kind"
)

// Rule selects assignments by what they target.
type Rule struct {
	Kind    RuleKind `json:"kind"`
	GroupID string   `json:"groupId"`
	// ConfigurationKind narrows RuleIncludesOfKind to one configuration type.
	ConfigurationKind graph.ConfigurationKind `json:"configurationKind,omitempty"`
}

// Matches reports whether the rule selects assignment a of configuration c.
func (r Rule) Matches(c graph.Configuration, a graph.Assignment) bool {
	t := a.Target
	if !t.Kind.HasGroup() || !strings.EqualFold(t.GroupID, r.GroupID) {
		return false
	}
	switch r.Kind {
	case RuleGroup:
		return true
	case RuleIncludesOfKind:
		return t.Kind == graph.TargetGroup && c.Kind == r.ConfigurationKind
	}
	return false
}

// Pick is one assignment chosen by hand.
type Pick struct {
	ConfigurationID string `json:"configurationId"`
	AssignmentID    string `json:"assignmentId"`
}

// Selection is the union of its rules and its picks.
type Selection struct {
	Rules []Rule `json:"rules,omitempty"`
	Picks []Pick `json:"picks,omitempty"`
}

// Empty reports a selection that can select nothing.
func (s Selection) Empty() bool { return len(s.Rules) == 0 && len(s.Picks) == 0 }

// Selects reports whether assignment a of configuration c is selected.
func (s Selection) Selects(c graph.Configuration, a graph.Assignment) bool {
	for _, r := range s.Rules {
		if r.Matches(c, a) {
			return true
		}
	}
	return s.Picked(c.ID, a.ID)
}

// Picked reports whether an assignment was picked by hand.
func (s Selection) Picked(configID, assignmentID string) bool {
	for _, p := range s.Picks {
		if strings.EqualFold(p.ConfigurationID, configID) && strings.EqualFold(p.AssignmentID, assignmentID) {
			return true
		}
	}
	return false
}

// Toggle picks an assignment by hand, or drops the pick when it was there.
func (s Selection) Toggle(configID, assignmentID string) Selection {
	next := Selection{Rules: s.Rules}
	found := false
	for _, p := range s.Picks {
		if strings.EqualFold(p.ConfigurationID, configID) && strings.EqualFold(p.AssignmentID, assignmentID) {
			found = true
			continue
		}
		next.Picks = append(next.Picks, p)
	}
	if !found {
		next.Picks = append(next.Picks, Pick{ConfigurationID: configID, AssignmentID: assignmentID})
	}
	return next
}

// Selected is one selected assignment with its configuration.
type Selected struct {
	Configuration graph.Configuration
	Assignment    graph.Assignment
}

// Select lists the selected assignments of configs, in configuration order
// and, within one, in the order the service listed them.
func (s Selection) Select(configs []graph.Configuration) []Selected {
	var out []Selected
	for _, c := range configs {
		for _, a := range c.Assignments {
			if s.Selects(c, a) {
				out = append(out, Selected{Configuration: c, Assignment: a})
			}
		}
	}
	return out
}
