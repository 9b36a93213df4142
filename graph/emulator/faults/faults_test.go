package faults

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestValidateRefusesWhatCannotBeApplied(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"default", Default(), true},
		{"rates", Config{ErrorRates: map[string]float64{"503": 0.1, "429": 0.2}, DropRate: 0.05}, true},
		{"status not injectable", Config{ErrorRates: map[string]float64{"404": 0.1}}, false},
		{"not a status", Config{ErrorRates: map[string]float64{"x": 0.1}}, false},
		{"rate above one", Config{ErrorRates: map[string]float64{"500": 1.5}}, false},
		{"rates sum above one", Config{ErrorRates: map[string]float64{"500": 0.6, "502": 0.6}}, false},
		{"negative drop", Config{DropRate: -0.1}, false},
		{"latency inverted", Config{LatencyMinMS: 50, LatencyMaxMS: 10}, false},
		{"write drops", Config{DropAfterNextWrites: 2}, true},
		{"negative write drops", Config{DropAfterNextWrites: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

// draws tallies n plans.
func draws(i *Injector, n int) (statuses map[int]int, drops, dropsAfter int, maxLatency time.Duration) {
	statuses = map[int]int{}
	for k := 0; k < n; k++ {
		p := i.Draw(false)
		statuses[p.Status]++
		if p.Drop {
			drops++
		}
		if p.DropAfter {
			dropsAfter++
		}
		maxLatency = max(maxLatency, p.Latency)
	}
	return statuses, drops, dropsAfter, maxLatency
}

func TestDrawFollowsRates(t *testing.T) {
	i := NewInjector(Config{Seed: 7, ErrorRates: map[string]float64{"503": 0.10, "429": 0.05}, DropRate: 0.05, DropAfterRate: 0.02, LatencyMinMS: 5, LatencyMaxMS: 9})
	statuses, drops, after, maxLatency := draws(i, 20000)
	assert.InDelta(t, 0.10*0.93, float64(statuses[503])/20000, 0.01)
	assert.InDelta(t, 0.05*0.93, float64(statuses[429])/20000, 0.01)
	assert.InDelta(t, 0.05, float64(drops)/20000, 0.01)
	assert.InDelta(t, 0.02, float64(after)/20000, 0.01)
	assert.LessOrEqual(t, maxLatency, 9*time.Millisecond)
	assert.GreaterOrEqual(t, maxLatency, 5*time.Millisecond)
	assert.Zero(t, statuses[500], "a status with no rate is never injected")
}

func TestSameSeedSameFaults(t *testing.T) {
	cfg := Config{Seed: 42, ErrorRates: map[string]float64{"500": 0.3, "504": 0.2}, DropRate: 0.1}
	a, b := NewInjector(cfg), NewInjector(cfg)
	for k := 0; k < 200; k++ {
		assert.Equal(t, a.Draw(false), b.Draw(false))
	}
}

func TestNoFaultsByDefault(t *testing.T) {
	statuses, drops, after, latency := draws(NewInjector(Default()), 1000)
	assert.Equal(t, map[int]int{0: 1000}, statuses)
	assert.Zero(t, drops+after)
	assert.Zero(t, latency)
}

func TestInjectedRetryAfterIsScaled(t *testing.T) {
	i := NewInjector(Default())
	assert.Equal(t, 2128*time.Millisecond, i.RetryAfter(1))
	assert.Equal(t, 106400*time.Microsecond, i.RetryAfter(0.05))
}

// The next writes are handled and then dropped, whatever the rates; reads
// and batch items (drawn as reads) pass them by, and the countdown shows.
func TestDropAfterNextWritesTakesExactlyTheNextWrites(t *testing.T) {
	i := NewInjector(Config{Seed: 3, DropAfterNextWrites: 2})
	tests := []struct {
		write     bool
		dropAfter bool
		pending   int
	}{
		{write: false, dropAfter: false, pending: 2},
		{write: true, dropAfter: true, pending: 1},
		{write: false, dropAfter: false, pending: 1},
		{write: true, dropAfter: true, pending: 0},
		{write: true, dropAfter: false, pending: 0},
	}
	for n, tt := range tests {
		p := i.Draw(tt.write)
		assert.Equal(t, tt.dropAfter, p.DropAfter, "draw %d", n)
		assert.False(t, p.Drop, "draw %d", n)
		assert.Equal(t, tt.pending, i.PendingWriteDrops(), "draw %d", n)
	}
}
