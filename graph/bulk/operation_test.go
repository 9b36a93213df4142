package bulk

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// withFilter is t carrying beta's assignment filter, which the models keep
// as a property they do not know.
func withFilter(t *testing.T, target graph.Target) graph.Target {
	t.Helper()
	raw, err := json.Marshal(target)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	m["deviceAndAppManagementAssignmentFilterId"] = "f-1"
	m["deviceAndAppManagementAssignmentFilterType"] = "include"
	raw, err = json.Marshal(m)
	require.NoError(t, err)
	var out graph.Target
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

func TestOperationApply(t *testing.T) {
	g1, g2, g3 := groupID(1), groupID(2), groupID(3)
	tests := []struct {
		name    string
		op      Operation
		before  graph.Target
		want    graph.Target
		refused string
	}{
		{"replace keeps include", ReplaceGroup(g1, g2), graph.GroupTarget(g1), graph.GroupTarget(g2), ""},
		{"replace keeps exclude", ReplaceGroup(g1, g2), graph.ExclusionGroupTarget(g1), graph.ExclusionGroupTarget(g2), ""},
		{"replace of any group", ReplaceGroup("", g2), graph.GroupTarget(g3), graph.GroupTarget(g2), ""},
		{"replace refuses another group", ReplaceGroup(g1, g2), graph.GroupTarget(g3), graph.Target{}, "another group"},
		{"replace refuses what has no group", ReplaceGroup("", g2), graph.AllDevicesTarget(), graph.Target{}, "no group to replace"},
		{"replace refuses no change", ReplaceGroup("", g2), graph.GroupTarget(g2), graph.Target{}, "already targets that group"},
		{"include becomes exclude", ToggleInclusion(), graph.GroupTarget(g1), graph.ExclusionGroupTarget(g1), ""},
		{"exclude becomes include", ToggleInclusion(), graph.ExclusionGroupTarget(g1), graph.GroupTarget(g1), ""},
		{"toggle refuses a collection", ToggleInclusion(), graph.CollectionTarget("SMS00001"), graph.Target{}, "only group targets"},
		{"retarget to all devices", RetargetAllDevices(), graph.GroupTarget(g1), graph.AllDevicesTarget(), ""},
		{"retarget to all licensed users", RetargetAllLicensedUsers(), graph.ExclusionGroupTarget(g1), graph.AllLicensedUsersTarget(), ""},
		{"retarget to a collection", RetargetCollection(" SMS00042 "), graph.AllDevicesTarget(), graph.CollectionTarget("SMS00042"), ""},
		{"retarget refuses no change", RetargetAllDevices(), graph.AllDevicesTarget(), graph.Target{}, "already targets all devices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, refused := tt.op.Apply(tt.before)
			if tt.refused != "" {
				assert.Contains(t, refused, tt.refused)
				return
			}
			assert.Empty(t, refused)
			assert.True(t, got.Equal(tt.want), "got %+v, want %+v", got, tt.want)
		})
	}
}

func TestOperationKeepsWhatTheAppDoesNotModel(t *testing.T) {
	before := withFilter(t, graph.GroupTarget(groupID(1)))
	for _, op := range []Operation{ReplaceGroup("", groupID(2)), ToggleInclusion(), RetargetAllDevices(), RetargetCollection("SMS00001")} {
		after, refused := op.Apply(before)
		require.Empty(t, refused)
		raw, ok := after.Extra("deviceAndAppManagementAssignmentFilterId")
		assert.True(t, ok, "%s keeps the filter", op.Kind)
		assert.JSONEq(t, `"f-1"`, string(raw))
	}
}

func TestOperationValidate(t *testing.T) {
	tests := []struct {
		name  string
		op    Operation
		field string
	}{
		{"replace needs a group ID", ReplaceGroup("", "not-a-guid"), "target.groupId"},
		{"replace by the same group", ReplaceGroup(groupID(1), groupID(1)), "toGroupId"},
		{"retarget needs a collection ID", RetargetCollection(" "), "target.collectionId"},
		{"retarget to a group is not a retarget", Operation{Kind: OpRetarget, Target: graph.TargetGroup}, "target"},
		{"no operation", Operation{}, "operation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ve *graph.ValidationError
			require.ErrorAs(t, tt.op.Validate(), &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
	for _, op := range []Operation{ReplaceGroup("", groupID(1)), ToggleInclusion(), RetargetAllDevices(), RetargetAllLicensedUsers(), RetargetCollection("SMS00001")} {
		assert.NoError(t, op.Validate(), op.Kind)
	}
}
