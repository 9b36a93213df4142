// Package faults decides, request by request, whether the emulator should
// misbehave the way Microsoft's Dev Proxy makes a service misbehave: added
// latency, an error status at a given rate, a dropped connection before the
// request is handled, or after it was handled (the write happened, the
// answer is lost). Decisions come from a seeded generator, so a run is
// repeatable.
package faults

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Statuses are the error statuses that can be injected.
var Statuses = []int{429, 500, 502, 503, 504}

// Config is the part of `POST /_emulator/faults` that injects faults.
type Config struct {
	LatencyMinMS int `json:"latencyMinMs"`
	LatencyMaxMS int `json:"latencyMaxMs"`
	// ErrorRates maps a status ("429", "500", "502", "503", "504") to the
	// fraction of requests answered with it.
	ErrorRates map[string]float64 `json:"errorRates"`
	// DropRate is the fraction of connections closed before the request is handled.
	DropRate float64 `json:"dropRate"`
	// DropAfterRate is the fraction handled (a write is applied) and then
	// closed without an answer.
	DropAfterRate float64 `json:"dropAfterRate"`
	// RetryAfterMS is the Retry-After of an injected 429, before time
	// scaling; fractional on purpose, as the real service sometimes sends.
	RetryAfterMS int `json:"retryAfterMs"`
	// DropAfterNextWrites is how many of the next write requests (any
	// method but GET) are handled and then closed without an answer, on
	// top of the rates: a test that must see a write whose answer is lost
	// gets one, whatever order its requests arrive in. It counts down as
	// it is used.
	DropAfterNextWrites int `json:"dropAfterNextWrites"`
	// Seed makes the random decisions repeatable.
	Seed uint64 `json:"seed"`
}

// Default is no fault, an injected 429 asking for 2.128 s, seed 1.
func Default() Config { return Config{RetryAfterMS: 2128, Seed: 1, ErrorRates: map[string]float64{}} }

// Validate refuses rates outside [0, 1], unknown statuses and bad latencies.
func (c Config) Validate() error {
	total := 0.0
	for k, rate := range c.ErrorRates {
		status, err := strconv.Atoi(k)
		if err != nil || !slices.Contains(Statuses, status) {
			return fmt.Errorf("errorRates: %q is not one of %v", k, Statuses)
		}
		if err := checkRate("errorRates."+k, rate); err != nil {
			return err
		}
		total += rate
	}
	if total > 1 {
		return fmt.Errorf("errorRates: rates add up to %g, more than 1", total)
	}
	if err := checkRate("dropRate", c.DropRate); err != nil {
		return err
	}
	if err := checkRate("dropAfterRate", c.DropAfterRate); err != nil {
		return err
	}
	if c.LatencyMinMS < 0 || c.LatencyMaxMS < 0 || (c.LatencyMaxMS > 0 && c.LatencyMaxMS < c.LatencyMinMS) {
		return fmt.Errorf("latency: need 0 <= latencyMinMs <= latencyMaxMs, got %d and %d", c.LatencyMinMS, c.LatencyMaxMS)
	}
	if c.DropAfterNextWrites < 0 {
		return fmt.Errorf("dropAfterNextWrites: %d is negative", c.DropAfterNextWrites)
	}
	if c.RetryAfterMS < 0 {
		return fmt.Errorf("retryAfterMs: %d is negative", c.RetryAfterMS)
	}
	return nil
}

func checkRate(name string, rate float64) error {
	if rate < 0 || rate > 1 {
		return fmt.Errorf("%s: %g is not between 0 and 1", name, rate)
	}
	return nil
}

// Plan is what to do to one request.
type Plan struct {
	Latency   time.Duration
	Drop      bool // close before handling
	DropAfter bool // handle, then close without answering
	Status    int  // answer with this error instead of handling; 0 = none
}

// Injector draws plans from a config. Safe for concurrent use.
type Injector struct {
	mu  sync.Mutex
	cfg Config
	rnd *rand.Rand
}

// NewInjector starts drawing from cfg (assumed valid).
func NewInjector(cfg Config) *Injector {
	i := &Injector{}
	i.Set(cfg)
	return i
}

// Set replaces the config and reseeds the generator.
func (i *Injector) Set(cfg Config) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.cfg = cfg
	i.rnd = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
}

// Draw decides the fate of one request (write: any method but GET). A
// drop excludes an error status; latency applies either way. A batch's
// items draw as reads: a connection, and so a drop, is the batch's.
func (i *Injector) Draw(write bool) Plan {
	i.mu.Lock()
	defer i.mu.Unlock()
	p := Plan{Latency: i.latency()}
	if write && i.cfg.DropAfterNextWrites > 0 {
		i.cfg.DropAfterNextWrites--
		p.DropAfter = true
		return p
	}
	switch roll := i.rnd.Float64(); {
	case roll < i.cfg.DropRate:
		p.Drop = true
		return p
	case roll < i.cfg.DropRate+i.cfg.DropAfterRate:
		p.DropAfter = true
		return p
	}
	p.Status = i.status()
	return p
}

// PendingWriteDrops is what is left of DropAfterNextWrites.
func (i *Injector) PendingWriteDrops() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.cfg.DropAfterNextWrites
}

func (i *Injector) latency() time.Duration {
	lo, hi := i.cfg.LatencyMinMS, i.cfg.LatencyMaxMS
	if hi <= 0 {
		return time.Duration(lo) * time.Millisecond
	}
	return time.Duration(lo+i.rnd.IntN(hi-lo+1)) * time.Millisecond
}

// status walks the statuses in a fixed order so that a seed gives the same
// sequence whatever order the map iterates in.
func (i *Injector) status() int {
	roll := i.rnd.Float64()
	for _, s := range Statuses {
		rate := i.cfg.ErrorRates[strconv.Itoa(s)]
		if roll < rate {
			return s
		}
		roll -= rate
	}
	return 0
}

// RetryAfter is the delay an injected 429 asks for, scaled.
func (i *Injector) RetryAfter(scale float64) time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	if scale <= 0 {
		scale = 1
	}
	return time.Duration(float64(i.cfg.RetryAfterMS) * float64(time.Millisecond) * scale)
}
