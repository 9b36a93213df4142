package components

import (
	"enrollassign/graph"
)

// A small tenant for the screen tests.
const (
	salesID  = "643e5a7e-6327-4f8d-a14d-79344396b394"
	pilotID  = "7ac8a504-1f02-4b6d-a64b-28a3e3b4fee9"
	teamID   = "2055bd7e-3680-4788-8cb4-3744ef9778f0"
	espID    = "ae80a610-da98-41f1-ad8d-80d1e9c4ad1e_Windows10EnrollmentCompletionPageConfiguration"
	limitID  = "3f4777ba-930f-4ee0-8484-3b7aaf2915e7_Limit"
	defaultL = "b7d3f2a1-0c4e-4a8b-9e6f-5d1c3a7b9e20_DefaultLimit"
)

func testGroups() []graph.Group {
	return []graph.Group{
		{ID: salesID, DisplayName: "Sales Laptops", SecurityEnabled: true, GroupTypes: []string{"DynamicMembership"}},
		{ID: pilotID, DisplayName: "Pilot Users", SecurityEnabled: true},
		{ID: teamID, DisplayName: "Sales Team", SecurityEnabled: true},
	}
}

// testCounts are the groups' member counts.
func testCounts() map[string]int { return map[string]int{salesID: 42, pilotID: 18, teamID: 57} }

func espConfiguration() graph.Configuration {
	return graph.Configuration{
		Kind: graph.ConfigurationEnrollmentCompletionPage, ID: espID, DisplayName: "Autopilot ESP", Priority: 1,
		Assignments: espAssignments(),
	}
}

func espAssignments() []graph.Assignment {
	return []graph.Assignment{
		{ID: espID + "_" + salesID, Target: graph.GroupTarget(salesID)},
		{ID: espID + "_collection", Target: graph.CollectionTarget("SMS00001")},
	}
}

func limitConfiguration() graph.Configuration {
	return graph.Configuration{
		Kind: graph.ConfigurationLimit, ID: limitID, DisplayName: "Ten devices", Priority: 2,
		Assignments: []graph.Assignment{{ID: limitID + "_" + pilotID, Target: graph.GroupTarget(pilotID)}},
	}
}

func defaultLimit() graph.Configuration {
	return graph.Configuration{
		Kind: graph.ConfigurationLimit, ID: defaultL, DisplayName: "All users and all devices", Priority: 0,
		Assignments: []graph.Assignment{{ID: defaultL + "_all", Target: graph.AllLicensedUsersTarget()}},
	}
}

func newTenant() *fakeGraph {
	return &fakeGraph{
		configurations: []graph.Configuration{defaultLimit(), espConfiguration(), limitConfiguration()},
		assignments: map[string][]graph.Assignment{
			espID:    espAssignments(),
			limitID:  limitConfiguration().Assignments,
			defaultL: defaultLimit().Assignments,
		},
		groups: testGroups(),
		counts: testCounts(),
	}
}
