package bulk

import (
	"fmt"

	"enrollassign/graph"
)

// Strategy is how a run writes a configuration's changes.
type Strategy string

// The strategies the dry run counts.
const (
	// StrategyFewest sends one PATCH where a configuration has a single
	// change and one assign where it has more: the fewest writes, and PATCH
	// wherever it is as cheap. Where the service refuses PATCH, the run falls
	// back to assign.
	StrategyFewest Strategy = "fewest"
	// StrategyAssign replaces each configuration's whole set once.
	StrategyAssign Strategy = "assign"
	// StrategyPatch sends the documented PATCH once per assignment (and
	// falls back to assign where the service refuses it).
	StrategyPatch Strategy = "patch"
)

// Strategies lists the strategies in the order the dry run shows them.
var Strategies = []Strategy{StrategyFewest, StrategyAssign, StrategyPatch}

// Plan is the dry run: every selected assignment, what it becomes, and the
// reason when it cannot be changed. Nothing is sent to make one.
type Plan struct {
	Operation      Operation           `json:"operation"`
	Configurations []ConfigurationPlan `json:"configurations"`
}

// ConfigurationPlan is one configuration's part of a plan.
type ConfigurationPlan struct {
	ID          string                  `json:"id"`
	DisplayName string                  `json:"displayName"`
	Kind        graph.ConfigurationKind `json:"kind"`
	// Loaded is the configuration's whole set as the plan was made from it.
	// Before writing, the run re-reads the set and writes nothing unless it
	// still means the same (else the items are conflicts, not overwrites).
	Loaded []graph.Assignment `json:"loaded"`
	Items  []Item             `json:"items"`
}

// Item is one selected assignment: before, after, and how it ended.
type Item struct {
	// Key identifies the item within its run: "{configurationId}/{assignmentId}".
	Key             string       `json:"key"`
	ConfigurationID string       `json:"configurationId"`
	AssignmentID    string       `json:"assignmentId"`
	Before          graph.Target `json:"before"`
	After           graph.Target `json:"after"`
	// Refused says why the plan will not change this assignment; such an
	// item is never sent and ends as StateRefused.
	Refused string  `json:"refused,omitempty"`
	Outcome Outcome `json:"outcome"`
	// OnTopOf is set when the user chose, after a conflict, to apply this
	// change on top of theirs: the assignment as they were shown it. The
	// next re-read re-plans the item from the set the service holds then,
	// provided the assignment still is what they saw.
	OnTopOf *graph.Assignment `json:"onTopOf,omitempty"`
	// Settled says this succeeded change is already part of its
	// configuration's Loaded set (the set was taken again from the
	// service after it), so the check before a write does not apply it
	// a second time.
	Settled bool `json:"settled,omitempty"`
}

// Changes reports whether the item is to be written.
func (it Item) Changes() bool { return it.Refused == "" }

// NewPlan makes the dry run of op over the assignments sel selects in
// configs. It fails only when op itself is invalid or nothing is selected.
func NewPlan(configs []graph.Configuration, sel Selection, op Operation) (Plan, error) {
	if err := op.Validate(); err != nil {
		return Plan{}, fmt.Errorf("the change: %w", err)
	}
	plan := Plan{Operation: op}
	for _, c := range configs {
		if cp, ok := planConfiguration(c, sel, op); ok {
			plan.Configurations = append(plan.Configurations, cp)
		}
	}
	if len(plan.Configurations) == 0 {
		return Plan{}, &graph.ValidationError{Field: "selection", Message: "selects no assignment"}
	}
	return plan, nil
}

// planConfiguration plans the selected assignments of one configuration,
// refusing those whose new target the set cannot take: the service derives
// an assignment's ID from its target, so two of one target cannot coexist.
func planConfiguration(c graph.Configuration, sel Selection, op Operation) (ConfigurationPlan, bool) {
	cp := ConfigurationPlan{ID: c.ID, DisplayName: c.DisplayName, Kind: c.Kind, Loaded: c.Assignments}
	current := audiencesOf(c.Assignments)
	loaded := current.clone()
	for _, a := range c.Assignments {
		if !sel.Selects(c, a) {
			continue
		}
		it := Item{Key: c.ID + "/" + a.ID, ConfigurationID: c.ID, AssignmentID: a.ID, Before: a.Target}
		it.After, it.Refused = op.Apply(a.Target)
		if it.Refused == "" {
			it.Refused = refusal(c, a, it.After, current, loaded)
		}
		if it.Refused == "" {
			current.move(a.Target.Audience(), it.After.Audience())
			it.Outcome.State = StatePending
		} else {
			it.Outcome.State = StateRefused
		}
		cp.Items = append(cp.Items, it)
	}
	return cp, len(cp.Items) > 0
}

// refusal says why after cannot replace a's target in c, or is empty.
func refusal(c graph.Configuration, a graph.Assignment, after graph.Target, current, loaded audiences) string {
	if reason := c.DefaultReason(); reason != "" {
		return reason
	}
	if c.Kind == "" {
		return "the configuration's type is unknown: reload the configurations"
	}
	if a.ID == "" {
		return "the assignment has no ID: reload the configurations"
	}
	if _, err := graph.ValidateTarget(after); err != nil {
		return err.Error()
	}
	if !c.Kind.AcceptsTarget(after.Kind) {
		return "a " + c.Kind.Label() + " configuration applies to users, so it cannot be assigned to " + after.Kind.Label()
	}
	to := after.Audience()
	switch {
	case current.has(to) && loaded.has(to):
		return "the configuration already has an assignment to that target"
	case current.has(to):
		return "another selected assignment of this configuration already becomes that target"
	}
	return ""
}

// Items lists every item of the plan, in order.
func (p Plan) Items() []Item {
	var out []Item
	for _, c := range p.Configurations {
		out = append(out, c.Items...)
	}
	return out
}

// WriteCounts are what the dry run shows: how many changes, and how many
// write requests each strategy sends for them (one re-read per changed
// configuration comes on top of every strategy).
type WriteCounts struct {
	Changes        int
	Refused        int
	Configurations int // configurations with at least one change
	Patch          int // one PATCH per change
	Assign         int // one assign per configuration
	Fewest         int
}

// Writes counts the plan's changes and the writes each strategy needs.
func (p Plan) Writes() WriteCounts {
	var w WriteCounts
	for _, c := range p.Configurations {
		n := 0
		for _, it := range c.Items {
			if it.Changes() {
				n++
			} else {
				w.Refused++
			}
		}
		if n == 0 {
			continue
		}
		w.Changes += n
		w.Configurations++
		w.Patch += n
		w.Assign++
		w.Fewest++ // one PATCH or one assign: either way a single write
	}
	return w
}

// For is the number of writes strategy s needs.
func (w WriteCounts) For(s Strategy) int {
	switch s {
	case StrategyPatch:
		return w.Patch
	case StrategyAssign:
		return w.Assign
	}
	return w.Fewest
}
