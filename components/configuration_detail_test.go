package components

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/auth"
)

func TestConfigurationDetailShowsTargetsInWordsWithGroupNames(t *testing.T) {
	g := newTenant()
	c := &ConfigurationDetail{Graph: g, Configuration: espConfiguration()}
	mount(t, c)

	page := html(c)
	assert.Contains(t, page, "<em>Sales Laptops</em>")
	assert.Contains(t, visible(page), "Include group Sales Laptops")
	assert.Contains(t, visible(page), "Configuration Manager collection SMS00001")
	assert.Contains(t, page, `aria-label="Change target: Include group Sales Laptops"`)
	assert.Equal(t, []string{"ListAssignments " + espID, "GetGroups " + salesID, "MemberCounts " + salesID}, g.Calls(),
		"one listing, one batched group lookup and the groups' member counts")
}

func TestConfigurationDetailShowsADefaultReadOnlyWithTheReason(t *testing.T) {
	cfg := defaultLimit()
	c := &ConfigurationDetail{Graph: newTenant(), Configuration: cfg}
	e := mount(t, c)
	page := html(c)
	assert.Contains(t, page, "Read-only. ")
	assert.Contains(t, visible(page), "Read-only. "+cfg.DefaultReason())
	assert.NotContains(t, page, "edit-assignment", "no control to change a default")

	act(t, e, c, func(ctx app.Context) { c.Edit(ctx, cfg.Assignments[0].ID) })
	assert.Empty(t, c.editing, "asking anyway opens nothing")
}

func TestConfigurationDetailSavesThenShowsTheResultAndTheNewList(t *testing.T) {
	g := newTenant()
	cfg := espConfiguration()
	after := graph.Assignment{ID: cfg.Assignments[0].ID, Target: graph.ExclusionGroupTarget(pilotID)}
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyPatch, Assignment: after,
		Write: graph.WriteResult{Status: 200, RequestID: "req-200", Body: []byte(`{"id":"x"}`)}}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg, opts: options{searchDelay: time.Millisecond}}
	e := mount(t, c)

	act(t, e, c, func(ctx app.Context) { c.Edit(ctx, cfg.Assignments[0].ID) })
	editor := latest[*TargetEditor](t)
	g.assignments[espID] = []graph.Assignment{after, cfg.Assignments[1]}
	act(t, e, editor, func(ctx app.Context) {
		editor.ChooseKind(ctx, graph.TargetExclusionGroup)
		editor.groupChanged(ctx, "Pilot Users", testGroups()[1])
		editor.Preview(ctx)
		editor.Save(ctx)
	})
	e.ConsumeAll()

	page := html(c)
	assert.Contains(t, page, "Saved: Exclude group Pilot Users")
	assert.Contains(t, page, `<dd class="fact-status">200</dd>`)
	assert.Contains(t, page, `<dd class="fact-request-id">req-200</dd>`)
	assert.Contains(t, visible(page), "Exclude group Pilot Users Security 18 members — "+after.ID, "the list shows what the service now holds (no filter)")
	assert.Empty(t, c.editing, "the editor closes")
	calls := g.Calls()
	assert.Equal(t, "ListAssignments "+espID, calls[len(calls)-2], "the list is read again after the save")
}

// The user waits for the result of a save, not for the refreshed list: the
// result is on screen before the list is asked for again.
func TestConfigurationDetailDrawsTheSaveResultBeforeReloading(t *testing.T) {
	g := newTenant()
	cfg := espConfiguration()
	after := graph.Assignment{ID: cfg.Assignments[0].ID, Target: graph.ExclusionGroupTarget(pilotID)}
	result := graph.UpdateResult{Strategy: graph.StrategyPatch, Assignment: after,
		Write: graph.WriteResult{Status: 200, RequestID: "req-200"}}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg}
	e := mount(t, c)
	var onScreenAtReload []string
	g.onListAssignments = func() { onScreenAtReload = append(onScreenAtReload, html(c)) }

	act(t, e, c, func(ctx app.Context) {
		c.onSaved(ctx, Saved{Update: graph.Update{Configuration: cfg, Before: cfg.Assignments[0], After: after.Target}, Result: result})
		assert.False(t, c.loading, "no reload started before the result is drawn")
	})

	require.Len(t, onScreenAtReload, 1, "the list is read again")
	assert.Contains(t, onScreenAtReload[0], `<dd class="fact-request-id">req-200</dd>`, "the result was on screen when the reload began")
}

func TestConfigurationDetailExplainsTheAssignFallback(t *testing.T) {
	g := newTenant()
	cfg := espConfiguration()
	g.updateResult = graph.UpdateResult{Strategy: graph.StrategyAssign, FellBack: true, Write: graph.WriteResult{Status: 204, RequestID: "req-204"}}
	c := &ConfigurationDetail{Graph: g, Configuration: cfg}
	e := mount(t, c)
	act(t, e, c, func(ctx app.Context) {
		c.onSaved(ctx, Saved{Update: graph.Update{Configuration: cfg, Before: cfg.Assignments[0], After: graph.AllDevicesTarget()}, Result: g.updateResult})
	})
	page := html(c)
	assert.Contains(t, page, "refused the documented PATCH")
	assert.Contains(t, page, "(empty body)")
	assert.Contains(t, page, "Sent instead of PATCH")
}

func TestConfigurationDetailLoadFailureOffersARetry(t *testing.T) {
	g := newTenant()
	g.listErr = &graph.Error{Status: 503, Code: "ServiceUnavailable", Message: "Try later", RequestID: "req-503"}
	c := &ConfigurationDetail{Graph: g, Configuration: espConfiguration()}
	e := mount(t, c)
	page := html(c)
	assert.Contains(t, page, "Loading the assignments failed")
	assert.Contains(t, page, "req-503")

	g.listErr = nil
	act(t, e, c, c.Load)
	require.NotContains(t, html(c), "Loading the assignments failed")
	assert.Len(t, c.assignments, 2)
}

// A member count read that finds the session ended (the refresh token past
// its 24 hours) hands the screen to the sign-in, as the screen's own reads
// do, rather than showing the refusal as counts that could not be read.
func TestConfigurationDetailHandsAnEndedSessionFromTheCountsToTheSignIn(t *testing.T) {
	g := newTenant()
	g.countErr = auth.ErrNotSignedIn
	var ended error
	c := &ConfigurationDetail{Graph: g, Configuration: espConfiguration(),
		OnSessionEnded: func(_ app.Context, err error) { ended = err }}
	mount(t, c)
	assert.ErrorIs(t, ended, auth.ErrNotSignedIn)
	assert.NotContains(t, visible(html(c)), "Member counts could not be read")
}

func TestAConfigurationWithoutAssignmentsSaysSoOnce(t *testing.T) {
	c, _ := detailOf(t, newTenant(), unassignedLimit())
	page := visible(html(c))
	assert.Equal(t, 1, strings.Count(page, unassignedWords))
	assert.NotContains(t, page, "No one is included.")
	assert.NotContains(t, page, "No group is excluded.")
}

func TestTheDefaultPriorityHasOneNameInTheListAndTheDetail(t *testing.T) {
	list := &ConfigurationList{Graph: newTenant()}
	mount(t, list)
	require.Eventually(t, func() bool { return strings.Contains(visible(html(list)), "All users and all devices") }, time.Second, 5*time.Millisecond)
	assert.Contains(t, visible(html(list)), defaultPriorityWords)
	detail := &ConfigurationDetail{Graph: newTenant(), Configuration: defaultLimit()}
	mount(t, detail)
	assert.Contains(t, visible(html(detail)), "priority "+defaultPriorityWords)
	assert.NotContains(t, visible(html(detail)), "priority 0")
}
