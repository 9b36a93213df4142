package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const filterID = "92aae069-eebf-4d3a-bcee-5354ab2d0ae2"

func TestATargetsFilterIsReadFromWhatBetaShows(t *testing.T) {
	tests := []struct {
		name, json string
		id         string
		typ        FilterType
	}{
		{"include", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"` + filterID + `","deviceAndAppManagementAssignmentFilterType":"include"}`, filterID, FilterInclude},
		{"exclude on all devices", `{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","deviceAndAppManagementAssignmentFilterId":"` + filterID + `","deviceAndAppManagementAssignmentFilterType":"exclude"}`, filterID, FilterExclude},
		{"beta's defaults", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}`, "", FilterNone},
		{"a v1.0 read", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`, "", FilterNone},
		{"an ID whose type says none", `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g","deviceAndAppManagementAssignmentFilterId":"` + filterID + `","deviceAndAppManagementAssignmentFilterType":"none"}`, "", FilterNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var target Target
			require.NoError(t, json.Unmarshal([]byte(tt.json), &target))
			id, typ := target.Filter()
			assert.Equal(t, tt.id, id)
			assert.Equal(t, tt.typ, typ)
		})
	}
}

func TestWithFilterSetsChangesAndRemovesAFilter(t *testing.T) {
	set := GroupTarget(groupA).WithFilter(filterID, FilterInclude)
	id, typ := set.Filter()
	assert.Equal(t, filterID, id)
	assert.Equal(t, FilterInclude, typ)
	assert.True(t, hasHiddenValues(set), "a v1.0 write would lose it: it goes through beta")

	changed := set.WithFilter(filterID, FilterExclude)
	_, typ = changed.Filter()
	assert.Equal(t, FilterExclude, typ)
	_, typ = set.Filter()
	assert.Equal(t, FilterInclude, typ, "the original is untouched")

	removed := set.WithFilter("", FilterNone)
	id, typ = removed.Filter()
	assert.Equal(t, "", id)
	assert.Equal(t, FilterNone, typ)
	assert.Equal(t, GroupTarget(groupA), removed.WithoutDefaults(), "a removed filter is written as nothing")
	kept := GroupTarget(groupC).keeping(set)
	assert.Equal(t, set.Unmodelled(), kept.Unmodelled(), "a retarget keeps the filter")
	assert.Equal(t, removed.Unmodelled(), GroupTarget(groupC).WithFilter("", FilterNone).keeping(set).Unmodelled(),
		"a removal is not undone by keeping the old filter")
}

// The rule cited at filterPlatforms: restrictions take iOS, macOS and
// Windows device filters, the Enrollment Status Page Windows ones, device
// limits and Windows Hello none; managed-app filters never fit.
func TestOnlyFittingFiltersAreOffered(t *testing.T) {
	all := []AssignmentFilter{
		{ID: "1", DisplayName: "Corporate iPads", Platform: "iOS"},
		{ID: "2", DisplayName: "Macs", Platform: "macOS", ManagementType: "devices"},
		{ID: "3", DisplayName: "Windows 11", Platform: "windows10AndLater"},
		{ID: "4", DisplayName: "Android Enterprise", Platform: "androidForWork"},
		{ID: "5", DisplayName: "Android admin", Platform: "android"},
		{ID: "6", DisplayName: "Windows apps", Platform: "windowsMobileApplicationManagement", ManagementType: "apps"},
		{ID: "7", DisplayName: "Windows apps filed as Windows", Platform: "windows10AndLater", ManagementType: "apps"},
	}
	ids := func(fs []AssignmentFilter) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	assert.Equal(t, []string{"1", "2", "3"}, ids(FiltersFor(all, ConfigurationPlatformRestrictions)))
	assert.Equal(t, []string{"3"}, ids(FiltersFor(all, ConfigurationEnrollmentCompletionPage)))
	assert.Empty(t, FiltersFor(all, ConfigurationLimit))
	assert.Empty(t, FiltersFor(all, ConfigurationWindowsHelloForBusiness))
	for _, k := range ConfigurationKinds {
		assert.Equal(t, k.AcceptsFilters(), k.NoFilterReason() == "", k)
		assert.Equal(t, k.AcceptsFilters(), len(k.FilterPlatforms()) > 0, k)
	}
	assert.Contains(t, ConfigurationLimit.NoFilterReason(), "Device limit")
}

// A filter the assignment already had is never refused, even where the
// kind takes none: the user did not choose it here.
func TestAKeptFilterIsNeverRefused(t *testing.T) {
	c, _ := testClient(t, newFakeGraph(t))
	u := retargetAtoC(t, StrategyPatch)
	u.Configuration.Kind = ConfigurationLimit
	_, err := c.Preview(u)
	assert.NoError(t, err, "A's filter f1 is carried over untouched")
	u.After = GroupTarget(groupC).WithFilter("", FilterNone)
	_, err = c.Preview(u)
	assert.NoError(t, err, "and may always be removed")
}

func TestFiltersAreReadThroughBetaWhateverTheVersion(t *testing.T) {
	var f *fakeGraph
	firstPage := func(w http.ResponseWriter, r *http.Request) {
		reply(200, `{"value":[{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentFilter","id":"`+filterID+`","displayName":"Windows 11","platform":"windows10AndLater","rule":"(device.osVersion -startsWith \"10.0.22\")","assignmentFilterManagementType":"devices"}],`+
			`"@odata.nextLink":"`+f.srv.URL+`/beta/deviceManagement/assignmentFilters?$skiptoken=2"}`)(w, r)
	}
	f = newFakeGraph(t, firstPage, reply(200, `{"value":[{"id":"2","displayName":"Macs","platform":"macOS"}]}`))
	c, _ := testClient(t, f)
	all, err := c.ListAssignmentFilters(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []AssignmentFilter{
		{ID: filterID, DisplayName: "Windows 11", Platform: "windows10AndLater", Rule: `(device.osVersion -startsWith "10.0.22")`, ManagementType: "devices"},
		{ID: "2", DisplayName: "Macs", Platform: "macOS"},
	}, all)
	assert.Equal(t, []string{"GET /beta/deviceManagement/assignmentFilters", "GET /beta/deviceManagement/assignmentFilters"}, sent(f.requests()))
}

func TestARefusedFilterReadSaysWhichPermission(t *testing.T) {
	f := newFakeGraph(t, reply(403, graphError("Forbidden", "Application is not authorized to perform this operation.")))
	c, _ := testClient(t, f)
	_, err := c.ListAssignmentFilters(context.Background())
	require.Error(t, err)
	assert.True(t, FilterReadRefused(err))
	var ge *Error
	require.ErrorAs(t, err, &ge)
	assert.Contains(t, ge.Hint(), FilterReadPermission)
	assert.False(t, FilterReadRefused(&Error{Status: 404}))
}
