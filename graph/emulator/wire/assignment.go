package wire

import "fmt"

// AssignmentType is the entity type of an assignment.
const AssignmentType = "enrollmentConfigurationAssignment"

// Beta's assignment properties.
const (
	SourceProperty   = "source"
	SourceIDProperty = "sourceId"
)

// Assignment is an enrollmentConfigurationAssignment. IDs are composite
// strings ("{configurationId}_{groupId}"), not GUIDs. Source and SourceID
// are beta's, "" when never set (beta then shows "direct" and null); they
// are written only when set.
type Assignment struct {
	ID       string
	Target   Target
	Source   string
	SourceID string
}

// MarshalJSON writes the type, the ID and target when set, then beta's source.
func (a Assignment) MarshalJSON() ([]byte, error) {
	var o object
	o.add(typeKey, ODataType(AssignmentType))
	o.addIf(a.ID != "", "id", a.ID)
	o.addIf(a.Target.Kind != "", "target", a.Target)
	o.addIf(a.Source != "", SourceProperty, a.Source)
	o.addIf(a.SourceID != "", SourceIDProperty, a.SourceID)
	return o.bytes()
}

// UnmarshalJSON reads an assignment; its @odata.type may be left out, as
// Graph leaves it out inside collections.
func (a *Assignment) UnmarshalJSON(data []byte) error {
	m, name, err := readTyped(data)
	if err != nil {
		return fmt.Errorf("assignment: %w", err)
	}
	if name != "" && name != AssignmentType {
		return fmt.Errorf("assignment: @odata.type %q is not %s", name, AssignmentType)
	}
	var next Assignment
	err = m.takeAll(field{"id", &next.ID}, field{"target", &next.Target},
		field{SourceProperty, &next.Source}, field{SourceIDProperty, &next.SourceID})
	if err == nil {
		err = m.leftover(AssignmentType)
	}
	if err != nil {
		return fmt.Errorf("assignment %q: %w", next.ID, err)
	}
	*a = next
	return nil
}
