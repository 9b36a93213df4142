package components

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"enrollassign/graph"
)

func TestEveryScreenHasAnAddressThatReadsBackAsItself(t *testing.T) {
	for _, tt := range []struct {
		a    address
		path string
	}{
		{address{screen: screenList}, "/"},
		{address{screen: screenBulk}, "/bulk"},
		{address{screen: screenHistory}, "/history"},
		{address{screen: screenBackup}, "/backup"},
		{address{screen: screenSettings}, "/settings"},
		{address{screen: screenPriority, kind: graph.ConfigurationLimit}, "/priority/deviceEnrollmentLimitConfiguration"},
		{address{screen: screenDetail, configuration: "c1_DefaultLimit"}, "/configurations/c1_DefaultLimit"},
		{address{screen: screenDetail, configuration: "a/b c?", assignment: "a/b c?_g#1"}, "/configurations/a%2Fb%20c%3F/assignments/a%2Fb%20c%3F_g%231"},
	} {
		assert.Equal(t, tt.path, tt.a.Path())
		back, ok := addressOf(tt.path)
		assert.True(t, ok, tt.path)
		assert.Equal(t, tt.a, back, tt.path)
	}
}

func TestTheKeptBulkRunHasTheBulkAddress(t *testing.T) {
	assert.Equal(t, "/bulk", address{screen: screenBulkResume}.Path())
}

func TestPathsThatAreNoScreenAreNotTheApps(t *testing.T) {
	for _, p := range []string{"", "/bulk/", "/Bulk", "/configurations", "/configurations/", "/configurations//assignments/x",
		"/configurations/x/assignments", "/configurations/x/assignments/", "/configurations/x/other/y", "/configurations/%zz",
		"/priority/", "/priority/unknownKind", "/web/app.wasm", "/app.js"} {
		assert.False(t, IsAppPath(p), p)
	}
}

func TestTitlesEndWithTheAppsName(t *testing.T) {
	assert.Equal(t, "Sales - three devices · Enrollment assignments", titled("Sales - three devices"))
	assert.Equal(t, "Enrollment assignments", titled(""))
}
