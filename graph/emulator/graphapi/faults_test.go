//go:build !js

package graphapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

func withRates(rates map[string]float64) func(*Settings) {
	return func(s *Settings) { s.ErrorRates = rates }
}

func TestInjectedErrorsAnswerGraphShapedWithTheirStatus(t *testing.T) {
	for _, tt := range []struct {
		status int
		code   string
	}{{500, "InternalServerError"}, {502, "BadGateway"}, {503, "ServiceUnavailable"}, {504, "GatewayTimeout"}, {429, "TooManyRequests"}} {
		f := newFixture(t, withRates(map[string]float64{strconv.Itoa(tt.status): 1}))
		r := f.do(t, "GET", v1, f.token(t), "", nil)
		assert.Equal(t, tt.status, r.status)
		assert.Equal(t, tt.code, r.errCode(t))
		assert.NotEmpty(t, r.header.Get("request-id"))
		assert.Equal(t, 1, f.stats.Snapshot().Injected[strconv.Itoa(tt.status)])
	}
}

func TestInjected429HasAFractionalRetryAfterAndCatchesEarlyRetries(t *testing.T) {
	f := newFixture(t, withRates(map[string]float64{"429": 1}))
	tok := f.token(t)
	r := f.do(t, "GET", v1, tok, "", nil)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "2.128", r.header.Get("Retry-After"))

	s := f.srv.Settings()
	s.ErrorRates = map[string]float64{}
	require.NoError(t, f.srv.SetSettings(s))
	f.clock.Advance(time.Second)
	early := f.do(t, "GET", v1, tok, "", nil)
	assert.Equal(t, http.StatusTooManyRequests, early.status, "back before 2.128 s: throttled again")
	assert.Equal(t, 1, f.stats.Snapshot().EarlyRetries)
	f.clock.Advance(2128 * time.Millisecond)
	assert.Equal(t, http.StatusOK, f.do(t, "GET", v1, tok, "", nil).status)
}

func TestDroppedConnectionBeforeTheWriteChangesNothing(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.DropRate = 1 })
	before := f.srv.Store().Configurations()
	_, err := f.rawPatch(t)
	assert.Error(t, err, "the client sees the connection close")
	assert.Equal(t, before, f.srv.Store().Configurations())
	assert.Equal(t, 1, f.stats.Snapshot().Dropped)
}

func TestDroppedConnectionAfterTheWriteKeepsTheWrite(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.DropAfterRate = 1 })
	_, err := f.rawPatch(t)
	assert.Error(t, err)
	stored := f.storedConfig(t, demo.ConfigTenDevices).Assignments[1]
	assert.Equal(t, wire.Target{Kind: wire.TargetExclusionGroup, GroupID: group("IT Admins")}, stored.Target, "the write happened, only its answer was lost")
}

// rawPatch excludes IT Admins on "Ten devices" without the test helpers'
// require, to see transport errors.
func (f *fixture) rawPatch(t *testing.T) (*http.Response, error) {
	t.Helper()
	aid := demo.ConfigTenDevices + "_" + group("IT Admins")
	req, err := http.NewRequest("PATCH", f.url+assignmentPath(v1, demo.ConfigTenDevices, aid),
		strings.NewReader(patchBody(targetJSON(wire.TargetExclusionGroup, group("IT Admins")))))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.token(t))
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, MaxIdleConns: -1}}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

func TestBatchItemsGetTheirOwnInjectedFaults(t *testing.T) {
	items := make([]string, 20)
	for i := range items {
		items[i] = `{"id":"` + string(rune('a'+i)) + `","method":"GET","url":"/groups/` + group(demo.SalesLaptops) + `"}`
	}
	body := `{"requests":[` + strings.Join(items, ",") + `]}`
	mixed := false
	for seed := uint64(1); seed <= 10 && !mixed; seed++ {
		f := newFixture(t, withRates(map[string]float64{"503": 0.4}), func(s *Settings) { s.Seed = seed })
		r, a := f.batch(t, "v1.0", f.token(t), body)
		if r.status != http.StatusOK {
			continue // the batch itself drew the fault
		}
		counts := map[int]int{}
		for _, resp := range a.Responses {
			counts[resp.Status]++
		}
		mixed = counts[503] > 0 && counts[200] > 0
	}
	assert.True(t, mixed, "some items fail and some succeed inside one batch")
}

func TestInjectedLatencyIsWaitedOutWithinItsRange(t *testing.T) {
	var mu sync.Mutex
	var waited []time.Duration
	record := func(_ context.Context, d time.Duration) bool {
		mu.Lock()
		defer mu.Unlock()
		waited = append(waited, d)
		return true
	}
	f := newFixtureWith(t, func(c *Config) { c.Sleep = record }, func(s *Settings) { s.LatencyMinMS, s.LatencyMaxMS = 20, 40 })
	for i := 0; i < 20; i++ {
		require.Equal(t, http.StatusOK, f.do(t, "GET", v1, f.token(t), "", nil).status)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, waited, 20)
	for _, d := range waited {
		assert.GreaterOrEqual(t, d, 20*time.Millisecond)
		assert.LessOrEqual(t, d, 40*time.Millisecond)
	}
	assert.NotEqual(t, waited[0], waited[1], "drawn, not fixed")
}
