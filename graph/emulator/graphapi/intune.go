package graphapi

import (
	"strings"

	"enrollassign/graph/emulator/wire"
)

// Intune's rules about configurations, beyond the schema.

// defaultSuffixes end the IDs of the tenant's built-in default configurations.
var defaultSuffixes = []string{
	"_DefaultPlatformRestrictions",
	"_DefaultLimit",
	"_DefaultWindowsHelloForBusiness",
	"_DefaultWindows10EnrollmentCompletionPageConfiguration",
}

// isDefault reports one of the tenant's default configurations: an ID
// ending in a default suffix, or priority 0, which only defaults have.
func isDefault(c wire.Configuration) bool {
	for _, s := range defaultSuffixes {
		if strings.HasSuffix(c.ID, s) {
			return true
		}
	}
	return c.Priority == 0 && c.ID != ""
}

// kindLabel is the name the admin center gives a configuration kind.
func kindLabel(k wire.ConfigurationKind) string {
	switch k {
	case wire.ConfigurationLimit:
		return "Device limit"
	case wire.ConfigurationPlatformRestrictions:
		return "Enrollment restriction"
	case wire.ConfigurationWindowsHelloForBusiness:
		return "Windows Hello for Business"
	case wire.ConfigurationEnrollmentCompletionPage:
		return "Enrollment Status Page"
	}
	return string(k)
}

// acceptsTarget: restrictions, limits and Windows Hello apply to the user
// who enrolls, so only user targets; the Enrollment Status Page applies to
// devices too and takes every kind.
func acceptsTarget(c wire.ConfigurationKind, t wire.TargetKind) bool {
	switch c {
	case wire.ConfigurationLimit, wire.ConfigurationPlatformRestrictions, wire.ConfigurationWindowsHelloForBusiness:
		return t == wire.TargetGroup || t == wire.TargetExclusionGroup || t == wire.TargetAllLicensedUsers
	}
	return t.Known()
}
