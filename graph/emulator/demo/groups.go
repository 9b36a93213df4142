package demo

import (
	"fmt"

	"enrollassign/graph/emulator/wire"
)

// Named groups that tests and the browser scenarios use.
const (
	SalesLaptops     = "Sales Laptops"
	SalesTeam        = "Sales Team"
	PilotUsers       = "Pilot Users"
	FinanceTeam      = "Finance Team"
	Contractors      = "Contractors"
	Executives       = "Executives"
	FrontlineWorkers = "Frontline Workers"
	TestDevices      = "Test Devices"
	ITAdmins         = "IT Admins"
	Interns          = "Interns"
	HelpdeskTeam     = "Helpdesk Operators"
	RAndD            = "Research and Development"
	MacEngineering   = "macOS Engineering"
	// The nesting: All Staff ⊃ Pilot Users ⊃ IT Admins ⊃ Intune Admins,
	// All Staff ⊃ Executives ⊃ Board Members, All Staff ⊃ Research and
	// Development ⊃ macOS Engineering; All Corporate Devices ⊃ Windows 11
	// Ring 1 ⊃ Windows 11 Ring 0.
	AllStaff            = "All Staff"
	AllCorporateDevices = "All Corporate Devices"
	IntuneAdmins        = "Intune Admins"
	BoardMembers        = "Board Members"
)

// How a seeded group is made: an assigned security group unless it says
// otherwise.
const (
	security = iota
	dynamicSecurity
	microsoft365
)

// groupRow is one group of the directory: display name, fixed ID,
// description, kind, and its direct members: how many users (the named
// sign-in users among them), how many devices, nested groups by name. An
// office's users are people nobody else's office has.
type groupRow struct {
	name, id, description string
	kind                  int
	users, devices        int
	named                 []string
	nested                []string
	office                bool
}

// groups is the directory.
var groups = []groupRow{
	{name: SalesLaptops, id: "643e5a7e-6327-4f8d-a14d-79344396b394", description: "Laptops issued to the sales force", kind: dynamicSecurity, devices: 42},
	{name: SalesTeam, id: "2055bd7e-3680-4788-8cb4-3744ef9778f0", description: "Everyone in Sales", users: 57},
	{name: PilotUsers, id: "7ac8a504-1f02-4b6d-a64b-28a3e3b4fee9", description: "Early adopters who get changes first", users: 12, nested: []string{ITAdmins}},
	{name: FinanceTeam, id: "08889447-05bc-4395-ac83-98ca58733e3c", description: "Finance and accounting", kind: microsoft365, users: 23},
	{name: "Marketing Devices", id: "7a0a1ed8-ea3c-494d-8f4a-83aca12bf496", description: "Devices owned by Marketing", devices: 31},
	{name: Contractors, id: "624f4712-4475-4147-8950-f072de4062a4", description: "External contractors", users: 19},
	{name: Executives, id: "39552f6e-7639-4ca3-a180-762e62152933", description: "Executive leadership team", users: 6, nested: []string{BoardMembers}},
	{name: ITAdmins, id: "688afa23-e90a-41ab-a8a2-7b731c62d136", description: "IT administrators", users: 2, nested: []string{IntuneAdmins}},
	{name: HelpdeskTeam, id: "da987187-f097-45a4-93bd-5240dbbdfb73", description: "First-line support staff", users: 14, named: []string{HelpdeskUPN, ReaderUPN}},
	{name: "Kiosk Devices", id: "9a67e303-2e93-465b-be87-27e424d7ea65", description: "Single-app kiosks in stores", kind: dynamicSecurity, devices: 120},
	{name: "Android Enterprise Users", id: "6109f68a-3820-4fec-a350-875d9a092b79", description: "Users with corporate Android phones", users: 64},
	{name: "iOS Corporate Devices", id: "171fea8f-0d7d-487e-b9ba-fdec2bac880c", description: "Company-owned iPhones", kind: dynamicSecurity, devices: 88},
	{name: MacEngineering, id: "3e2c706c-9faa-4348-8563-a8ec898f936b", description: "Engineers on macOS", users: 27},
	{name: "Windows Autopilot Devices", id: "5cb54a80-e867-4663-b498-e31e44bab00c", description: "Devices registered with Autopilot", kind: dynamicSecurity, devices: 212},
	{name: FrontlineWorkers, id: "518d4ca0-3523-4b7f-a854-9cbd3b997bdd", description: "Store and warehouse staff", users: 140},
	{name: "London Office", id: "e01f9382-e8c6-4dde-9416-93dfd094ea55", description: "Staff based in London", kind: dynamicSecurity, users: 96, office: true},
	{name: "New York Office", id: "db7f145e-6a8d-455b-bac4-a39f34161a70", description: "Staff based in New York", kind: dynamicSecurity, users: 81, office: true},
	{name: "Seattle Office", id: "007941d3-3610-4647-a053-e8884b45a6a1", description: "Staff based in Seattle", kind: dynamicSecurity, users: 44, office: true},
	{name: "Berlin Office", id: "c95475b4-0231-4f4f-8f95-c814bda4ea08", description: "Staff based in Berlin", kind: dynamicSecurity, users: 38, office: true},
	{name: "Tokyo Office", id: "dccd08a4-b353-4540-8182-96e9f23bd6a2", description: "Staff based in Tokyo", kind: dynamicSecurity, users: 29, office: true},
	{name: Interns, id: "90adb421-bee2-4620-a35d-34df732c685e", description: "Summer interns"},
	{name: "BYOD Users", id: "0d9f29c0-6797-4a8d-b8a8-6cf468294f16", description: "People enrolling personal devices", users: 73},
	{name: RAndD, id: "484ba592-26ba-43fd-9de7-dd6d85abb988", description: "R&D engineers", users: 52, nested: []string{MacEngineering}},
	{name: "Legal", id: "29743a96-9820-482c-a750-9cf5c62ece7a", description: "Legal department", kind: microsoft365, users: 9},
	{name: "HR Department", id: "0a9eccef-4e01-41d7-b0a5-c314f4ff5b5e", description: "Human resources", kind: microsoft365, users: 11},
	{name: "Customer Support", id: "32ce4150-210b-40a6-8238-a0fa0f958ae6", description: "Customer support agents", users: 35},
	{name: "Warehouse Scanners", id: "4f9de055-ddf1-4763-bb76-1aa42a45bb57", description: "Rugged Android scanners", devices: 66},
	{name: "Shared iPads", id: "4abd51b9-4ea1-4e71-b6d4-5ded257dff7e", description: "Shared iPads in classrooms", devices: 40},
	{name: "Conference Room Devices", id: "d419a9ad-4cfa-45d7-b9d7-35969f7cba20", description: "Teams Rooms and displays", devices: 17},
	{name: "VIP Users", id: "0d5222df-21bf-4578-92e4-0be997784fa8", description: "Users with white-glove support", users: 4, nested: []string{Executives}},
	{name: TestDevices, id: "154f8fbc-5b48-4733-8876-28f810b7f192", description: "Devices used for testing policies", devices: 6},
	{name: "Windows 11 Ring 0", id: "ae1f1bf2-fb4e-4aa7-845a-a2d8f199c969", description: "First Windows 11 deployment ring", devices: 10},
	{name: "Windows 11 Ring 1", id: "2ea828c2-93f8-4d71-bf05-30a1f83e2fa0", description: "Second Windows 11 deployment ring", devices: 50, nested: []string{"Windows 11 Ring 0"}},
	{name: "Blocked Personal Devices", id: "2e2a5b37-4480-4dba-9d6f-bdc5f8c328ea", description: "Users barred from enrolling personal devices", users: 3},
	{name: IntuneAdmins, id: "b7c1e0d4-2f6a-4e83-9a15-6d0c3b8e2f71", description: "Administrators with an Intune role", users: 2, named: []string{AdminUPN, NoConsentUPN}},
	{name: BoardMembers, id: "c4a9f2e6-81d3-4b57-a0e2-95f1d7c3b486", description: "Members of the board", users: 1},
	{name: AllStaff, id: "e8d2b5a1-4c7f-4a96-b3e0-1f6a9c2d7e58", description: "Every employee, by department",
		nested: []string{SalesTeam, RAndD, "Customer Support", HelpdeskTeam, PilotUsers, Executives}},
	{name: AllCorporateDevices, id: "f1a6c3e9-5b2d-4f70-8c41-3e9b7a5d0c62", description: "Every company-owned device",
		nested: []string{"Windows 11 Ring 1", "iOS Corporate Devices", SalesLaptops, "Shared iPads"}},
}

// Groups lists the tenant's groups in directory order, each with its kind
// and members.
func Groups() []wire.Group {
	people := allocate()
	out := make([]wire.Group, len(groups))
	for i, g := range groups {
		out[i] = wire.Group{DisplayName: g.name, ID: g.id, Description: g.description, Members: g.members(people[i])}
		switch g.kind {
		case security:
			out[i].SecurityEnabled = true
		case dynamicSecurity:
			out[i].SecurityEnabled, out[i].GroupTypes = true, []string{wire.GroupDynamic}
		case microsoft365:
			out[i].MailEnabled, out[i].GroupTypes = true, []string{wire.GroupUnified}
		}
	}
	return out
}

// members are the row's users, its devices (with IDs made from the
// group's own, so every start has the same), then its nested groups.
func (g groupRow) members(users []string) []wire.Member {
	var out []wire.Member
	for _, id := range users {
		out = append(out, wire.NewMember(wire.MemberUser, id))
	}
	for i := range g.devices {
		out = append(out, wire.NewMember(wire.MemberDevice, memberID(g.id, 0xd, i)))
	}
	for _, name := range g.nested {
		out = append(out, wire.NewMember(wire.MemberGroup, GroupID(name)))
	}
	return out
}

// memberID is the i-th device (kind d) of a group: the group's ID with its
// last block replaced.
func memberID(groupID string, kind, i int) string {
	return fmt.Sprintf("%s-%x%011x", groupID[:23], kind, i+1)
}

// GroupID is the ID of a seeded group by display name, or "" if none.
func GroupID(displayName string) string {
	for _, g := range groups {
		if g.name == displayName {
			return g.id
		}
	}
	return ""
}
