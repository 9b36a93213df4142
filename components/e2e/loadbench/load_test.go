//go:build !js

package loadbench

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/stats"
)

var (
	runs  = flag.Int("loadbench.runs", 7, "runs of each app, alternating (at least 7 for the report)")
	saves = flag.Int("loadbench.saves", 3, "saves timed in each run of enrollassign, each against a raw fetch")
	slow  = flag.Bool("loadbench.slow", true, "also measure through a slow link (the admin on a VPN)")
	apps  = flag.String("loadbench.apps", "", `only these apps, comma-separated, named as in the report (e.g. "enrollassign" to time saves alone); empty: all`)
)

// links are the networks measured: loopback, where the machine's own speed
// shows, and a slow VPN, where bytes on the wire and round trips do.
func links() []*Link {
	l := []*Link{{Name: "loopback"}}
	if *slow {
		l = append(l, &Link{Name: "slow VPN: 10 Mbit/s, 40 ms round trip", BytesPerSecond: 10e6 / 8, RoundTrip: 40 * time.Millisecond})
	}
	return l
}

// The apps compared, in the order each round visits them.
const (
	// floorName is the strict floor: go-app's hello with the server kept
	// out of the wasm, served as enrollassign is.
	floorName = "floor"
	// floorHTTPName is the strict floor plus one http.Client request: what
	// any app that calls its services through Go's net/http pays.
	floorHTTPName = "floor + http.Client"
	appName       = "enrollassign"
	// noInlineName is enrollassign built without inlining (-gcflags=all=-l):
	// a smaller download against slower code.
	noInlineName = "enrollassign, no inlining"
	// helloName is go-app's hello as documented (one main, the server
	// linked into the wasm), served as enrollassign is: the fair floor.
	helloName = "hello as documented"
	// stockName is the same hello served by go-app itself, as it comes.
	stockName = "go-app stock"
)

// references are the apps enrollassign is compared with, in the report's
// order.
var references = []string{floorName, floorHTTPName, helloName, stockName}

// BenchmarkLoad builds go-app's floor (components/e2e/loadbench/testdata/hello), the
// floor plus one http.Client request (hellohttp), enrollassign (also built
// without inlining), go-app's hello as documented (hellostock) served as
// enrollassign is, and the
// same hello served by go-app itself; then, in rounds that visit each once
// (a fresh Chromium profile every time), it measures a first visit's bytes
// on the wire and time to the first client render, a second visit's
// through the service worker, and for enrollassign the time from Save to
// the result against raw fetches of the same requests. It prints the table
// README quotes.
//
// It never fails on a duration: the numbers are for people to read.
func BenchmarkLoad(b *testing.B) {
	if *runs < 1 {
		b.Fatal("-loadbench.runs must be at least 1")
	}
	repo, err := repoRoot()
	if err != nil {
		b.Fatal(err)
	}
	emu, err := emulator.Start(emulator.Options{EntraAddr: "127.0.0.1:0", GraphAddr: "127.0.0.1:0"})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()

	targets := only(benchTargets(filepath.Join(repo, "bin", "loadbench"), emu), *apps)
	if len(targets) == 0 {
		b.Fatalf("-loadbench.apps=%q names none of the apps", *apps)
	}
	for _, t := range targets {
		start := time.Now()
		if err := t.build(repo); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s in %s", t.name, time.Since(start).Round(time.Millisecond))
	}
	servers := map[string]*appServer{}
	for _, t := range targets {
		s, err := startServer(t)
		if err != nil {
			b.Fatal(err)
		}
		defer s.stop()
		servers[t.name] = s
	}
	emu.AddSPARedirectURI(servers[appName].url + "/")

	b.ResetTimer()
	rep := report{targets: targets, runs: *runs}
	for i, link := range links() {
		results := map[string][]runResult{}
		for _, s := range servers {
			s.wire.Use(link)
		}
		for round := range *runs {
			for _, t := range targets {
				r, err := measure(t, servers[t.name], emu, i == 0)
				if err != nil {
					b.Fatalf("%s, round %d, %s: %v", link.Name, round+1, t.name, err)
				}
				results[t.name] = append(results[t.name], r)
			}
		}
		rep.links = append(rep.links, linkResults{link: link, results: results})
	}
	b.StopTimer()
	rep.print(os.Stdout)
	rep.metrics(b)
}

// only keeps the targets named in a comma-separated list; an empty list
// keeps them all.
func only(targets []*target, names string) []*target {
	if names == "" {
		return targets
	}
	wanted := strings.Split(names, ",")
	return slices.DeleteFunc(targets, func(t *target) bool { return !slices.Contains(wanted, t.name) })
}

// benchTargets are the apps, each with its own directory under dir.
func benchTargets(dir string, emu *emulator.Emulator) []*target {
	hostOf := func(u string) string { return strings.TrimPrefix(u, "http://") }
	const floorServer = "./components/e2e/loadbench/testdata/hello"
	servedAsTheApp := func(addr string) []string { return []string{"-addr", addr, "-root", "."} }
	servedWithTheEmulator := func(addr string) []string {
		return []string{"-addr", addr, "-root", ".", "-no-emulator",
			"-entra-addr", hostOf(emu.EntraURL()), "-graph-addr", hostOf(emu.GraphURL())}
	}
	const appMarker = `#app[data-rendered="client"] #sign-in`
	return []*target{
		{
			name: floorName, pkg: floorServer, dir: filepath.Join(dir, "floor"),
			resources:  icons,
			serverArgs: servedAsTheApp,
			marker:     `#app[data-rendered="client"]`,
		},
		{
			name: floorHTTPName, pkg: "./components/e2e/loadbench/testdata/hellohttp", serverPkg: floorServer, dir: filepath.Join(dir, "floorhttp"),
			resources:  icons,
			serverArgs: servedAsTheApp,
			marker:     `#app[data-rendered="client"]`,
			ready:      `document.querySelector('#app[data-then="200"]')`,
		},
		{
			name: appName, pkg: ".", tags: appTags, dir: filepath.Join(dir, "app"),
			resources: everything, serverArgs: servedWithTheEmulator, marker: appMarker,
		},
		{
			name: noInlineName, pkg: ".", tags: append([]string{"-gcflags=all=-l"}, appTags...), dir: filepath.Join(dir, "app-noinline"),
			resources: everything, serverArgs: servedWithTheEmulator, marker: appMarker,
		},
		{
			name: helloName, pkg: "./components/e2e/loadbench/testdata/hellostock", serverPkg: floorServer, dir: filepath.Join(dir, "hello"),
			resources:  icons,
			serverArgs: servedAsTheApp,
			marker:     `#app[data-rendered="client"]`,
		},
		{
			name: stockName, pkg: "./components/e2e/loadbench/testdata/hellostock", dir: filepath.Join(dir, "stock"),
			resources:  icons,
			serverArgs: func(addr string) []string { return []string{"-addr", addr} },
			marker:     `#app[data-rendered="client"]`,
		},
	}
}

// runResult is what one visit of one app measured.
type runResult struct {
	// coldMS and warmMS are the first client render, ms after navigation
	// start: first visit, then a second one through the service worker.
	coldMS, warmMS float64
	// laterMS is a third visit, once the browser may have cached the
	// compiled wasm.
	laterMS float64
	// phases split the cold load: app.wasm downloaded, then instantiated.
	phases loadPhases
	// firstVisit is every response of the first visit, until the service
	// worker's cache was complete; sent counts the bytes on the wire.
	firstVisit []Response
	sent       int64
	// warmRequests are the responses of the second visit.
	warmRequests []Response
	// beforeRender are the URLs the page requested before its first render,
	// and emulatorCalls the calls that reached Entra or Graph meanwhile.
	beforeRender  []string
	emulatorCalls int
	// saves are Save → result against a raw fetch of the same PATCH
	// (enrollassign, on loopback only).
	saves []saveTiming
}

// measure runs one visit: a fresh browser, a cold load until the service
// worker holds the app, a warm load, and for enrollassign the saves.
func measure(t *target, s *appServer, emu *emulator.Emulator, withSaves bool) (runResult, error) {
	var r runResult
	br, err := newBrowser()
	if err != nil {
		return r, err
	}
	defer br.close()
	if err := br.onEveryPage(markerScript(t.marker)); err != nil {
		return r, err
	}
	s.wire.Reset()
	emu.ResetStats()
	if err := br.navigate(s.url + "/"); err != nil {
		return r, err
	}
	if r.coldMS, err = br.firstClientRender(); err != nil {
		return r, err
	}
	r.emulatorCalls = emulatorCalls(emu)
	if r.phases, err = br.loadPhases(); err != nil {
		return r, err
	}
	if r.beforeRender, err = eval[[]string](br, `performance.getEntriesByType('resource').filter(e => e.startTime < window.__firstClientRender).map(e => e.name)`); err != nil {
		return r, err
	}
	for i, u := range r.beforeRender {
		r.beforeRender[i] = strings.TrimPrefix(u, s.url) // the app's own files by path; anything else whole
	}
	if err := br.serviceWorkerReady("/web/app.wasm"); err != nil {
		return r, err
	}
	if t.ready != "" {
		if err := br.waitFor(t.name+" at work", t.ready); err != nil {
			return r, err
		}
	}
	waitQuiet(s.wire)
	r.firstVisit, r.sent = s.wire.Responses(), s.wire.Sent()

	s.wire.Reset()
	if err := br.navigate(s.url + "/"); err != nil {
		return r, err
	}
	if r.warmMS, err = br.firstClientRender(); err != nil {
		return r, err
	}
	waitQuiet(s.wire)
	r.warmRequests = s.wire.Responses()

	// A later visit: the browser caches the compiled wasm some time after a
	// module has run (a few seconds in Chromium), from then on it skips
	// compiling it, if the response the page compiled had a URL.
	time.Sleep(compiledCodeCacheDelay)
	if err := br.navigate(s.url + "/"); err != nil {
		return r, err
	}
	if r.laterMS, err = br.firstClientRender(); err != nil {
		return r, err
	}
	if withSaves && t.name == appName {
		if r.saves, err = timeSaves(br, s.url, emu, *saves); err != nil {
			return r, fmt.Errorf("timing saves: %w", err)
		}
	}
	return r, nil
}

// compiledCodeCacheDelay is how long the benchmark leaves a page open
// before the third visit.
const compiledCodeCacheDelay = 5 * time.Second

// waitQuiet waits until the server has sent nothing for a while, so that a
// first visit's count includes what the service worker fetched last.
func waitQuiet(w *Wire) {
	deadline := time.Now().Add(stepTimeout)
	for !w.Quiet(500*time.Millisecond) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
}

// emulatorCalls counts every request Entra and Graph received, preflights
// included.
func emulatorCalls(emu *emulator.Emulator) int {
	s := emu.Stats()
	n := 0
	for _, snap := range []stats.Snapshot{s, *s.Entra} {
		for _, counts := range []map[string]int{snap.Requests, snap.Preflights} {
			for _, c := range counts {
				n += c
			}
		}
	}
	return n
}
