package wire

import (
	"fmt"
	"slices"
)

// TargetKind is a concrete deviceAndAppManagementAssignmentTarget subtype,
// by its short name.
type TargetKind string

// The five target kinds of v1.0.
const (
	TargetGroup            TargetKind = "groupAssignmentTarget"
	TargetExclusionGroup   TargetKind = "exclusionGroupAssignmentTarget"
	TargetAllLicensedUsers TargetKind = "allLicensedUsersAssignmentTarget"
	TargetAllDevices       TargetKind = "allDevicesAssignmentTarget"
	TargetCollection       TargetKind = "configurationManagerCollectionAssignmentTarget"
)

// TargetBase is the abstract base type: never a target on its own.
const TargetBase = "deviceAndAppManagementAssignmentTarget"

// TargetKinds lists the five kinds.
var TargetKinds = []TargetKind{TargetGroup, TargetExclusionGroup, TargetAllLicensedUsers, TargetAllDevices, TargetCollection}

// Known reports one of the five kinds.
func (k TargetKind) Known() bool { return slices.Contains(TargetKinds, k) }

// HasGroup reports the two kinds that name a group.
func (k TargetKind) HasGroup() bool { return k == TargetGroup || k == TargetExclusionGroup }

// Property is the kind's own property ("groupId", "collectionId"), or ""
// for the two "all" kinds, which have none.
func (k TargetKind) Property() string {
	switch {
	case k.HasGroup():
		return "groupId"
	case k == TargetCollection:
		return "collectionId"
	}
	return ""
}

// Beta's assignment filter properties, on every target kind.
const (
	FilterIDProperty   = "deviceAndAppManagementAssignmentFilterId"
	FilterTypeProperty = "deviceAndAppManagementAssignmentFilterType"
)

// FilterTypes are the values of deviceAndAppManagementAssignmentFilterType.
var FilterTypes = []string{"none", "include", "exclude"}

// Target is who an assignment applies to. GroupID is written for the group
// kinds, CollectionID for a collection. FilterID and FilterType are beta's
// assignment filter, "" when never set (beta then shows null and "none");
// they are written only when set.
type Target struct {
	Kind         TargetKind
	GroupID      string
	CollectionID string
	FilterID     string
	FilterType   string
}

// own is the kind's own property and where it is held; nil for the two
// "all" kinds, which have none.
func (t *Target) own() (string, *string) {
	switch key := t.Kind.Property(); key {
	case "groupId":
		return key, &t.GroupID
	case "collectionId":
		return key, &t.CollectionID
	}
	return "", nil
}

// MarshalJSON writes the type, the kind's own property, then the filter.
func (t Target) MarshalJSON() ([]byte, error) {
	var o object
	o.addIf(t.Kind != "", typeKey, ODataType(string(t.Kind)))
	if key, value := t.own(); value != nil {
		o.add(key, *value)
	}
	o.addIf(t.FilterID != "", FilterIDProperty, t.FilterID)
	o.addIf(t.FilterType != "", FilterTypeProperty, t.FilterType)
	return o.bytes()
}

// UnmarshalJSON reads a target of one of the five kinds; null reads as "".
func (t *Target) UnmarshalJSON(data []byte) error {
	m, name, err := readTyped(data)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	next := Target{Kind: TargetKind(name)}
	if !next.Kind.Known() {
		return fmt.Errorf("target: @odata.type %q is not one of the five target kinds", name)
	}
	fields := []field{{FilterIDProperty, &next.FilterID}, {FilterTypeProperty, &next.FilterType}}
	if key, value := next.own(); value != nil {
		fields = append([]field{{key, value}}, fields...)
	}
	if err := m.takeAll(fields...); err != nil {
		return fmt.Errorf("target: %w", err)
	}
	if err := m.leftover(name); err != nil {
		return fmt.Errorf("target: %w", err)
	}
	*t = next
	return nil
}
