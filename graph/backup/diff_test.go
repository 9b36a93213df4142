package backup

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// betaView is a target as beta shows it when no filter was ever set.
func betaView(t *testing.T, id string) graph.Target {
	return target(t, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"`+id+`","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`)
}

func limitWith(set ...graph.Assignment) graph.Configuration {
	return graph.Configuration{ID: cfgID, DisplayName: "Sales limit", Kind: graph.ConfigurationLimit, Priority: 1, Assignments: set}
}

// espWith is the sample's configuration as an Enrollment Status Page, a
// kind that takes filters.
func espWith(set ...graph.Assignment) graph.Configuration {
	c := limitWith(set...)
	c.Kind = graph.ConfigurationEnrollmentCompletionPage
	return c
}

func a(id string, t graph.Target) graph.Assignment { return graph.Assignment{ID: id, Target: t} }

func TestCompare(t *testing.T) {
	f := sampleFile(t) // Sales limit: include A, include B with filter f1
	backupA, backupB := cfgID+"_"+groupA, cfgID+"_"+groupB
	tests := []struct {
		name    string
		live    graph.Configuration
		want    Status
		changes []Change
		removed int
		added   int
		leftOut int
	}{
		{"as in the backup, beta's defaults aside", limitWith(a(backupA, betaView(t, groupA)), a(backupB, filtered(t, groupB))), Unchanged, nil, 0, 0, 0},
		{"retargeted by PATCH (ID kept)", limitWith(a(backupA, betaView(t, groupC)), a(backupB, filtered(t, groupB))), Retarget,
			[]Change{{AssignmentID: backupA, Before: betaView(t, groupC), After: group(groupA)}}, 0, 0, 0},
		{"retargeted by assign (ID derived anew)", limitWith(a(cfgID+"_"+groupC, group(groupC)), a(backupB, filtered(t, groupB))), Retarget,
			[]Change{{AssignmentID: cfgID + "_" + groupC, Before: group(groupC), After: group(groupA)}}, 0, 0, 0},
		{"an assignment removed", limitWith(a(backupB, filtered(t, groupB))), Replace, nil, 0, 1, 0},
		{"an assignment added", limitWith(a(backupA, group(groupA)), a(backupB, filtered(t, groupB)), a("x", group(groupC))), Replace, nil, 1, 0, 0},
		// A device limit takes no filter, so the backup's cannot be put
		// back (Intune refuses it): left out, and said.
		{"a filter removed, which a limit cannot take back", limitWith(a(backupA, group(groupA)), a(backupB, group(groupB))), Unchanged, nil, 0, 0, 1},
		{"retargeted and the filter lost on the way", limitWith(a(backupA, group(groupA)), a(backupB, group(groupC))), Retarget,
			[]Change{{AssignmentID: backupB, Before: group(groupC), After: betaView(t, groupB)}}, 0, 0, 1},
		{"a filter removed from a kind that takes one", espWith(a(backupA, group(groupA)), a(backupB, group(groupB))), Replace, nil, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(f, []graph.Configuration{tt.live, {ID: "x_DefaultLimit", Kind: graph.ConfigurationLimit,
				Assignments: []graph.Assignment{a("x_all", graph.AllLicensedUsersTarget())}}})
			cd := d.Configurations[0]
			assert.Equal(t, tt.want, cd.Status)
			require.Len(t, cd.Changes, len(tt.changes))
			for i, ch := range tt.changes {
				assert.Equal(t, ch.AssignmentID, cd.Changes[i].AssignmentID)
				assert.True(t, ch.Before.Equal(cd.Changes[i].Before), "before")
				assert.True(t, ch.After.Equal(cd.Changes[i].After), "after")
			}
			assert.Len(t, cd.Removed, tt.removed)
			assert.Len(t, cd.Added, tt.added)
			assert.Len(t, cd.FiltersLeftOut, tt.leftOut)
			for _, w := range cd.Want {
				if tt.leftOut > 0 {
					_, typ := w.Target.Filter()
					assert.Equal(t, graph.FilterNone, typ, "a restore never writes a filter the kind does not take")
				}
			}
		})
	}
}

func TestCompareLeavesOutWhatARestoreCannotTouch(t *testing.T) {
	f := sampleFile(t)
	live := []graph.Configuration{
		{ID: "x_DefaultLimit", DisplayName: "Default", Kind: graph.ConfigurationLimit, Assignments: []graph.Assignment{a("x_all", graph.AllDevicesTarget())}},
		{ID: "new_ESP", DisplayName: "Created since", Kind: graph.ConfigurationEnrollmentCompletionPage, Priority: 3},
		{ID: "empty_ESP", DisplayName: "Empty", Kind: graph.ConfigurationEnrollmentCompletionPage, Priority: 2},
	}
	d := Compare(f, live)
	status := map[string]Status{}
	for _, cd := range d.Configurations {
		status[cd.ID] = cd.Status
		if cd.Status != Unchanged {
			assert.NotEmpty(t, cd.Reason, cd.ID)
		}
	}
	assert.Equal(t, map[string]Status{cfgID: Missing, "x_DefaultLimit": ReadOnly, "new_ESP": NotInBackup, "empty_ESP": Unchanged}, status)
	assert.Equal(t, Counts{Unchanged: 1, LeftOut: 3}, d.Counts())
	assert.Empty(t, d.BulkPlan().Configurations)
	assert.Empty(t, d.Replacements())
}

func TestBulkPlanOfARestore(t *testing.T) {
	f := sampleFile(t)
	live := limitWith(a(cfgID+"_"+groupA, betaView(t, groupC)), a(cfgID+"_"+groupB, filtered(t, groupB)))
	d := Compare(f, []graph.Configuration{live})
	p := d.BulkPlan()
	require.Len(t, p.Configurations, 1)
	cp := p.Configurations[0]
	assert.Equal(t, live.Assignments, cp.Loaded, "each re-read must still show the set as compared")
	require.Len(t, cp.Items, 1)
	it := cp.Items[0]
	assert.Equal(t, cfgID+"/"+cfgID+"_"+groupA, it.Key)
	assert.Equal(t, bulk.StatePending, it.Outcome.State)
	assert.True(t, it.Changes())
	assert.Equal(t, 1, p.Writes().Changes)
	assert.Equal(t, Counts{Retargets: 1, Changes: 1, LeftOut: 2}, d.Counts())
}

func TestSameTargets(t *testing.T) {
	x := []graph.Assignment{a("1", group(groupA)), a("2", filtered(t, groupB))}
	assert.True(t, SameTargets(x, []graph.Assignment{a("9", filtered(t, groupB)), a("8", betaView(t, groupA))}), "IDs, order and defaults aside")
	assert.True(t, SameTargets([]graph.Assignment{a("1", group("A0000000-0000-4000-8000-00000000000A"))}, []graph.Assignment{a("1", group(groupA))}), "case of IDs aside")
	assert.False(t, SameTargets(x, []graph.Assignment{a("1", group(groupA)), a("2", group(groupB))}), "a filter counts")
	assert.False(t, SameTargets(x, x[:1]))
	assert.True(t, SameTargets(nil, []graph.Assignment{}))
}
