package demo

import "enrollassign/graph/emulator/wire"

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
)

// groups is the directory: display name, fixed ID, description.
var groups = [][3]string{
	{SalesLaptops, "643e5a7e-6327-4f8d-a14d-79344396b394", "Laptops issued to the sales force"},
	{SalesTeam, "2055bd7e-3680-4788-8cb4-3744ef9778f0", "Everyone in Sales"},
	{PilotUsers, "7ac8a504-1f02-4b6d-a64b-28a3e3b4fee9", "Early adopters who get changes first"},
	{FinanceTeam, "08889447-05bc-4395-ac83-98ca58733e3c", "Finance and accounting"},
	{"Marketing Devices", "7a0a1ed8-ea3c-494d-8f4a-83aca12bf496", "Devices owned by Marketing"},
	{Contractors, "624f4712-4475-4147-8950-f072de4062a4", "External contractors"},
	{Executives, "39552f6e-7639-4ca3-a180-762e62152933", "Executive leadership team"},
	{"IT Admins", "688afa23-e90a-41ab-a8a2-7b731c62d136", "IT administrators"},
	{"Helpdesk Operators", "da987187-f097-45a4-93bd-5240dbbdfb73", "First-line support staff"},
	{"Kiosk Devices", "9a67e303-2e93-465b-be87-27e424d7ea65", "Single-app kiosks in stores"},
	{"Android Enterprise Users", "6109f68a-3820-4fec-a350-875d9a092b79", "Users with corporate Android phones"},
	{"iOS Corporate Devices", "171fea8f-0d7d-487e-b9ba-fdec2bac880c", "Company-owned iPhones"},
	{"macOS Engineering", "3e2c706c-9faa-4348-8563-a8ec898f936b", "Engineers on macOS"},
	{"Windows Autopilot Devices", "5cb54a80-e867-4663-b498-e31e44bab00c", "Devices registered with Autopilot"},
	{FrontlineWorkers, "518d4ca0-3523-4b7f-a854-9cbd3b997bdd", "Store and warehouse staff"},
	{"London Office", "e01f9382-e8c6-4dde-9416-93dfd094ea55", "Staff based in London"},
	{"New York Office", "db7f145e-6a8d-455b-bac4-a39f34161a70", "Staff based in New York"},
	{"Seattle Office", "007941d3-3610-4647-a053-e8884b45a6a1", "Staff based in Seattle"},
	{"Berlin Office", "c95475b4-0231-4f4f-8f95-c814bda4ea08", "Staff based in Berlin"},
	{"Tokyo Office", "dccd08a4-b353-4540-8182-96e9f23bd6a2", "Staff based in Tokyo"},
	{"Interns", "90adb421-bee2-4620-a35d-34df732c685e", "Summer interns"},
	{"BYOD Users", "0d9f29c0-6797-4a8d-b8a8-6cf468294f16", "People enrolling personal devices"},
	{"Research and Development", "484ba592-26ba-43fd-9de7-dd6d85abb988", "R&D engineers"},
	{"Legal", "29743a96-9820-482c-a750-9cf5c62ece7a", "Legal department"},
	{"HR Department", "0a9eccef-4e01-41d7-b0a5-c314f4ff5b5e", "Human resources"},
	{"Customer Support", "32ce4150-210b-40a6-8238-a0fa0f958ae6", "Customer support agents"},
	{"Warehouse Scanners", "4f9de055-ddf1-4763-bb76-1aa42a45bb57", "Rugged Android scanners"},
	{"Shared iPads", "4abd51b9-4ea1-4e71-b6d4-5ded257dff7e", "Shared iPads in classrooms"},
	{"Conference Room Devices", "d419a9ad-4cfa-45d7-b9d7-35969f7cba20", "Teams Rooms and displays"},
	{"VIP Users", "0d5222df-21bf-4578-92e4-0be997784fa8", "Users with white-glove support"},
	{TestDevices, "154f8fbc-5b48-4733-8876-28f810b7f192", "Devices used for testing policies"},
	{"Windows 11 Ring 0", "ae1f1bf2-fb4e-4aa7-845a-a2d8f199c969", "First Windows 11 deployment ring"},
	{"Windows 11 Ring 1", "2ea828c2-93f8-4d71-bf05-30a1f83e2fa0", "Second Windows 11 deployment ring"},
	{"Blocked Personal Devices", "2e2a5b37-4480-4dba-9d6f-bdc5f8c328ea", "Users barred from enrolling personal devices"},
}

// Groups lists the tenant's groups in directory order.
func Groups() []wire.Group {
	out := make([]wire.Group, len(groups))
	for i, g := range groups {
		out[i] = wire.Group{DisplayName: g[0], ID: g[1], Description: g[2]}
	}
	return out
}

// GroupID is the ID of a seeded group by display name, or "" if none.
func GroupID(displayName string) string {
	for _, g := range groups {
		if g[0] == displayName {
			return g[1]
		}
	}
	return ""
}
