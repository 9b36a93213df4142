package graph

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageAnswer answers with values and, when next is set, a nextLink to the
// same host with that query.
func pageAnswer(values, next string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		link := ""
		if next != "" {
			link = `,"@odata.nextLink":"http://` + r.Host + r.URL.Path + `?` + next + `"`
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"@odata.context":"ctx","value":[`+values+`]`+link+`}`)
	}
}

func config(id string) string {
	return `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"` + id + `","priority":1,"limit":5}`
}

func TestListConfigurationsFollowsNextLinkAcrossThreePages(t *testing.T) {
	f := newFakeGraph(t,
		pageAnswer(config("c1")+","+config("c2"), "$expand=assignments&$skiptoken=p2"),
		pageAnswer(config("c3"), "$expand=assignments&$skiptoken=p3"),
		pageAnswer(config("c4"), ""),
	)
	c, _ := testClient(t, f)
	all, err := c.ListConfigurations(context.Background(), ListOptions{ExpandAssignments: true})
	require.NoError(t, err)

	var ids []string
	for _, cfg := range all {
		ids = append(ids, cfg.ID)
	}
	assert.Equal(t, []string{"c1", "c2", "c3", "c4"}, ids)
	reqs := f.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "$expand=assignments", reqs[0].Query)
	assert.Equal(t, "$expand=assignments&$skiptoken=p2", reqs[1].Query)
	assert.Equal(t, "$expand=assignments&$skiptoken=p3", reqs[2].Query)
	for _, r := range reqs {
		assert.Equal(t, configsPath, r.Path)
		assert.Equal(t, "Bearer token-0", r.Header.Get("Authorization"), "every page is authorised")
	}
}

func TestListAssignmentsFollowsNextLink(t *testing.T) {
	a := func(id string) string {
		return `{"id":"` + id + `","target":{"@odata.type":"#microsoft.graph.allLicensedUsersAssignmentTarget"}}`
	}
	f := newFakeGraph(t, pageAnswer(a("x1"), "$skiptoken=2"), pageAnswer(a("x2"), "$skiptoken=3"), pageAnswer(a("x3"), ""))
	c, _ := testClient(t, f)
	all, err := c.ListAssignments(context.Background(), configID)
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, "x3", all[2].ID)
}

func TestPagingRefusesWhatWouldLeakOrLoop(t *testing.T) {
	backToFirstPage := func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"value":[],"@odata.nextLink":"http://`+r.Host+r.URL.Path+`?$top=1"}`)
	}
	tests := []struct {
		name   string
		answer step
		want   string
	}{
		{"next link to another host", reply(200, `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/deviceManagement/deviceEnrollmentConfigurations?$skiptoken=1"}`), "refusing next link"},
		{"next link back to a page already read", backToFirstPage, "keeps sending next links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGraph(t, tt.answer)
			c, _ := testClient(t, f)
			_, err := c.ListConfigurations(context.Background(), ListOptions{Top: 1})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Len(t, f.requests(), 1, "nothing is sent to a link that leaks or loops")
		})
	}
}

func TestEmptyCollectionsAreEmptyNotNil(t *testing.T) {
	f := newFakeGraph(t, reply(200, `{"value":[]}`))
	c, _ := testClient(t, f)
	all, err := c.ListAssignments(context.Background(), "c1")
	require.NoError(t, err)
	assert.NotNil(t, all)
	assert.Empty(t, all)
}
