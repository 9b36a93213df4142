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
}

// nextChunk picks the next configurations to re-read and write: at most a
// batch of each, and no more writes than the pacer's budget per batch.
func (s *session) nextChunk() *chunk {
	now := s.clock.Now()
	s.pacer.recover(now)
	limit := s.pacer.chunk()
	if avail := s.pacer.available(now); avail > 0 {
		limit = min(limit, avail) // fill what the window has room for now, rather than wait for a full batch
	}
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
		if len(pending) == 0 || s.notBefore[cp.ID].After(now) {
			continue
		}
		w := work{cfg: i, write: s.writeFor(len(pending))}
		switch {
		case w.write == WritePatch && probe && len(c.works) > 0:
			continue // the probe goes in a batch of its own
		case w.write == WritePatch && probe:
			w.items, c.writes = pending[:1], 1
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

// cycle re-reads the chunk's configurations, then writes what the re-read
// allows. Reads start early enough that the writes leave the moment the
// budget has room.
func (s *session) cycle(ctx context.Context, c *chunk) error {
	now := s.clock.Now()
	ready := s.pacer.readyAt(now, c.writes, len(c.works)+c.writes)
	if err := s.waitUntil(ctx, laterOf(s.pacer.blockedUntil(), ready.Add(-s.readRTT)), s.waitReason()); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errCancelled
	}
	live, readID, err := s.read(ctx, c)
	if err != nil {
		return err
	}
	if s.pacer.blockedUntil().After(s.clock.Now()) {
		// A read was throttled: by the time the writes could go, what was
		// read may be stale. The next cycle reads again.
		return s.save()
	}
	writes := s.prepare(c, live, readID)
	if len(writes) == 0 {
		return s.save()
	}
	// What prepare decided is kept with the writes, just below: a page that
	// dies while they wait loses nothing the next re-read does not find.
	ready = s.pacer.readyAt(s.clock.Now(), len(writes), len(writes))
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
	start := s.clock.Now()
	answer, err := s.e.Graph.SendBatch(context.WithoutCancel(ctx), chained(reqs))
	end := s.clock.Now()
	s.run.Batches++
	s.run.Reads += len(reqs)
	if err != nil {
		s.pacer.record(end, 0, len(reqs))
		return nil, "", s.outerFailed(err, end)
	}
	s.outerFailures, s.readRTT = 0, end.Sub(start)
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
