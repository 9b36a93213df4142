package widgets

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"

	"enrollassign/graph"
)

const (
	salesID = "643e5a7e-6327-4f8d-a14d-79344396b394"
	pilotID = "7ac8a504-1f02-4b6d-a64b-28a3e3b4fee9"
)

func names(id string) string {
	return map[string]string{salesID: "Sales Laptops", pilotID: "Pilot Users"}[id]
}

func TestRefusalWordsNameTheGroup(t *testing.T) {
	tests := []struct {
		name    string
		refusal graph.Refusal
		want    string
	}{
		{"already there", graph.Refusal{Rule: graph.RuleDuplicate, Target: graph.GroupTarget(salesID), OtherID: "c_s"},
			"This configuration already has Include group “Sales Laptops”."},
		{"chosen twice", graph.Refusal{Rule: graph.RuleDuplicate, Target: graph.AllLicensedUsersTarget()},
			"All licensed users is chosen twice."},
		{"excluding an included group", graph.Refusal{Rule: graph.RuleIncludeAndExclude, Target: graph.ExclusionGroupTarget(salesID), Other: graph.GroupTarget(salesID), OtherID: "c_s"},
			"“Sales Laptops” is included in this configuration, so it cannot also be excluded: a configuration either includes a group or excludes it. Remove it from the other list first."},
		{"both sides in one change", graph.Refusal{Rule: graph.RuleIncludeAndExclude, Target: graph.GroupTarget(pilotID), Other: graph.ExclusionGroupTarget(pilotID)},
			"“Pilot Users” is chosen to be both included and excluded: a configuration either includes a group or excludes it."},
		{"a type the configuration does not take", graph.Refusal{Rule: graph.RuleKind, Target: graph.AllDevicesTarget(), Kind: graph.ConfigurationLimit},
			"A Device limit configuration applies to users, so it cannot be assigned to all devices."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, RefusalWords(&tt.refusal, names))
		})
	}
}

func TestWithGroupNames(t *testing.T) {
	msg := "it now also has an included group " + salesID + ", an excluded group " + pilotID + ", an included group 00000000-0000-4000-8000-000000000001"
	assert.Equal(t, "it now also has an included group “Sales Laptops”, an excluded group “Pilot Users”, an included group 00000000-0000-4000-8000-000000000001",
		WithGroupNames(msg, names))
	assert.Equal(t, msg, WithGroupNames(msg, nil))
}

func TestMemberWords(t *testing.T) {
	assert.Equal(t, "0 members", MemberWords(0))
	assert.Equal(t, "1 member", MemberWords(1))
	assert.Equal(t, "18 members", MemberWords(18))
}

func TestSetChangeResultListsEachItemWithItsRequest(t *testing.T) {
	r := graph.SetChangeResult{FellBack: true, Items: []graph.SetItem{
		{Before: graph.GroupTarget(pilotID), AssignmentID: "c_p", Method: "DELETE", Done: true, Write: graph.WriteResult{Status: 204, RequestID: "r1"}},
		{After: graph.ExclusionGroupTarget(salesID), AssignmentID: "c_s", Method: "assign", Done: true, Write: graph.WriteResult{Status: 204, RequestID: "r2"}},
	}}
	page := visible(app.HTMLString((&SetChangeResult{Result: r, GroupNames: map[string]string{salesID: "Sales Laptops"}}).Render()))
	assert.Contains(t, page, "Saved: 1 added, 1 removed")
	assert.Contains(t, page, "refused the documented create or delete")
	assert.Contains(t, page, "Removed Include group "+pilotID+" DELETE 204 r1", "an unknown name shows the ID")
	assert.Contains(t, page, "Added Exclude group Sales Laptops assign 204 r2")

	r.FellBack = false
	r.Items[1] = graph.SetItem{After: graph.GroupTarget(salesID), Method: "POST", Err: &graph.Error{Status: 400, Message: "Refused."}}
	page = visible(app.HTMLString((&SetChangeResult{Result: r}).Render()))
	assert.Contains(t, page, "Partly saved: 1 of 2 changes written")
	assert.Contains(t, page, "Not written: Refused.")
	assert.NotContains(t, page, "refused the documented")
}

func TestSetConflictViewShowsTheirsWithNames(t *testing.T) {
	ce := &graph.ConflictError{Actual: []graph.Assignment{{ID: "c_s", Target: graph.GroupTarget(salesID)}}}
	page := visible(app.HTMLString((&SetConflictView{Conflict: ce, Yours: "Add Include group Pilot Users",
		GroupNames: map[string]string{salesID: "Sales Laptops"}, OnApplyMine: func(app.Context) {}}).Render()))
	assert.Contains(t, page, "nothing was written")
	assert.Contains(t, page, "Yours (not sent): Add Include group Pilot Users")
	assert.Contains(t, page, "Theirs, now in the tenant: Include group Sales Laptops")
	assert.Contains(t, page, "Make my change to theirs", "an addition or removal is made to their set, not over it")
	assert.NotContains(t, page, "Edit mine", "offered only when the screen can")
}
