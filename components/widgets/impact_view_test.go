package widgets

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"

	"enrollassign/graph"
	"enrollassign/graph/resolve"
)

func movers(n int) []resolve.Mover {
	out := make([]resolve.Mover, n)
	for i := range out {
		out[i] = resolve.Mover{User: resolve.User{ID: fmt.Sprint("u", i), DisplayName: fmt.Sprintf("User %02d", i), UserPrincipalName: fmt.Sprintf("u%02d@contoso.test", i)},
			Key: resolve.Key{Kind: graph.ConfigurationLimit}, Before: resolve.Configuration{Name: "Sales"}, After: resolve.Configuration{Name: "Default"}}
	}
	return out
}

// A few movers are all named, before → after, with the groups gained and
// lost and the counts.
func TestImpactViewNamesEveryMoverWhenFew(t *testing.T) {
	im := resolve.Impact{
		Changes: []resolve.Change{{Configuration: resolve.Configuration{ID: "c1", Name: "Sales - three devices"},
			Losing: []graph.Audience{graph.GroupTarget("G1").Audience()}, Gaining: []graph.Audience{graph.AllLicensedUsersTarget().Audience()}}},
		Losing: resolve.Counts{Users: 2, Devices: 1}, Gaining: resolve.Counts{Users: 5, AllUsers: true},
		Movers: movers(2),
	}
	page := visible(app.HTMLString(&ImpactView{Impact: im, Known: true, GroupNames: map[string]string{"g1": "Sales"}}))
	assert.Contains(t, page, `Sales - three devices: gained by all licensed users. lost by group "Sales".`)
	assert.Contains(t, page, "Gain: 5 users, 0 devices (all licensed users). Lose: 2 users, 1 devices. 2 users change effective configuration.")
	assert.Contains(t, page, "User 00 (u00@contoso.test) Device limit Sales Default")
	assert.NotContains(t, page, "a sample")
}

// Many movers are counted, and a sample of 20 named.
func TestImpactViewSamplesManyMovers(t *testing.T) {
	page := visible(app.HTMLString(&ImpactView{Impact: resolve.Impact{Movers: movers(47)}, Known: true}))
	assert.Contains(t, page, "47 users change effective configuration; a sample of 20:")
	assert.Contains(t, page, "User 19")
	assert.NotContains(t, page, "User 20")
	assert.Contains(t, MoverWords(resolve.Impact{Movers: movers(47)}), "47 users move, among them User 00: Sales → Default")
}

// Before the directory is read, the view says so and offers the read.
func TestImpactViewBeforeTheDirectoryIsRead(t *testing.T) {
	page := app.HTMLString(&ImpactView{OnRead: func(app.Context) {}})
	assert.Contains(t, visible(page), "the directory has not been read")
	assert.Contains(t, page, `id="impact-read"`)
}

// On a phone the movers' table scrolls inside the panel: a scrolling
// region must be reachable from the keyboard (axe's scrollable-region-focusable).
func TestTheImpactPanelCanBeReachedFromTheKeyboard(t *testing.T) {
	page := app.HTMLString(&ImpactView{Impact: resolve.Impact{Movers: movers(3)}, Known: true})
	assert.Regexp(t, `<section[^>]*\stabindex="0"`, page)
}
