package bulk

import (
	"context"
	"strconv"
	"time"

	"enrollassign/graph"
)

// work is one configuration's part of a chunk: the items to write and how.
type work struct {
	cfg   int   // index in the plan
	items []int // pending items to write this time
	write Write
}

// chunk is what one read batch and the write batch after it cover.
type chunk struct {
	works  []work
	writes int
	// probe marks the lone PATCH sent to learn whether PATCH is accepted.
	probe bool
}

// nextRound picks the chunks of the next round: as many as one window's
// write budget holds, each a batch of re-reads and the batch of writes after
// it. A round reads all its configurations first, then writes them back to
// back, so that the writes of a window leave one after the other without a
// read between them (see cycle). The PATCH probe is a round of its own, and
// so is every chunk after a round was cut short by a failure or a 429, until
// one goes through: what a cut round had read is read again, and under
// faults that would be most of each round.
func (s *session) nextRound() []*chunk {
	now := s.clock.Now()
	s.pacer.recover(now)
	budget := s.pacer.budget()
	if avail := s.pacer.available(now); avail > 0 {
		budget = avail // fill what the window has room for now, rather than wait for a whole window
	}
	taken := map[int]bool{}
	var round []*chunk
	for writes := 0; writes < budget && !(s.cut && len(round) == 1); {
		c := s.nextChunk(min(s.pacer.chunk(), budget-writes), taken)
		if c == nil {
			break
		}
		round = append(round, c)
		if c.probe {
			break
		}
		writes += c.writes
		for _, w := range c.works {
			taken[w.cfg] = true
		}
	}
	return round
}

// nextChunk picks the next configurations to re-read and write, leaving out
// those taken: at most a batch of each, and no more than limit writes.
func (s *session) nextChunk(limit int, taken map[int]bool) *chunk {
	now := s.clock.Now()
	// Until the service has taken or refused a PATCH, one goes alone: a
	// refusal then costs one request, not the batch chained behind it.
	probe := !s.run.PatchAccepted && !s.run.PatchRefused
	c := &chunk{}
	for i := range s.run.Plan.Configurations {
		if len(c.works) == graph.MaxBatch || c.writes >= limit {
			break
		}
		cp := &s.run.Plan.Configurations[i]
		pending := openItems(cp)
		if taken[i] || len(pending) == 0 || s.notBefore[cp.ID].After(now) {
			continue
		}
		w := work{cfg: i, write: s.writeFor(len(pending))}
		switch {
		case w.write == WritePatch && probe && (len(c.works) > 0 || len(taken) > 0):
			continue // the probe goes in a round of its own
		case w.write == WritePatch && probe:
			w.items, c.writes, c.probe = pending[:1], 1, true
			c.works = append(c.works, w)
			return c
		case w.write == WriteAssign:
			w.items, c.writes = pending, c.writes+1
		default:
			w.items = pending[:min(limit-c.writes, len(pending))]
			c.writes += len(w.items)
		}
		c.works = append(c.works, w)
	}
	if len(c.works) == 0 {
		return nil
	}
	return c
}

// writeFor chooses the write for a configuration with n open items.
func (s *session) writeFor(n int) Write {
	switch {
	case s.run.PatchRefused, s.run.Strategy == StrategyAssign:
		return WriteAssign
	case s.run.Strategy == StrategyPatch, n == 1:
		return WritePatch
	}
	return WriteAssign
}

// openItems lists the items of a configuration not yet ended.
func openItems(cp *ConfigurationPlan) []int {
	var out []int
	for j, it := range cp.Items {
		if it.Outcome.State == StatePending || it.Outcome.State == StateSending {
			out = append(out, j)
		}
	}
	return out
}

// earliestRetry is when the first configuration held back may go again.
func (s *session) earliestRetry() time.Time {
	var first time.Time
	for i := range s.run.Plan.Configurations {
		cp := &s.run.Plan.Configurations[i]
		if len(openItems(cp)) == 0 {
			continue
		}
		if t := s.notBefore[cp.ID]; first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return laterOf(first, s.pacer.blockedUntil())
}

// cycle carries out a round: it re-reads the configurations of every
// chunk, then writes each chunk what its re-read allows, one batch after
// the other. The reads start early enough that the first writes leave the
// moment the budget has room; the writes of a window then follow each
// other as fast as the budget allows, with no read between them, which is
// what keeps a run at the limit when each round trip is slow (a busy
// machine, a distant service). The price is a re-read older by the round's
// earlier writes (a few round trips) by the time its write leaves.
func (s *session) cycle(ctx context.Context, round []*chunk) error {
	now := s.clock.Now()
	ready := s.pacer.readyAt(now, round[0].writes, len(round[0].works)+round[0].writes)
	readsTake := time.Duration(len(round)) * s.readRTT
	if err := s.waitUntil(ctx, laterOf(s.pacer.blockedUntil(), ready.Add(-readsTake)), s.waitReason()); err != nil {
		return err
	}
	var writes [][]writeRequest
	start := s.clock.Now()
	for _, c := range round {
		if ctx.Err() != nil {
			return errCancelled
		}
		if err := s.holding(); err != nil {
			return err // another tab sends the run now: not even a read more
		}
		live, readID, err := s.read(ctx, c)
		if err != nil {
			return err
		}
		if s.pacer.blockedUntil().After(s.clock.Now()) {
			// A read was throttled: by the time the writes could go, what
			// was read may be stale. The next round reads again.
			s.cut = true
			return s.save()
		}
		if w := s.prepare(c, live, readID); len(w) > 0 {
			writes = append(writes, w)
		}
	}
	// What one read takes, the checks after it included: the next round's
	// reads start that much per chunk before its writes may go.
	s.readRTT = s.clock.Now().Sub(start) / time.Duration(len(round))
	if len(writes) == 0 {
		return s.save()
	}
	for _, w := range writes {
		if err := s.writeWhenReady(ctx, w); err != nil {
			return err
		}
		if s.pacer.blockedUntil().After(s.clock.Now()) {
			// Throttled, or a batch got no answer: the round's other writes
			// wait for a re-read after the Retry-After or the backoff.
			s.cut = true
			return nil
		}
	}
	s.cut = false
	return nil
}

// writeWhenReady sends one batch of writes once the budget has room for
// them. What prepare decided is kept with the writes, just below: a page
// that dies while they wait loses nothing the next re-read does not find.
func (s *session) writeWhenReady(ctx context.Context, writes []writeRequest) error {
	ready := s.pacer.readyAt(s.clock.Now(), len(writes), len(writes))
	if err := s.waitUntil(ctx, ready, s.waitReason()); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errCancelled
	}
	s.markSending(writes)
	if err := s.save(); err != nil {
		return err
	}
	if err := s.write(ctx, writes); err != nil {
		return err
	}
	return s.save()
}

func (s *session) waitReason() string {
	if s.pacer.blockedUntil().After(s.clock.Now()) {
		return "waiting as the service asked (Retry-After or backoff)"
	}
	return "pacing under " + strconv.Itoa(s.pacer.budget()) + " writes per " + s.limits.Window.String()
}

// chained makes each request depend on the one before: when one is
// throttled, the rest answer 424 without reaching the service's counter,
// instead of arriving inside the Retry-After just given (an early retry
// that restarts the throttling).
func chained(reqs []graph.BatchRequest) []graph.BatchRequest {
	for i := 1; i < len(reqs); i++ {
		reqs[i].DependsOn = []string{reqs[i-1].ID}
	}
	return reqs
}

// read re-reads the chunk's configurations in one batch. It returns the sets
// read, by work index, and the batch's request-id; an error only when the
// run cannot go on.
func (s *session) read(ctx context.Context, c *chunk) (map[int][]graph.Assignment, string, error) {
	reqs := s.readRequests(c)
	if len(reqs) == 0 {
		return map[int][]graph.Assignment{}, "", nil
	}
	answer, err := s.e.Graph.SendBatch(context.WithoutCancel(ctx), chained(reqs))
	end := s.clock.Now()
	s.run.Batches++
	s.run.Reads += len(reqs)
	if err != nil {
		s.pacer.record(end, 0, len(reqs))
		return nil, "", s.outerFailed(err, end)
	}
	s.outerFailures = 0
	live := map[int][]graph.Assignment{}
	counted := 0
	for i, resp := range answer.Responses {
		if resp.Status != 424 && resp.Status != 429 {
			counted++
		}
		cp := &s.run.Plan.Configurations[c.works[i].cfg]
		set, err := s.readAnswer(resp, reqs[i], cp.ID, end)
		if err != nil {
			s.failOpen(cp, failureOf(err, answer.Batch.RequestID), end)
			continue
		}
		if set != nil {
			live[i] = set
		}
	}
	s.pacer.record(end, 0, counted)
	return live, answer.Batch.RequestID, nil
}

// readRequests builds the chunk's re-reads, one per configuration. One
// whose ID cannot be a Graph key fails its items here and leaves the chunk:
// there is nothing to read.
func (s *session) readRequests(c *chunk) []graph.BatchRequest {
	var reqs []graph.BatchRequest
	kept := c.works[:0]
	for _, w := range c.works {
		cp := &s.run.Plan.Configurations[w.cfg]
		r, err := graph.ListAssignmentsBatchRequest("r"+strconv.Itoa(len(reqs)+1), cp.ID)
		if err != nil {
			s.failOpen(cp, failureOf(err, ""), s.clock.Now())
			continue
		}
		reqs, kept = append(reqs, r), append(kept, w)
	}
	c.works = kept
	return reqs
}

// readAnswer is the set one read of configuration configID returned; nil
// with no error when the read is to be tried again (throttled, not run,
// failed transiently).
func (s *session) readAnswer(resp graph.BatchResponse, req graph.BatchRequest, configID string, now time.Time) ([]graph.Assignment, error) {
	switch {
	case resp.OK():
		return decodeSet(resp.Body)
	case resp.Status == 424:
		return nil, nil
	case resp.Status == 429:
		wait, _ := resp.RetryAfter()
		s.throttled(now, wait)
		return nil, nil
	case transient(resp.Status):
		s.notBefore[configID] = now.Add(s.backoff(1))
		return nil, nil
	}
	return nil, resp.Err(req)
}

func transient(status int) bool {
	switch status {
	case 0, 500, 502, 503, 504:
		return true
	}
	return false
}

// markSending records, before the batch leaves, which items it carries.
func (s *session) markSending(writes []writeRequest) {
	for _, w := range writes {
		cp := &s.run.Plan.Configurations[w.cfg]
		for _, j := range w.items {
			cp.Items[j].Outcome.State = StateSending
			cp.Items[j].Outcome.Attempts++
		}
	}
}
