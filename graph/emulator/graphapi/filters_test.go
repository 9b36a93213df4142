//go:build !js

package graphapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

const (
	filtersBeta   = "/beta/deviceManagement/assignmentFilters"
	filterReader  = "DeviceManagementServiceConfig.ReadWrite.All DeviceManagementConfiguration.Read.All"
	filterPayload = `"deviceAndAppManagementAssignmentFilterId":"%s","deviceAndAppManagementAssignmentFilterType":"%s"`
)

func TestFiltersAreListedOnBetaOnly(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, "GET", filtersBeta, f.token(t, scp(filterReader)), "", nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
	values := r.object(t)["value"].([]any)
	require.Len(t, values, len(demo.Filters()))
	first := values[0].(map[string]any)
	assert.Equal(t, "#microsoft.graph.deviceAndAppManagementAssignmentFilter", first["@odata.type"])
	assert.Equal(t, demo.AssignmentFilterID, first["id"])
	assert.Equal(t, "windows10AndLater", first["platform"])
	assert.Equal(t, "devices", first["assignmentFilterManagementType"])
	assert.NotEmpty(t, first["rule"])

	one := f.do(t, "GET", filtersBeta+"/"+demo.FilterCorporateIPads, f.token(t, scp(filterReader)), "", nil)
	require.Equal(t, http.StatusOK, one.status, "%s", one.raw)
	assert.Equal(t, "iOS", one.object(t)["platform"])
	missing := f.do(t, "GET", filtersBeta+"/00000000-0000-4000-8000-000000000000", f.token(t, scp(filterReader)), "", nil)
	assert.Equal(t, http.StatusNotFound, missing.status)

	v1 := f.do(t, "GET", "/v1.0/deviceManagement/assignmentFilters", f.token(t, scp(filterReader)), "", nil)
	assert.Equal(t, http.StatusBadRequest, v1.status, "v1.0 has no such segment")
	assert.Equal(t, "Resource not found for the segment 'assignmentFilters'.", v1.errMessage(t))
}

// Reading filters takes DeviceManagementConfiguration.*: the
// DeviceManagementServiceConfig permission the rest of the app needs does
// not read them.
func TestReadingFiltersNeedsTheirOwnPermission(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		scp  string
		want int
	}{
		{"DeviceManagementServiceConfig.ReadWrite.All GroupMember.Read.All", http.StatusForbidden},
		{"DeviceManagementServiceConfig.Read.All", http.StatusForbidden},
		{"DeviceManagementConfiguration.Read.All", http.StatusOK},
		{"DeviceManagementConfiguration.ReadWrite.All", http.StatusOK},
	}
	for _, tt := range tests {
		r := f.do(t, "GET", filtersBeta, f.token(t, scp(tt.scp)), "", nil)
		assert.Equal(t, tt.want, r.status, tt.scp)
		if tt.want == http.StatusForbidden {
			assert.Contains(t, r.intune(t)["Message"], "DeviceManagementConfiguration.Read.All", tt.scp)
		}
	}
}

func filteredTarget(kind wire.TargetKind, groupID, filterID, filterType string) string {
	return strings.TrimSuffix(targetJSON(kind, groupID), "}") + "," + fmt.Sprintf(filterPayload, filterID, filterType) + "}"
}

// A filter set or changed on beta must exist, filter managed devices, and
// be of a platform the configuration's kind takes; a kind that takes none
// refuses any. A filter the assignment already had is kept as it is.
func TestAFilterIsCheckedWhenSet(t *testing.T) {
	restriction := demo.ConfigBlockPersonal + "_" + group(demo.FinanceTeam)
	esp := demo.ConfigKioskESP + "_" + group("Kiosk Devices")
	limit := demo.ConfigTenDevices + "_" + group("IT Admins")
	tests := []struct {
		name, config, assignment, group, filter, phrase string
	}{
		{"a restriction takes an iOS filter", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, demo.FilterCorporateIPads, ""},
		{"a restriction takes a macOS filter", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, demo.FilterAppleSiliconMacs, ""},
		{"a restriction takes a Windows filter", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, demo.AssignmentFilterID, ""},
		{"a restriction refuses an Android filter", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, demo.FilterAndroidCorporate, "AssignmentFilterPlatformMismatch"},
		{"a restriction refuses a managed-apps filter", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, demo.FilterOutlookIOSApps, "AssignmentFilterManagementTypeMismatch"},
		{"an ESP takes a Windows filter", demo.ConfigKioskESP, esp, "Kiosk Devices", demo.FilterAutopilotProfiles, ""},
		{"an ESP refuses an iOS filter", demo.ConfigKioskESP, esp, "Kiosk Devices", demo.FilterCorporateIPads, "AssignmentFilterPlatformMismatch"},
		{"a device limit takes none", demo.ConfigTenDevices, limit, "IT Admins", demo.AssignmentFilterID, "AssignmentFilterNotSupported"},
		{"a filter that does not exist", demo.ConfigBlockPersonal, restriction, demo.FinanceTeam, "00000000-0000-4000-8000-000000000000", "AssignmentFilterNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.storedConfig(t, tt.config)
			body := patchBody(filteredTarget(wire.TargetGroup, group(tt.group), tt.filter, "include"))
			r := f.do(t, "PATCH", assignmentPath(beta, tt.config, tt.assignment), f.token(t), body, nil)
			if tt.phrase == "" {
				require.Equal(t, http.StatusOK, r.status, "%s", r.raw)
				stored := f.storedConfig(t, tt.config).Assignments[assignmentIndex(&before, tt.assignment)]
				assert.Equal(t, tt.filter, stored.Target.FilterID)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
			assert.Equal(t, tt.phrase, r.intune(t)["CustomApiErrorPhrase"])
			assert.Equal(t, before, f.storedConfig(t, tt.config), "nothing changed")
		})
	}
}

func TestAFilterIsCheckedOnCreateAndAssignToo(t *testing.T) {
	f := newFixture(t)
	android := filteredTarget(wire.TargetGroup, group(demo.PilotUsers), demo.FilterAndroidAdmin, "exclude")
	r := f.do(t, "POST", beta+"/"+demo.ConfigBlockPersonal+"/assignments", f.token(t), patchBody(android), nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)

	set := `{"enrollmentConfigurationAssignments":[{"target":` + android + `}]}`
	r = f.do(t, "POST", beta+"/"+demo.ConfigBlockPersonal+"/assign", f.token(t), set, nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
	assert.Equal(t, "AssignmentFilterPlatformMismatch", r.intune(t)["CustomApiErrorPhrase"])
}

// The seeded device limit "Sales - three devices" holds a Windows filter,
// which a limit would not take today: sent back as it is (an assign that
// keeps it, a PATCH that moves its target), it is not refused.
func TestAFilterAlreadyHeldIsKept(t *testing.T) {
	f := newFixture(t)
	kept := filteredTarget(wire.TargetGroup, group(demo.SalesTeam), demo.AssignmentFilterID, "include")
	set := `{"enrollmentConfigurationAssignments":[{"target":` + targetJSON(wire.TargetGroup, group(demo.SalesLaptops)) + `},{"target":` + kept + `}]}`
	r := f.do(t, "POST", beta+"/"+demo.ConfigSalesLimit+"/assign", f.token(t), set, nil)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.raw)

	moved := filteredTarget(wire.TargetExclusionGroup, group(demo.SalesTeam), demo.AssignmentFilterID, "include")
	aid := demo.ConfigSalesLimit + "_" + group(demo.SalesTeam)
	r = f.do(t, "PATCH", assignmentPath(beta, demo.ConfigSalesLimit, aid), f.token(t), patchBody(moved), nil)
	require.Equal(t, http.StatusOK, r.status, "%s", r.raw)

	changed := filteredTarget(wire.TargetExclusionGroup, group(demo.SalesTeam), demo.AssignmentFilterID, "exclude")
	r = f.do(t, "PATCH", assignmentPath(beta, demo.ConfigSalesLimit, aid), f.token(t), patchBody(changed), nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "changing it is setting a filter a limit does not take")
}

// An assign that changes the filtered assignment's target, naming it by its
// id, keeps its filter as the PATCH does; the same target sent without the
// id is a new assignment setting a filter, refused.
func TestAFilterHeldIsKeptThroughAssignByTheAssignmentsID(t *testing.T) {
	f := newFixture(t)
	aid := demo.ConfigSalesLimit + "_" + group(demo.SalesTeam)
	moved := filteredTarget(wire.TargetExclusionGroup, group(demo.Contractors), demo.AssignmentFilterID, "include")
	laptops := `{"target":` + targetJSON(wire.TargetGroup, group(demo.SalesLaptops)) + `}`

	r := f.do(t, "POST", beta+"/"+demo.ConfigSalesLimit+"/assign", f.token(t),
		`{"enrollmentConfigurationAssignments":[`+laptops+`,{"target":`+moved+`}]}`, nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "without its id: %s", r.raw)
	assert.Equal(t, "AssignmentFilterNotSupported", r.intune(t)["CustomApiErrorPhrase"])

	r = f.do(t, "POST", beta+"/"+demo.ConfigSalesLimit+"/assign", f.token(t),
		`{"enrollmentConfigurationAssignments":[`+laptops+`,{"id":"`+aid+`","target":`+moved+`}]}`, nil)
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.raw)
}
