package graph

import "strings"

// Rule names why a target cannot join a configuration's set of assignments.
type Rule string

// The rules a set of assignments keeps, checked before anything is sent.
const (
	// RuleDuplicate: the set already targets that audience, or the change
	// adds it twice (the service derives an assignment's ID from its
	// audience, so a second one cannot exist).
	RuleDuplicate Rule = "duplicate"
	// RuleIncludeAndExclude: the set would include and exclude one group.
	// The service names both assignments "{configurationId}_{groupId}", so
	// they cannot both exist; and which one the administrator meant is
	// not the app's to guess.
	RuleIncludeAndExclude Rule = "include-and-exclude"
	// RuleKind: the configuration's type does not take that target type.
	RuleKind Rule = "kind"
)

// Refusal is a target refused before anything is sent, with what a screen
// needs to say why in its own words (a group's name rather than its ID).
// It is also a *ValidationError (errors.As), so everything that treats a
// refusal before sending as "no write" does so for it too.
type Refusal struct {
	Rule   Rule
	Target Target
	// Other is what Target clashes with: the same audience, or the same
	// group on the other side. OtherID is that assignment's ID when it is
	// in the set already, empty when it is another target of the change.
	Other   Target
	OtherID string
	// Kind is the configuration's type, which RuleKind is about.
	Kind ConfigurationKind
}

// Error says why, naming groups by ID.
func (r *Refusal) Error() string { return r.field() + ": " + r.Reason() }

// Reason is the refusal in words, groups named by ID.
func (r *Refusal) Reason() string {
	switch r.Rule {
	case RuleKind:
		return "a " + r.Kind.Label() + " configuration applies to users, so it cannot be assigned to " + r.Target.Kind.Label()
	case RuleIncludeAndExclude:
		return "group " + r.Target.GroupID + " would be both included and excluded: a configuration either includes a group or excludes it"
	}
	if r.OtherID == "" {
		return "the change adds " + describeTarget(r.Target) + " twice"
	}
	return "this configuration is already assigned to " + describeTarget(r.Target) + " (assignment " + r.OtherID + ")"
}

func (r *Refusal) field() string {
	if r.Rule == RuleKind {
		return "target.@odata.type"
	}
	return "target"
}

// As makes a refusal readable as the *ValidationError it is.
func (r *Refusal) As(target any) bool {
	ve, ok := target.(**ValidationError)
	if ok {
		*ve = &ValidationError{r.field(), r.Reason()}
	}
	return ok
}

// describeTarget names a target for a message: its kind and its ID.
func describeTarget(t Target) string {
	a := t.Audience()
	if a.ID == "" {
		return t.Kind.Label()
	}
	return t.Kind.Label() + " " + a.ID
}

// RefuseTargets checks targets to be added to a configuration of kind
// whose set, once the change's removals are made, is kept: a target the
// kind does not take, an audience already there or added twice, a group
// that would be both included and excluded. The refusals come in the
// order of add; none means every target may be added.
func RefuseTargets(kind ConfigurationKind, kept []Assignment, add []Target) []*Refusal {
	var out []*Refusal
	for i, t := range add {
		if r := refuseTarget(kind, kept, add[:i], t); r != nil {
			out = append(out, r)
		}
	}
	return out
}

func refuseTarget(kind ConfigurationKind, kept []Assignment, earlier []Target, t Target) *Refusal {
	if kind != "" && t.Kind.Known() && !kind.AcceptsTarget(t.Kind) {
		return &Refusal{Rule: RuleKind, Target: t, Kind: kind}
	}
	for _, a := range kept {
		if r := clash(t, a.Target); r != nil {
			r.OtherID = a.ID
			return r
		}
	}
	for _, e := range earlier {
		if r := clash(t, e); r != nil {
			return r
		}
	}
	return nil
}

// clash is the refusal of t beside other in one set, or nil.
func clash(t, other Target) *Refusal {
	switch {
	case t.SameAudience(other):
		return &Refusal{Rule: RuleDuplicate, Target: t, Other: other}
	case oppositeSides(t, other):
		return &Refusal{Rule: RuleIncludeAndExclude, Target: t, Other: other}
	}
	return nil
}

// oppositeSides reports an include and an exclude of one group.
func oppositeSides(a, b Target) bool {
	return a.Kind.HasGroup() && b.Kind.HasGroup() && a.Kind != b.Kind &&
		a.Audience().ID != "" && a.Audience().ID == b.Audience().ID
}

// refuseRetarget is RefuseTargets for one assignment of set given target t:
// every other assignment is kept.
func refuseRetarget(kind ConfigurationKind, set []Assignment, id string, t Target) error {
	var kept []Assignment
	for _, a := range set {
		if !strings.EqualFold(a.ID, id) {
			kept = append(kept, a)
		}
	}
	if refused := RefuseTargets(kind, kept, []Target{t}); len(refused) > 0 {
		return refused[0]
	}
	return nil
}
