package bulk

import (
	"time"

	"enrollassign/graph"
)

// pacer keeps the run under a sliding-window budget without being told
// anything by the service.
//
// The service counts a request at the moment it handles it, which the
// client cannot see; it only knows that moment lies between sending and
// receiving the answer. So a request is stamped with the time its answer
// arrived (never earlier than the service's count), and a new batch is sent
// only when the requests stamped within the last window, plus the batch,
// fit the budget. The service's window then holds no more than that, and a
// run of any size meets no 429 while the budget is the app's alone.
//
// Its state is part of the stored run: a page reloaded in the middle of a
// window, or of a Retry-After, must not start with a fresh budget.
type pacer struct {
	limits Limits
	// margin absorbs clock granularity between two machines measuring the
	// same window.
	margin time.Duration
	state  *Pacing
}

// Pacing is the pacer's memory, kept with the run.
type Pacing struct {
	// Writes and Requests are the stamps of the last window, as
	// milliseconds after Base, rounded up.
	Base     time.Time `json:"base,omitzero"`
	Writes   []int64   `json:"writes,omitempty"`
	Requests []int64   `json:"requests,omitempty"`
	// Budget is the write budget the pacer believes it has (0: the whole
	// limit). Another app spending the tenant's budget shows up as a 429;
	// the budget is then halved, and grows back by a tenth of the limit per
	// quiet window.
	Budget    int       `json:"budget,omitempty"`
	LastShift time.Time `json:"lastShift,omitzero"`
	// BlockedUntil is when the service said (or the client estimated) it
	// may be asked again: nothing is sent before.
	BlockedUntil time.Time `json:"blockedUntil,omitzero"`
}

func newPacer(l Limits, state *Pacing) *pacer {
	if state.Budget <= 0 || state.Budget > l.Writes {
		state.Budget = l.Writes
	}
	return &pacer{limits: l, margin: max(l.Window/100, 10*time.Millisecond), state: state}
}

// chunk is the most writes the next batch should carry.
func (p *pacer) chunk() int { return max(1, min(graph.MaxBatch, p.state.Budget)) }

// budget is the write budget per window the pacer keeps under now.
func (p *pacer) budget() int { return p.state.Budget }

// span is the window as the pacer applies it.
func (p *pacer) span() time.Duration { return p.limits.Window + p.margin }

// readyAt is the earliest time from now at which writes more writes and
// requests more requests of any kind fit the budgets, and the service has
// not asked to wait.
func (p *pacer) readyAt(now time.Time, writes, requests int) time.Time {
	p.prune(now)
	w := p.fitAt(p.state.Writes, writes, p.state.Budget, now)
	r := p.fitAt(p.state.Requests, requests, p.limits.Requests, now)
	return laterOf(laterOf(w, r), p.state.BlockedUntil)
}

// fitAt is when n more stamps fit under limit: now, or when enough of the
// oldest stamps have left the window.
func (p *pacer) fitAt(stamps []int64, n, limit int, now time.Time) time.Time {
	over := min(len(stamps)+n-limit, len(stamps))
	if over <= 0 {
		return now
	}
	return laterOf(now, p.at(stamps[over-1]).Add(p.span()))
}

// record stamps requests the service may have counted.
func (p *pacer) record(at time.Time, writes, requests int) {
	if p.state.Base.IsZero() {
		p.state.Base = at
	}
	ms := int64((at.Sub(p.state.Base) + time.Millisecond - 1) / time.Millisecond)
	for range writes {
		p.state.Writes = append(p.state.Writes, ms)
	}
	for range requests {
		p.state.Requests = append(p.state.Requests, ms)
	}
}

func (p *pacer) at(ms int64) time.Time { return p.state.Base.Add(time.Duration(ms) * time.Millisecond) }

// block holds every request back until t.
func (p *pacer) block(t time.Time) { p.state.BlockedUntil = laterOf(p.state.BlockedUntil, t) }

func (p *pacer) blockedUntil() time.Time { return p.state.BlockedUntil }

// throttled halves the budget after a 429: someone else is spending it.
func (p *pacer) throttled(now time.Time) {
	p.state.Budget = max(1, p.state.Budget/2)
	p.state.LastShift = now
}

// recover grows the budget back by a tenth of the limit per window without
// a 429.
func (p *pacer) recover(now time.Time) {
	for p.state.Budget < p.limits.Writes && !p.state.LastShift.IsZero() && now.Sub(p.state.LastShift) >= p.limits.Window {
		p.state.Budget = min(p.limits.Writes, p.state.Budget+max(1, p.limits.Writes/10))
		p.state.LastShift = p.state.LastShift.Add(p.limits.Window)
	}
}

// available is how many writes could go right now.
func (p *pacer) available(now time.Time) int {
	p.prune(now)
	return max(0, p.state.Budget-len(p.state.Writes))
}

func (p *pacer) prune(now time.Time) {
	cutoff := now.Add(-p.span())
	p.state.Writes = p.dropUntil(p.state.Writes, cutoff)
	p.state.Requests = p.dropUntil(p.state.Requests, cutoff)
}

func (p *pacer) dropUntil(stamps []int64, cutoff time.Time) []int64 {
	i := 0
	for i < len(stamps) && !p.at(stamps[i]).After(cutoff) {
		i++
	}
	if i == 0 {
		return stamps
	}
	return append([]int64(nil), stamps[i:]...)
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
