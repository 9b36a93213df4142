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
	c := &GroupPicker{Graph: g, InputID: "p", Label: "Group", opts: options{searchDelay: time.Millisecond},
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
	c := &GroupPicker{Graph: g, InputID: "p", opts: options{searchDelay: 20 * time.Millisecond}}
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
		c := &GroupPicker{Graph: g, InputID: "p", opts: options{searchDelay: time.Millisecond}}
		e := mount(t, c)
		act(t, e, c, func(ctx app.Context) { c.Type(ctx, text) })
		require.Empty(t, g.Calls(), "text %q", text)
	}
}

func TestGroupPickerSaysWhenNothingMatches(t *testing.T) {
	c := &GroupPicker{Graph: newTenant(), InputID: "p", opts: options{searchDelay: time.Millisecond}}
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

func TestNextFocus(t *testing.T) {
	tests := []struct {
		key     string
		from, n int
		to      int
		moves   bool
	}{
		{"ArrowDown", fromInput, 3, 0, true},
		{"ArrowDown", 0, 3, 1, true},
		{"ArrowDown", 2, 3, 2, false},
		{"ArrowUp", 1, 3, 0, true},
		{"ArrowUp", 0, 3, fromInput, true},
		{"ArrowUp", fromInput, 3, 0, false},
		{"Home", 2, 3, 0, false}, // its default (scroll the page) cannot be prevented
		{"ArrowDown", fromInput, 0, 0, false},
		{"Enter", 0, 3, 0, false}, // the button's own click chooses
		{"a", fromInput, 3, 0, false},
	}
	for _, tt := range tests {
		to, moves := nextFocus(tt.key, tt.from, tt.n)
		assert.Equal(t, tt.moves, moves, "%s from %d of %d", tt.key, tt.from, tt.n)
		if moves {
			assert.Equal(t, tt.to, to, "%s from %d of %d", tt.key, tt.from, tt.n)
		}
	}
}

func TestGroupPickerMatchesHaveIDsForTheArrowKeys(t *testing.T) {
	c := &GroupPicker{Graph: newTenant(), InputID: "p", opts: options{searchDelay: time.Millisecond}}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) { c.Type(ctx, "Sal") })
	page := html(c)
	assert.Contains(t, page, `id="p-match-0"`)
	assert.Contains(t, page, `id="p-match-1"`)
}
