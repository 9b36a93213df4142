package graph

import (
	"strings"
	"unicode"
)

// ValidateTarget checks a target before it is written. It refuses what Graph
// would refuse or misread (a missing, abstract or unknown type, a group
// target without a group ID shaped like a GUID, a collection target without a
// collection ID) and warns about what may be a mistake but is not certainly
// one: a collection ID not shaped like Configuration Manager's (three
// characters of site code, five hex digits: SMS00001).
func ValidateTarget(t Target) ([]Warning, error) {
	const typeField = "target.@odata.type"
	switch {
	case t.Kind == "":
		return nil, &ValidationError{typeField, "missing: choose who the configuration applies to"}
	case t.Kind == targetBase:
		return nil, &ValidationError{typeField, "deviceAndAppManagementAssignmentTarget is abstract: choose a group, an excluded group, all licensed users, all devices or a collection"}
	case !t.Kind.Known():
		return nil, &ValidationError{typeField, "unknown target type " + string(t.Kind)}
	case t.Kind.HasGroup() && strings.TrimSpace(t.GroupID) == "":
		return nil, &ValidationError{"target.groupId", "missing: choose a group"}
	case t.Kind.HasGroup() && !isGUID(t.GroupID):
		return nil, &ValidationError{"target.groupId", "\"" + t.GroupID + "\" is not a group ID (a GUID such as 0a1b2c3d-0000-4000-8000-00000000000a)"}
	case t.Kind == TargetCollection && strings.TrimSpace(t.CollectionID) == "":
		return nil, &ValidationError{"target.collectionId", "missing: enter the Configuration Manager collection ID"}
	case t.Kind == TargetCollection && hasControl(t.CollectionID):
		return nil, &ValidationError{"target.collectionId", "contains control characters"}
	case t.Kind == TargetCollection && !isCollectionID(t.CollectionID):
		return []Warning{{"target.collectionId", "\"" + t.CollectionID + "\" does not look like a Configuration Manager collection ID (site code and five hex digits, such as SMS00001); it is sent as typed"}}, nil
	}
	return nil, nil
}

// maxIDLength is far above any Intune or Entra ID (a composite assignment ID
// is 73 characters) and keeps a pasted paragraph out of a URL.
const maxIDLength = 256

// validateID refuses an ID that cannot be one: empty, too long, a dot
// segment ("." or "..", which a URL would resolve to another resource), or
// holding characters no Graph key has (space, control, '/', '?', '#', '%',
// quotes).
func validateID(field, id string) error {
	switch {
	case id == "":
		return &ValidationError{field, "missing"}
	case len(id) > maxIDLength:
		return &ValidationError{field, "longer than any Graph ID"}
	case id == "." || id == "..":
		return &ValidationError{field, "\"" + id + "\" is not a Graph ID: in a URL it would name another resource"}
	case strings.ContainsAny(id, " /\\?#%\"'") || hasControl(id):
		return &ValidationError{field, "\"" + id + "\" is not a Graph ID: it holds a space, a control character or one of / \\ ? # % \" '"}
	}
	return nil
}

// hasControl reports a C0 or C1 control character, or DEL.
func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

// isGUID reports the 8-4-4-4-12 hex form Entra uses for object IDs.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isCollectionID reports Configuration Manager's collection ID shape: a
// three-character site code then five hex digits (SMS00001, PS100023).
func isCollectionID(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 3; i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	for i := 3; i < 8; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func isAlnum(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// ValidateID refuses what cannot be a Graph key (empty, too long, holding a
// space, a control character or one of / \ ? # % " '), naming the field: a
// pasted or imported ID is checked before it reaches a URL.
func ValidateID(field, id string) error { return validateID(field, id) }
