package graph

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The target JSON the audience table is written in.
const (
	includeA       = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `"}`
	includeAUpper  = `{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"A0000000-0000-4000-8000-00000000000A"}`
	includeB       = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupB + `"}`
	excludeA       = `{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"` + groupA + `"}`
	includeAFilter = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}`
	includeANone   = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + groupA + `","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`
	collection1    = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00001"}`
	collection1Low = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"sms00001"}`
	collection2    = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"SMS00002"}`
	collectionA    = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"` + groupA + `"}`
	allUsers       = `{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}`
	allUsersFilter = `{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"exclude"}`
	allDevices     = `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`
	futureX        = `{"@odata.type":"#microsoft.graph.someFutureTarget","userId":"u1"}`
	futureXNoHash  = `{"@odata.type":"microsoft.graph.someFutureTarget","userId":"u1"}`
	futureXFilter  = `{"@odata.type":"#microsoft.graph.someFutureTarget","userId":"u1","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}`
	futureXUpper   = `{"@odata.type":"#microsoft.graph.someFutureTarget","userId":"U1"}`
	futureY        = `{"@odata.type":"#microsoft.graph.someFutureTarget","userId":"u2"}`
	futureBare     = `{"@odata.type":"#microsoft.graph.someFutureTarget"}`
	otherFutureX   = `{"@odata.type":"#microsoft.graph.otherFutureTarget","userId":"u1"}`
	futureGroupA   = `{"@odata.type":"#microsoft.graph.someFutureTarget","groupId":"` + groupA + `"}`
	foreignX       = `{"@odata.type":"#vendor.graph.someFutureTarget","userId":"u1"}`
	abstract       = `{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}`
	untyped        = `{}`
	untypedGroupA  = `{"groupId":"` + groupA + `"}`
)

// Who a target means: its kind, the group for the group kinds, the
// collection for collections, IDs case-insensitive, nothing else; a kind
// this client does not know is one audience only with itself.
func TestAudience(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"one group included twice", includeA, includeA, true},
		{"group IDs differ only in case and the type in its '#'", includeA, includeAUpper, true},
		{"two groups", includeA, includeB, false},
		{"including and excluding one group", includeA, excludeA, false},
		{"a group with and without a filter", includeA, includeAFilter, true},
		{"a group with beta's default filter", includeA, includeANone, true},
		{"one collection, ID case differs", collection1, collection1Low, true},
		{"two collections", collection1, collection2, false},
		{"a group and a collection of the same ID", includeA, collectionA, false},
		{"all licensed users twice", allUsers, allUsers, true},
		{"all licensed users with and without a filter", allUsers, allUsersFilter, true},
		{"all devices twice", allDevices, allDevices, true},
		{"all devices and all licensed users", allDevices, allUsers, false},
		{"all devices and a group", allDevices, includeA, false},
		{"an unknown kind and itself", futureX, futureX, true},
		{"an unknown kind read with and without '#'", futureX, futureXNoHash, true},
		{"an unknown kind with and without a filter", futureX, futureXFilter, true},
		{"one unknown kind, another property value", futureX, futureY, false},
		{"one unknown kind, a value differing in case: not known to be an ID", futureX, futureXUpper, false},
		{"one unknown kind, one without the property", futureX, futureBare, false},
		{"two unknown kinds, the same properties", futureX, otherFutureX, false},
		{"an unknown kind outside microsoft.graph", futureX, foreignX, false},
		{"an unknown kind carrying a group, and that group", futureGroupA, includeA, false},
		{"the abstract base and itself", abstract, abstract, true},
		{"the abstract base and all devices", abstract, allDevices, false},
		{"no type and itself", untyped, untyped, true},
		{"no type with a group, and that group", untypedGroupA, includeA, false},
		{"no type and the abstract base", untyped, abstract, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := targetOf(t, tt.a), targetOf(t, tt.b)
			assert.Equal(t, tt.same, a.SameAudience(b), "%s / %s", a.Audience(), b.Audience())
			assert.Equal(t, tt.same, b.SameAudience(a), "symmetric")
			assert.Equal(t, tt.same, a.Audience() == b.Audience(), "as map keys")
			assert.Equal(t, tt.same, a.Audience().String() == b.Audience().String(), "as sort keys")
		})
	}
}

// An ID a kind does not have (left on a target built by hand) is not part
// of who it means.
func TestAudienceIgnoresAnIDTheKindDoesNotHave(t *testing.T) {
	tests := []struct {
		name  string
		stray Target
		clean Target
	}{
		{"all devices with a group", Target{Kind: TargetAllDevices, GroupID: groupA}, AllDevicesTarget()},
		{"a group with a collection", Target{Kind: TargetGroup, GroupID: groupA, CollectionID: "SMS00001"}, GroupTarget(groupA)},
		{"a collection with a group", Target{Kind: TargetCollection, GroupID: groupA, CollectionID: "SMS00001"}, CollectionTarget("SMS00001")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.stray.SameAudience(tt.clean))
		})
	}
}

func TestAudienceString(t *testing.T) {
	tests := []struct{ target, want string }{
		{includeAUpper, "groupAssignmentTarget:" + groupA},
		{collection1, "configurationManagerCollectionAssignmentTarget:sms00001"},
		{allDevices, "allDevicesAssignmentTarget"},
		{futureXFilter, `someFutureTarget:{"userId":"u1"}`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, targetOf(t, tt.target).Audience().String(), tt.target)
	}
}

func TestUnmodelled(t *testing.T) {
	tests := []struct{ target, want string }{
		{includeA, `{}`},
		{includeANone, `{"deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","z": [1, 2],"a":{"b" : true}}`, `{"a":{"b":true},"z":[1,2]}`},
		{futureX, `{"userId":"u1"}`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, targetOf(t, tt.target).Unmodelled(), tt.target)
	}
}

func targetOf(t *testing.T, js string) Target {
	t.Helper()
	var target Target
	require.NoError(t, json.Unmarshal([]byte(js), &target))
	return target
}
