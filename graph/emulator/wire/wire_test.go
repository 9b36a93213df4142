package wire

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTargetsReadEitherTypeFormAndWriteTheCanonicalOne(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		out  string
	}{
		{`{"@odata.type":"microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}`,
			Target{Kind: TargetCollection, CollectionID: "Collection Id value"},
			`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"Collection Id value"}`},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`,
			Target{Kind: TargetGroup, GroupID: "g"}, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
		{`{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":null}`,
			Target{Kind: TargetExclusionGroup}, `{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget","groupId":""}`},
		{`{"@odata.type":"microsoft.graph.allLicensedUsersAssignmentTarget"}`,
			Target{Kind: TargetAllLicensedUsers}, `{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}`},
		{`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"exclude"}`,
			Target{Kind: TargetAllDevices, FilterID: "f", FilterType: "exclude"},
			`{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"f","deviceAndAppManagementAssignmentFilterType":"exclude"}`},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":null}`,
			Target{Kind: TargetGroup, GroupID: "g"}, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`},
	}
	for _, tt := range tests {
		var got Target
		require.NoError(t, json.Unmarshal([]byte(tt.in), &got), tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		out, err := json.Marshal(got)
		require.NoError(t, err)
		assert.Equal(t, tt.out, string(out), "members in Graph's order")
	}
}

func TestReadingRefusesWhatTheSchemaDoesNotHave(t *testing.T) {
	tests := []struct {
		name, in string
		into     any
		want     string
	}{
		{"target without a type", `{"groupId":"g"}`, &Target{}, "not one of the five target kinds"},
		{"abstract target", `{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}`, &Target{}, "not one of the five"},
		{"target outside the namespace", `{"@odata.type":"groupAssignmentTarget"}`, &Target{}, "outside the microsoft.graph namespace"},
		{"property of another kind", `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"g"}`, &Target{},
			`property "groupId" does not exist on type microsoft.graph.allDevicesAssignmentTarget`},
		{"group ID of the wrong type", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":42}`, &Target{}, `property "groupId"`},
		{"assignment of another type", `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration"}`, &Assignment{}, "is not enrollmentConfigurationAssignment"},
		{"unknown assignment property", `{"colour":"red"}`, &Assignment{}, `property "colour" does not exist`},
		{"configuration without a type", `{"id":"a"}`, &Configuration{}, "not one of the four configuration subtypes"},
		{"property of another subtype", `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"a","state":"enabled"}`,
			&Configuration{}, `property "state" does not exist on type microsoft.graph.deviceEnrollmentLimitConfiguration`},
		{"annotation", `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"a","assignments@odata.context":"x"}`,
			&Configuration{}, `property "assignments@odata.context" does not exist`},
		{"enum member outside the enum", `{"@odata.type":"#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration","state":"maybe"}`,
			&Configuration{}, `"maybe" is not a member of microsoft.graph.enablement`},
		{"limit of the wrong type", `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","limit":"ten"}`, &Configuration{}, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tt.in), tt.into)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestAssignmentsWriteIDTargetAndBetaSourceOnlyWhenSet(t *testing.T) {
	tests := []struct {
		a    Assignment
		want string
	}{
		{Assignment{}, `{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment"}`},
		{Assignment{ID: "c_g", Target: Target{Kind: TargetGroup, GroupID: "g"}},
			`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"c_g","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}}`},
		{Assignment{ID: "c_g", Target: Target{Kind: TargetGroup, GroupID: "g"}, Source: "policySets", SourceID: "s"},
			`{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","id":"c_g","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},"source":"policySets","sourceId":"s"}`},
	}
	for _, tt := range tests {
		out, err := json.Marshal(tt.a)
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(out))
		var back Assignment
		require.NoError(t, json.Unmarshal(out, &back))
		assert.Equal(t, tt.a, back, "read back as written")
	}
	var untyped Assignment
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","sourceId":null}`), &untyped), "Graph leaves the type out inside collections")
	assert.Equal(t, Assignment{ID: "x"}, untyped)
}

// Each subtype writes the base type's properties and exactly its own, as
// the schema lists them; Properties, which $select checks against, is the
// union.
func TestEachSubtypeWritesItsOwnPropertiesOnly(t *testing.T) {
	own := map[ConfigurationKind][]string{
		ConfigurationLimit: {"limit"},
		ConfigurationPlatformRestrictions: {"androidRestriction", "iosRestriction", "macOSRestriction",
			"windowsMobileRestriction", "windowsRestriction"},
		ConfigurationWindowsHelloForBusiness: {"enhancedBiometricsState", "pinExpirationInDays", "pinLowercaseCharactersUsage",
			"pinMaximumLength", "pinMinimumLength", "pinPreviousBlockCount", "pinSpecialCharactersUsage", "pinUppercaseCharactersUsage",
			"remotePassportEnabled", "securityDeviceRequired", "state", "unlockWithBiometricsEnabled"},
		ConfigurationEnrollmentCompletionPage: {"allowNonBlockingAppInstallation"},
	}
	all := BaseProperties
	for _, k := range ConfigurationKinds {
		raw, err := json.Marshal(Configuration{Kind: k, ID: "c"})
		require.NoError(t, err)
		m, err := readObject(raw)
		require.NoError(t, err)
		want := append([]string{"@odata.type"}, BaseProperties...)
		want = append(want, own[k]...)
		assert.ElementsMatch(t, want, keys(m), k)
		all = append(all, own[k]...)
	}
	assert.ElementsMatch(t, all, Properties())
}

func keys(m members) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestConfigurationsReadBackAsWritten(t *testing.T) {
	at := time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC)
	v := "12.0"
	configs := []Configuration{
		{Kind: ConfigurationLimit, ID: "l", DisplayName: "Ten", Priority: 1, Version: 2, CreatedDateTime: at, LastModifiedDateTime: at,
			DeviceLimit: DeviceLimit{Limit: 10}, Assignments: []Assignment{}},
		{Kind: ConfigurationPlatformRestrictions, ID: "r", PlatformRestrictions: PlatformRestrictions{
			Android: PlatformRestriction{PersonalDeviceEnrollmentBlocked: true, OSMinimumVersion: &v}, WindowsMobile: PlatformRestriction{PlatformBlocked: true}}},
		{Kind: ConfigurationWindowsHelloForBusiness, ID: "h", CreatedDateTime: at, LastModifiedDateTime: at, WindowsHello: WindowsHelloForBusiness{
			EnhancedBiometricsState: Disabled, PinMinimumLength: 8, PinSpecialCharactersUsage: PinDisallowed, State: Enabled, RemotePassportEnabled: true},
			Assignments: []Assignment{{ID: "h_g", Target: Target{Kind: TargetGroup, GroupID: "g", FilterID: "f", FilterType: "include"}, Source: "direct"}}},
		{Kind: ConfigurationEnrollmentCompletionPage, ID: "e", CreatedDateTime: at, LastModifiedDateTime: at,
			CompletionPage: CompletionPage{AllowNonBlockingAppInstallation: true}},
	}
	raw, err := json.Marshal(configs)
	require.NoError(t, err)
	var back []Configuration
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, configs, back)
	assert.Contains(t, string(raw), `"androidRestriction":{"platformBlocked":false,"personalDeviceEnrollmentBlocked":true,"osMinimumVersion":"12.0","osMaximumVersion":null}`)
	assert.Contains(t, string(raw), `"enhancedBiometricsState":"disabled"`)
	assert.Contains(t, string(raw), `"pinLowercaseCharactersUsage":"allowed"`, "an enum's zero value is its member 0")
	var written []map[string]any
	require.NoError(t, json.Unmarshal(raw, &written))
	assert.Equal(t, []any{}, written[0]["assignments"], "an empty list is written")
	assert.NotContains(t, written[1], "assignments", "nil assignments are left out")
}
