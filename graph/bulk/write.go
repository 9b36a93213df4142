package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"enrollassign/graph"
)

// writeRequest is one write of a batch and the items it carries.
type writeRequest struct {
	req   graph.BatchRequest
	cfg   int
	items []int
	write Write
}

// prepare checks each configuration read against the plan and builds the
// writes still needed.
func (s *session) prepare(c *chunk, live map[int][]graph.Assignment, readID string) []writeRequest {
	now := s.clock.Now()
	var out []writeRequest
	for i, w := range c.works {
		set, ok := live[i]
		if !ok {
			continue
		}
		cp := &s.run.Plan.Configurations[w.cfg]
		unapplied, ok := s.reconcile(cp, set, readID, now)
		if !ok {
			continue
		}
		candidates := intersect(w.items, unapplied)
		if w.write == WriteAssign {
			candidates = unapplied // one assign carries every open change
		}
		items := s.withinAttempts(cp, candidates, now)
		if len(items) == 0 {
			continue
		}
		reqs, err := s.writesFor(cp, w.cfg, set, items, w.write, len(out))
		if err != nil {
			for _, j := range items {
				s.fail(&cp.Items[j], failureOf(err, ""), now)
			}
			continue
		}
		out = append(out, reqs...)
	}
	return out
}

// reconcile compares the set just read with what the plan expects: the set
// as loaded, with the changes already made. Items whose change the set
// already shows succeeded earlier without their answer arriving (a dropped
// connection, a reloaded page): they are recorded as verified, and not sent
// again. When the set shows anything else, someone changed it since the
// plan was made: every open item of the configuration fails as a conflict
// and nothing is written over their change.
func (s *session) reconcile(cp *ConfigurationPlan, live []graph.Assignment, readID string, now time.Time) ([]int, bool) {
	s.rebase(cp, live, readID, now)
	expected := expectedSet(cp)
	open := openItems(cp)
	have := audiencesOf(live)
	var applied, unapplied []int
	for _, j := range open {
		it := cp.Items[j]
		if have.has(it.After.Audience()) && !have.has(it.Before.Audience()) {
			applied = append(applied, j)
			expected.move(it.Before.Audience(), it.After.Audience())
		} else {
			unapplied = append(unapplied, j)
		}
	}
	if !have.equal(expected) {
		f := conflict(expected, have, readID, live)
		for _, j := range open {
			s.fail(&cp.Items[j], f, now)
		}
		return nil, false
	}
	for _, j := range applied {
		o := &cp.Items[j].Outcome
		o.State, o.Verified, o.RequestID, o.BatchItem, o.At, o.Error = StateSucceeded, true, readID, "", now, nil
	}
	return unapplied, true
}

// expectedSet is what a configuration's set should mean now: as loaded,
// with the changes made since.
func expectedSet(cp *ConfigurationPlan) audiences {
	expected := audiencesOf(cp.Loaded)
	for _, it := range cp.Items {
		if it.Outcome.State == StateSucceeded && !it.Settled {
			expected.move(it.Before.Audience(), it.After.Audience())
		}
	}
	return expected
}

func conflict(expected, have audiences, readID string, live []graph.Assignment) *Failure {
	added, removed := expected.diff(have)
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "it now also has "+describeAudiences(added))
	}
	if len(removed) > 0 {
		parts = append(parts, "it no longer has "+describeAudiences(removed))
	}
	return &Failure{Conflict: true, RequestID: readID, Code: "Conflict", Theirs: live,
		Message: "the configuration's assignments changed since the plan was made (" + strings.Join(parts, "; ") + "): nothing was written over that change"}
}

func describeAudiences(list []graph.Audience) string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Kind.Label()
		if a.ID != "" {
			out[i] += " " + a.ID
		}
	}
	return strings.Join(out, ", ")
}

// withinAttempts drops, and fails, items that have used all their attempts.
func (s *session) withinAttempts(cp *ConfigurationPlan, items []int, now time.Time) []int {
	var keep []int
	for _, j := range items {
		it := &cp.Items[j]
		if it.Outcome.Attempts < s.max {
			keep = append(keep, j)
			continue
		}
		f := it.Outcome.Error
		if f == nil {
			f = &Failure{Message: "no answer"}
		}
		gaveUp := *f
		gaveUp.Message = "gave up after " + strconv.Itoa(it.Outcome.Attempts) + " attempts; the last: " + f.Message
		s.fail(it, &gaveUp, now)
	}
	return keep
}

func intersect(a, b []int) []int {
	in := map[int]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []int
	for _, x := range a {
		if in[x] {
			out = append(out, x)
		}
	}
	return out
}

// writesFor builds the writes of one configuration from the set just read,
// so that whatever the plan did not change is sent back exactly as the
// service has it (beta's filters included).
func (s *session) writesFor(cp *ConfigurationPlan, cfg int, live []graph.Assignment, items []int, write Write, first int) ([]writeRequest, error) {
	id := func(n int) string { return "w" + strconv.Itoa(first+n+1) }
	if write == WriteAssign {
		set := append([]graph.Assignment(nil), live...)
		for _, j := range items {
			k := indexOfAudience(set, cp.Items[j].Before)
			set[k] = set[k].WithTarget(retargeted(set[k].Target, cp.Items[j].After))
		}
		req, err := graph.AssignBatchRequest(id(0), cp.ID, set)
		if err != nil {
			return nil, err
		}
		return []writeRequest{{req: s.identified(req), cfg: cfg, items: items, write: WriteAssign}}, nil
	}
	out := make([]writeRequest, 0, len(items))
	for n, j := range items {
		a := live[indexOfAudience(live, cp.Items[j].Before)]
		req, err := graph.PatchAssignmentBatchRequest(id(n), cp.ID, a.WithTarget(retargeted(a.Target, cp.Items[j].After)))
		if err != nil {
			return nil, err
		}
		out = append(out, writeRequest{req: s.identified(req), cfg: cfg, items: []int{j}, write: WritePatch})
	}
	return out, nil
}

// identified gives a write its own client-request-id, which Graph echoes in
// its logs and errors: with it, support finds the item, and a test tells a
// write the run sent again from one a browser resent.
func (s *session) identified(r graph.BatchRequest) graph.BatchRequest {
	h := make(map[string]string, len(r.Headers)+1)
	for k, v := range r.Headers {
		h[k] = v
	}
	h["client-request-id"] = s.newID()
	r.Headers = h
	return r
}

// indexOfAudience finds the assignment of set that means t; reconcile has
// proved there is one.
func indexOfAudience(set []graph.Assignment, t graph.Target) int {
	want := t.Audience()
	for i, a := range set {
		if a.Target.Audience() == want {
			return i
		}
	}
	return -1
}

// retargeted is planned's audience on the live target: what the service
// shows and the plan never saw (a filter set since) is kept.
func retargeted(live, planned graph.Target) graph.Target {
	t := live.WithKind(planned.Kind)
	t.GroupID, t.CollectionID = planned.GroupID, planned.CollectionID
	return t
}

// write sends the writes in one batch and records every item's answer.
func (s *session) write(ctx context.Context, writes []writeRequest) error {
	reqs := make([]graph.BatchRequest, len(writes))
	for i, w := range writes {
		reqs[i] = w.req
	}
	answer, err := s.e.Graph.SendBatch(context.WithoutCancel(ctx), chained(reqs))
	now := s.clock.Now()
	s.run.Batches++
	s.run.Writes += len(reqs)
	if err != nil {
		// The writes may or may not have happened: the items stay open and
		// the re-read before the next write tells which.
		s.pacer.record(now, len(reqs), len(reqs))
		s.reopen(writes, failureOf(err, ""))
		return s.outerFailed(err, now)
	}
	s.outerFailures = 0
	counted := 0
	for i, resp := range answer.Responses {
		if resp.Status != 424 && resp.Status != 429 {
			counted++
		}
		s.record(writes[i], resp, answer.Batch.RequestID, now)
	}
	s.pacer.record(now, counted, counted)
	return nil
}

// record applies one write's answer to the items it carried.
func (s *session) record(w writeRequest, resp graph.BatchResponse, batchID string, now time.Time) {
	cp := &s.run.Plan.Configurations[w.cfg]
	switch {
	case resp.OK():
		requestID := resp.Header("request-id")
		if requestID == "" {
			requestID = batchID
		}
		for _, j := range w.items {
			o := &cp.Items[j].Outcome
			o.State, o.Write, o.Status, o.RequestID, o.BatchItem, o.At, o.Error = StateSucceeded, w.write, resp.Status, requestID, w.req.ID, now, nil
			o.ClientRequestID = w.req.Headers["client-request-id"]
		}
		delete(s.notBefore, cp.ID)
		if w.write == WritePatch {
			s.run.PatchAccepted = true
		}
	case resp.Status == 424:
		s.unsent(cp, w.items)
	case resp.Status == 429:
		wait, _ := resp.RetryAfter()
		s.throttled(now, wait)
		s.unsent(cp, w.items)
	default:
		s.failed(cp, w, resp.Err(w.req), batchID, now)
	}
}

// unsent reopens items whose write never reached the service's handler.
func (s *session) unsent(cp *ConfigurationPlan, items []int) {
	for _, j := range items {
		o := &cp.Items[j].Outcome
		o.State, o.Attempts = StatePending, max(0, o.Attempts-1)
	}
}

// failed handles a write the service answered with an error: a refusal of
// PATCH switches the run to assign; a transient failure holds the
// configuration back; anything else ends the items as failed.
func (s *session) failed(cp *ConfigurationPlan, w writeRequest, err error, batchID string, now time.Time) {
	var ge *graph.Error
	errors.As(err, &ge)
	f := failureOf(err, batchID)
	switch {
	case ge != nil && ge.IsRouteRefusal() && w.write == WritePatch:
		s.run.PatchRefused = true
		s.unsent(cp, w.items)
		for _, j := range w.items {
			cp.Items[j].Outcome.FellBack = true
		}
	case ge != nil && transient(ge.Status):
		attempts := 0
		for _, j := range w.items {
			o := &cp.Items[j].Outcome
			o.State, o.Error = StatePending, f
			attempts = max(attempts, o.Attempts)
		}
		s.holdBack(cp.ID, attempts, now)
	default:
		for _, j := range w.items {
			s.fail(&cp.Items[j], f, now)
			cp.Items[j].Outcome.Write = w.write
		}
	}
}

// reopen puts items whose batch got no answer back to pending.
func (s *session) reopen(writes []writeRequest, f *Failure) {
	for _, w := range writes {
		cp := &s.run.Plan.Configurations[w.cfg]
		for _, j := range w.items {
			o := &cp.Items[j].Outcome
			o.State, o.Error = StatePending, f
		}
	}
}

// failOpen fails every open item of a configuration.
func (s *session) failOpen(cp *ConfigurationPlan, f *Failure, now time.Time) {
	for _, j := range openItems(cp) {
		s.fail(&cp.Items[j], f, now)
	}
}

func (s *session) fail(it *Item, f *Failure, now time.Time) {
	it.Outcome.State, it.Outcome.Error, it.Outcome.At = StateFailed, f, now
}

// failureOf keeps what is worth showing of an error.
func failureOf(err error, batchID string) *Failure {
	var ge *graph.Error
	if errors.As(err, &ge) {
		return &Failure{Status: ge.Status, Code: ge.Code, Message: ge.Message, Hint: ge.Hint(),
			RequestID: firstNonEmpty(ge.RequestID, batchID), Date: ge.Date}
	}
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	return &Failure{Message: err.Error(), RequestID: batchID}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// decodeSet reads a collection of assignments. A paged answer is refused:
// writing back part of a set would delete the rest.
func decodeSet(body []byte) ([]graph.Assignment, error) {
	var page struct {
		Value    []graph.Assignment `json:"value"`
		NextLink string             `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("reading the assignments: %w", err)
	}
	if page.NextLink != "" {
		return nil, errors.New("the service sent the assignments in pages; a bulk run writes only whole sets, so this configuration is left unchanged")
	}
	if page.Value == nil {
		page.Value = []graph.Assignment{}
	}
	return page.Value, nil
}
