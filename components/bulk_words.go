package components

import (
	"math"
	"strconv"
	"strings"
	"time"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// OperationWords says what a bulk change does, with group names resolved.
func OperationWords(op bulk.Operation, groupName func(string) string) string {
	switch op.Kind {
	case bulk.OpReplaceGroup:
		to := widgets.NameOrID(op.ToGroupID, groupName)
		if op.FromGroupID == "" {
			return "Replace the group with " + to + ", keeping include or exclude"
		}
		return "Replace " + widgets.NameOrID(op.FromGroupID, groupName) + " with " + to + ", keeping include or exclude"
	case bulk.OpToggleInclusion:
		return "Turn includes into excludes and excludes into includes"
	case bulk.OpRetarget:
		return "Assign to " + widgets.DescribeTarget(graph.Target{Kind: op.Target, CollectionID: op.CollectionID}, nil).String()
	}
	return "No change chosen"
}

// RuleWords says what a selection rule selects.
func RuleWords(r bulk.Rule, groupName func(string) string) string {
	group := widgets.NameOrID(r.GroupID, groupName)
	if r.Kind == bulk.RuleIncludesOfKind {
		return "Every include of " + group + " in " + r.ConfigurationKind.Label() + " configurations"
	}
	return "Every assignment targeting " + group
}

// StrategyChoiceWords names a bulk strategy as the dry run offers it.
func StrategyChoiceWords(s bulk.Strategy) string {
	switch s {
	case bulk.StrategyAssign:
		return "One assign per configuration"
	case bulk.StrategyPatch:
		return "One PATCH per assignment"
	}
	return "Fewest writes: PATCH where a configuration has one change, assign where it has more"
}

// OutcomeWords says how an item ended, or where it is.
func OutcomeWords(it bulk.Item) string {
	o := it.Outcome
	switch o.State {
	case bulk.StateRefused:
		return "Not sent: " + it.Refused
	case bulk.StateSucceeded:
		if o.Verified {
			return "Succeeded: the answer was lost, and a re-read (request-id " + o.RequestID + ") shows the change applied"
		}
		s := "Succeeded: " + string(o.Write) + " " + strconv.Itoa(o.Status) + ", request-id " + o.RequestID
		if o.BatchItem != "" {
			s += " (batch item " + o.BatchItem + ")"
		}
		if o.FellBack {
			s += "; assign was used because the service refused PATCH"
		}
		return s
	case bulk.StateFailed:
		if o.Error != nil && o.Error.Conflict {
			return "Not sent: " + failureWords(o.Error)
		}
		return "Failed: " + failureWords(o.Error)
	case bulk.StateSkipped:
		return "Not sent: you kept the change someone else made (" + failureWords(o.Error) + ")"
	case bulk.StateSending:
		return "Sent; waiting for the answer"
	}
	if it.OnTopOf != nil {
		return "To be applied on top of their change"
	}
	if o.Error != nil {
		return "Waiting to retry after: " + failureWords(o.Error)
	}
	return "Not sent yet"
}

func failureWords(f *bulk.Failure) string {
	if f == nil {
		return "no answer"
	}
	var parts []string
	if f.Status != 0 {
		parts = append(parts, strconv.Itoa(f.Status))
	}
	if f.Code != "" {
		parts = append(parts, f.Code)
	}
	s := strings.Join(parts, " ")
	if s != "" {
		s += ": "
	}
	s += f.Message
	if f.RequestID != "" {
		s += " (request-id " + f.RequestID
		if f.Date != "" {
			s += ", " + f.Date
		}
		s += ")"
	}
	return s
}

// DurationWords rounds a wait for a person: "about 3 s", "about 2 min".
func DurationWords(d time.Duration) string {
	switch {
	case d <= 0:
		return "moments"
	case d < time.Minute:
		return "about " + strconv.Itoa(int(math.Ceil(d.Seconds()))) + " s"
	}
	return "about " + strconv.Itoa(int(math.Ceil(d.Minutes()))) + " min"
}

// LimitWords states a pace: "100 writes per 20s".
func LimitWords(l bulk.Limits) string {
	return widgets.Count(l.Writes, "write", "writes") + " per " + l.Window.String()
}

// bulkPlanTitle says what a kept bulk plan is, on the offer to restore it.
func bulkPlanTitle(d drafts.BulkPlan, groupName func(string) string) string {
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
	return "Unconfirmed bulk change: " + change + " (" + widgets.Count(len(d.Selection.Rules), "rule", "rules") + ", " +
		widgets.Count(len(d.Selection.Picks), "assignment ticked by hand", "assignments ticked by hand") + ")"
}
