package components

import (
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
)

func TestGroupPickerSearchesAsYouTypeAndChooses(t *testing.T) {
	g := newTenant()
	var text string
	var chosen graph.Group
	c := &GroupPicker{Graph: g, InputID: "p", Label: "Group", Delay: time.Millisecond,
		OnChange: func(ctx app.Context, t string, ch graph.Group) { text, chosen = t, ch }}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Type(ctx, "Sal") })
	page := html(c)
	assert.Contains(t, page, ">Sales Laptops</button>")
	assert.Contains(t, page, ">Sales Team</button>")
	assert.Contains(t, page, "2 groups found")
	assert.Equal(t, []string{"SearchGroups Sal"}, g.Calls())

	act(t, e, c, func(ctx app.Context) { c.choose(ctx, testGroups()[0]) })
	assert.Equal(t, "Sales Laptops", text)
	assert.Equal(t, salesID, chosen.ID)
	assert.Contains(t, html(c), "Chosen: ")
}

func TestGroupPickerSearchesOnlyForTheLastText(t *testing.T) {
	g := newTenant()
	c := &GroupPicker{Graph: g, InputID: "p", Delay: 20 * time.Millisecond}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) {
		c.Type(ctx, "Sa")
		c.Type(ctx, "Pil")
	})
	assert.Equal(t, []string{"SearchGroups Pil"}, g.Calls(), "typing on cancels the earlier search")
	assert.Contains(t, html(c), ">Pilot Users</button>")
	assert.NotContains(t, html(c), "Sales")
}

func TestGroupPickerDoesNotSearchForIDsOrSingleLetters(t *testing.T) {
	for _, text := range []string{"S", pilotID, " ", pilotID[:35], "7ac8a504-1f02"} {
		g := newTenant()
		c := &GroupPicker{Graph: g, InputID: "p", Delay: time.Millisecond}
		e := mount(t, c)
		act(t, e, c, func(ctx app.Context) { c.Type(ctx, text) })
		require.Empty(t, g.Calls(), "text %q", text)
	}
}

func TestGroupPickerSaysWhenNothingMatches(t *testing.T) {
	c := &GroupPicker{Graph: newTenant(), InputID: "p", Delay: time.Millisecond}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Type(ctx, "Nobody") })
	assert.Contains(t, html(c), "No group is named like “Nobody”.")
}

func TestLooksLikeID(t *testing.T) {
	tests := map[string]bool{
		pilotID:          true,
		pilotID[:30]:     true,
		"7AC8A504-1F02":  true,
		"Sales Laptops":  false,
		"sales-laptops":  false,
		"12345678":       false,
		"deadbeef-cafe ": false,
	}
	for text, want := range tests {
		assert.Equal(t, want, looksLikeID(text), text)
	}
}
