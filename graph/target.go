package graph

import (
	"encoding/json"
	"fmt"
)

// TargetKind names a deviceAndAppManagementAssignmentTarget subtype by its
// short OData type name ("groupAssignmentTarget"). The five v1.0 subtypes are
// constants; any other value is a type this client does not know, kept as read.
type TargetKind string

// The v1.0 target subtypes, a closed set.
const (
	TargetGroup            TargetKind = "groupAssignmentTarget"
	TargetExclusionGroup   TargetKind = "exclusionGroupAssignmentTarget"
	TargetAllLicensedUsers TargetKind = "allLicensedUsersAssignmentTarget"
	TargetAllDevices       TargetKind = "allDevicesAssignmentTarget"
	TargetCollection       TargetKind = "configurationManagerCollectionAssignmentTarget"
)

// targetBase is the abstract base type: never a valid target on its own.
const targetBase TargetKind = "deviceAndAppManagementAssignmentTarget"

// TargetKinds lists the v1.0 subtypes in the order a picker shows them.
var TargetKinds = []TargetKind{TargetGroup, TargetExclusionGroup, TargetAllLicensedUsers, TargetAllDevices, TargetCollection}

// Known reports whether k is one of the five v1.0 subtypes.
func (k TargetKind) Known() bool {
	switch k {
	case TargetGroup, TargetExclusionGroup, TargetAllLicensedUsers, TargetAllDevices, TargetCollection:
		return true
	}
	return false
}

// HasGroup reports whether targets of this kind carry a groupId.
func (k TargetKind) HasGroup() bool { return k == TargetGroup || k == TargetExclusionGroup }

// ODataType is the canonical "@odata.type" written for this kind.
func (k TargetKind) ODataType() string { return canonicalType(string(k)) }

// Target is an assignment target: who a configuration applies to.
//
// It is a closed union told apart by Kind: GroupID is meaningful for the two
// group kinds, CollectionID for a Configuration Manager collection, neither for
// the "all" kinds. Properties this client does not model (the beta-only
// deviceAndAppManagementAssignmentFilterId/-Type, anything newer) are kept in
// an unexported field and written back unchanged, also when Kind changes:
// in beta they live on the base type and so apply to every kind.
type Target struct {
	Kind         TargetKind
	GroupID      string
	CollectionID string

	// rawType is the "@odata.type" exactly as read, for a kind this client
	// does not know, so that it is written back as it came.
	rawType string
	extra   extras
}

// GroupTarget includes the members of a group.
func GroupTarget(groupID string) Target { return Target{Kind: TargetGroup, GroupID: groupID} }

// ExclusionGroupTarget excludes the members of a group.
func ExclusionGroupTarget(groupID string) Target {
	return Target{Kind: TargetExclusionGroup, GroupID: groupID}
}

// AllLicensedUsersTarget targets every licensed user.
func AllLicensedUsersTarget() Target { return Target{Kind: TargetAllLicensedUsers} }

// AllDevicesTarget targets every device.
func AllDevicesTarget() Target { return Target{Kind: TargetAllDevices} }

// CollectionTarget targets a Configuration Manager collection.
func CollectionTarget(collectionID string) Target {
	return Target{Kind: TargetCollection, CollectionID: collectionID}
}

// WithKind returns t retargeted to kind k, keeping what still applies: the
// group when moving between include and exclude, and every unknown property.
func (t Target) WithKind(k TargetKind) Target {
	next := Target{Kind: k, extra: t.extra.clone()}
	if k.HasGroup() && t.Kind.HasGroup() {
		next.GroupID = t.GroupID
	}
	if k == TargetCollection && t.Kind == TargetCollection {
		next.CollectionID = t.CollectionID
	}
	return next
}

// Extra returns a kept property the client does not model, as raw JSON.
func (t Target) Extra(name string) (json.RawMessage, bool) {
	v, ok := t.extra[name]
	return v, ok
}

// ExtraNames lists the kept properties the client does not model.
func (t Target) ExtraNames() []string { return sortedKeys(t.extra) }

// IsZero reports a target that says nothing: no type, no properties.
func (t Target) IsZero() bool {
	return t.Kind == "" && t.rawType == "" && t.GroupID == "" && t.CollectionID == "" && len(t.extra) == 0
}

// Equal reports whether two targets would be written as the same JSON
// document: the same members and values, however strings are escaped.
func (t Target) Equal(o Target) bool {
	a, errA := t.MarshalJSON()
	b, errB := o.MarshalJSON()
	return errA == nil && errB == nil && sameJSON(a, b)
}

// MarshalJSON writes the canonical form: "@odata.type" with '#', then the
// kind's own property, then kept unknown properties in name order.
func (t Target) MarshalJSON() ([]byte, error) {
	var w objectWriter
	switch {
	case t.rawType != "":
		w.member(odataTypeKey, t.rawType)
	case t.Kind != "":
		w.member(odataTypeKey, t.Kind.ODataType())
	}
	switch {
	case t.Kind.HasGroup():
		w.member("groupId", t.GroupID)
		w.extras(t.extra, "groupId")
	case t.Kind == TargetCollection:
		w.member("collectionId", t.CollectionID)
		w.extras(t.extra, "collectionId")
	default:
		w.extras(t.extra)
	}
	return w.bytes()
}

// UnmarshalJSON reads a target, accepting "@odata.type" with or without '#'.
func (t *Target) UnmarshalJSON(data []byte) error {
	members, err := splitObject(data)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	var odataType string
	if err := take(members, odataTypeKey, &odataType); err != nil {
		return fmt.Errorf("target: %w", err)
	}
	next := Target{Kind: TargetKind(shortType(odataType))}
	if !next.Kind.Known() && odataType != "" {
		next.rawType = odataType
	}
	switch {
	case next.Kind.HasGroup():
		err = take(members, "groupId", &next.GroupID)
	case next.Kind == TargetCollection:
		err = take(members, "collectionId", &next.CollectionID)
	}
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	next.extra = keepUnknown(members)
	*t = next
	return nil
}

// Label describes the kind in the admin center's words.
func (k TargetKind) Label() string {
	switch k {
	case TargetGroup:
		return "an included group"
	case TargetExclusionGroup:
		return "an excluded group"
	case TargetAllLicensedUsers:
		return "all licensed users"
	case TargetAllDevices:
		return "all devices"
	case TargetCollection:
		return "a Configuration Manager collection"
	}
	return string(k)
}

// keeping returns t with the unmodelled properties of before that t does not
// set itself: a retarget built from scratch must not drop what the user
// never saw (beta's assignment filter lives on every target kind).
func (t Target) keeping(before Target) Target {
	if len(before.extra) == 0 {
		return t
	}
	next := t
	next.extra = t.extra.clone()
	if next.extra == nil {
		next.extra = extras{}
	}
	for k, v := range before.extra {
		if _, set := next.extra[k]; !set {
			next.extra[k] = v
		}
	}
	return next
}
