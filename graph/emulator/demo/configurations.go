package demo

import (
	"encoding/json"
	"fmt"
	"time"

	"enrollassign/graph"
)

// Configuration IDs that tests name. Defaults end in `_Default...` and have
// priority 0, as the service's own do.
const (
	ConfigDefaultLimit        = "b7d3f2a1-0c4e-4a8b-9e6f-5d1c3a7b9e20_DefaultLimit"
	ConfigTenDevices          = "3f4777ba-930f-4ee0-8484-3b7aaf2915e7_Limit"
	ConfigExecutivesLimit     = "6f0ec4b7-04be-4cc5-b121-c2b096de8e74_Limit"
	ConfigFrontlineLimit      = "ba2e832b-b206-419a-abcb-0e14acf99ce7_Limit"
	ConfigSalesLimit          = "4e4dac9a-c0f6-4f94-b754-4b1b71ae02a5_Limit"
	ConfigUnassignedLimit     = "3111de26-aa64-4328-a989-29006acfb7ed_Limit"
	ConfigDefaultRestrictions = "b7d3f2a1-0c4e-4a8b-9e6f-5d1c3a7b9e20_DefaultPlatformRestrictions"
	ConfigBlockPersonal       = "0b658922-0680-4abb-ab9e-6bf6a4ddbbe5_PlatformRestrictions"
	ConfigCorporateWindows    = "4b249d38-af82-4ced-9817-cb7413a7c298_PlatformRestrictions"
	ConfigMacEngineering      = "9697f315-4be3-43cf-946f-fabcee7de9bc_PlatformRestrictions"
	ConfigPilotRestrictions   = "13992a66-5927-4437-a21d-e7bdafcdc7bf_PlatformRestrictions"
	ConfigDefaultHello        = "b7d3f2a1-0c4e-4a8b-9e6f-5d1c3a7b9e20_DefaultWindowsHelloForBusiness"
	ConfigHelloStrictPIN      = "48e939a1-ab70-4862-8bcb-ba83b319a2f8_WindowsHelloForBusiness"
	ConfigHelloHR             = "55a6cdf4-2eb9-463c-84cd-a26025cb26dc_WindowsHelloForBusiness"
	ConfigDefaultESP          = "b7d3f2a1-0c4e-4a8b-9e6f-5d1c3a7b9e20_DefaultWindows10EnrollmentCompletionPageConfiguration"
	ConfigAutopilotESP        = "ae80a610-da98-41f1-ad8d-80d1e9c4ad1e_Windows10EnrollmentCompletionPageConfiguration"
	ConfigKioskESP            = "bf8b4d56-41fc-499f-9181-ae4b8f876fff_Windows10EnrollmentCompletionPageConfiguration"
	ConfigPilotESP            = "853fa025-8446-4406-aed2-150ef71cbcc7_Windows10EnrollmentCompletionPageConfiguration"
	ConfigRing0ESP            = "aaf902a5-efd7-43de-8a16-d49ab6f8e021_Windows10EnrollmentCompletionPageConfiguration"
)

// AssignmentFilterID is a beta assignment filter some seeded targets carry.
const AssignmentFilterID = "92aae069-eebf-4d3a-bcee-5354ab2d0ae2"

// seed is one row of the configuration table.
type seed struct {
	kind        graph.ConfigurationKind
	id, name    string
	description string
	priority    int32
	settings    string
	targets     []graph.Target
}

// Subtype settings, as the service returns them.
const (
	allPlatformsAllowed = `{"androidRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"iosRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"macOSRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"windowsMobileRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"windowsRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null}}`
	personalBlocked     = `{"androidRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":"12.0","osMaximumVersion":null},"iosRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":"16.0","osMaximumVersion":null},"macOSRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"windowsMobileRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"windowsRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":"10.0.19045","osMaximumVersion":null}}`
	windowsOnly         = `{"androidRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"iosRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"macOSRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"windowsMobileRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":null,"osMaximumVersion":null},"windowsRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":"10.0.22621","osMaximumVersion":null}}`
	macOnly             = `{"androidRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"iosRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":"17.0","osMaximumVersion":null},"macOSRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":"14.0","osMaximumVersion":null},"windowsMobileRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null},"windowsRestriction":{"platformBlocked":true,"personalDeviceEnrollmentBlocked":false,"osMinimumVersion":null,"osMaximumVersion":null}}`
	helloDefault        = `{"enhancedBiometricsState":"notConfigured","pinExpirationInDays":0,"pinLowercaseCharactersUsage":"allowed","pinMaximumLength":127,"pinMinimumLength":6,"pinPreviousBlockCount":0,"pinSpecialCharactersUsage":"allowed","pinUppercaseCharactersUsage":"allowed","remotePassportEnabled":true,"securityDeviceRequired":false,"state":"enabled","unlockWithBiometricsEnabled":true}`
	helloStrict         = `{"enhancedBiometricsState":"enabled","pinExpirationInDays":90,"pinLowercaseCharactersUsage":"required","pinMaximumLength":32,"pinMinimumLength":8,"pinPreviousBlockCount":5,"pinSpecialCharactersUsage":"required","pinUppercaseCharactersUsage":"required","remotePassportEnabled":false,"securityDeviceRequired":true,"state":"enabled","unlockWithBiometricsEnabled":true}`
	helloHR             = `{"enhancedBiometricsState":"notConfigured","pinExpirationInDays":0,"pinLowercaseCharactersUsage":"allowed","pinMaximumLength":127,"pinMinimumLength":6,"pinPreviousBlockCount":0,"pinSpecialCharactersUsage":"disallowed","pinUppercaseCharactersUsage":"allowed","remotePassportEnabled":true,"securityDeviceRequired":true,"state":"enabled","unlockWithBiometricsEnabled":false}`
	espBlocking         = `{"allowNonBlockingAppInstallation":false}`
	espNonBlocking      = `{"allowNonBlockingAppInstallation":true}`
)

func limit(n int) string { return fmt.Sprintf(`{"limit":%d}`, n) }

func group(name string) graph.Target    { return graph.GroupTarget(GroupID(name)) }
func excluded(name string) graph.Target { return graph.ExclusionGroupTarget(GroupID(name)) }

// withFilter adds the beta-only assignment filter properties, which the
// models keep as unknown members: the emulator shows them on beta and
// strips them on v1.0, as the service does.
func withFilter(t graph.Target, filterType string) graph.Target {
	raw, err := json.Marshal(t)
	if err != nil {
		panic(err) // a seed row that cannot encode is a bug in this table
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		panic(err)
	}
	members["deviceAndAppManagementAssignmentFilterId"] = json.RawMessage(`"` + AssignmentFilterID + `"`)
	members["deviceAndAppManagementAssignmentFilterType"] = json.RawMessage(`"` + filterType + `"`)
	raw, _ = json.Marshal(members)
	var out graph.Target
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

func seeds() []seed {
	allUsers, allDevices := graph.AllLicensedUsersTarget(), graph.AllDevicesTarget()
	return []seed{
		{graph.ConfigurationLimit, ConfigDefaultLimit, "All users and all devices",
			"This is the default Device Limit Restriction applied with the lowest priority to all users regardless of group membership.",
			0, limit(5), []graph.Target{allUsers}},
		{graph.ConfigurationLimit, ConfigTenDevices, "Ten devices", "Engineers and IT may enroll up to ten devices.",
			1, limit(10), []graph.Target{group("Research and Development"), group("IT Admins"), excluded(Contractors)}},
		{graph.ConfigurationLimit, ConfigExecutivesLimit, "Executives - fifteen devices", "",
			2, limit(15), []graph.Target{group(Executives), group("VIP Users")}},
		{graph.ConfigurationLimit, ConfigFrontlineLimit, "Frontline - one device", "Shared-device workers enroll a single device.",
			3, limit(1), []graph.Target{group(FrontlineWorkers), excluded("Warehouse Scanners")}},
		{graph.ConfigurationLimit, ConfigSalesLimit, "Sales - three devices", "",
			4, limit(3), []graph.Target{group(SalesLaptops), withFilter(group(SalesTeam), "include")}},
		{graph.ConfigurationLimit, ConfigUnassignedLimit, "Draft - two devices", "Not assigned yet.",
			5, limit(2), nil},

		{graph.ConfigurationPlatformRestrictions, ConfigDefaultRestrictions, "All users",
			"This is the default Device Type Restriction applied with the lowest priority to all users regardless of group membership.",
			0, allPlatformsAllowed, []graph.Target{allUsers}},
		{graph.ConfigurationPlatformRestrictions, ConfigBlockPersonal, "Block personal devices", "Corporate-owned devices only.",
			1, personalBlocked, []graph.Target{group("Blocked Personal Devices"), group(FinanceTeam), excluded(Executives)}},
		{graph.ConfigurationPlatformRestrictions, ConfigCorporateWindows, "Corporate Windows only", "",
			2, windowsOnly, []graph.Target{group(FrontlineWorkers)}},
		{graph.ConfigurationPlatformRestrictions, ConfigMacEngineering, "Apple platforms for engineering", "",
			3, macOnly, []graph.Target{group("macOS Engineering"), excluded("Interns")}},
		{graph.ConfigurationPlatformRestrictions, ConfigPilotRestrictions, "Pilot - all platforms", "Pilot ring tries new OS versions first.",
			4, allPlatformsAllowed, []graph.Target{group(PilotUsers)}},

		{graph.ConfigurationWindowsHelloForBusiness, ConfigDefaultHello, "All users and all devices",
			"This is the default Windows Hello for Business configuration applied with the lowest priority to all users regardless of group membership.",
			0, helloDefault, []graph.Target{allUsers}},
		{graph.ConfigurationWindowsHelloForBusiness, ConfigHelloStrictPIN, "Windows Hello - strict PIN", "",
			1, helloStrict, []graph.Target{group(FinanceTeam), group("Legal")}},
		{graph.ConfigurationWindowsHelloForBusiness, ConfigHelloHR, "Windows Hello - HR", "",
			2, helloHR, []graph.Target{group("HR Department"), excluded(FrontlineWorkers)}},

		{graph.ConfigurationEnrollmentCompletionPage, ConfigDefaultESP, "All users and all devices",
			"This is the default enrollment status screen configuration applied with the lowest priority to all users and all devices regardless of group membership.",
			0, espBlocking, []graph.Target{allUsers, allDevices}},
		{graph.ConfigurationEnrollmentCompletionPage, ConfigAutopilotESP, "Autopilot ESP - block until apps installed", "",
			1, espBlocking, []graph.Target{withFilter(group("Windows Autopilot Devices"), "include"), graph.CollectionTarget("SMS00001")}},
		{graph.ConfigurationEnrollmentCompletionPage, ConfigKioskESP, "Kiosk ESP - non-blocking", "",
			2, espNonBlocking, []graph.Target{group("Kiosk Devices"), graph.CollectionTarget("CM100023")}},
		{graph.ConfigurationEnrollmentCompletionPage, ConfigPilotESP, "Pilot ESP", "",
			3, espNonBlocking, []graph.Target{allDevices, group(PilotUsers), withFilter(excluded(TestDevices), "exclude")}},
		{graph.ConfigurationEnrollmentCompletionPage, ConfigRing0ESP, "Windows 11 Ring 0 ESP", "",
			4, espBlocking, []graph.Target{group("Windows 11 Ring 0")}},
	}
}

// seededAt is when the demo tenant's configurations were "created".
var seededAt = time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC)

// Configurations builds the seeded configurations. Assignment IDs are left
// empty: the Graph side derives them as the service does.
func Configurations() []graph.Configuration {
	rows := seeds()
	out := make([]graph.Configuration, len(rows))
	for i, r := range rows {
		out[i] = r.configuration(seededAt.Add(time.Duration(i) * 37 * time.Hour))
	}
	return out
}

func (r seed) configuration(created time.Time) graph.Configuration {
	var settings map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.settings), &settings); err != nil {
		panic(fmt.Sprintf("seed %s: %v", r.id, err))
	}
	c := graph.Configuration{
		Kind: r.kind, ID: r.id, DisplayName: r.name, Description: r.description,
		Priority: r.priority, Version: 1, CreatedDateTime: created, LastModifiedDateTime: created,
		Settings: settings, Assignments: []graph.Assignment{},
	}
	for _, t := range r.targets {
		c.Assignments = append(c.Assignments, graph.Assignment{Target: t})
	}
	return c
}
