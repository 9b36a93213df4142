//go:build !js

package loadbench

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
)

// report turns the runs into the tables `make bench` prints.
type report struct {
	targets []*target
	links   []linkResults
	runs    int
}

// linkResults are the runs through one link, by app.
type linkResults struct {
	link    *Link
	results map[string][]runResult
}

func (r report) print(w io.Writer) {
	fmt.Fprintf(w, "\nLoad benchmark: %d rounds per link, each visiting %s in turn, a fresh Chromium profile per visit.\n",
		r.runs, strings.Join(r.names(), ", "))
	fmt.Fprintln(w, "Times are median (min–max) in ms; bytes are what the server sent the browser, headers included.")
	r.printWasm(w)
	for _, l := range r.links {
		fmt.Fprintf(w, "\n== %s\n", l.link.Name)
		l.printBytes(w, r.names())
		l.printTimes(w, r.names())
	}
	if len(r.links) > 0 {
		first := r.links[0]
		fmt.Fprintf(w, "\n== %s\n", first.link.Name)
		first.printSaves(w)
		first.printBeforeRender(w, r.names())
		first.printFirstVisit(w, appName)
	}
}

func (r report) names() []string {
	var names []string
	for _, t := range r.targets {
		names = append(names, t.name)
	}
	return names
}

func (r report) printWasm(w io.Writer) {
	tw := table(w, "\napp.wasm (-trimpath -ldflags=\"-s -w\"; enrollassign also -tags=nethttpomithttp2)", "raw", "brotli 11", "gzip 9")
	for _, t := range r.targets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", t.name, megabytes(float64(t.wasm["raw"])), megabytes(float64(t.wasm["br"])), megabytes(float64(t.wasm["gzip"])))
	}
	tw.Flush()
}

func (r linkResults) printBytes(w io.Writer, names []string) {
	tw := table(w, "first visit, until the service worker holds the app", "sent", "raw (decoded)", "requests", "app.wasm answers")
	for _, name := range names {
		runs := r.results[name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", name, bytesOf(runs, sentBytes), bytesOf(runs, rawBytes),
			countOf(runs, func(x runResult) float64 { return float64(len(x.firstVisit)) }),
			countOf(runs, func(x runResult) float64 { return float64(wasmRequests(x.firstVisit, http.StatusOK)) })+" × 200, "+
				countOf(runs, func(x runResult) float64 { return float64(wasmRequests(x.firstVisit, http.StatusNotModified)) })+" × 304")
	}
	for _, ref := range r.references() {
		fmt.Fprintf(tw, "%s / %s\t%s\t%s\t\t\t\n", appName, ref,
			ratio(r.median(appName, sentBytes), r.median(ref, sentBytes))+goal(ref, 1.15),
			ratio(r.median(appName, rawBytes), r.median(ref, rawBytes)))
	}
	tw.Flush()
}

func (r linkResults) printTimes(w io.Writer, names []string) {
	tw := table(w, "\nnavigation start → first client render", "cold (first visit)", "warm (service worker)", "warm: bodies sent", "third visit, 5 s later")
	for _, name := range names {
		runs := r.results[name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", name, sample(runs, cold).Milliseconds(), sample(runs, warm).Milliseconds(),
			bytesOf(runs, func(x runResult) float64 { return float64(sentOf(x.warmRequests)) }), sample(runs, later).Milliseconds())
	}
	for _, ref := range r.references() {
		fmt.Fprintf(tw, "%s / %s (medians)\t%s\t%s\t\t%s\t\n", appName, ref,
			ratio(r.median(appName, cold), r.median(ref, cold))+goal(ref, 1.2), ratio(r.median(appName, warm), r.median(ref, warm)),
			ratio(r.median(appName, later), r.median(ref, later)))
	}
	tw.Flush()

	tw = table(w, "\nthe cold load, step by step", "first contentful paint", "largest contentful paint", "app.wasm downloaded", "compiled, instantiated", "first client render")
	for _, name := range names {
		runs := r.results[name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			sample(runs, fcp).Milliseconds(), sample(runs, lcp).Milliseconds(),
			sample(runs, func(x runResult) float64 { return x.phases.WasmLoaded }).Milliseconds(),
			sample(runs, func(x runResult) float64 { return x.phases.Instantiated }).Milliseconds(),
			sample(runs, cold).Milliseconds())
	}
	for _, ref := range r.references() {
		fmt.Fprintf(tw, "%s / %s (medians)\t%s\t%s\t\t\t%s\t\n", appName, ref,
			ratio(r.median(appName, fcp), r.median(ref, fcp)), ratio(r.median(appName, lcp), r.median(ref, lcp)),
			ratio(r.median(appName, cold), r.median(ref, cold)))
	}
	tw.Flush()
}

func (r linkResults) printSaves(w io.Writer) {
	var save, fetch, fetchAll Sample
	var last saveTiming
	for _, x := range r.results[appName] {
		for _, t := range x.saves {
			save = append(save, t.save)
			fetch = append(fetch, t.fetch)
			fetchAll = append(fetchAll, t.fetchAll)
			last = t
		}
	}
	tw := table(w, fmt.Sprintf("Save → result shown, minus the emulator's service time (%d each)", len(save)), "ms", "Save's median minus this one's")
	fmt.Fprintf(tw, "enrollassign's Save\t%s\t\t\n", save.MillisecondsFine())
	fmt.Fprintf(tw, "raw fetch of the same PATCH, same page\t%s\t%.1f (goal ≤ 20)\t\n", fetch.MillisecondsFine(), save.Median()-fetch.Median())
	fmt.Fprintf(tw, "raw fetch of the same GET, then the PATCH\t%s\t%.1f (goal ≤ 20)\t\n", fetchAll.MillisecondsFine(), save.Median()-fetchAll.Median())
	tw.Flush()
	fmt.Fprintln(w, "the last save's requests (ms after the click, duration):")
	for _, req := range last.requests {
		fmt.Fprintf(w, "  +%5.1f  %5.1f  %s\n", req.Start, req.Duration, pathOf(req.Name))
	}
}

func (r linkResults) printBeforeRender(w io.Writer, names []string) {
	fmt.Fprintln(w, "\nrequests of the page before its first client render (every run):")
	for _, name := range names {
		seen := map[string]bool{}
		calls := 0
		for _, x := range r.results[name] {
			for _, u := range x.beforeRender {
				seen[u] = true
			}
			calls += x.emulatorCalls
		}
		fmt.Fprintf(w, "  %s: %s; calls reaching Entra or Graph: %d\n", name, strings.Join(slices.Sorted(maps.Keys(seen)), " "), calls)
	}
}

func (r linkResults) printFirstVisit(w io.Writer, name string) {
	runs := r.results[name]
	if len(runs) == 0 {
		return
	}
	tw := table(w, "\n"+name+"'s first visit, last run", "coding", "sent", "raw")
	for _, resp := range runs[len(runs)-1].firstVisit {
		raw, _ := resp.Raw()
		coding := resp.Coding
		if coding == "" {
			coding = "identity"
		}
		fmt.Fprintf(tw, "%s %s (%d)\t%s\t%d\t%d\t\n", resp.Method, resp.Path, resp.Status, coding, len(resp.Body), raw)
	}
	tw.Flush()
}

// metrics hands the headline medians on loopback to the benchmark framework.
func (r report) metrics(b *testing.B) {
	if len(r.links) == 0 {
		return
	}
	l := r.links[0]
	b.ReportMetric(l.median(appName, cold), "cold-ms")
	b.ReportMetric(l.median(appName, warm), "warm-ms")
	b.ReportMetric(l.median(appName, sentBytes), "first-visit-B")
	b.ReportMetric(l.median(appName, cold)/l.median(floorName, cold), "cold/floor")
	b.ReportMetric(l.median(appName, sentBytes)/l.median(floorName, sentBytes), "bytes/floor")
	b.ReportMetric(l.median(appName, cold)/l.median(helloName, cold), "cold/hello")
	b.ReportMetric(l.median(appName, sentBytes)/l.median(helloName, sentBytes), "bytes/hello")
}

// references are the apps of this run enrollassign is compared with.
func (r linkResults) references() []string {
	var out []string
	for _, ref := range references {
		if _, ok := r.results[ref]; ok {
			out = append(out, ref)
		}
	}
	return out
}

// goal names the goal beside a ratio to a floor: the strict one,
// the one with an http.Client, and go-app's documented hello served alike.
func goal(ref string, max float64) string {
	if ref == stockName {
		return ""
	}
	return fmt.Sprintf(" (goal ≤ %g)", max)
}

func (r linkResults) median(name string, f func(runResult) float64) float64 {
	return sample(r.results[name], f).Median()
}

func table(w io.Writer, title string, columns ...string) *tabwriter.Writer {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t\n", title, strings.Join(columns, "\t"))
	return tw
}

func sample(runs []runResult, f func(runResult) float64) Sample {
	var s Sample
	for _, x := range runs {
		s = append(s, f(x))
	}
	return s
}

func cold(x runResult) float64      { return x.coldMS }
func warm(x runResult) float64      { return x.warmMS }
func later(x runResult) float64     { return x.laterMS }
func fcp(x runResult) float64       { return x.phases.FirstContentfulPaint }
func lcp(x runResult) float64       { return x.phases.LargestContentfulPaint }
func sentBytes(x runResult) float64 { return float64(x.sent) }
func rawBytes(x runResult) float64 {
	var n int
	for _, resp := range x.firstVisit {
		raw, _ := resp.Raw()
		n += raw
	}
	return float64(n)
}

func sentOf(rs []Response) int {
	n := 0
	for _, r := range rs {
		n += len(r.Body)
	}
	return n
}

// wasmRequests counts the answers for app.wasm with a status: a 200 is a
// download, a 304 a revalidation.
func wasmRequests(rs []Response, status int) int {
	n := 0
	for _, r := range rs {
		if r.Path == "/web/app.wasm" && r.Status == status {
			n++
		}
	}
	return n
}

func bytesOf(runs []runResult, f func(runResult) float64) string {
	s := sample(runs, f)
	if s.Min() == s.Max() {
		return megabytes(s.Median())
	}
	return fmt.Sprintf("%s (%s–%s)", megabytes(s.Median()), megabytes(s.Min()), megabytes(s.Max()))
}

func countOf(runs []runResult, f func(runResult) float64) string {
	s := sample(runs, f)
	if s.Min() == s.Max() {
		return fmt.Sprintf("%.0f", s.Median())
	}
	return fmt.Sprintf("%.0f (%.0f–%.0f)", s.Median(), s.Min(), s.Max())
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host + u.Path
}
