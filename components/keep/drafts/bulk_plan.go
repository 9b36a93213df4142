package drafts

import (
	"errors"
	"strconv"
	"strings"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkPlanID is the one kept bulk plan per user (KindBulkPlan): the bulk
// screen holds one.
const BulkPlanID = "plan"

// BulkPlan is a bulk change not yet confirmed, as kept while it is chosen:
// the selection, the change, the strategy, and whether the user had reached
// the dry run. The plan itself is not kept: restored, it is made again from
// the tenant as it is then, so that its "before" column is true.
type BulkPlan struct {
	Selection bulk.Selection `json:"selection"`
	Change    Change         `json:"change"`
	Strategy  bulk.Strategy  `json:"strategy,omitempty"`
	DryRun    bool           `json:"dryRun,omitempty"`
}

// Empty reports a draft with nothing chosen: nothing worth keeping.
func (d BulkPlan) Empty() bool { return d.Selection.Empty() && d.Change.Choice == "" }

// The changes the bulk operation form offers, as its radio buttons name them.
const (
	ChoiceReplace    = "replace-group"
	ChoiceToggle     = "toggle-inclusion"
	ChoiceAllDevices = "all-devices"
	ChoiceAllUsers   = "all-licensed-users"
	ChoiceCollection = "collection"
)

// Change is the change as the bulk operation form holds it while it is
// chosen (and as a kept bulk plan holds it).
type Change struct {
	Choice string `json:"choice,omitempty"`
	// FromGroupID limits a replacement to one group; empty: any group.
	FromGroupID string `json:"fromGroupId,omitempty"`
	// ToText is what the group picker holds, ToGroup the group chosen.
	ToText     string      `json:"toText,omitempty"`
	ToGroup    graph.Group `json:"toGroup,omitzero"`
	Collection string      `json:"collection,omitempty"`
}

// Operation is the change as a bulk operation; Validate tells what is missing.
func (d Change) Operation() bulk.Operation {
	switch d.Choice {
	case ChoiceReplace:
		to := d.ToGroup.ID
		if to == "" {
			to = strings.TrimSpace(d.ToText) // a pasted object ID, validated before any request
		}
		return bulk.ReplaceGroup(d.FromGroupID, to)
	case ChoiceToggle:
		return bulk.ToggleInclusion()
	case ChoiceAllDevices:
		return bulk.RetargetAllDevices()
	case ChoiceAllUsers:
		return bulk.RetargetAllLicensedUsers()
	case ChoiceCollection:
		return bulk.RetargetCollection(d.Collection)
	}
	return bulk.Operation{}
}

// BulkPlanOf reads a kept bulk plan strictly: storage can be edited by
// hand, and every ID in it may end up in a request's URL.
func BulkPlanOf(d Draft) (BulkPlan, error) {
	var p BulkPlan
	if err := d.Unmarshal(&p); err != nil {
		return BulkPlan{}, err
	}
	if err := p.check(); err != nil {
		return BulkPlan{}, err
	}
	return p, nil
}

func (d BulkPlan) check() error {
	for _, r := range d.Selection.Rules {
		if r.Kind != bulk.RuleGroup && r.Kind != bulk.RuleIncludesOfKind {
			return &graph.ValidationError{Field: "selection.rules.kind", Message: "unknown rule " + strconv.Quote(string(r.Kind))}
		}
		if err := graph.ValidateID("selection.rules.groupId", r.GroupID); err != nil {
			return err
		}
	}
	for _, p := range d.Selection.Picks {
		if err := graph.ValidateID("selection.picks.configurationId", p.ConfigurationID); err != nil {
			return err
		}
		if err := graph.ValidateID("selection.picks.assignmentId", p.AssignmentID); err != nil {
			return err
		}
	}
	switch d.Strategy {
	case "", bulk.StrategyFewest, bulk.StrategyAssign, bulk.StrategyPatch:
	default:
		return &graph.ValidationError{Field: "strategy", Message: "unknown " + strconv.Quote(string(d.Strategy))}
	}
	return d.Change.check()
}

// check refuses a kept change the form could not have made. The group and
// collection a change names are validated again when the plan is made, as
// anything typed is.
func (d Change) check() error {
	switch d.Choice {
	case "", ChoiceReplace, ChoiceToggle, ChoiceAllDevices, ChoiceAllUsers, ChoiceCollection:
	default:
		return errors.New("unknown change " + strconv.Quote(d.Choice))
	}
	if d.FromGroupID != "" {
		if err := graph.ValidateID("change.fromGroupId", d.FromGroupID); err != nil {
			return err
		}
	}
	if d.ToGroup.ID != "" {
		return graph.ValidateID("change.toGroup.id", d.ToGroup.ID)
	}
	return nil
}
