//go:build !js

package bulk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/emulator"
)

// benchScale is the emulator's time scale in the benchmark: Intune's real
// limits (100 writes per 20 s per app) with the window compressed to 1 s.
const benchScale = 0.05

// The benchmark's tenant: 500 changes across 300 configurations, 200 with
// one change (where PATCH is as cheap as assign) and 100 with three.
const (
	benchSingles = 200
	benchTriples = 100
	benchChanges = benchSingles + 3*benchTriples
)

// benchRuns is how many times each line of the table runs: the machine's
// noise shows as the spread between them.
const benchRuns = 5

// benchRow is one run of one client.
type benchRow struct {
	elapsed         time.Duration
	applied, failed int
	writes          int // write requests sent (batch items each)
	succeeded       int // of which answered 2xx
	throttled       int
	early           int
}

// benchLine is one line of the printed table: a client in a mode, on a
// quiet machine or with one core kept busy by another process.
type benchLine struct {
	mode, client, load string
	runs               []benchRow
}

var benchTable struct {
	sync.Mutex
	lines map[string]benchLine
}

// The machine's state a line ran in.
const (
	quiet = "quiet"
	// busy: another process keeps one core busy all along (a build, a
	// second browser tab's heavy page): the engine must still hold the
	// limit, with its round trips slower.
	busy = "1 core busy"
)

// BenchmarkBulk500Changes runs 500 changes at Intune's real limits (time
// scale 0.05) with the bulk engine and with naive clients, in both emulator
// modes, benchRuns times each (the engine also with one core kept busy),
// and prints the table the issue asks for.
func BenchmarkBulk500Changes(b *testing.B) {
	benchTable.Lock()
	benchTable.lines = map[string]benchLine{}
	benchTable.Unlock()
	modes := []emulator.WriteMode{emulator.ModeDocumented, emulator.ModeAsReported}
	clients := []struct {
		name  string
		loads []string
		run   func(ctx context.Context, e *emulator.Emulator, c *graph.Client, plan Plan) (applied, failed int)
	}{
		{"bulk", []string{quiet, busy}, runBulk},
		{"naive", []string{quiet}, func(ctx context.Context, _ *emulator.Emulator, c *graph.Client, plan Plan) (int, int) {
			return runNaive(ctx, c, plan, false)
		}},
		{"naive+Retry-After", []string{quiet}, func(ctx context.Context, _ *emulator.Emulator, c *graph.Client, plan Plan) (int, int) {
			return runNaive(ctx, c, plan, true)
		}},
	}
	for _, mode := range modes {
		for _, client := range clients {
			for _, load := range client.loads {
				b.Run(string(mode)+"/"+client.name+"/"+strings.ReplaceAll(load, " ", "-"), func(b *testing.B) {
					if load == busy {
						defer keepOneCoreBusy(b)()
					}
					e, counter, c := benchClient(b, mode)
					line := benchLine{mode: string(mode), client: client.name, load: load}
					for i := 0; i < b.N; i++ {
						line.runs = nil
						for range benchRuns {
							line.runs = append(line.runs, benchOnce(b, e, counter, c, client.run))
						}
					}
					reportLine(b, line)
					benchTable.Lock()
					benchTable.lines[line.key()] = line
					benchTable.Unlock()
				})
			}
		}
	}
	fmt.Print(formatTable(modes, []string{"bulk", "naive", "naive+Retry-After"}))
}

func (l benchLine) key() string { return l.mode + "/" + l.client + "/" + l.load }

// keepOneCoreBusy starts a process that spins on one core until stopped.
func keepOneCoreBusy(b *testing.B) (stop func()) {
	b.Helper()
	spin := exec.Command("sh", "-c", "while :; do :; done")
	require.NoError(b, spin.Start())
	return func() {
		_ = spin.Process.Kill()
		_ = spin.Wait()
	}
}

// benchClient is a client of a new emulator whose transport counts the
// writes answered with success, batch items included.
func benchClient(b *testing.B, mode emulator.WriteMode) (*emulator.Emulator, *writeCounter, *graph.Client) {
	e := emulator.StartTest(b, emulator.Options{Mode: mode, TimeScale: benchScale})
	token, err := e.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	require.NoError(b, err)
	hc := e.HTTPClient()
	counter := &writeCounter{base: hc.Transport}
	hc.Transport = counter
	c, err := graph.New(graph.Config{BaseURL: e.GraphURL(), Tokens: staticToken(token), HTTPClient: hc, Retry: graph.RetryPolicy{MaxAttempts: 1}})
	require.NoError(b, err)
	return e, counter, c
}

// writeCounter counts write requests answered 2xx, reading $batch bodies
// for their items.
type writeCounter struct {
	base http.RoundTripper
	mu   sync.Mutex
	ok   int
}

func (w *writeCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	var sent struct {
		Requests []struct{ ID, Method string } `json:"requests"`
	}
	batch := strings.HasSuffix(req.URL.Path, "/$batch")
	if batch && req.Body != nil {
		body, _ := io.ReadAll(req.Body)
		_ = json.Unmarshal(body, &sent)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := w.base.RoundTrip(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	if !batch {
		if req.Method != http.MethodGet {
			w.add(1)
		}
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return resp, nil
	}
	var got struct {
		Responses []struct {
			ID     string
			Status int
		} `json:"responses"`
	}
	_ = json.Unmarshal(body, &got)
	methods := map[string]string{}
	for _, r := range sent.Requests {
		methods[r.ID] = r.Method
	}
	for _, r := range got.Responses {
		if methods[r.ID] != http.MethodGet && r.Status/100 == 2 {
			w.add(1)
		}
	}
	return resp, nil
}

func (w *writeCounter) add(n int) {
	w.mu.Lock()
	w.ok += n
	w.mu.Unlock()
}

func (w *writeCounter) take() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.ok
	w.ok = 0
	return n
}

// benchOnce loads the tenant afresh and times one run.
func benchOnce(b *testing.B, e *emulator.Emulator, counter *writeCounter, c *graph.Client, run func(context.Context, *emulator.Emulator, *graph.Client, Plan) (int, int)) benchRow {
	b.StopTimer()
	require.NoError(b, e.Reset())
	configs := load(b, e, demoConfigurations(benchSingles+benchTriples, 3))
	plan := benchPlan(b, configs)
	e.ResetStats()
	counter.take()
	b.StartTimer()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	applied, failed := run(ctx, e, c, plan)
	elapsed := time.Since(start)
	b.StopTimer()
	s := e.Stats()
	return benchRow{elapsed: elapsed, applied: applied, failed: failed, writes: writeRequests(s), succeeded: counter.take(),
		throttled: s.Throttled, early: s.EarlyRetries}
}

// benchPlan toggles the first group of the single-change configurations
// and all three groups of the others.
func benchPlan(b *testing.B, configs []graph.Configuration) Plan {
	var sel Selection
	for i, c := range configs {
		n := 1
		if i >= benchSingles {
			n = 3
		}
		for _, a := range c.Assignments[:n] {
			sel = sel.Toggle(c.ID, a.ID)
		}
	}
	plan, err := NewPlan(configs, sel, ToggleInclusion())
	require.NoError(b, err)
	require.Equal(b, benchChanges, plan.Writes().Changes)
	return plan
}

func runBulk(ctx context.Context, _ *emulator.Emulator, c *graph.Client, plan Plan) (int, int) {
	run := NewRun("bench", plan, StrategyFewest, time.Now())
	engine := &Engine{Graph: c.Beta(), Limits: IntuneLimits.Scaled(benchScale)}
	if err := engine.Run(ctx, run); err != nil {
		return 0, benchChanges
	}
	counts := run.Counts()
	return counts.Succeeded, counts.Failed + counts.Pending
}

// naiveAttempts bounds the naive client's immediate retries of one change:
// retrying at once inside a Retry-After only restarts it, so without a
// bound it would never finish.
const naiveAttempts = 5

// runNaive changes one assignment after another with the single-item
// update (PATCH, or read-then-assign where PATCH is refused), retrying a
// 429 at once, or, when honour is set, after the Retry-After it read.
func runNaive(ctx context.Context, c *graph.Client, plan Plan, honour bool) (applied, failed int) {
	for _, cp := range plan.Configurations {
		cfg := graph.Configuration{ID: cp.ID, DisplayName: cp.DisplayName, Kind: cp.Kind, Priority: 1}
		for _, it := range cp.Items {
			u := graph.Update{Configuration: cfg, Before: graph.Assignment{ID: it.AssignmentID, Target: it.Before}, After: it.After}
			if naiveUpdate(ctx, c, u, honour) {
				applied++
			} else {
				failed++
			}
		}
	}
	return applied, failed
}

func naiveUpdate(ctx context.Context, c *graph.Client, u graph.Update, honour bool) bool {
	for attempt := 1; ; attempt++ {
		_, err := c.UpdateAssignment(ctx, u)
		var ge *graph.Error
		switch {
		case err == nil:
			return true
		case !errors.As(err, &ge) || ge.Status != 429:
			return false
		case honour:
			time.Sleep(ge.RetryAfter)
		case attempt >= naiveAttempts:
			return false
		}
	}
}

// reportLine hands the benchmark framework each line's medians, and the
// worst pace and the most 429s and early retries of its runs.
func reportLine(b *testing.B, l benchLine) {
	b.ReportMetric(l.median(func(r benchRow) float64 { return r.elapsed.Seconds() }), "s/run")
	b.ReportMetric(l.median(func(r benchRow) float64 { return float64(r.writes) / benchChanges }), "writes/change")
	b.ReportMetric(l.median(sentPerLimit), "sent/s/limit")
	b.ReportMetric(l.median(pace), "pace")
	b.ReportMetric(l.min(pace), "min-pace")
	b.ReportMetric(l.max(func(r benchRow) float64 { return float64(r.throttled) }), "429s")
	b.ReportMetric(l.max(func(r benchRow) float64 { return float64(r.early) }), "early-retries")
	b.ReportMetric(l.min(func(r benchRow) float64 { return float64(r.applied) }), "applied")
}

func (l benchLine) values(f func(benchRow) float64) []float64 {
	out := make([]float64, len(l.runs))
	for i, r := range l.runs {
		out[i] = f(r)
	}
	slices.Sort(out)
	return out
}

// median is the middle run's value (the line has an odd number of runs).
func (l benchLine) median(f func(benchRow) float64) float64 {
	v := l.values(f)
	return v[len(v)/2]
}

func (l benchLine) min(f func(benchRow) float64) float64 { return l.values(f)[0] }

func (l benchLine) max(f func(benchRow) float64) float64 {
	v := l.values(f)
	return v[len(v)-1]
}

// window is the benchmark's compressed 20 s window.
func window() time.Duration { return IntuneLimits.Scaled(benchScale).Window }

// sentPerLimit is the write requests sent per second as a fraction of the
// limit (100 per window). A sliding window lets the first window's budget
// go at once, so a short run can pass 1.
func sentPerLimit(r benchRow) float64 {
	return float64(r.writes) / r.elapsed.Seconds() / (float64(IntuneLimits.Writes) / window().Seconds())
}

// pace is the least time the limit allows for the writes the service
// handled (N writes need floor((N-1)/100) windows; a 429 is not handled)
// over the time taken: 1 is as fast as the limit allows.
func pace(r benchRow) float64 {
	handled := max(r.writes-r.throttled, r.succeeded)
	if handled <= IntuneLimits.Writes {
		return 1
	}
	ideal := time.Duration((handled-1)/IntuneLimits.Writes) * window()
	return ideal.Seconds() / r.elapsed.Seconds()
}

func formatTable(modes []emulator.WriteMode, clients []string) string {
	benchTable.Lock()
	defer benchTable.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "500 changes across %d configurations (goal: %d writes = %.2f per change); Intune limits at time scale %g (window %s, 100 writes per window); %d runs per line, median (min–max)\n",
		benchSingles+benchTriples, benchSingles+benchTriples, float64(benchSingles+benchTriples)/benchChanges, benchScale, window(), benchRuns)
	fmt.Fprintf(&b, "%-12s %-18s %-12s %22s %8s %7s %9s %8s %10s %18s %6s %6s\n",
		"mode", "client", "machine", "time (s)", "applied", "writes", "succeeded", "w/change", "sent/limit", "pace", "429s", "early")
	for _, m := range modes {
		for _, c := range clients {
			for _, load := range []string{quiet, busy} {
				l, ok := benchTable.lines[string(m)+"/"+c+"/"+load]
				if !ok {
					continue
				}
				elapsed := func(r benchRow) float64 { return r.elapsed.Seconds() }
				fmt.Fprintf(&b, "%-12s %-18s %-12s %22s %8s %7.0f %9.0f %8.3f %10.2f %18s %6.0f %6.0f\n",
					l.mode, l.client, l.load, spread(l, elapsed, "%.2f"),
					fmt.Sprintf("%.0f/%d", l.min(func(r benchRow) float64 { return float64(r.applied) }), benchChanges),
					l.median(func(r benchRow) float64 { return float64(r.writes) }),
					l.median(func(r benchRow) float64 { return float64(r.succeeded) }),
					l.median(func(r benchRow) float64 { return float64(r.writes) / benchChanges }),
					l.median(sentPerLimit), spread(l, pace, "%.2f"),
					l.max(func(r benchRow) float64 { return float64(r.throttled) }),
					l.max(func(r benchRow) float64 { return float64(r.early) }))
			}
		}
	}
	b.WriteString("machine: quiet, or another process spinning on one core all along.\n")
	b.WriteString("applied: the fewest of the runs; writes, succeeded, w/change, sent/limit: medians; 429s, early: the most of the runs.\n")
	b.WriteString("writes: write requests sent (each batch item on its own); succeeded: of which answered 2xx; w/change: writes per change.\n")
	b.WriteString("sent/limit: writes sent per second over the limit's 100 per window (the first window's budget may go at once, so it can pass 1).\n")
	b.WriteString("pace: the least time the limit allows for the writes the service handled (sent less 429s), over the time taken (1 = as fast as the limit allows); goal: min ≥ 0.9.\n")
	b.WriteString("naive: one single-assignment update per change (PATCH; read and assign where PATCH is refused), a 429 retried at once, at most 5 times.\n")
	return b.String()
}

// spread formats a line's median (min–max).
func spread(l benchLine, f func(benchRow) float64, format string) string {
	return fmt.Sprintf(format+" ("+format+"–"+format+")", l.median(f), l.min(f), l.max(f))
}
