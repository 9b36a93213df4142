package resolve

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func moverWords(ms []Mover) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.User.ID+": "+m.Before.ID+" → "+m.After.ID)
	}
	return out
}

// Swapping two priorities moves exactly the users both include (DocPriority).
func TestImpactOfAPrioritySwapNamesTheUsersWhoMove(t *testing.T) {
	before := withDefaults(conf(limit, "vipLimit", 1, include("vip")), conf(limit, "salesLimit", 2, include("sales")), conf(limit, "itLimit", 3, include("it")))
	after := slices.Clone(before)
	after[0].Priority, after[1].Priority = 2, 1
	im := NewIndex(testDirectory).Impact(before, after)
	assert.Equal(t, []string{"alice: vipLimit → salesLimit"}, moverWords(im.Movers))
	assert.Empty(t, im.Changes, "a reorder changes no audience")
}

// Removing an include drops its users to the next configuration that
// includes them or to the default (DocPlatformDefault).
func TestImpactOfRemovingAnIncludeDropsItsUsersToTheNextOrTheDefault(t *testing.T) {
	before := withDefaults(conf(restriction, "salesR", 1, include("sales")), conf(restriction, "vipR", 2, include("vip")))
	after := withDefaults(conf(restriction, "salesR", 1), conf(restriction, "vipR", 2, include("vip")))
	im := NewIndex(testDirectory).Impact(before, after)
	assert.Equal(t, []string{
		"alice: salesR → vipR",
		"carol: salesR → t_Default" + string(restriction),
	}, moverWords(im.Movers))
	if assert.Len(t, im.Changes, 1) {
		assert.Equal(t, "salesR", im.Changes[0].Configuration.ID)
		assert.Equal(t, []string{"groupAssignmentTarget:sales"}, audienceWords(im.Changes[0].Losing))
	}
	assert.Equal(t, Counts{Users: 2, Devices: 1}, im.Losing, "sales holds alice, carol (through salesEast) and one device")
	assert.Equal(t, Counts{}, im.Gaining)
}

// Adding an exclusion loses its group the configuration; removing one gains
// it back (DocExclusion).
func TestImpactOfExclusionsCountsAsLosingAndGaining(t *testing.T) {
	before := withDefaults(conf(limit, "l1", 1, allUsers()))
	after := withDefaults(conf(limit, "l1", 1, allUsers(), exclude("it")))
	ix := NewIndex(testDirectory)
	im := ix.Impact(before, after)
	assert.Equal(t, Counts{Users: 1, Devices: 2}, im.Losing)
	assert.Equal(t, []string{"bob: l1 → t_Default" + string(limit)}, moverWords(im.Movers))
	back := ix.Impact(after, before)
	assert.Equal(t, Counts{Users: 1, Devices: 2}, back.Gaining)
	assert.Equal(t, []string{"bob: t_Default" + string(limit) + " → l1"}, moverWords(back.Movers))
}

// An all-users include is counted as everyone, not only the users read.
func TestImpactOfAllUsersSaysEveryone(t *testing.T) {
	before := withDefaults(conf(limit, "l1", 1))
	after := withDefaults(conf(limit, "l1", 1, allUsers()))
	im := NewIndex(testDirectory).Impact(before, after)
	assert.True(t, im.Gaining.AllUsers)
	assert.Equal(t, 5, im.Gaining.Users)
	assert.Len(t, im.Movers, 5)
}

// A change of one kind leaves the other kinds' answers alone.
func TestImpactLeavesOtherKindsAlone(t *testing.T) {
	before := withDefaults(conf(limit, "l1", 1, include("sales")), conf(esp, "e1", 1, include("sales")))
	after := withDefaults(conf(limit, "l1", 1, include("sales")), conf(esp, "e1", 1, include("it")))
	im := NewIndex(testDirectory).Impact(before, after)
	for _, m := range im.Movers {
		assert.Equal(t, esp, m.Key.Kind)
	}
	assert.Equal(t, []string{"alice: e1 → t_Default" + string(esp), "bob: t_Default" + string(esp) + " → e1", "carol: e1 → t_Default" + string(esp)}, moverWords(im.Movers))
}

// A configuration deleted loses every include it had.
func TestImpactOfADeletedConfigurationLosesItsIncludes(t *testing.T) {
	before := withDefaults(conf(limit, "l1", 1, include("it"), exclude("vip")))
	im := NewIndex(testDirectory).Impact(before, withDefaults())
	if assert.Len(t, im.Changes, 1) {
		assert.Equal(t, []string{"groupAssignmentTarget:it"}, audienceWords(im.Changes[0].Losing))
	}
}

func audienceWords[A fmt.Stringer](as []A) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.String())
	}
	return out
}

// A group whose members were not read (it was not assigned before) counts
// the users whose groups were read.
func TestImpactCountsTheUsersOfAGroupNotReadFromTheirMemberships(t *testing.T) {
	d := testDirectory
	d.UserGroups = map[string][]string{"alice": {"new"}, "bob": {"new", "it"}}
	im := NewIndex(d).Impact(withDefaults(conf(limit, "l1", 1)), withDefaults(conf(limit, "l1", 1, include("NEW"))))
	assert.Equal(t, Counts{Users: 2}, im.Gaining)
}
