package wire

import (
	"fmt"
	"slices"
	"time"
)

// FilterType is the entity type of an assignment filter (beta only).
const FilterType = "deviceAndAppManagementAssignmentFilter"

// Platforms are the members of devicePlatformType, a filter's platform.
var Platforms = []string{"android", "androidForWork", "iOS", "macOS", "windowsPhone81", "windows81AndLater",
	"windows10AndLater", "androidWorkProfile", "unknown", "androidAOSP", "androidMobileApplicationManagement",
	"iOSMobileApplicationManagement", "unknownFutureValue", "windowsMobileApplicationManagement"}

// ManagementTypes are the members of assignmentFilterManagementType.
var ManagementTypes = []string{"devices", "apps", "unknownFutureValue"}

// AssignmentFilter is a deviceAndAppManagementAssignmentFilter: a rule on
// device (or app) properties that narrows an assignment, for one platform.
type AssignmentFilter struct {
	ID                   string
	DisplayName          string
	Description          string
	Platform             string
	Rule                 string
	RoleScopeTags        []string
	ManagementType       string
	CreatedDateTime      time.Time
	LastModifiedDateTime time.Time
}

// MarshalJSON writes every property, as the service shows a filter.
func (f AssignmentFilter) MarshalJSON() ([]byte, error) {
	tags := f.RoleScopeTags
	if tags == nil {
		tags = []string{"0"}
	}
	management := f.ManagementType
	if management == "" {
		management = "devices"
	}
	var o object
	o.add(typeKey, ODataType(FilterType))
	o.add("id", f.ID)
	o.add("createdDateTime", f.CreatedDateTime.UTC())
	o.add("lastModifiedDateTime", f.LastModifiedDateTime.UTC())
	o.add("displayName", f.DisplayName)
	o.add("description", f.Description)
	o.add("platform", f.Platform)
	o.add("rule", f.Rule)
	o.add("roleScopeTags", tags)
	o.add("payloads", []any{})
	o.add("assignmentFilterManagementType", management)
	return o.bytes()
}

// UnmarshalJSON reads a filter; payloads, which the service computes, are
// ignored.
func (f *AssignmentFilter) UnmarshalJSON(data []byte) error {
	m, name, err := readTyped(data)
	if err != nil {
		return fmt.Errorf("assignment filter: %w", err)
	}
	if name != "" && name != FilterType {
		return fmt.Errorf("assignment filter: @odata.type %q is not %s", name, FilterType)
	}
	var next AssignmentFilter
	delete(m, "payloads")
	err = m.takeAll(field{"id", &next.ID}, field{"displayName", &next.DisplayName}, field{"description", &next.Description},
		field{"platform", &next.Platform}, field{"rule", &next.Rule}, field{"roleScopeTags", &next.RoleScopeTags},
		field{"assignmentFilterManagementType", &next.ManagementType},
		field{"createdDateTime", &next.CreatedDateTime}, field{"lastModifiedDateTime", &next.LastModifiedDateTime})
	if err == nil {
		err = m.leftover(FilterType)
	}
	switch {
	case err != nil:
	case !slices.Contains(Platforms, next.Platform):
		err = fmt.Errorf("platform %q is not a member of %sdevicePlatformType", next.Platform, Namespace)
	case next.ManagementType != "" && !slices.Contains(ManagementTypes, next.ManagementType):
		err = fmt.Errorf("assignmentFilterManagementType %q is not a member of %sassignmentFilterManagementType", next.ManagementType, Namespace)
	}
	if err != nil {
		return fmt.Errorf("assignment filter %q: %w", next.ID, err)
	}
	*f = next
	return nil
}
