package bulk

import (
	"time"

	"enrollassign/graph"
)

// Progress is what the progress bar shows, sent after every batch and
// before every wait.
type Progress struct {
	Counts
	Status RunStatus
	// Writes, Reads and Throttled count the whole run (every request inside
	// a batch on its own; Throttled the 429s received).
	Writes, Reads, Throttled int
	// WritesPerSecond is this session's rate; Limit the rate the budget allows.
	WritesPerSecond float64
	Limit           float64
	// TimeLeft estimates the rest of the run at the budget's pace.
	TimeLeft time.Duration
	// Waiting says why nothing is being sent, until Until; empty while sending.
	Waiting string
	Until   time.Time
	// Run is a copy of the run at this moment, safe to read on any goroutine.
	Run *Run
}

func (s *session) report(why string, until time.Time) {
	if s.e.OnProgress == nil {
		return
	}
	now := s.clock.Now()
	p := Progress{
		Counts: s.run.Counts(), Status: s.run.Status,
		Writes: s.run.Writes, Reads: s.run.Reads, Throttled: s.run.Throttled,
		Limit:   float64(s.limits.Writes) / s.limits.Window.Seconds(),
		Waiting: why, Until: until, Run: s.run.Snapshot(),
	}
	if elapsed := now.Sub(s.started).Seconds(); elapsed > 0 {
		p.WritesPerSecond = float64(s.run.Writes-s.writesAtStart) / elapsed
	}
	p.TimeLeft = s.timeLeft(now)
	s.e.OnProgress(p)
}

// timeLeft is how long the writes still needed take at the budget's pace:
// what the budget has room for now goes at once, the rest at the budget's
// rate, after any wait the service asked for.
func (s *session) timeLeft(now time.Time) time.Duration {
	remaining := 0
	for i := range s.run.Plan.Configurations {
		if n := len(openItems(&s.run.Plan.Configurations[i])); n > 0 {
			if s.writeFor(n) == WriteAssign {
				remaining++
			} else {
				remaining += n
			}
		}
	}
	if remaining == 0 {
		return 0
	}
	left := max(0, s.pacer.blockedUntil().Sub(now))
	if over := remaining - s.pacer.available(now); over > 0 {
		left += time.Duration(float64(over) / float64(s.pacer.budget()) * float64(s.limits.Window))
	}
	batches := (remaining + graph.MaxBatch - 1) / graph.MaxBatch
	return left + time.Duration(batches)*2*s.readRTT
}
