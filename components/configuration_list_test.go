package components

import (
	"errors"
	"regexp"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// rowNames lists the configuration names in the order the table shows them.
func rowNames(page string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`(?s)class="link open-configuration"[^>]*>([^<]*)<`).FindAllStringSubmatch(page, -1) {
		names = append(names, m[1])
	}
	return names
}

func TestConfigurationListShowsTypeNamePriorityAndCount(t *testing.T) {
	g := newTenant()
	c := &ConfigurationList{Graph: g}
	mount(t, c)

	page := html(c)
	assert.Equal(t, []string{"Ten devices", "All users and all devices", "Autopilot ESP"}, rowNames(page),
		"grouped by kind, defaults last within their kind")
	assert.Contains(t, page, "Device limit")
	assert.Contains(t, page, "Enrollment Status Page")
	assert.Contains(t, page, "Default", "a default's priority reads as Default")
	assert.Contains(t, page, `<td class="num assignment-count">2</td>`, "the ESP has two assignments")
	assert.Contains(t, page, "3 configurations")
	assert.Equal(t, []string{"ListConfigurations"}, g.Calls())
}

func TestConfigurationListSearchesByName(t *testing.T) {
	c := &ConfigurationList{Graph: newTenant()}
	mount(t, c)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Ten devices", "All users and all devices", "Autopilot ESP"}},
		{"esp", []string{"Autopilot ESP"}},
		{"  DEVICES ", []string{"Ten devices", "All users and all devices"}},
		{"nothing like it", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			c.Search(tt.query)
			page := app.HTMLString(c.Render())
			assert.Equal(t, tt.want, rowNames(page))
			if tt.want == nil {
				assert.Contains(t, page, "No configuration is named like")
			}
		})
	}
}

func TestConfigurationListStates(t *testing.T) {
	forbidden := &graph.Error{Status: 403, Code: "Forbidden", Message: "Application is not authorized to perform this operation.",
		RequestID: "req-1", Date: "2026-11-29T07:00:00", Method: "GET", URL: "https://graph.microsoft.com/v1.0/deviceManagement/deviceEnrollmentConfigurations"}
	tests := []struct {
		name  string
		graph *fakeGraph
		want  []string
	}{
		{"empty tenant", &fakeGraph{}, []string{"This tenant has no device enrollment configurations."}},
		{"Graph error with what support needs", &fakeGraph{listErr: forbidden},
			[]string{"Loading configurations failed", "Forbidden", "req-1", "2026-11-29T07:00:00", "DeviceManagementServiceConfig"}},
		{"network failure", &fakeGraph{listErr: errors.New("net/http: fetch() failed: TypeError: Failed to fetch")},
			[]string{"could not be reached", "CORS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &ConfigurationList{Graph: tt.graph}
			mount(t, c)
			page := html(c)
			for _, w := range tt.want {
				assert.Contains(t, page, w)
			}
		})
	}
}

func TestConfigurationListSaysLoadingBeforeTheAnswer(t *testing.T) {
	c := &ConfigurationList{loading: true}
	assert.Contains(t, app.HTMLString(c.Render()), "Loading configurations")
}

func TestConfigurationListOpensTheChosenConfiguration(t *testing.T) {
	var opened graph.Configuration
	c := &ConfigurationList{Graph: newTenant(), OnOpen: func(ctx app.Context, cfg graph.Configuration) { opened = cfg }}
	mount(t, c)
	c.open(contextOf(t, c), c.Visible()[2])
	require.Equal(t, espID, opened.ID)
}
