package components

import (
	"context"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

// The priority screen loads on mount in tests as in the browser.
func (c *PriorityScreen) OnPreRender(ctx app.Context) { remember(c, ctx); c.OnMount(ctx) }

// fakePriorities is a PriorityGraph over a list of configurations: the
// previews and the write are the graph package's own Steps.
type fakePriorities struct {
	*fakeGraph
	applied  []graph.Reorder
	applyErr error
}

func (f *fakePriorities) PreviewReorder(r graph.Reorder) ([]graph.RequestPreview, error) {
	f.record("PreviewReorder")
	steps, err := r.Steps()
	if err != nil {
		return nil, err
	}
	out := make([]graph.RequestPreview, len(steps))
	for i, s := range steps {
		out[i] = graph.RequestPreview{Method: "POST", URL: "https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + s.Configuration.ID + "/setPriority",
			Body: []byte(`{"priority":` + string(rune('0'+s.Priority)) + `}`), Note: "Moves " + s.Configuration.DisplayName}
	}
	return out, nil
}

func (f *fakePriorities) ApplyReorder(_ context.Context, r graph.Reorder) (graph.ReorderResult, error) {
	f.record("ApplyReorder")
	f.applied = append(f.applied, r)
	if f.applyErr != nil {
		return graph.ReorderResult{}, f.applyErr
	}
	result, err := r.Result()
	movable, _ := graph.OrderOf(result, r.Kind)
	return graph.ReorderResult{Order: movable}, err
}

func limitsTenant() *fakePriorities {
	c := func(id, name string, p int32) graph.Configuration {
		return graph.Configuration{Kind: graph.ConfigurationLimit, ID: id, DisplayName: name, Priority: p}
	}
	g := newTenant()
	g.configurations = []graph.Configuration{defaultLimit(), c("l2", "Executives", 2), c("l1", "Ten devices", 1), c("l3", "Frontline", 3), espConfiguration()}
	return &fakePriorities{fakeGraph: g}
}

func TestThePriorityScreenShowsTheKindsOrderWithItsDefaultLast(t *testing.T) {
	g := limitsTenant()
	c := &PriorityScreen{Graph: g, Kind: graph.ConfigurationLimit}
	mount(t, c)
	page := html(c)
	assert.Contains(t, visible(page), "1 Ten devices ↑ Up ↓ Down 2 Executives ↑ Up ↓ Down 3 Frontline ↑ Up ↓ Down Default All users and all devices applies last")
	assert.Contains(t, page, `aria-label="Move up: Executives"`)
	assert.Contains(t, page, `aria-label="Move down: Frontline"`)
	assert.Regexp(t, `id="move-up-l1"[^>]*disabled|disabled[^>]*id="move-up-l1"`, page, "the first cannot move up")
	assert.NotContains(t, visible(page), "Autopilot ESP", "only this kind")
	assert.Regexp(t, `<[a-z]+(\s[^>]*)?\sdata-configuration-id="l1"(\s[^>]*)?\sdraggable[\s>=]|<[a-z]+(\s[^>]*)?\sdraggable(\s[^>]*)?\sdata-configuration-id="l1"[\s>]`, page,
		"dragging is an extra over the buttons (go-app prints true bare, its attributes in no fixed order)")
}

func TestMovingUpAndDownIsPreviewedThenSaved(t *testing.T) {
	g := limitsTenant()
	c := &PriorityScreen{Graph: g, Kind: graph.ConfigurationLimit}
	e := mount(t, c)
	assert.False(t, c.changed())
	act(t, e, c, func(ctx app.Context) { c.MoveUp("l3") })
	assert.Equal(t, []string{"l1", "l3", "l2"}, c.order)
	assert.Contains(t, visible(html(c)), "Moved Frontline to position 2 of 3.", "said for screen readers")
	act(t, e, c, func(ctx app.Context) { c.MoveDown("l1") })
	assert.Equal(t, []string{"l3", "l1", "l2"}, c.order)
	act(t, e, c, func(ctx app.Context) { c.MoveUp("l3") })
	assert.Equal(t, []string{"l3", "l1", "l2"}, c.order, "the first stays first")

	act(t, e, c, func(ctx app.Context) { c.Preview() })
	page := visible(html(c))
	assert.Contains(t, page, "Order to save 1. Frontline 2. Ten devices 3. Executives Default (applies last). All users and all devices")
	assert.Contains(t, page, "1 setPriority request:")
	assert.Contains(t, page, "Moves Frontline")

	act(t, e, c, func(ctx app.Context) { c.Save(ctx) })
	e.ConsumeAll()
	require.Len(t, g.applied, 1)
	assert.Equal(t, []string{"l3", "l1", "l2"}, g.applied[0].Order)
	assert.Contains(t, visible(html(c)), "Saved: 0 setPriority requests")
	assert.False(t, c.changed(), "the saved order is the new starting point")
}

func TestAConflictOnSaveIsExplainedAndReloaded(t *testing.T) {
	g := limitsTenant()
	g.applyErr = &graph.PriorityConflictError{Kind: graph.ConfigurationLimit}
	c := &PriorityScreen{Graph: g, Kind: graph.ConfigurationLimit}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.MoveTo("l2", 0); c.Preview(); c.Save(ctx) })
	e.ConsumeAll()
	page := visible(html(c))
	assert.Contains(t, page, "The order was not saved")
	assert.Contains(t, page, "changed since you loaded it")
	assert.Contains(t, html(c), `id="reload-order"`)
}
