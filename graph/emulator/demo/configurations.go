package demo

import (
	"time"

	"enrollassign/graph/emulator/wire"
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

// seed is one row of the configuration table; props holds the subtype's
// own properties.
type seed struct {
	kind        wire.ConfigurationKind
	id, name    string
	description string
	priority    int32
	props       wire.Configuration
	targets     []wire.Target
}

// Subtype properties, as the service returns them (built afresh for each
// seed, so no two configurations share a value).

func allPlatformsAllowed() wire.Configuration {
	return restrictions(wire.PlatformRestrictions{Android: allowed(""), IOS: allowed(""), MacOS: allowed(""),
		WindowsMobile: blocked(), Windows: allowed("")})
}

func personalBlocked() wire.Configuration {
	return restrictions(wire.PlatformRestrictions{Android: corporate(allowed("12.0")), IOS: corporate(allowed("16.0")),
		MacOS: corporate(allowed("")), WindowsMobile: corporate(blocked()), Windows: corporate(allowed("10.0.19045"))})
}

func windowsOnly() wire.Configuration {
	return restrictions(wire.PlatformRestrictions{Android: corporate(blocked()), IOS: corporate(blocked()),
		MacOS: corporate(blocked()), WindowsMobile: corporate(blocked()), Windows: corporate(allowed("10.0.22621"))})
}

func macOnly() wire.Configuration {
	return restrictions(wire.PlatformRestrictions{Android: blocked(), IOS: allowed("17.0"), MacOS: allowed("14.0"),
		WindowsMobile: blocked(), Windows: blocked()})
}

func helloDefault() wire.Configuration {
	return hello(wire.WindowsHelloForBusiness{EnhancedBiometricsState: wire.NotConfigured, PinExpirationInDays: 0,
		PinLowercaseCharactersUsage: wire.PinAllowed, PinMaximumLength: 127, PinMinimumLength: 6, PinPreviousBlockCount: 0,
		PinSpecialCharactersUsage: wire.PinAllowed, PinUppercaseCharactersUsage: wire.PinAllowed, RemotePassportEnabled: true,
		SecurityDeviceRequired: false, State: wire.Enabled, UnlockWithBiometricsEnabled: true})
}

func helloStrict() wire.Configuration {
	return hello(wire.WindowsHelloForBusiness{EnhancedBiometricsState: wire.Enabled, PinExpirationInDays: 90,
		PinLowercaseCharactersUsage: wire.PinRequired, PinMaximumLength: 32, PinMinimumLength: 8, PinPreviousBlockCount: 5,
		PinSpecialCharactersUsage: wire.PinRequired, PinUppercaseCharactersUsage: wire.PinRequired, RemotePassportEnabled: false,
		SecurityDeviceRequired: true, State: wire.Enabled, UnlockWithBiometricsEnabled: true})
}

func helloHR() wire.Configuration {
	return hello(wire.WindowsHelloForBusiness{EnhancedBiometricsState: wire.NotConfigured, PinExpirationInDays: 0,
		PinLowercaseCharactersUsage: wire.PinAllowed, PinMaximumLength: 127, PinMinimumLength: 6, PinPreviousBlockCount: 0,
		PinSpecialCharactersUsage: wire.PinDisallowed, PinUppercaseCharactersUsage: wire.PinAllowed, RemotePassportEnabled: true,
		SecurityDeviceRequired: true, State: wire.Enabled, UnlockWithBiometricsEnabled: false})
}

// esp is an Enrollment Status Page that blocks the device until its apps
// are installed, or lets it through before.
func esp(nonBlocking bool) wire.Configuration {
	return wire.Configuration{CompletionPage: wire.CompletionPage{AllowNonBlockingAppInstallation: nonBlocking}}
}

func limit(n int32) wire.Configuration {
	return wire.Configuration{DeviceLimit: wire.DeviceLimit{Limit: n}}
}

func restrictions(r wire.PlatformRestrictions) wire.Configuration {
	return wire.Configuration{PlatformRestrictions: r}
}

func hello(h wire.WindowsHelloForBusiness) wire.Configuration {
	return wire.Configuration{WindowsHello: h}
}

// allowed lets a platform enroll, from a minimum OS version ("" for any).
func allowed(minimum string) wire.PlatformRestriction {
	r := wire.PlatformRestriction{}
	if minimum != "" {
		r.OSMinimumVersion = &minimum
	}
	return r
}

func blocked() wire.PlatformRestriction { return wire.PlatformRestriction{PlatformBlocked: true} }

// corporate blocks personally owned devices of a platform.
func corporate(r wire.PlatformRestriction) wire.PlatformRestriction {
	r.PersonalDeviceEnrollmentBlocked = true
	return r
}

func group(name string) wire.Target {
	return wire.Target{Kind: wire.TargetGroup, GroupID: GroupID(name)}
}
func excluded(name string) wire.Target {
	return wire.Target{Kind: wire.TargetExclusionGroup, GroupID: GroupID(name)}
}
func collection(id string) wire.Target {
	return wire.Target{Kind: wire.TargetCollection, CollectionID: id}
}

// withFilter adds beta's assignment filter: the emulator shows it on beta
// and hides it on v1.0, as the service does.
func withFilter(t wire.Target, filterType string) wire.Target {
	t.FilterID, t.FilterType = AssignmentFilterID, filterType
	return t
}

func seeds() []seed {
	allUsers, allDevices := wire.Target{Kind: wire.TargetAllLicensedUsers}, wire.Target{Kind: wire.TargetAllDevices}
	return []seed{
		{wire.ConfigurationLimit, ConfigDefaultLimit, "All users and all devices",
			"This is the default Device Limit Restriction applied with the lowest priority to all users regardless of group membership.",
			0, limit(5), []wire.Target{allUsers}},
		{wire.ConfigurationLimit, ConfigTenDevices, "Ten devices", "Engineers and IT may enroll up to ten devices.",
			1, limit(10), []wire.Target{group("Research and Development"), group("IT Admins"), excluded(Contractors)}},
		{wire.ConfigurationLimit, ConfigExecutivesLimit, "Executives - fifteen devices", "",
			2, limit(15), []wire.Target{group(Executives), group("VIP Users")}},
		{wire.ConfigurationLimit, ConfigFrontlineLimit, "Frontline - one device", "Shared-device workers enroll a single device.",
			3, limit(1), []wire.Target{group(FrontlineWorkers), excluded("Warehouse Scanners")}},
		{wire.ConfigurationLimit, ConfigSalesLimit, "Sales - three devices", "",
			4, limit(3), []wire.Target{group(SalesLaptops), withFilter(group(SalesTeam), "include")}},
		{wire.ConfigurationLimit, ConfigUnassignedLimit, "Draft - two devices", "Not assigned yet.",
			5, limit(2), nil},

		{wire.ConfigurationPlatformRestrictions, ConfigDefaultRestrictions, "All users",
			"This is the default Device Type Restriction applied with the lowest priority to all users regardless of group membership.",
			0, allPlatformsAllowed(), []wire.Target{allUsers}},
		{wire.ConfigurationPlatformRestrictions, ConfigBlockPersonal, "Block personal devices", "Corporate-owned devices only.",
			1, personalBlocked(), []wire.Target{group("Blocked Personal Devices"), group(FinanceTeam), excluded(Executives)}},
		{wire.ConfigurationPlatformRestrictions, ConfigCorporateWindows, "Corporate Windows only", "",
			2, windowsOnly(), []wire.Target{group(FrontlineWorkers)}},
		{wire.ConfigurationPlatformRestrictions, ConfigMacEngineering, "Apple platforms for engineering", "",
			3, macOnly(), []wire.Target{group("macOS Engineering"), excluded("Interns")}},
		{wire.ConfigurationPlatformRestrictions, ConfigPilotRestrictions, "Pilot - all platforms", "Pilot ring tries new OS versions first.",
			4, allPlatformsAllowed(), []wire.Target{group(PilotUsers)}},

		{wire.ConfigurationWindowsHelloForBusiness, ConfigDefaultHello, "All users and all devices",
			"This is the default Windows Hello for Business configuration applied with the lowest priority to all users regardless of group membership.",
			0, helloDefault(), []wire.Target{allUsers}},
		{wire.ConfigurationWindowsHelloForBusiness, ConfigHelloStrictPIN, "Windows Hello - strict PIN", "",
			1, helloStrict(), []wire.Target{group(FinanceTeam), group("Legal")}},
		{wire.ConfigurationWindowsHelloForBusiness, ConfigHelloHR, "Windows Hello - HR", "",
			2, helloHR(), []wire.Target{group("HR Department"), excluded(FrontlineWorkers)}},

		{wire.ConfigurationEnrollmentCompletionPage, ConfigDefaultESP, "All users and all devices",
			"This is the default enrollment status screen configuration applied with the lowest priority to all users and all devices regardless of group membership.",
			0, esp(false), []wire.Target{allUsers, allDevices}},
		{wire.ConfigurationEnrollmentCompletionPage, ConfigAutopilotESP, "Autopilot ESP - block until apps installed", "",
			1, esp(false), []wire.Target{withFilter(group("Windows Autopilot Devices"), "include"), collection("SMS00001")}},
		{wire.ConfigurationEnrollmentCompletionPage, ConfigKioskESP, "Kiosk ESP - non-blocking", "",
			2, esp(true), []wire.Target{group("Kiosk Devices"), collection("CM100023")}},
		{wire.ConfigurationEnrollmentCompletionPage, ConfigPilotESP, "Pilot ESP", "",
			3, esp(true), []wire.Target{allDevices, group(PilotUsers), withFilter(excluded(TestDevices), "exclude")}},
		{wire.ConfigurationEnrollmentCompletionPage, ConfigRing0ESP, "Windows 11 Ring 0 ESP", "",
			4, esp(false), []wire.Target{group("Windows 11 Ring 0")}},
	}
}

// seededAt is when the demo tenant's configurations were "created".
var seededAt = time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC)

// Configurations builds the seeded configurations. Assignment IDs are left
// empty: the Graph side derives them as the service does.
func Configurations() []wire.Configuration {
	rows := seeds()
	out := make([]wire.Configuration, len(rows))
	for i, r := range rows {
		out[i] = r.configuration(seededAt.Add(time.Duration(i) * 37 * time.Hour))
	}
	return out
}

func (r seed) configuration(created time.Time) wire.Configuration {
	c := r.props
	c.Kind, c.ID, c.DisplayName, c.Description = r.kind, r.id, r.name, r.description
	c.Priority, c.Version, c.CreatedDateTime, c.LastModifiedDateTime = r.priority, 1, created, created
	c.Assignments = []wire.Assignment{}
	for _, t := range r.targets {
		c.Assignments = append(c.Assignments, wire.Assignment{Target: t})
	}
	return c
}
