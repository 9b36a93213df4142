//go:build !js

package graphapi

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/wire"
)

// writeOnce sends one PATCH that changes nothing (same target), so only
// the throttling decides its status.
func (f *fixture) writeOnce(t *testing.T, tok string) res {
	t.Helper()
	aid := demo.ConfigTenDevices + "_" + group("IT Admins")
	return f.do(t, "PATCH", assignmentPath(v1, demo.ConfigTenDevices, aid), tok, patchBody(targetJSON(wire.TargetGroup, group("IT Admins"))), nil)
}

func (f *fixture) writes(t *testing.T, tok string, n int) (statuses map[int]int, last res) {
	t.Helper()
	statuses = map[int]int{}
	for i := 0; i < n; i++ {
		last = f.writeOnce(t, tok)
		statuses[last.status]++
	}
	return statuses, last
}

func compressed(s *Settings) { s.TimeScale = 0.05 }

func TestWritesAreThrottledAtTheAppLimitWithRetryAfter(t *testing.T) {
	f := newFixture(t, compressed)
	tok := f.token(t)
	statuses, _ := f.writes(t, tok, 100)
	assert.Equal(t, map[int]int{200: 100}, statuses)

	r := f.writeOnce(t, tok)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "TooManyRequests", r.errCode(t))
	assert.Equal(t, "1", r.header.Get("Retry-After"), "20 s at time scale 0.05")

	assert.Equal(t, http.StatusOK, f.do(t, "GET", v1, tok, "", nil).status, "reads have their own budget")
	f.clock.Advance(time.Second)
	assert.Equal(t, http.StatusOK, f.writeOnce(t, tok).status, "after Retry-After the window has room")
	assert.Zero(t, f.stats.Snapshot().EarlyRetries)
}

func TestEarlyRetryIsCountedAndThrottledAgain(t *testing.T) {
	f := newFixture(t, compressed)
	tok := f.token(t)
	f.writes(t, tok, 100)
	require.Equal(t, http.StatusTooManyRequests, f.writeOnce(t, tok).status)

	f.clock.Advance(300 * time.Millisecond)
	early := f.writeOnce(t, tok)
	assert.Equal(t, http.StatusTooManyRequests, early.status)
	assert.Equal(t, "1", early.header.Get("Retry-After"), "the delay starts again")
	f.clock.Advance(800 * time.Millisecond) // 1.1 s after the first 429: the window has room, the new delay has not passed
	assert.Equal(t, http.StatusTooManyRequests, f.writeOnce(t, tok).status)

	s := f.stats.Snapshot()
	assert.Equal(t, 2, s.EarlyRetries)
	assert.Equal(t, 3, s.Throttled)
	f.clock.Advance(time.Second)
	assert.Equal(t, http.StatusOK, f.writeOnce(t, tok).status)
}

func TestTenantBudgetIsSharedBetweenApps(t *testing.T) {
	f := newFixture(t, compressed)
	mine, other, third := f.token(t), f.token(t, app(demo.OtherClientID)), f.token(t, app("11111111-2222-3333-4444-555555555555"))
	statuses, _ := f.writes(t, other, 100)
	require.Equal(t, map[int]int{200: 100}, statuses)
	statuses, _ = f.writes(t, mine, 100)
	assert.Equal(t, map[int]int{200: 100}, statuses, "each app has 100 writes of its own")
	assert.Equal(t, http.StatusTooManyRequests, f.writeOnce(t, third).status, "the tenant's 200 are spent for every app")
}

func TestRetryAfterIsFractionalWhenTheWindowSaysSo(t *testing.T) {
	f := newFixture(t)
	tok := f.token(t)
	f.writes(t, tok, 50)
	f.clock.Advance(2128 * time.Millisecond)
	f.writes(t, tok, 50)
	r := f.writeOnce(t, tok)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "17.872", r.header.Get("Retry-After"))
}

func TestEachBatchItemCountsAgainstTheLimit(t *testing.T) {
	f := newFixture(t, compressed)
	tok := f.token(t)
	items := make([]string, 20)
	for i := range items {
		items[i] = patchItem(string(rune('a'+i)), demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"), targetJSON(wire.TargetGroup, group("IT Admins")))
	}
	body := `{"requests":[` + strings.Join(items, ",") + `]}`
	for i := 0; i < 5; i++ {
		_, a := f.batch(t, "v1.0", tok, body)
		for _, resp := range a.Responses {
			require.Equal(t, http.StatusOK, resp.Status)
		}
	}
	r, a := f.batch(t, "v1.0", tok, body)
	require.Equal(t, http.StatusOK, r.status)
	for _, resp := range a.Responses {
		assert.Equal(t, http.StatusTooManyRequests, resp.Status)
		assert.Equal(t, "1", resp.Headers["Retry-After"], "a throttled item's Retry-After is readable in the batch body")
	}
	s := f.stats.Snapshot()
	assert.Equal(t, 120, s.BatchItems)
	assert.Equal(t, 20, s.Throttled)
}

func TestThrottlingCanBeSwitchedOff(t *testing.T) {
	f := newFixture(t, func(s *Settings) { s.Throttling = false })
	statuses, _ := f.writes(t, f.token(t), 150)
	assert.Equal(t, map[int]int{200: 150}, statuses)
}
