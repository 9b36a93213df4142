package graph

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTargetReadsBothTypeFormsAndWritesCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           TargetKind
	}{
		{"seed form without #", `{"@odata.type":"microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}`,
			`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}`, TargetCollection},
		{"graph form with #", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}`,
			`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}`, TargetGroup},
		{"beta filter kept", `{"deviceAndAppManagementAssignmentFilterType":"include","@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1"}`,
			`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1","deviceAndAppManagementAssignmentFilterType":"include"}`, TargetExclusionGroup},
		{"unknown type kept as read", `{"@odata.type":"microsoft.graph.someFutureTarget","groupId":"x","weight": 3}`,
			`{"@odata.type":"microsoft.graph.someFutureTarget","groupId":"x","weight":3}`, "someFutureTarget"},
		{"all devices", `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`,
			`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}`, TargetAllDevices},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var target Target
			require.NoError(t, json.Unmarshal([]byte(tt.in), &target))
			assert.Equal(t, tt.kind, target.Kind)
			out, err := json.Marshal(target)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}

func TestAssignmentPatchBodyMatchesSeed(t *testing.T) {
	a := Assignment{ID: "705b021c-021c-705b-1c02-5b701c025b70", Target: CollectionTarget("Collection Id value")}
	body, err := a.PatchBody()
	require.NoError(t, err)
	// The seed writes the target type without '#'; Graph writes it with one, and so do we.
	assert.Equal(t, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}}`, string(body))
}

func TestAssignmentKeepsBetaPropertiesAcrossRetarget(t *testing.T) {
	in := `{"@odata.context":"x","id":"c1_g1","source":"direct","sourceId":"s1","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1"}}`
	var a Assignment
	require.NoError(t, json.Unmarshal([]byte(in), &a))
	b := a.WithTarget(a.Target.WithKind(TargetExclusionGroup))
	out, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"c1_g1","target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":"g1","deviceAndAppManagementAssignmentFilterId":"f1"},"source":"direct","sourceId":"s1"}`, string(out))
}

func TestConfigurationRoundTripKeepsSettings(t *testing.T) {
	in := `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"c1","displayName":"Ten devices","description":"","priority":2,"createdDateTime":"2024-01-02T03:04:05Z","lastModifiedDateTime":"2024-01-02T03:04:05Z","version":3,"limit":10,"newThing":{"a":[1,2]},"assignments@odata.context":"ctx","assignments":[{"id":"c1_g","target":{"@odata.type":"microsoft.graph.allLicensedUsersAssignmentTarget"}}]}`
	var c Configuration
	require.NoError(t, json.Unmarshal([]byte(in), &c))
	n, ok := c.Limit()
	assert.True(t, ok)
	assert.Equal(t, 10, n)
	assert.Len(t, c.Assignments, 1)
	out, err := json.Marshal(c)
	require.NoError(t, err)
	var again Configuration
	require.NoError(t, json.Unmarshal(out, &again))
	out2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(out2))
	assert.Contains(t, string(out), `"newThing":{"a":[1,2]}`)
	assert.NotContains(t, string(out), "odata.context")
}

func TestDefaultConfigurationsAreRecognised(t *testing.T) {
	tests := []struct {
		id       string
		priority int32
		want     bool
	}{
		{"abc_DefaultLimit", 0, true},
		{"abc_DefaultPlatformRestrictions", 0, true},
		{"abc_DefaultWindowsHelloForBusiness", 0, true},
		{"abc_DefaultWindows10EnrollmentCompletionPageConfiguration", 0, true},
		{"abc_DefaultLimit", 3, true},
		{"abc_Limit", 0, true},
		{"abc_Limit", 1, false},
	}
	for _, tt := range tests {
		c := Configuration{ID: tt.id, Priority: tt.priority, Kind: ConfigurationLimit}
		assert.Equal(t, tt.want, c.IsDefault(), tt.id)
	}
}

func TestUnmodelledPropertiesAreListed(t *testing.T) {
	var a Assignment
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","source":"direct","sourceId":"s","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterType":"none","deviceAndAppManagementAssignmentFilterId":"f"}}`), &a))
	assert.Equal(t, []string{"source", "sourceId"}, a.ExtraNames())
	assert.Equal(t, []string{"deviceAndAppManagementAssignmentFilterId", "deviceAndAppManagementAssignmentFilterType"}, a.Target.ExtraNames())
	filter, ok := a.Target.Extra("deviceAndAppManagementAssignmentFilterType")
	assert.True(t, ok)
	assert.Equal(t, `"none"`, string(filter))
	assert.Nil(t, Assignment{}.ExtraNames())
}

func TestTargetKindLabelsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range TargetKinds {
		label := k.Label()
		assert.NotEqual(t, string(k), label, "every v1.0 kind has words")
		assert.False(t, seen[label], label)
		seen[label] = true
	}
	assert.Equal(t, "someFutureTarget", TargetKind("someFutureTarget").Label())
}

func TestRetargetKeepsWhatTheUserNeverSaw(t *testing.T) {
	var before Target
	require.NoError(t, json.Unmarshal([]byte(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`), &before))
	after := AllDevicesTarget().keeping(before)
	out, err := json.Marshal(after)
	require.NoError(t, err)
	assert.Equal(t, `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"include"}`, string(out))
	assert.Empty(t, before.WithKind(TargetAllDevices).GroupID)
	assert.True(t, AllDevicesTarget().keeping(AllLicensedUsersTarget()).Equal(AllDevicesTarget()), "nothing to keep")
}
