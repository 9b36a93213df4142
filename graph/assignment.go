package graph

import (
	"fmt"
	"sort"
)

// assignmentType is the entity type of an assignment, as the seed writes it.
const assignmentType = "enrollmentConfigurationAssignment"

// Assignment is an enrollmentConfigurationAssignment: one target of one
// configuration. IDs are composite strings such as "{configurationId}_{groupId}",
// never assumed to be GUIDs.
//
// Properties this client does not model (beta's source and sourceId, anything
// newer) are kept and written back unchanged by MarshalJSON, so that the
// `assign` action, which replaces the whole set, never drops them.
type Assignment struct {
	ID     string
	Target Target

	extra extras
}

// WithTarget returns a copy of a with a new target and everything else kept.
func (a Assignment) WithTarget(t Target) Assignment {
	next := a
	next.Target = t
	next.extra = a.extra.clone()
	return next
}

// ExtraNames lists the kept properties the client does not model.
func (a Assignment) ExtraNames() []string { return sortedKeys(a.extra) }

// Equal reports whether two assignments would be written as the same JSON
// document: the same members and values, however strings are escaped.
func (a Assignment) Equal(o Assignment) bool {
	x, errX := a.MarshalJSON()
	y, errY := o.MarshalJSON()
	return errX == nil && errY == nil && sameJSON(x, y)
}

// MarshalJSON writes the full entity: type, id (when set), target (when
// set), kept properties. Used for `assign` and for storage; the PATCH body is narrower
// (see PatchBody).
func (a Assignment) MarshalJSON() ([]byte, error) {
	var w objectWriter
	w.member(odataTypeKey, canonicalType(assignmentType))
	if a.ID != "" {
		w.member("id", a.ID)
	}
	if !a.Target.IsZero() {
		w.member("target", a.Target)
	}
	w.extras(a.extra)
	return w.bytes()
}

// PatchBody is the body of the documented update, exactly as the seed shows
// it: the entity type and the new target, nothing else. A PATCH changes only
// what it names, so kept properties stay as they are on the service.
func (a Assignment) PatchBody() ([]byte, error) {
	var w objectWriter
	w.member(odataTypeKey, canonicalType(assignmentType))
	w.member("target", a.Target)
	return w.bytes()
}

// UnmarshalJSON reads an assignment; "@odata.type" is accepted with or
// without '#', or absent (Graph omits it inside collections).
func (a *Assignment) UnmarshalJSON(data []byte) error {
	members, err := splitObject(data)
	if err != nil {
		return fmt.Errorf("assignment: %w", err)
	}
	var next Assignment
	var odataType string
	if err := take(members, odataTypeKey, &odataType); err != nil {
		return fmt.Errorf("assignment: %w", err)
	}
	if odataType != "" && shortType(odataType) != assignmentType {
		return fmt.Errorf("assignment: unexpected @odata.type %q", odataType)
	}
	if err := take(members, "id", &next.ID); err != nil {
		return fmt.Errorf("assignment: %w", err)
	}
	if err := take(members, "target", &next.Target); err != nil {
		return fmt.Errorf("assignment %q: %w", next.ID, err)
	}
	next.extra = keepUnknown(members)
	*a = next
	return nil
}

func sortedKeys(e extras) []string {
	if len(e) == 0 {
		return nil
	}
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
