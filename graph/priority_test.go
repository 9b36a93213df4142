package graph

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// limits is a kind of four configurations and its default, loaded in no
// particular order.
func limits() []Configuration {
	c := func(id string, p int32) Configuration {
		return Configuration{ID: id, DisplayName: "Limit " + id, Priority: p, Kind: ConfigurationLimit}
	}
	return []Configuration{c("c", 3), c("t1_DefaultLimit", 0), c("a", 1), c("d", 4), c("b", 2),
		{ID: "r", DisplayName: "Restriction", Priority: 1, Kind: ConfigurationPlatformRestrictions}}
}

func TestTheOrderOfAKindIsByPriorityWithItsDefaultsApart(t *testing.T) {
	movable, defaults := OrderOf(limits(), ConfigurationLimit)
	assert.Equal(t, []string{"a", "b", "c", "d"}, IDs(movable))
	assert.Equal(t, []string{"t1_DefaultLimit"}, IDs(defaults))
}

func TestReorderStepsAreTheFewestSetPriorityCalls(t *testing.T) {
	tests := []struct {
		name  string
		order []string
		steps []string
	}{
		{"unchanged", []string{"a", "b", "c", "d"}, nil},
		{"move up by one", []string{"a", "c", "b", "d"}, []string{"c→2"}},
		{"move down by one", []string{"b", "a", "c", "d"}, []string{"b→1"}},
		{"last to first", []string{"d", "a", "b", "c"}, []string{"d→1"}},
		{"first to last", []string{"b", "c", "d", "a"}, []string{"b→1", "c→2", "d→3"}},
		{"reversed", []string{"d", "c", "b", "a"}, []string{"d→1", "c→2", "b→3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: tt.order}
			steps, err := r.Steps()
			require.NoError(t, err)
			var got []string
			for _, s := range steps {
				got = append(got, s.Configuration.ID+"→"+strconv.Itoa(s.Priority))
			}
			assert.Equal(t, tt.steps, got)
			assert.Equal(t, tt.order, simulate(t, limits(), steps), "the service's semantics give the order asked")
			result, err := r.Result()
			require.NoError(t, err)
			assert.Equal(t, append(append([]string{}, tt.order...), "t1_DefaultLimit"), IDs(result), "defaults last, fixed")
			for i, c := range result[:4] {
				assert.Equal(t, int32(i+1), c.Priority)
			}
			assert.Equal(t, int32(0), result[4].Priority)
		})
	}
}

// simulate applies setPriority as the service does (and the emulator):
// the configuration takes the priority, the others shift to stay 1…n.
func simulate(t *testing.T, all []Configuration, steps []PriorityStep) []string {
	movable, _ := OrderOf(all, ConfigurationLimit)
	ids := IDs(movable)
	for _, s := range steps {
		var rest []string
		for _, id := range ids {
			if id != s.Configuration.ID {
				rest = append(rest, id)
			}
		}
		ids = append(rest[:s.Priority-1:s.Priority-1], append([]string{s.Configuration.ID}, rest[s.Priority-1:]...)...)
	}
	return ids
}

func TestAReorderThatIsNoPermutationIsRefused(t *testing.T) {
	tests := []struct {
		name  string
		r     Reorder
		field string
	}{
		{"a default moved", Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"t1_DefaultLimit", "a", "b", "c", "d"}}, "order"},
		{"one missing", Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"a", "b", "c"}}, "order"},
		{"one twice", Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"a", "b", "c", "c"}}, "order"},
		{"another kind's", Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"a", "b", "c", "r"}}, "order"},
		{"an unknown kind", Reorder{Kind: "x", Loaded: limits()}, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.r.Steps()
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

func TestAReorderIsPreviewedAsItsSetPriorityCalls(t *testing.T) {
	c, _ := testClient(t, newFakeGraph(t))
	previews, err := c.PreviewReorder(Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"d", "a", "b", "c"}})
	require.NoError(t, err)
	require.Len(t, previews, 1)
	p := previews[0]
	assert.Equal(t, "POST", p.Method)
	assert.Equal(t, c.base.String()+"/deviceManagement/deviceEnrollmentConfigurations/d/setPriority", p.URL)
	assert.JSONEq(t, `{"priority":1}`, string(p.Body))
	assert.Equal(t, "Bearer <redacted>", p.Headers.Get("Authorization"))
	require.NotNil(t, p.Request)
	assert.Equal(t, p.URL, p.Request.URL())
	assert.Contains(t, p.Note, "reads the Device limit configurations again")
}

func configurationsPage(cs ...string) string { return list(cs...) }

func limitJSON(id string, p int) string {
	return `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"` + id + `","displayName":"Limit ` + id + `","priority":` + strconv.Itoa(p) + `}`
}

func TestApplyReorderChecksTheLiveOrderFirst(t *testing.T) {
	r := Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"b", "a", "c", "d"}}
	t.Run("someone reordered meanwhile", func(t *testing.T) {
		f := newFakeGraph(t, reply(200, configurationsPage(limitJSON("a", 2), limitJSON("b", 1), limitJSON("c", 3), limitJSON("d", 4), limitJSON("t1_DefaultLimit", 0))))
		c, _ := testClient(t, f)
		_, err := c.ApplyReorder(context.Background(), r)
		var pe *PriorityConflictError
		require.True(t, errors.As(err, &pe), "got %v", err)
		assert.Equal(t, []string{"a", "b", "c", "d"}, IDs(pe.Loaded))
		assert.Equal(t, []string{"b", "a", "c", "d"}, IDs(pe.Live))
		assert.Contains(t, err.Error(), "nothing was written")
		assert.Len(t, f.requests(), 1, "nothing is written")
		assert.Equal(t, "$select=id%2CdisplayName%2Cpriority", f.requests()[0].Query, "three properties are enough to compare")
	})
	t.Run("unchanged: one setPriority, then the order read back", func(t *testing.T) {
		live := configurationsPage(limitJSON("a", 1), limitJSON("b", 2), limitJSON("c", 3), limitJSON("d", 4), limitJSON("t1_DefaultLimit", 0))
		after := configurationsPage(limitJSON("a", 2), limitJSON("b", 1), limitJSON("c", 3), limitJSON("d", 4), limitJSON("t1_DefaultLimit", 0))
		f := newFakeGraph(t, reply(200, live), reply(204, ""), reply(200, after))
		c, _ := testClient(t, f)
		res, err := c.ApplyReorder(context.Background(), r)
		require.NoError(t, err)
		assert.Equal(t, []string{"GET " + configsPath, "POST " + configsPath + "/b/setPriority", "GET " + configsPath}, sent(f.requests()))
		assert.JSONEq(t, `{"priority":1}`, f.requests()[1].Body)
		assert.Equal(t, []string{"b", "a", "c", "d"}, IDs(res.Order))
		assert.Len(t, res.Sent, 1)
	})
	t.Run("read back in another order", func(t *testing.T) {
		live := configurationsPage(limitJSON("a", 1), limitJSON("b", 2), limitJSON("c", 3), limitJSON("d", 4))
		f := newFakeGraph(t, reply(200, live), reply(204, ""), reply(200, live))
		c, _ := testClient(t, f)
		_, err := c.ApplyReorder(context.Background(), r)
		assert.ErrorContains(t, err, "reads back another order")
	})
	t.Run("a refused move stops the rest", func(t *testing.T) {
		live := configurationsPage(limitJSON("a", 1), limitJSON("b", 2), limitJSON("c", 3), limitJSON("d", 4))
		f := newFakeGraph(t, reply(200, live), reply(400, graphError("BadRequest", "Priority 1 is out of range")))
		c, _ := testClient(t, f)
		res, err := c.ApplyReorder(context.Background(), Reorder{Kind: ConfigurationLimit, Loaded: limits(), Order: []string{"d", "c", "b", "a"}})
		require.Error(t, err)
		assert.Empty(t, res.Sent)
		assert.Len(t, f.requests(), 2)
	})
}
