package bulk

import (
	"strings"

	"enrollassign/graph"
)

// OperationKind names a bulk change.
type OperationKind string

// The bulk changes.
const (
	// OpReplaceGroup puts another group in place of the targeted one,
	// keeping include or exclude.
	OpReplaceGroup OperationKind = "replace-group"
	// OpToggleInclusion turns an include of a group into an exclude of the
	// same group, and an exclude into an include.
	OpToggleInclusion OperationKind = "toggle-inclusion"
	// OpRetarget points the assignment at all devices, all licensed users or
	// a Configuration Manager collection.
	OpRetarget OperationKind = "retarget"
)

// Operation is what every selected assignment becomes. It is plain data so
// that a run kept in the browser's storage says what it was doing.
type Operation struct {
	Kind OperationKind `json:"kind"`
	// FromGroupID, for OpReplaceGroup, limits the change to assignments of
	// that group; empty replaces whichever group each selected one targets.
	FromGroupID string `json:"fromGroupId,omitempty"`
	// ToGroupID is the group OpReplaceGroup puts in.
	ToGroupID string `json:"toGroupId,omitempty"`
	// Target is OpRetarget's new kind: TargetAllDevices,
	// TargetAllLicensedUsers or TargetCollection (with CollectionID).
	Target       graph.TargetKind `json:"target,omitempty"`
	CollectionID string           `json:"collectionId,omitempty"`
}

// ReplaceGroup replaces group from (any group when empty) with group to.
func ReplaceGroup(from, to string) Operation {
	return Operation{Kind: OpReplaceGroup, FromGroupID: from, ToGroupID: to}
}

// ToggleInclusion turns includes into excludes and back.
func ToggleInclusion() Operation { return Operation{Kind: OpToggleInclusion} }

// RetargetAllDevices points every selected assignment at all devices.
func RetargetAllDevices() Operation {
	return Operation{Kind: OpRetarget, Target: graph.TargetAllDevices}
}

// RetargetAllLicensedUsers points every selected assignment at all licensed users.
func RetargetAllLicensedUsers() Operation {
	return Operation{Kind: OpRetarget, Target: graph.TargetAllLicensedUsers}
}

// RetargetCollection points every selected assignment at a collection.
func RetargetCollection(id string) Operation {
	return Operation{Kind: OpRetarget, Target: graph.TargetCollection, CollectionID: strings.TrimSpace(id)}
}

// Validate refuses an operation that cannot produce a valid target, before
// any plan is made.
func (o Operation) Validate() error {
	switch o.Kind {
	case OpReplaceGroup:
		if _, err := graph.ValidateTarget(graph.GroupTarget(o.ToGroupID)); err != nil {
			return err
		}
		if o.FromGroupID != "" && strings.EqualFold(o.FromGroupID, o.ToGroupID) {
			return &graph.ValidationError{Field: "toGroupId", Message: "is the group being replaced: choose another one"}
		}
		return nil
	case OpToggleInclusion:
		return nil
	case OpRetarget:
		switch o.Target {
		case graph.TargetAllDevices, graph.TargetAllLicensedUsers, graph.TargetCollection:
			_, err := graph.ValidateTarget(o.retarget(graph.Target{}))
			return err
		}
		return &graph.ValidationError{Field: "target", Message: "choose all devices, all licensed users or a collection"}
	}
	return &graph.ValidationError{Field: "operation", Message: "choose what the selected assignments become"}
}

// Apply returns what before becomes, or why this operation does not apply
// to it. Properties the app does not model (beta's assignment filter) are
// carried over: the user never saw them, so must not lose them.
func (o Operation) Apply(before graph.Target) (graph.Target, string) {
	switch o.Kind {
	case OpReplaceGroup:
		return o.replace(before)
	case OpToggleInclusion:
		return toggle(before)
	case OpRetarget:
		after := o.retarget(before)
		if before.SameAudience(after) {
			return graph.Target{}, "it already targets " + after.Kind.Label()
		}
		return after, ""
	}
	return graph.Target{}, "unknown operation " + string(o.Kind)
}

func (o Operation) replace(before graph.Target) (graph.Target, string) {
	switch {
	case !before.Kind.HasGroup():
		return graph.Target{}, "it targets " + before.Kind.Label() + ", which has no group to replace"
	case o.FromGroupID != "" && !strings.EqualFold(before.GroupID, o.FromGroupID):
		return graph.Target{}, "it targets another group than the one being replaced"
	case strings.EqualFold(before.GroupID, o.ToGroupID):
		return graph.Target{}, "it already targets that group"
	}
	after := before.WithKind(before.Kind)
	after.GroupID = o.ToGroupID
	return after, ""
}

func toggle(before graph.Target) (graph.Target, string) {
	switch before.Kind {
	case graph.TargetGroup:
		return before.WithKind(graph.TargetExclusionGroup), ""
	case graph.TargetExclusionGroup:
		return before.WithKind(graph.TargetGroup), ""
	}
	return graph.Target{}, "it targets " + before.Kind.Label() + ": only group targets can be included or excluded"
}

func (o Operation) retarget(before graph.Target) graph.Target {
	after := before.WithKind(o.Target)
	if o.Target == graph.TargetCollection {
		after.CollectionID = o.CollectionID
	}
	return after
}
