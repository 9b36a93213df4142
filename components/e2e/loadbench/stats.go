//go:build !js

// Package loadbench measures how fast enrollassign opens and how much it
// downloads, against go-app's floor, in headless Chromium on loopback: see
// BenchmarkLoad, run by `make bench`. It is benchmark code: nothing here
// asserts a duration, and nothing here runs in the browser's wasm.
package loadbench

import (
	"fmt"
	"slices"
	"time"
)

// Sample is one quantity measured once per run.
type Sample []float64

// Median is the middle value (the mean of the two middle ones for an even
// count); 0 for no values.
func (s Sample) Median() float64 {
	if len(s) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(s))
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}

// Min and Max bound the sample: the machine's noise, shown beside the median.
func (s Sample) Min() float64 { return extreme(s, slices.Min[[]float64]) }
func (s Sample) Max() float64 { return extreme(s, slices.Max[[]float64]) }

func extreme(s Sample, f func([]float64) float64) float64 {
	if len(s) == 0 {
		return 0
	}
	return f(s)
}

// Milliseconds formats a sample of durations in ms: "412 (398–455)".
func (s Sample) Milliseconds() string {
	if len(s) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f (%.0f–%.0f)", s.Median(), s.Min(), s.Max())
}

// MillisecondsFine is Milliseconds with one decimal, for short latencies.
func (s Sample) MillisecondsFine() string {
	if len(s) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f (%.1f–%.1f)", s.Median(), s.Min(), s.Max())
}

// ms converts a duration to the float milliseconds samples hold.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ratio is a/b formatted for the table, "—" when b is 0.
func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// megabytes formats a byte count for the table.
func megabytes(n float64) string { return fmt.Sprintf("%.2f MB", n/1e6) }
