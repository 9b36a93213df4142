package demo

import (
	"time"

	"enrollassign/graph/emulator/wire"
)

// Assignment filter IDs tests name; AssignmentFilterID (configurations.go)
// is the Windows filter some seeded targets carry.
const (
	FilterCorporateIPads    = "4f1c2a3b-5d6e-4f70-8a91-b2c3d4e5f601"
	FilterAppleSiliconMacs  = "5a2d3b4c-6e7f-4081-9b02-c3d4e5f6a702"
	FilterAutopilotProfiles = "6b3e4c5d-7f80-4192-8c13-d4e5f6a7b803"
	FilterAndroidCorporate  = "7c4f5d6e-8091-42a3-9d24-e5f6a7b8c904"
	FilterAndroidAdmin      = "8d506e7f-91a2-43b4-8e35-f6a7b8c9da05"
	FilterOutlookIOSApps    = "9e617f80-a2b3-44c5-9f46-a7b8c9daeb06"
)

// filtersAt is when the demo tenant's filters were "created".
var filtersAt = time.Date(2024, 2, 12, 14, 5, 0, 0, time.UTC)

// Filters builds the seeded assignment filters: some for each platform the
// enrollment configurations take (iOS, macOS, Windows), some that none of
// them takes (Android, a managed-apps filter).
func Filters() []wire.AssignmentFilter {
	f := func(id, name, description, platform, rule string) wire.AssignmentFilter {
		return wire.AssignmentFilter{ID: id, DisplayName: name, Description: description, Platform: platform, Rule: rule,
			ManagementType: "devices", CreatedDateTime: filtersAt, LastModifiedDateTime: filtersAt}
	}
	apps := f(FilterOutlookIOSApps, "Outlook on personal iPhones", "App protection only.", "iOSMobileApplicationManagement",
		`(app.appVersion -ge "4.2400.0")`)
	apps.ManagementType = "apps"
	return []wire.AssignmentFilter{
		f(AssignmentFilterID, "Windows 11 corporate devices", "Corporate-owned Windows 11.", "windows10AndLater",
			`(device.osVersion -startsWith "10.0.22") and (device.deviceOwnership -eq "Corporate")`),
		f(FilterAutopilotProfiles, "Autopilot profile: kiosk", "", "windows10AndLater", `(device.enrollmentProfileName -eq "Kiosk")`),
		f(FilterCorporateIPads, "Corporate iPads", "", "iOS", `(device.model -startsWith "iPad") and (device.deviceOwnership -eq "Corporate")`),
		f(FilterAppleSiliconMacs, "Apple silicon Macs", "", "macOS", `(device.model -contains "M1") or (device.model -contains "M2")`),
		f(FilterAndroidCorporate, "Android Enterprise corporate", "", "androidForWork", `(device.deviceOwnership -eq "Corporate")`),
		f(FilterAndroidAdmin, "Android device administrator (legacy)", "", "android", `(device.manufacturer -eq "Samsung")`),
		apps,
	}
}
