//go:build !js

package graph_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

func TestEmulatorListsAndSearchesPeople(t *testing.T) {
	_, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	all, err := c.ListUsers(ctx)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(all), 200)
	assert.Contains(t, all, graph.User{ID: emulator.DemoPersonID("Aaron Chen"), DisplayName: "Aaron Chen",
		UserPrincipalName: "aaron.chen@" + emulator.DemoTenantDomain})

	tests := []struct {
		text string
		want []string
	}{
		{"megan", []string{"Megan Bowen"}},
		{"helpdesk", []string{"Alex Wilber"}},                     // by the UPN
		{"vera.ch", []string{"Vera Chen"}},                        // by the UPN's start
		{"aaron ch", []string{"Aaron Chen"}},                      // by words of the name
		{emulator.DemoPersonID("Dana Ito"), []string{"Dana Ito"}}, // by pasted ID
		{"nobody-here", nil},
	}
	for _, tt := range tests {
		found, err := c.SearchUsers(ctx, tt.text, 10)
		require.NoError(t, err, tt.text)
		var names []string
		for _, u := range found {
			names = append(names, u.DisplayName)
		}
		assert.Equal(t, tt.want, names, tt.text)
	}
}

// transitiveOf computes, from the emulator's state, the groups each user is
// in through nesting: what the client must read.
func transitiveOf(groups []emulator.Group) map[string][]string {
	parents := map[string][]string{}
	for _, g := range groups {
		for _, m := range g.Members {
			parents[m.ID] = append(parents[m.ID], g.ID)
		}
	}
	out := map[string][]string{}
	for _, g := range groups {
		for _, m := range g.Members {
			if m.Type != emulator.NewMember(emulator.MemberUser, "").Type || out[m.ID] != nil {
				continue
			}
			seen := map[string]bool{}
			queue := []string{m.ID}
			for len(queue) > 0 {
				for _, p := range parents[queue[0]] {
					if !seen[p] {
						seen[p] = true
						queue = append(queue, p)
					}
				}
				queue = queue[1:]
			}
			for p := range seen {
				out[m.ID] = append(out[m.ID], p)
			}
			sort.Strings(out[m.ID])
		}
	}
	return out
}

func TestEmulatorReadsEveryUsersGroupsInBatchesOfTwenty(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	var ids []string
	for _, u := range e.Users() {
		ids = append(ids, u.ID)
	}
	e.ResetStats()
	var last [2]int
	groups, err := c.UserGroups(graph.WithProgress(ctx, func(done, total int) { last = [2]int{done, total} }), ids)
	require.NoError(t, err)
	assert.Equal(t, [2]int{len(ids), len(ids)}, last)

	want := transitiveOf(e.Groups())
	for _, id := range ids {
		got := append([]string(nil), groups[id]...)
		sort.Strings(got)
		if want[id] == nil {
			assert.Empty(t, got, id)
			continue
		}
		assert.Equal(t, want[id], got, id)
	}
	admin := groups[emulator.DemoPersonID("Adele Vance")]
	assert.ElementsMatch(t, []string{emulator.DemoGroupID(emulator.GroupIntuneAdmins), emulator.DemoGroupID(emulator.GroupITAdmins),
		emulator.DemoGroupID(emulator.GroupPilotUsers), emulator.DemoGroupID(emulator.GroupAllStaff)}, admin)

	batches := 0
	for _, r := range e.Requests() {
		if r.InBatch {
			continue
		}
		require.Equal(t, "/v1.0/$batch", r.Path, "nothing read one by one")
		batches++
	}
	assert.Equal(t, (len(ids)+graph.MaxBatch-1)/graph.MaxBatch, batches)
}

func TestEmulatorReadsGroupMembersAcrossPages(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	crowd := emulator.Group{ID: "0c0c0c0c-0000-4000-8000-000000000001", DisplayName: "Crowd", SecurityEnabled: true}
	users := e.Users()
	for i := range 1100 {
		id := fmt.Sprintf("0d0d0d0d-0000-4000-8000-%012d", i)
		users = append(users, emulator.User{ID: id, DisplayName: fmt.Sprintf("Person %d", i), UserPrincipalName: fmt.Sprintf("p%d@%s", i, emulator.DemoTenantDomain)})
		crowd.Members = append(crowd.Members, emulator.NewMember(emulator.MemberUser, id))
	}
	require.NoError(t, e.ReplaceDirectory(users, append(e.Groups(), crowd)))

	pilot, devices := emulator.DemoGroupID(emulator.GroupPilotUsers), emulator.DemoGroupID(emulator.GroupAllCorporateDevices)
	members, err := c.GroupMembers(ctx, []string{crowd.ID, pilot, devices, "00000000-0000-4000-8000-000000000009"})
	require.NoError(t, err)
	assert.Len(t, members[crowd.ID].Users, 1100, "two pages of 999")
	assert.Len(t, members[pilot].Users, 16, "three levels: Pilot Users, IT Admins, Intune Admins")
	assert.Contains(t, members[pilot].Users, emulator.DemoPersonID("Adele Vance"))
	assert.Empty(t, members[pilot].Devices)
	assert.Len(t, members[devices].Devices, 230)
	assert.NotContains(t, members, "00000000-0000-4000-8000-000000000009", "a group not there is left out")

	var next int
	for _, r := range e.Requests() {
		if r.InBatch && strings.Contains(r.Query, "skiptoken") {
			next++
		}
	}
	assert.Equal(t, 1, next, "the second page in a batch of its own")
}

func TestEmulatorRefusesPeopleWithoutTheirPermissions(t *testing.T) {
	e, _ := against(t, emulator.ModeDocumented, emulator.AdminUPN)
	ctx := context.Background()
	require.NoError(t, e.SetConsent(emulator.DemoClientID, "User.ReadBasic.All", emulator.ConsentNone))
	require.NoError(t, e.SetConsent(emulator.DemoClientID, "GroupMember.Read.All", emulator.ConsentNone))
	token, err := e.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	require.NoError(t, err)
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: e.HTTPClient()})
	require.NoError(t, err)

	reads := map[string]func() error{
		"SearchUsers": func() error { _, err := c.SearchUsers(ctx, "megan", 5); return err },
		"ListUsers":   func() error { _, err := c.ListUsers(ctx); return err },
		"UserGroups":  func() error { _, err := c.UserGroups(ctx, []string{emulator.DemoPersonID("Dana Ito")}); return err },
		"GroupMembers": func() error {
			_, err := c.GroupMembers(ctx, []string{emulator.DemoGroupID(emulator.GroupPilotUsers)})
			return err
		},
	}
	for name, read := range reads {
		var ge *graph.Error
		err := read()
		require.ErrorAs(t, err, &ge, name)
		assert.True(t, ge.IsScopeRefusal(), "%s: %v", name, err)
	}
}
