package components

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/backup"
	"enrollassign/graph/bulk"
)

func (c *WhoGetsWhat) OnPreRender(ctx app.Context) { remember(c, ctx); c.OnMount(ctx) }

const (
	peopleSales = "a0000000-0000-4000-8000-0000000000a1"
	peopleVIP   = "a0000000-0000-4000-8000-0000000000a2"
)

// fakePeople is a directory of three users: alice in Sales and VIPs, bob
// in Sales, carol in nothing.
type fakePeople struct {
	configs []graph.Configuration
	err     error
	asked   [][]string
}

func (f *fakePeople) ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error) {
	if !opt.ExpandAssignments {
		return nil, errors.New("the snapshot needs the assignments")
	}
	return f.configs, nil
}

func (f *fakePeople) ListUsers(context.Context) ([]graph.User, error) {
	return []graph.User{{ID: "alice", DisplayName: "Alice", UserPrincipalName: "alice@contoso.test"},
		{ID: "bob", DisplayName: "Bob", UserPrincipalName: "bob@contoso.test"},
		{ID: "carol", DisplayName: "Carol", UserPrincipalName: "carol@contoso.test"}}, f.err
}

func (f *fakePeople) UserGroups(ctx context.Context, ids []string) (map[string][]string, error) {
	f.asked = append(f.asked, ids)
	graph.WithProgress(ctx, nil) // the progress context is the caller's to give
	return map[string][]string{"alice": {peopleSales, peopleVIP}, "bob": {peopleSales}, "carol": {}}, nil
}

func (f *fakePeople) GroupMembers(ctx context.Context, ids []string) (map[string]graph.Members, error) {
	f.asked = append(f.asked, ids)
	return map[string]graph.Members{peopleSales: {Users: []string{"alice", "bob"}, Devices: []string{"d1"}}, peopleVIP: {Users: []string{"alice"}}}, nil
}

func (f *fakePeople) GetGroups(ctx context.Context, ids []string) (map[string]graph.Group, error) {
	return map[string]graph.Group{peopleSales: {ID: peopleSales, DisplayName: "Sales"}, peopleVIP: {ID: peopleVIP, DisplayName: "VIPs"}}, nil
}

// limitConfig is a device limit configuration assigned to groups.
func limitConfig(id, name string, priority int32, targets ...graph.Target) graph.Configuration {
	c := graph.Configuration{Kind: graph.ConfigurationLimit, ID: id, DisplayName: name, Priority: priority, Assignments: []graph.Assignment{}}
	for _, t := range targets {
		c.Assignments = append(c.Assignments, graph.Assignment{ID: id + "_" + t.GroupID, Target: t})
	}
	return c
}

func peopleConfigs() []graph.Configuration {
	return []graph.Configuration{
		limitConfig("vip-limit", "VIPs - ten devices", 1, graph.GroupTarget(peopleVIP)),
		limitConfig("sales-limit", "Sales - three devices", 2, graph.GroupTarget(peopleSales)),
		{Kind: graph.ConfigurationLimit, ID: "t_DefaultLimit", DisplayName: "All users and all devices", Priority: 0},
	}
}

func readTestPeople(t *testing.T) *PeopleSnapshot {
	t.Helper()
	f := &fakePeople{configs: peopleConfigs()}
	var stages []string
	snap, err := readPeople(context.Background(), f, func(r PeopleRead) { stages = append(stages, r.Stage) })
	require.NoError(t, err)
	assert.Equal(t, []string{"configurations", "users"}, stages, "the batched stages report through graph.WithProgress")
	assert.Equal(t, [][]string{{"alice", "bob", "carol"}, {peopleSales, peopleVIP}}, f.asked, "every user's groups, then the assigned groups' members")
	return snap
}

// The snapshot holds the users, their groups, the assigned groups' names.
func TestReadPeopleReadsUsersTheirGroupsAndTheAssignedGroups(t *testing.T) {
	snap := readTestPeople(t)
	assert.Len(t, snap.Index.Users(), 3)
	assert.True(t, snap.Index.InGroup("alice", peopleVIP))
	assert.Equal(t, "Sales", snap.GroupName(peopleSales))
	assert.Equal(t, "unknown-id", snap.GroupName("unknown-id"))
}

// A failed read says so and keeps nothing.
func TestReadPeopleFailureKeepsNothing(t *testing.T) {
	_, err := readPeople(context.Background(), &fakePeople{err: errors.New("403")}, func(PeopleRead) {})
	assert.Error(t, err)
}

// A priority swap's impact names the user who moves, against the snapshot.
func TestPeopleSnapshotImpactOfAPrioritySwap(t *testing.T) {
	snap := readTestPeople(t)
	before := []graph.Configuration{{ID: "vip-limit", Priority: 1}, {ID: "sales-limit", Priority: 2}}
	after := []graph.Configuration{{ID: "vip-limit", Priority: 2}, {ID: "sales-limit", Priority: 1}}
	im, ok := snap.ImpactOf(before, after)
	require.True(t, ok)
	require.Len(t, im.Movers, 1)
	assert.Equal(t, "Alice", im.Movers[0].User.DisplayName)
	assert.Equal(t, "VIPs - ten devices", im.Movers[0].Before.Name)
	assert.Equal(t, "Sales - three devices", im.Movers[0].After.Name)
}

// The snapshot keeps the last impact it worked out: asked again for the
// same change it answers the same, and a change that differs in anything
// the resolver reads (here only the swapped priorities, then only the
// assignments) is worked out anew, never answered from the last one.
func TestPeopleSnapshotImpactIsNeverAnotherChangesImpact(t *testing.T) {
	snap := readTestPeople(t)
	swap := func(first, second int32) []graph.Configuration {
		return []graph.Configuration{{ID: "vip-limit", Priority: first}, {ID: "sales-limit", Priority: second}}
	}
	withVIPsOnly := []graph.Configuration{{ID: "vip-limit", Assignments: []graph.Assignment{{ID: "x", Target: graph.GroupTarget(peopleVIP)}}}}
	withNone := []graph.Configuration{{ID: "vip-limit", Assignments: []graph.Assignment{}}}
	for _, tt := range []struct {
		name          string
		before, after []graph.Configuration
		movers        int
	}{
		{"a swap", swap(1, 2), swap(2, 1), 1},
		{"the same swap again", swap(1, 2), swap(2, 1), 1},
		{"no swap", swap(1, 2), swap(1, 2), 0},
		{"the VIPs' assignment removed", withVIPsOnly, withNone, 1},
		{"nothing removed", withVIPsOnly, withVIPsOnly, 0},
	} {
		im, ok := snap.ImpactOf(tt.before, tt.after)
		require.True(t, ok, tt.name)
		assert.Len(t, im.Movers, tt.movers, tt.name)
	}

	// A caller that changes its slice in place after asking gets the new
	// answer: the snapshot kept nothing of the caller's.
	after := []graph.Configuration{{ID: "vip-limit", Assignments: []graph.Assignment{}}}
	im, _ := snap.ImpactOf(withVIPsOnly, after)
	require.Len(t, im.Movers, 1)
	after[0].Assignments = withVIPsOnly[0].Assignments
	im, _ = snap.ImpactOf(withVIPsOnly, after)
	assert.Empty(t, im.Movers, "the change now moves nobody")
}

// An impact before the directory is read is not made up.
func TestPeopleSnapshotImpactBeforeTheReadIsNone(t *testing.T) {
	var snap *PeopleSnapshot
	_, ok := snap.ImpactOf(nil, nil)
	assert.False(t, ok)
}

// Without the permissions the screen asks for the first one missing and
// reads nothing.
func TestWhoGetsWhatAsksForTheUsersPermissionFirst(t *testing.T) {
	refreshed := 0
	p := People{Permissions: Permissions{Granted: []string{auth.ScopeGroupMemberRead}}, Refresh: func(app.Context) { refreshed++ }}
	w := &WhoGetsWhat{People: p, OnBack: func(app.Context) {}}
	mount(t, w)
	page := visible(html(w))
	assert.Contains(t, page, auth.ScopeUserRead)
	assert.Zero(t, refreshed)
}

// With the permissions and no snapshot, the screen reads the directory
// once and shows the progress bar while it runs.
func TestWhoGetsWhatReadsTheDirectoryOnceWithAProgressBar(t *testing.T) {
	refreshed := 0
	p := People{Permissions: Permissions{Granted: PeoplePermissions}, Refresh: func(app.Context) { refreshed++ }}
	w := &WhoGetsWhat{People: p, OnBack: func(app.Context) {}}
	e := mount(t, w)
	assert.Equal(t, 1, refreshed)
	act(t, e, w, func(app.Context) { w.People.Reading = &PeopleRead{Stage: "memberships", Done: 20, Total: 60} })
	page := html(w)
	assert.Equal(t, "Reading the directory", tagAttrs(t, page, "directory-progress")["aria-label"])
	assert.Contains(t, visible(page), "Reading memberships: 20 of 60")
}

// A user's device limit is explained with the group that decided it.
func TestWhoGetsWhatExplainsAUsersConfigurationWithTheDecidingGroup(t *testing.T) {
	snap := readTestPeople(t)
	w := &WhoGetsWhat{People: People{Snapshot: snap, Permissions: Permissions{Granted: PeoplePermissions}}, OnBack: func(app.Context) {}}
	e := mount(t, w)
	act(t, e, w, func(app.Context) { w.userID = "bob" })
	page := visible(html(w))
	assert.Contains(t, page, `"Sales - three devices" (priority 2) applies: group "Sales" includes them and nothing before it does.`)
	act(t, e, w, func(app.Context) { w.userID = "carol" })
	assert.Contains(t, visible(html(w)), `so the default "All users and all devices" applies`)
}

// Sign-out drops the session's directory with every other piece of tenant
// data; a read answering after it is dropped too.
func TestShellSignOutDropsTheDirectory(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	snap := readTestPeople(t)
	act(t, r.engine, r.shell, func(app.Context) {
		r.shell.peopleState.snapshot = snap
		r.shell.screen = screenPeople
	})
	assert.Contains(t, r.page(), "Directory read at")
	gen := r.shell.peopleState.generation
	act(t, r.engine, r.shell, r.shell.SignOut)
	assert.Nil(t, r.shell.people().Snapshot)
	assert.NotEqual(t, gen, r.shell.peopleState.generation, "an answer to a read started before is told apart")
}

// The list screen offers "Who gets what" beside bulk, history and backup.
func TestShellOffersWhoGetsWhat(t *testing.T) {
	r := newShellRig(t, "http://127.0.0.1:8000/", testDemo(), signedIn())
	assert.Contains(t, html(r.shell), `id="open-people"`)
}

// A change that carries only assignments (a bulk plan's, a restore's)
// keeps the configuration's priority and name as read.
func TestPeopleSnapshotChangeOfAssignmentsKeepsThePriority(t *testing.T) {
	snap := readTestPeople(t)
	before := []graph.Configuration{{ID: "vip-limit", Assignments: []graph.Assignment{{ID: "x", Target: graph.GroupTarget(peopleVIP)}}}}
	after := []graph.Configuration{{ID: "vip-limit", Assignments: []graph.Assignment{}}}
	im, ok := snap.ImpactOf(before, after)
	require.True(t, ok)
	require.Len(t, im.Movers, 1)
	assert.Equal(t, "VIPs - ten devices", im.Movers[0].Before.Name)
	assert.Equal(t, "Sales - three devices", im.Movers[0].After.Name, "alice falls to the next configuration, not to a default")
}

// The bulk dry run shows, per change, who it moves, and the whole plan's
// impact above the table.
func TestBulkDryRunShowsWhoEachChangeMoves(t *testing.T) {
	snap := readTestPeople(t)
	vip := peopleConfigs()[0]
	plan := bulk.Plan{Operation: bulk.Operation{Kind: bulk.OpReplaceGroup, ToGroupID: peopleSales}, Configurations: []bulk.ConfigurationPlan{{
		ID: vip.ID, DisplayName: vip.DisplayName, Kind: vip.Kind, Loaded: vip.Assignments,
		Items: []bulk.Item{{Key: "k1", ConfigurationID: vip.ID, AssignmentID: vip.Assignments[0].ID, Before: vip.Assignments[0].Target, After: graph.GroupTarget(peopleSales)}},
	}}}
	d := &BulkDryRun{Plan: plan, Limits: bulk.IntuneLimits, People: People{Snapshot: snap, Permissions: Permissions{Granted: PeoplePermissions}}}
	page := visible(html(d))
	assert.Contains(t, page, "Bob: Sales - three devices → VIPs - ten devices", "bob, in Sales, now gets the higher-priority configuration")
	assert.Contains(t, page, "Gain: 2 users, 1 devices. Lose: 1 users, 0 devices. 1 users change effective configuration.")
}

// The single edit's preview shows who the new target moves: VIPs to
// Sales moves bob up to the VIP configuration.
func TestTargetEditorPreviewShowsWhoTheEditMoves(t *testing.T) {
	snap := readTestPeople(t)
	g := newTenant()
	vip := peopleConfigs()[0]
	c := &TargetEditor{Graph: g, Configuration: vip, Assignment: vip.Assignments[0], Siblings: vip.Assignments, GroupName: "VIPs",
		People: People{Snapshot: snap, Permissions: Permissions{Granted: PeoplePermissions}}, opts: options{searchDelay: time.Millisecond}}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) {
		c.groupChanged(ctx, peopleSales, graph.Group{ID: peopleSales, DisplayName: "Sales"})
		c.Preview(ctx)
	})
	page := visible(html(c))
	assert.Contains(t, page, `VIPs - ten devices: gained by group "Sales". lost by group "VIPs".`)
	assert.Contains(t, page, "Bob (bob@contoso.test) Device limit Sales - three devices VIPs - ten devices")
}

// The restore's column names who restoring each configuration moves.
func TestRestoreDryRunColumnNamesTheMovers(t *testing.T) {
	snap := readTestPeople(t)
	vip := peopleConfigs()[0]
	cd := backup.ConfigurationDiff{ID: vip.ID, DisplayName: vip.DisplayName, Kind: vip.Kind, Status: backup.Replace,
		Live: vip.Assignments, Want: []graph.Assignment{}, Removed: []graph.Target{graph.GroupTarget(peopleVIP)}}
	c := &BackupScreen{People: People{Snapshot: snap, Permissions: Permissions{Granted: PeoplePermissions}}, diff: &backup.Diff{Configurations: []backup.ConfigurationDiff{cd}}}
	assert.Equal(t, "Alice: VIPs - ten devices → Sales - three devices", c.rowImpact(cd))
	c.People.Snapshot = nil
	assert.Equal(t, "Not known: the directory has not been read.", c.rowImpact(cd))
}
