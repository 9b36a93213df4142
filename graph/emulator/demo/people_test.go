//go:build !js

package demo

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/wire"
)

func TestTheDirectoryHasAtLeast200PeopleEachOnce(t *testing.T) {
	people := People()
	require.GreaterOrEqual(t, len(people), 200)
	seen := map[string]bool{}
	for _, u := range people {
		for _, key := range []string{u.ID, strings.ToLower(u.UserPrincipalName), u.DisplayName} {
			assert.False(t, seen[key], "%s is repeated", key)
			seen[key] = true
		}
		assert.True(t, strings.HasSuffix(u.UserPrincipalName, "@"+TenantDomain), u.UserPrincipalName)
	}
	for _, u := range Users() {
		assert.Equal(t, !u.Personal, seen[u.OID], "%s: every organisational sign-in user is a user of the directory", u.UPN)
	}
	assert.Equal(t, People(), people, "the same every time")
}

// transitive is what a group holds through nesting: users, devices and
// groups, each once.
func transitive(t *testing.T, groups map[string]wire.Group, id string) map[string]wire.Member {
	t.Helper()
	out := map[string]wire.Member{}
	var walk func(id string)
	walk = func(id string) {
		for _, m := range groups[id].Members {
			if _, ok := out[m.ID]; !ok {
				out[m.ID] = m
				if m.IsGroup() {
					walk(m.ID)
				}
			}
		}
	}
	walk(id)
	return out
}

func TestEachGroupHoldsWhatItsRowSaysTransitively(t *testing.T) {
	groups := map[string]wire.Group{}
	for _, g := range Groups() {
		groups[g.ID] = g
	}
	people := map[string]bool{}
	for _, u := range People() {
		people[u.ID] = true
	}
	for _, row := range groups {
		for _, m := range row.Members {
			if name, _ := wire.ShortName(m.Type); name == wire.MemberUser {
				assert.True(t, people[m.ID], "%s: user %s is one of the directory's", row.DisplayName, m.ID)
			}
		}
	}
	tests := []struct {
		group string
		count int
	}{
		{PilotUsers, 18}, // 12, IT Admins, its 2, Intune Admins, its 2
		{"VIP Users", 13},
		{ITAdmins, 5},
		{Executives, 8},
		{SalesTeam, 57},
		{SalesLaptops, 42},
	}
	for _, tt := range tests {
		assert.Len(t, transitive(t, groups, GroupID(tt.group)), tt.count, "%s: the count it had before the directory had people", tt.group)
	}
}

func TestNestingIsThreeLevelsDeep(t *testing.T) {
	groups := map[string]wire.Group{}
	for _, g := range Groups() {
		groups[g.ID] = g
	}
	staff := transitive(t, groups, GroupID(AllStaff))
	admin, _ := FindUser(AdminUPN)
	assert.Contains(t, staff, admin.OID, "All Staff ⊃ Pilot Users ⊃ IT Admins ⊃ Intune Admins ⊃ Adele Vance")
	assert.Contains(t, staff, GroupID(BoardMembers), "All Staff ⊃ Executives ⊃ Board Members")
	assert.Contains(t, staff, GroupID(MacEngineering), "All Staff ⊃ Research and Development ⊃ macOS Engineering")
	devices := transitive(t, groups, GroupID(AllCorporateDevices))
	assert.Contains(t, devices, GroupID("Windows 11 Ring 0"), "All Corporate Devices ⊃ Windows 11 Ring 1 ⊃ Ring 0")
	n := 0
	for _, m := range devices {
		if name, _ := wire.ShortName(m.Type); name == wire.MemberDevice {
			n++
		}
	}
	assert.Equal(t, 230, n)
}

func TestNobodyWorksInTwoOffices(t *testing.T) {
	seen := map[string]string{}
	for i, g := range Groups() {
		if !groups[i].office {
			continue
		}
		for _, m := range g.Members {
			assert.Empty(t, seen[m.ID], "%s is in %s and %s", m.ID, seen[m.ID], g.DisplayName)
			seen[m.ID] = g.DisplayName
		}
	}
	assert.Len(t, seen, 96+81+44+38+29)
}
