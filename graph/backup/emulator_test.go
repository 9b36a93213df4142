//go:build !js

package backup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/backup"
	"enrollassign/graph/bulk"
	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/demo"
)

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

const scale = 0.05 // Intune's 20 s window lasts 1 s

func against(t *testing.T, mode emulator.WriteMode) (*emulator.Emulator, *graph.Client) {
	t.Helper()
	e := emulator.StartTest(t, emulator.Options{Mode: mode, TimeScale: scale})
	token, err := e.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	require.NoError(t, err)
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: e.HTTPClient(),
		Retry: graph.RetryPolicy{BaseDelay: 50 * time.Millisecond, MaxDelay: time.Second}})
	require.NoError(t, err)
	return e, c
}

// take backs the tenant up as the app does: every configuration with its
// assignments, read through beta.
func take(t *testing.T, c *graph.Client) []byte {
	t.Helper()
	all, err := c.Beta().ListConfigurations(context.Background(), graph.ListOptions{ExpandAssignments: true})
	require.NoError(t, err)
	raw, err := backup.New(backup.Meta{TenantID: emulator.DemoTenantID, CloudID: "demo", GraphURL: "x", APIVersion: graph.Beta,
		TakenBy: emulator.AdminUPN, TakenAt: time.Now()}, all).Encode()
	require.NoError(t, err)
	return raw
}

// restore parses, compares and restores, as the app's screen does.
func restore(t *testing.T, c *graph.Client, raw []byte) (backup.Diff, *bulk.Run, []backup.Replaced) {
	t.Helper()
	ctx := context.Background()
	f, err := backup.Parse(raw, backup.Expect{TenantID: emulator.DemoTenantID, CloudID: "demo"})
	require.NoError(t, err)
	live, err := c.Beta().ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
	require.NoError(t, err)
	d := backup.Compare(f, live)
	run := bulk.NewRun("restore", d.BulkPlan(), bulk.StrategyFewest, time.Now())
	var replaced []backup.Replaced
	r := backup.Restorer{Replacer: c, Engine: &bulk.Engine{Graph: c.Beta(), Limits: bulk.IntuneLimits.Scaled(scale)},
		OnReplaced: func(res backup.Replaced) { replaced = append(replaced, res) }}
	require.NoError(t, r.Restore(ctx, d, run))
	return d, run, replaced
}

// requireTenantIs fails unless every configuration of the backup holds
// exactly the backup's targets.
func requireTenantIs(t *testing.T, e *emulator.Emulator, raw []byte) {
	t.Helper()
	f, err := backup.Parse(raw, backup.Expect{})
	require.NoError(t, err)
	now := tenantByID(t, e)
	for _, want := range f.Configurations {
		assert.True(t, backup.SameTargets(want.Assignments, now[want.ID].Assignments), "%s: want %v, have %v", want.ID, want.Assignments, now[want.ID].Assignments)
	}
}

// tenantByID is the emulator's tenant by configuration ID, read into the
// client's models through its JSON, as the client reads Graph.
func tenantByID(t *testing.T, e *emulator.Emulator) map[string]graph.Configuration {
	t.Helper()
	var all []graph.Configuration
	require.NoError(t, e.DecodeConfigurations(&all))
	now := map[string]graph.Configuration{}
	for _, c := range all {
		now[c.ID] = c
	}
	return now
}

func edit(e *emulator.Emulator, f func(c *graph.Configuration)) error {
	var all []graph.Configuration
	if err := e.DecodeConfigurations(&all); err != nil {
		return err
	}
	for i := range all {
		f(&all[i])
	}
	return e.ReplaceConfigurationsFrom(all)
}

// Backup taken, tenant altered behind the app's back in every way a restore
// handles, backup restored: the tenant equals the backup, in both write modes.
func TestRestoreUndoesEveryKindOfChange(t *testing.T) {
	for _, mode := range []emulator.WriteMode{emulator.ModeDocumented, emulator.ModeAsReported} {
		t.Run(string(mode), func(t *testing.T) {
			e, c := against(t, mode)
			raw := take(t, c)
			finance := graph.GroupTarget(emulator.DemoGroupID(emulator.GroupFinanceTeam))
			require.NoError(t, edit(e, func(c *graph.Configuration) {
				switch c.ID {
				case emulator.ConfigTenDevices: // retargeted, ID kept (as PATCH does)
					c.Assignments[0] = c.Assignments[0].WithTarget(finance)
				case emulator.ConfigPilotESP: // an assignment removed
					c.Assignments = c.Assignments[1:]
				case emulator.ConfigAutopilotESP: // one added, every filter gone (as a v1.0 PATCH would do)
					for i, a := range c.Assignments {
						c.Assignments[i] = a.WithTarget(graph.Target{Kind: a.Target.Kind, GroupID: a.Target.GroupID, CollectionID: a.Target.CollectionID})
					}
					c.Assignments = append(c.Assignments, graph.Assignment{Target: graph.CollectionTarget("SMS00777")})
				}
			}))

			d, run, replaced := restore(t, c, raw)
			status := map[string]backup.Status{}
			for _, cd := range d.Configurations {
				status[cd.ID] = cd.Status
			}
			assert.Equal(t, backup.Retarget, status[emulator.ConfigTenDevices])
			assert.Equal(t, backup.Replace, status[emulator.ConfigPilotESP])
			assert.Equal(t, backup.Replace, status[emulator.ConfigAutopilotESP])
			assert.Equal(t, backup.Unchanged, status[emulator.ConfigSalesLimit], "the filter it holds is kept, not written")
			assert.Equal(t, bulk.RunFinished, run.Status)
			assert.Equal(t, 1, run.Counts().Succeeded)
			require.Len(t, replaced, 2)
			for _, r := range replaced {
				assert.NoError(t, r.Err, r.Configuration.ID)
			}
			requireTenantIs(t, e, raw)
		})
	}
}

// manyChanges is a tenant of n ESP configurations of per group includes,
// and the same tenant with every group swapped for another: n×per changes.
func manyChanges(n, per int) (before, after []graph.Configuration) {
	groups := demo.Groups()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%08d-0000-4000-8000-000000000000_Windows10EnrollmentCompletionPageConfiguration", i+1)
		b := graph.Configuration{ID: id, DisplayName: fmt.Sprintf("Restore ESP %02d", i+1), Kind: graph.ConfigurationEnrollmentCompletionPage,
			Priority: int32(i + 1), Version: 1, CreatedDateTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), LastModifiedDateTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		a := b
		for g := 0; g < per; g++ {
			b.Assignments = append(b.Assignments, graph.Assignment{Target: graph.GroupTarget(groups[g].ID)})
			a.Assignments = append(a.Assignments, graph.Assignment{Target: graph.GroupTarget(groups[per+g].ID)})
		}
		before, after = append(before, b), append(after, a)
	}
	return before, after
}

// With a fifth of all requests failing in every way the emulator can fail
// them, a restore of 200 changes ends with every item reported, and the
// tenant holds exactly what the report says: "after" where an item
// succeeded, "before" where it failed.
func TestRestoreUnderFaultsReportsWhatTheTenantHolds(t *testing.T) {
	e, c := against(t, emulator.ModeDocumented)
	before, after := manyChanges(20, 10)
	require.NoError(t, e.ReplaceConfigurationsFrom(before))
	raw := take(t, c)
	require.NoError(t, e.ReplaceConfigurationsFrom(after))
	setFaults(t, e, `{"errorRates":{"429":0.03,"500":0.03,"502":0.03,"503":0.03,"504":0.03},"dropRate":0.025,"dropAfterRate":0.025,"exposeRetryAfter":true,"seed":6}`)

	d, run, _ := restore(t, c, raw)
	assert.Equal(t, backup.Counts{Retargets: 20, Changes: 200}, d.Counts())
	counts := run.Counts()
	assert.Equal(t, 200, counts.Succeeded+counts.Failed, "every item reported")
	assert.Zero(t, counts.Pending)
	st := e.Stats()
	injected := st.Dropped
	for _, n := range st.Injected {
		injected += n
	}
	t.Logf("faults: %v injected, %d dropped; %d succeeded, %d failed; %d writes, %d reads", st.Injected, st.Dropped, counts.Succeeded, counts.Failed, run.Writes, run.Reads)
	assert.GreaterOrEqual(t, injected, 5, "faults were injected")

	now := tenantByID(t, e)
	for _, it := range run.Plan.Items() {
		want := it.Before
		if it.Outcome.State == bulk.StateSucceeded {
			want = it.After
		}
		assert.True(t, holds(now[it.ConfigurationID], want), "%s %s: %s, tenant has %v", it.Key, it.Outcome.State, want.GroupID, now[it.ConfigurationID].Assignments)
	}
	if counts.Failed == 0 {
		requireTenantIs(t, e, raw)
	}
}

func holds(c graph.Configuration, t graph.Target) bool {
	for _, a := range c.Assignments {
		if a.Target.SameAudience(t) {
			return true
		}
	}
	return false
}

func setFaults(t *testing.T, e *emulator.Emulator, body string) {
	t.Helper()
	s := e.Settings()
	require.NoError(t, json.NewDecoder(bytes.NewReader([]byte(body))).Decode(&s))
	require.NoError(t, e.SetSettings(s))
}
