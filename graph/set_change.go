package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// SetChange adds targets to one configuration's set of assignments and
// removes assignments from it: what a retarget (Update) cannot express.
type SetChange struct {
	// Configuration needs at least ID, DisplayName, Priority and Kind, as
	// for Update: defaults and targets its kind does not take are refused
	// before any request.
	Configuration Configuration
	// Add are the targets to add.
	Add []Target
	// Remove are assignments to remove, as loaded (ID and target).
	Remove []Assignment
	// Seen is the configuration's set as the user loaded it (empty, not
	// nil, for a configuration with no assignment). Nothing is written when
	// the service's set no longer shows it: the error is a *ConflictError.
	Seen     []Assignment
	Strategy Strategy
}

// SetItem is one assignment removed or one target added, and how its write
// ended.
type SetItem struct {
	// Before is the target removed (zero for an add); After the target
	// added (zero for a remove).
	Before, After Target
	// AssignmentID is the assignment removed, or the one created as the
	// service named it (once written).
	AssignmentID string
	// Method is the request that wrote it: DELETE, POST, or "assign" (the
	// whole set, POST …/assign); APIVersion the version it went through.
	Method     string
	APIVersion string
	Write      WriteResult
	// Done says it was written. Err says why not, when it was sent, or when
	// the change was refused whole after sending nothing (a conflict).
	Done bool
	Err  error
}

// Adds reports an item that adds a target.
func (it SetItem) Adds() bool { return it.Before.IsZero() }

// SetChangeResult says what a set change did.
type SetChangeResult struct {
	// Strategy is the one that wrote: StrategyPatch (the documented create
	// and delete) or StrategyAssign.
	Strategy Strategy
	// FellBack says assign was used because this service refused the
	// documented request, just now or earlier in this client's life.
	FellBack bool
	// Items are the removals, then the additions, each with its write.
	Items []SetItem
	// After is the set as read back once written.
	After []Assignment
}

// ChangeAssignments adds and removes assignments of one configuration with
// the documented create (POST …/assignments) and delete (DELETE
// …/assignments/{id}), each after a re-read proves the set unchanged; where
// the service refuses them ("No method match route template"), it replaces
// the whole set with assign instead, after the same proof. A failure
// leaves the items before it written (Done) and says which: the documented
// requests are one per item.
func (c *Client) ChangeAssignments(ctx context.Context, ch SetChange) (SetChangeResult, error) {
	items, err := ch.check()
	if err != nil {
		return SetChangeResult{}, err
	}
	res := SetChangeResult{Items: items, Strategy: c.setStrategyFor(ch)}
	if res.Strategy == StrategyAssign {
		res.FellBack = ch.Strategy == StrategyAuto
		return res, c.changeByAssign(ctx, ch, &res)
	}
	err = c.changeByRequests(ctx, ch, &res)
	var ge *Error
	if ch.Strategy != StrategyAuto || !errors.As(err, &ge) || !ge.IsRouteRefusal() {
		return res, err
	}
	c.rememberRefusal(ge.Method)
	res.Strategy, res.FellBack = StrategyAssign, true
	return res, c.changeByAssign(ctx, ch, &res)
}

// check refuses before any request what cannot be written, and lists the
// items: the removals, then the additions.
func (ch SetChange) check() ([]SetItem, error) {
	cfg := ch.Configuration
	switch {
	case ch.Strategy < StrategyAuto || ch.Strategy > StrategyAssign:
		return nil, &ValidationError{"strategy", "unknown " + ch.Strategy.String()}
	case cfg.DefaultReason() != "":
		return nil, &ValidationError{"configuration", cfg.DefaultReason()}
	case cfg.Kind == "":
		return nil, &ValidationError{"configuration.@odata.type", "unknown: read the configuration before changing its assignments"}
	case ch.Seen == nil:
		return nil, &ValidationError{"assignments", "not loaded: read the configuration's assignments before changing them"}
	case len(ch.Add)+len(ch.Remove) == 0:
		return nil, &ValidationError{"assignments", "nothing to add or remove"}
	}
	if err := validateID("configuration.id", cfg.ID); err != nil {
		return nil, err
	}
	items, kept, err := ch.removals()
	if err != nil {
		return nil, err
	}
	add := make([]Target, len(ch.Add))
	for i, t := range ch.Add {
		if _, err := ValidateTarget(t); err != nil {
			return nil, err
		}
		add[i] = t.WithoutDefaults()
	}
	if refused := RefuseTargets(cfg.Kind, kept, add); len(refused) > 0 {
		return nil, refused[0]
	}
	for _, t := range add {
		items = append(items, SetItem{After: t})
	}
	return items, nil
}

// removals checks each assignment to remove is in the set loaded, once,
// and returns their items and the rest of the set.
func (ch SetChange) removals() ([]SetItem, []Assignment, error) {
	var items []SetItem
	gone := map[string]bool{}
	for _, a := range ch.Remove {
		if err := validateID("assignment.id", a.ID); err != nil {
			return nil, nil, err
		}
		key := strings.ToLower(a.ID)
		if gone[key] || indexOfFold(ch.Seen, a.ID) < 0 {
			return nil, nil, &ValidationError{"assignment.id", "assignment " + a.ID + " is not in the set you loaded, or is removed twice"}
		}
		gone[key] = true
		items = append(items, SetItem{Before: ch.Seen[indexOfFold(ch.Seen, a.ID)].Target, AssignmentID: a.ID})
	}
	var kept []Assignment
	for _, a := range ch.Seen {
		if !gone[strings.ToLower(a.ID)] {
			kept = append(kept, a)
		}
	}
	return items, kept, nil
}

// setStrategyFor resolves StrategyAuto to the strategy the change uses:
// assign as soon as this service has refused one of the requests it needs.
func (c *Client) setStrategyFor(ch SetChange) Strategy {
	if ch.Strategy != StrategyAuto {
		return ch.Strategy
	}
	if (len(ch.Add) > 0 && c.createRefused.Load()) || (len(ch.Remove) > 0 && c.deleteRefused.Load()) {
		return StrategyAssign
	}
	return StrategyPatch
}

// rememberRefusal notes that this service refused a documented write.
func (c *Client) rememberRefusal(method string) {
	switch method {
	case http.MethodPost:
		c.createRefused.Store(true)
	case http.MethodDelete:
		c.deleteRefused.Store(true)
	case http.MethodPatch:
		c.patchRefused.Store(true)
	}
}

// changeByRequests re-reads the set through beta, refuses with a conflict
// when it no longer shows what the user loaded, then sends one request per
// item, stopping at the first failure, and reads the set back.
func (c *Client) changeByRequests(ctx context.Context, ch SetChange, res *SetChangeResult) error {
	configID := ch.Configuration.ID
	live, err := c.beta.ListAssignments(ctx, configID)
	if err != nil {
		return err
	}
	if !stillShowsAfter(live, ch.Seen, res.Items) {
		return res.conflict(configID, ch.Seen, live)
	}
	for i := range res.Items {
		if err := c.writeItem(ctx, configID, &res.Items[i]); err != nil {
			res.Items[i].Err = err
			return err
		}
	}
	return c.readBack(ctx, configID, res)
}

// writeItem sends one item's documented request. An addition carrying what
// this client's version does not show (beta's filter) goes through beta,
// which keeps it. A removal the service no longer knows (404) is done:
// the assignment is gone, as wanted.
func (c *Client) writeItem(ctx context.Context, configID string, it *SetItem) error {
	k, writer, err := c.itemCall(configID, *it)
	if err != nil {
		return err
	}
	it.Method, it.APIVersion = k.method, writer.APIVersion()
	resp, err := writer.do(ctx, writer.request(k))
	var ge *Error
	switch {
	case !it.Adds() && errors.As(err, &ge) && ge.Status == http.StatusNotFound:
		it.Write, it.Done = WriteResult{Status: ge.Status, RequestID: ge.RequestID, ClientRequestID: ge.ClientRequestID}, true
		return nil
	case err != nil && it.Adds():
		return fmt.Errorf("adding %s: %w", describeTarget(it.After), err)
	case err != nil:
		return fmt.Errorf("removing assignment %s: %w", it.AssignmentID, err)
	}
	it.Write, it.Done = writeResult(resp), true
	if it.Adds() {
		created, _ := createdAssignment(resp.body, Assignment{Target: it.After}) // unreadable: the read back names it
		it.AssignmentID = created.ID
	}
	return nil
}

// itemCall is the documented request of an item and the client to send it.
func (c *Client) itemCall(configID string, it SetItem) (call, *Client, error) {
	if !it.Adds() {
		k, err := deleteCall(configID, it.AssignmentID)
		return k, c, err
	}
	writer := c
	if hasHiddenValues(it.After) {
		writer = c.beta
	}
	k, err := createCall(configID, Assignment{Target: it.After})
	return k, writer, err
}

// changeByAssign re-reads the set through beta, proves it shows what the
// user loaded (with the items already written, after a fallback), makes the
// items not yet written on it, sends the whole set with assign, and reads
// it back.
func (c *Client) changeByAssign(ctx context.Context, ch SetChange, res *SetChangeResult) error {
	configID := ch.Configuration.ID
	live, err := c.beta.ListAssignments(ctx, configID)
	if err != nil {
		return err
	}
	if !stillShowsAfter(live, ch.Seen, res.Items) {
		return res.conflict(configID, ch.Seen, live)
	}
	set, err := applyItems(ch.Configuration.Kind, live, res.Items)
	if err != nil {
		return err
	}
	w, err := c.beta.Assign(ctx, configID, set)
	for i := range res.Items {
		if it := &res.Items[i]; !it.Done {
			it.Method, it.APIVersion, it.Write, it.Err, it.Done = "assign", c.beta.APIVersion(), w, err, err == nil
		}
	}
	if err != nil {
		return err
	}
	return c.readBack(ctx, configID, res)
}

// applyItems is the live set with the items not yet written made on it.
func applyItems(kind ConfigurationKind, live []Assignment, items []SetItem) ([]Assignment, error) {
	set := append([]Assignment(nil), live...)
	var add []Target
	for _, it := range items {
		switch {
		case it.Done:
		case it.Adds():
			add = append(add, it.After)
		default:
			if i := indexOfFold(set, it.AssignmentID); i >= 0 { // stillShowsAfter proved it there
				set = append(set[:i:i], set[i+1:]...)
			}
		}
	}
	if refused := RefuseTargets(kind, set, add); len(refused) > 0 {
		return nil, refused[0]
	}
	for _, t := range add {
		set = append(set, Assignment{Target: t})
	}
	return set, nil
}

// readBack reads the set as written and names each created assignment as
// the service did.
func (c *Client) readBack(ctx context.Context, configID string, res *SetChangeResult) error {
	after, err := c.ListAssignments(ctx, configID)
	if err != nil {
		return fmt.Errorf("the assignments were written, but reading them back failed: %w", err)
	}
	res.After = after
	for i := range res.Items {
		it := &res.Items[i]
		if it.Adds() && it.Done {
			if a, err := findWritten(after, Assignment{ID: it.AssignmentID, Target: it.After}); err == nil {
				it.AssignmentID = a.ID
			}
		}
	}
	return nil
}

// conflict refuses the items not yet written: the set is not the one the
// user loaded (with what was written since).
func (res *SetChangeResult) conflict(configID string, seen, live []Assignment) error {
	err := &ConflictError{Configuration: configID, Reason: "the set is not the one you loaded", Expected: seen, Actual: live}
	for i := range res.Items {
		if !res.Items[i].Done {
			res.Items[i].Err = err
		}
	}
	return err
}

// stillShowsAfter reports whether live is seen with the items written so
// far made on it: each assignment seen and not removed still there with
// everything seen, each removed one gone, each added audience there, and
// nothing else.
func stillShowsAfter(live, seen []Assignment, items []SetItem) bool {
	want := len(seen)
	removed := map[string]bool{}
	for _, it := range items {
		switch {
		case it.Done && it.Adds():
			want++
			if !holdsAudience(live, it.After) {
				return false
			}
		case it.Done:
			want--
			removed[strings.ToLower(it.AssignmentID)] = true
		}
	}
	if len(live) != want {
		return false
	}
	for _, a := range seen {
		i := indexOfFold(live, a.ID)
		if removed[strings.ToLower(a.ID)] != (i < 0) || (i >= 0 && !shows(live[i], a)) {
			return false
		}
	}
	return true
}

func holdsAudience(set []Assignment, t Target) bool {
	for _, a := range set {
		if a.Target.SameAudience(t) {
			return true
		}
	}
	return false
}

// indexOfFold finds an assignment by ID, ignoring case as the service does.
func indexOfFold(set []Assignment, id string) int {
	for i, a := range set {
		if strings.EqualFold(a.ID, id) {
			return i
		}
	}
	return -1
}
