// Package resolve says which enrollment configuration applies to whom, and
// who a change moves, from plain data: the configurations with their
// assignments, and a snapshot of the directory (users, their transitive
// groups, each group's transitive users and devices). It reads nothing and
// sends nothing; the screens hand it what the graph client has read.
//
// Every precedence rule is Microsoft's, cited beside the code that applies
// it (the Doc* constants). Where the documentation does not settle a case,
// the outcome says so in Unclear instead of guessing silently, and the
// screens show that note.
package resolve

// The documentation each rule follows.
const (
	// DocPriority: "Priority is used when a user exists in multiple groups
	// that are assigned enrollment configuration. Users are subject only to
	// the configuration with the lowest priority value."
	DocPriority = "https://learn.microsoft.com/en-us/graph/api/resources/intune-onboarding-deviceenrollmentconfiguration"
	// DocPlatformDefault: "Intune applies the default policy to all user and
	// userless enrollments until you assign a higher-priority policy."
	DocPlatformDefault = "https://learn.microsoft.com/en-us/mem/intune/enrollment/create-device-platform-restrictions"
	// DocLimitDefault: the same sentence for device limit restrictions.
	DocLimitDefault = "https://learn.microsoft.com/en-us/mem/intune/enrollment/create-device-limit-restrictions"
	// DocExclusion: including and excluding groups of one type; an exclusion
	// takes precedence over an inclusion, and Intune does not evaluate
	// user-to-device group relationships (so a device group does not exclude
	// a user included through a user group).
	DocExclusion = "https://learn.microsoft.com/en-us/mem/intune/configuration/device-profile-assign"
	// DocHello: Windows Hello for Business at enrollment is "a tenant-wide
	// policy ... [that] targets your entire organization".
	DocHello = "https://learn.microsoft.com/en-us/mem/intune/protect/windows-hello"
	// DocESP: Enrollment Status Page profiles, their priority and their
	// assignment to user or device groups.
	DocESP = "https://learn.microsoft.com/en-us/mem/intune/enrollment/windows-enrollment-status"
	// DocNested: membership counted through nested groups, as Graph's
	// transitiveMemberOf answers it.
	DocNested = "https://learn.microsoft.com/en-us/graph/api/user-list-transitivememberof"
	// DocAllUsers: allLicensedUsersAssignmentTarget, every licensed user.
	DocAllUsers = "https://learn.microsoft.com/en-us/graph/api/resources/intune-shared-alllicensedusersassignmenttarget"
)
