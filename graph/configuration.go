package graph

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ConfigurationKind names a deviceEnrollmentConfiguration subtype by its short
// OData type name. The four v1.0 subtypes are constants; any other value is a
// type this client does not know, kept as read.
type ConfigurationKind string

// The v1.0 configuration subtypes.
const (
	ConfigurationLimit                    ConfigurationKind = "deviceEnrollmentLimitConfiguration"
	ConfigurationPlatformRestrictions     ConfigurationKind = "deviceEnrollmentPlatformRestrictionsConfiguration"
	ConfigurationWindowsHelloForBusiness  ConfigurationKind = "deviceEnrollmentWindowsHelloForBusinessConfiguration"
	ConfigurationEnrollmentCompletionPage ConfigurationKind = "windows10EnrollmentCompletionPageConfiguration"
)

// ConfigurationKinds lists the v1.0 subtypes in the order screens show them.
var ConfigurationKinds = []ConfigurationKind{
	ConfigurationPlatformRestrictions, ConfigurationLimit,
	ConfigurationWindowsHelloForBusiness, ConfigurationEnrollmentCompletionPage,
}

// Known reports whether k is one of the four v1.0 subtypes.
func (k ConfigurationKind) Known() bool {
	switch k {
	case ConfigurationLimit, ConfigurationPlatformRestrictions,
		ConfigurationWindowsHelloForBusiness, ConfigurationEnrollmentCompletionPage:
		return true
	}
	return false
}

// Label is the name the Intune admin center uses for this kind.
func (k ConfigurationKind) Label() string {
	switch k {
	case ConfigurationLimit:
		return "Device limit"
	case ConfigurationPlatformRestrictions:
		return "Enrollment restriction"
	case ConfigurationWindowsHelloForBusiness:
		return "Windows Hello for Business"
	case ConfigurationEnrollmentCompletionPage:
		return "Enrollment Status Page"
	}
	return string(k)
}

// AcceptsTarget reports whether a configuration of this kind can be assigned
// to a target of kind t. Restrictions, limits and Windows Hello apply to the
// user who enrolls, so device-wide targets make no sense for them; the
// Enrollment Status Page applies to devices too and takes every kind. An
// unknown configuration kind is not second-guessed.
func (k ConfigurationKind) AcceptsTarget(t TargetKind) bool {
	if !t.Known() {
		return false
	}
	switch k {
	case ConfigurationLimit, ConfigurationPlatformRestrictions, ConfigurationWindowsHelloForBusiness:
		return t == TargetGroup || t == TargetExclusionGroup || t == TargetAllLicensedUsers
	}
	return true
}

// defaultSuffixes end the IDs of the tenant's built-in default configurations.
var defaultSuffixes = []string{
	"_DefaultPlatformRestrictions",
	"_DefaultLimit",
	"_DefaultWindowsHelloForBusiness",
	"_DefaultWindows10EnrollmentCompletionPageConfiguration",
}

// Configuration is a deviceEnrollmentConfiguration of any subtype.
//
// The common properties are typed. Everything else, the subtype's own
// settings and anything unknown, is kept verbatim in Settings so that it is
// shown and written back exactly as read.
type Configuration struct {
	Kind                 ConfigurationKind
	ID                   string
	DisplayName          string
	Description          string
	Priority             int32
	Version              int32
	CreatedDateTime      time.Time
	LastModifiedDateTime time.Time

	// Settings holds the subtype's own properties (limit, windowsRestriction,
	// pinMinimumLength, ...) and any property this client does not know.
	Settings map[string]json.RawMessage

	// Assignments is nil unless the configuration was read with
	// $expand=assignments (or filled in by the caller).
	Assignments []Assignment

	rawType string
}

// IsDefault reports whether this is one of the tenant's built-in default
// configurations, which apply to all users and devices and whose assignments
// and priority cannot be changed.
func (c Configuration) IsDefault() bool { return c.DefaultReason() != "" }

// DefaultReason explains why the configuration is read-only, or is empty.
func (c Configuration) DefaultReason() string {
	if isDefaultID(c.ID) {
		return fmt.Sprintf("%q is the tenant's default %s: it applies to all users and devices at the lowest precedence, and its assignments and priority cannot be changed", c.DisplayName, c.Kind.Label())
	}
	if c.Priority == 0 && c.ID != "" {
		return fmt.Sprintf("%q has priority 0, which only the tenant's default configurations have: its assignments cannot be changed", c.DisplayName)
	}
	return ""
}

// isDefaultID reports the ID of one of the tenant's default configurations.
func isDefaultID(id string) bool {
	for _, s := range defaultSuffixes {
		if strings.HasSuffix(id, s) {
			return true
		}
	}
	return false
}

// Limit is the device limit of a deviceEnrollmentLimitConfiguration.
func (c Configuration) Limit() (int, bool) {
	raw, ok := c.Settings["limit"]
	if !ok || c.Kind != ConfigurationLimit {
		return 0, false
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, false
	}
	return n, true
}

// MarshalJSON writes the configuration as Graph does: type and common
// properties first, then the settings in name order, then the expanded
// assignments when present.
func (c Configuration) MarshalJSON() ([]byte, error) {
	var w objectWriter
	switch {
	case c.rawType != "":
		w.member(odataTypeKey, c.rawType)
	case c.Kind != "":
		w.member(odataTypeKey, canonicalType(string(c.Kind)))
	}
	w.member("id", c.ID)
	w.member("displayName", c.DisplayName)
	w.member("description", c.Description)
	w.member("priority", c.Priority)
	w.member("createdDateTime", c.CreatedDateTime.UTC())
	w.member("lastModifiedDateTime", c.LastModifiedDateTime.UTC())
	w.member("version", c.Version)
	w.extras(extras(c.Settings), "assignments")
	if c.Assignments != nil {
		w.member("assignments", c.Assignments)
	}
	return w.bytes()
}

// UnmarshalJSON reads a configuration of any subtype.
func (c *Configuration) UnmarshalJSON(data []byte) error {
	members, err := splitObject(data)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	var next Configuration
	var odataType string
	fields := []struct {
		key string
		dst any
	}{
		{odataTypeKey, &odataType},
		{"id", &next.ID},
		{"displayName", &next.DisplayName},
		{"description", &next.Description},
		{"priority", &next.Priority},
		{"version", &next.Version},
		{"createdDateTime", &next.CreatedDateTime},
		{"lastModifiedDateTime", &next.LastModifiedDateTime},
		{"assignments", &next.Assignments},
	}
	for _, f := range fields {
		if err := take(members, f.key, f.dst); err != nil {
			return fmt.Errorf("configuration %q: %w", next.ID, err)
		}
	}
	next.Kind = ConfigurationKind(shortType(odataType))
	if !next.Kind.Known() && odataType != "" {
		next.rawType = odataType
	}
	next.Settings = keepUnknown(members)
	*c = next
	return nil
}
