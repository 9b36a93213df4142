package components

import (
	"errors"
	"strconv"

	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// BulkPlanDraft is a bulk change not yet confirmed, as kept in drafts while
// it is chosen: the selection, the change, the strategy, and whether the
// user had reached the dry run. The plan itself is not kept: restored, it
// is made again from the tenant as it is then, so that its "before" column
// is true.
type BulkPlanDraft struct {
	Selection bulk.Selection `json:"selection"`
	Change    OperationDraft `json:"change"`
	Strategy  bulk.Strategy  `json:"strategy,omitempty"`
	DryRun    bool           `json:"dryRun,omitempty"`
}

// bulkPlanDraftID is the one kept bulk plan per user: the screen holds one.
const bulkPlanDraftID = "plan"

// Empty reports a draft with nothing chosen: nothing worth keeping.
func (d BulkPlanDraft) Empty() bool { return d.Selection.Empty() && d.Change.Choice == "" }

// Title says what the draft is, on the offer to restore it.
func (d BulkPlanDraft) Title(groupName func(string) string) string {
	change := "no change chosen yet"
	if d.Change.Choice != "" {
		change = OperationWords(d.Change.Operation(), func(id string) string {
			if id == d.Change.ToGroup.ID && d.Change.ToGroup.DisplayName != "" {
				return d.Change.ToGroup.DisplayName // chosen in the picker: not among the groups in use
			}
			if groupName == nil {
				return ""
			}
			return groupName(id)
		})
	}
	return "Unconfirmed bulk change: " + change + " (" + plural(len(d.Selection.Rules), "rule", "rules") + ", " +
		plural(len(d.Selection.Picks), "assignment ticked by hand", "assignments ticked by hand") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// bulkPlanDraftOf reads a kept bulk plan strictly: storage can be edited by
// hand, and every ID in it may end up in a request's URL.
func bulkPlanDraftOf(d drafts.Draft) (BulkPlanDraft, error) {
	var p BulkPlanDraft
	if err := d.Unmarshal(&p); err != nil {
		return BulkPlanDraft{}, err
	}
	if err := p.check(); err != nil {
		return BulkPlanDraft{}, err
	}
	return p, nil
}

func (d BulkPlanDraft) check() error {
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
func (d OperationDraft) check() error {
	switch d.Choice {
	case "", choiceReplace, choiceToggle, choiceAllDevices, choiceAllUsers, choiceCollection:
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
