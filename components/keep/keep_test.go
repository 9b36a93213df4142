package keep

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/components/keep/keeptest"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
)

const (
	tenantID = "7d3c1a52-6f4b-4c8e-9a1d-2b5e8f0c3a71"
	userID   = "0b1c2d3e-0000-4000-8000-000000000001"
	cfgID    = "ae80a610-da98-41f1-ad8d-80d1e9c4ad1e_Windows10EnrollmentCompletionPageConfiguration"
	groupA   = "643e5a7e-6327-4f8d-a14d-79344396b394"
	groupB   = "7ac8a504-1f02-4b6d-a64b-28a3e3b4fee9"
)

func admin() auth.Account {
	return auth.Account{UPN: "admin@contoso.onmicrosoft.com", TenantID: tenantID, ObjectID: userID}
}

func TestEveryAreaIsUnderTheNamespace(t *testing.T) {
	mem := new(keeptest.Memory)
	require.NoError(t, Auth.In(mem).Set("account", "a"))
	for _, a := range []Area{Drafts, History, Bulk, Restore} {
		s, ok := a.Of(mem, tenantID, userID)
		require.True(t, ok)
		require.NoError(t, s.Set(RunKey, string(a)))
		assert.Equal(t, []string{RunKey}, s.Keys(), "keys are relative to the area's store")
	}
	require.NoError(t, SaveSettings(mem, Settings{CloudID: "global"}))
	for _, key := range mem.Keys() {
		assert.True(t, strings.HasPrefix(key, Namespace), key)
	}
	assert.Equal(t, []string{
		"enrollassign-settings",
		"enrollassign.auth.account",
		"enrollassign.bulk." + tenantID + "|" + userID + "|run",
		"enrollassign.draft." + tenantID + "|" + userID + "|run",
		"enrollassign.history." + tenantID + "|" + userID + "|run",
		"enrollassign.restore." + tenantID + "|" + userID + "|run",
	}, mem.Keys())
}

func TestClearTenantDataLeavesOnlyTheSettingsAndWhatIsNotOurs(t *testing.T) {
	mem := new(keeptest.Memory)
	k := For(admin(), mem)
	require.NoError(t, k.Drafts.Save(drafts.KindEdit, "c/a", "x", drafts.Edit{ConfigurationID: "c", AssignmentID: "a"}))
	require.NoError(t, k.Record(history.Entry{ID: "1", Outcome: history.Succeeded}))
	require.NoError(t, Auth.In(mem).Set("msal-cache", "{}"))
	require.NoError(t, SaveSettings(mem, Settings{CloudID: "global"}))
	require.NoError(t, mem.Set("not-ours", "kept"))

	ClearTenantData(mem)
	assert.Equal(t, []string{SettingsKey, "not-ours"}, mem.Keys())
}

func TestAreasKeepTenantsAndUsersApart(t *testing.T) {
	mem := new(keeptest.Memory)
	alice, bob, otherTenant := For(admin(), mem), For(auth.Account{UPN: "bob", TenantID: tenantID}, mem), For(auth.Account{UPN: "x", TenantID: "t2", ObjectID: userID}, mem)
	require.NoError(t, alice.Drafts.Save(drafts.KindEdit, "cfg/a1", "x", drafts.Edit{}))
	require.NoError(t, alice.Record(history.Entry{ID: "1", Outcome: history.Succeeded}))
	for name, k := range map[string]Keeping{"another user": bob, "another tenant": otherTenant} {
		assert.Empty(t, k.Drafts.List(), "%s sees no drafts", name)
		_, ok := k.Drafts.Get(drafts.KindEdit, "cfg/a1")
		assert.False(t, ok, name)
		entries, err := k.History.Entries()
		require.NoError(t, err)
		assert.Empty(t, entries, "%s sees no history", name)
	}
	assert.Len(t, alice.Drafts.List(), 1)

	a, _ := Bulk.Of(mem, "a", "u")
	b, _ := Bulk.Of(mem, "b", "u")
	v, _ := Bulk.Of(mem, "a", "v")
	require.NoError(t, a.Set(RunKey, "run of a/u"))
	_, found := b.Get(RunKey)
	assert.False(t, found, "a run made in one tenant is never resumed in another")
	_, found = v.Get(RunKey)
	assert.False(t, found, "nor by another user")
}

func TestNothingIsKeptForNobody(t *testing.T) {
	mem := new(keeptest.Memory)
	for _, who := range [][2]string{{"", ""}, {"t1", ""}, {"", "alice"}, {"t|1", "a"}, {"t1", "a\x00"}} {
		_, ok := Drafts.Of(mem, who[0], who[1])
		assert.False(t, ok, "%q", who)
	}
	k := For(auth.Account{UPN: "alice"}, mem)
	assert.False(t, k.Enabled(), "no tenant: nobody to keep for")
	assert.ErrorIs(t, k.Drafts.Save(drafts.KindEdit, "cfg/a1", "x", drafts.Edit{}), drafts.ErrNoScope)
	assert.NoError(t, k.Record(history.Entry{ID: "1"}), "nothing recorded, nothing failed")
	assert.Empty(t, mem.Keys())
}

// A damaged draft is dropped from its owner's store, and nobody else's key
// is touched.
func TestDamagedDraftsAreDroppedInTheirOwnAreaOnly(t *testing.T) {
	mem := new(keeptest.Memory)
	k := For(admin(), mem)
	require.NoError(t, k.Drafts.Save(drafts.KindEdit, "good", "x", drafts.Edit{}))
	require.NoError(t, k.Drafts.Storage.Set("edit|bad", `{"version":1,"kind":"edit"`))
	require.NoError(t, mem.Set(Namespace+".other", "kept: not ours"))
	list := k.Drafts.List()
	require.Len(t, list, 1)
	assert.Equal(t, "good", list[0].ID)
	_, kept := mem.Get(Namespace + ".other")
	assert.True(t, kept)
}

func TestRunsAreRecordedInTheHistoryAsTheyAreKept(t *testing.T) {
	k := For(admin(), new(keeptest.Memory))
	store := Recorder{Runs: new(keeptest.Memory), Keeping: k, Source: history.SourceBulk}
	run := bulk.NewRun("r1", bulk.Plan{Configurations: []bulk.ConfigurationPlan{{ID: cfgID, DisplayName: "Autopilot ESP",
		Items: []bulk.Item{{Key: cfgID + "/a", ConfigurationID: cfgID, AssignmentID: "a", Before: graph.GroupTarget(groupA), After: graph.GroupTarget(groupB),
			Outcome: bulk.Outcome{State: bulk.StatePending}}}}}}, bulk.StrategyFewest, time.Now())
	require.NoError(t, bulk.SaveRun(store, RunKey, run))
	entries, _ := k.History.Entries()
	assert.Empty(t, entries, "nothing has ended yet")

	run.Plan.Configurations[0].Items[0].Outcome = bulk.Outcome{State: bulk.StateSucceeded, RequestID: "rid", At: time.Now()}
	require.NoError(t, bulk.SaveRun(store, RunKey, run))
	require.NoError(t, bulk.SaveRun(store, RunKey, run), "saved again after the next batch")
	entries, _ = k.History.Entries()
	require.Len(t, entries, 1, "once")
	assert.Equal(t, history.SourceBulk, entries[0].Source)
	assert.Equal(t, "rid", entries[0].RequestID)
	_, kept := store.Get(RunKey)
	assert.True(t, kept, "the run itself is kept as before")
}
