package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Strategy is how "update one assignment" writes.
type Strategy int

const (
	// StrategyAuto sends the documented PATCH and, when the service refuses
	// it with "No method match route template", falls back to assign; the
	// client then remembers the refusal and goes straight to assign.
	StrategyAuto Strategy = iota
	// StrategyPatch sends only the documented PATCH.
	StrategyPatch
	// StrategyAssign re-reads the configuration's assignments, replaces the
	// one, and sends the whole set with the assign action.
	StrategyAssign
)

func (s Strategy) String() string {
	switch s {
	case StrategyAuto:
		return "auto"
	case StrategyPatch:
		return "PATCH"
	case StrategyAssign:
		return "assign"
	}
	return "Strategy(" + strconv.Itoa(int(s)) + ")"
}

// Update is a change of one assignment's target, as the user made it.
type Update struct {
	// Configuration needs at least ID, DisplayName, Priority and Kind:
	// default configurations and targets its kind does not take are refused
	// before any request.
	Configuration Configuration
	// Before is the assignment as the user loaded it (ID and target).
	Before Assignment
	// After is the new target. Properties of Before's target this client
	// does not model (beta's assignment filter) are carried over unless
	// After sets them: the user never saw them, so must not lose them.
	After Target
	// Siblings is the configuration's whole set as the user loaded it. The
	// assign strategy refuses with *ConflictError when the live set differs.
	// When nil, Configuration.Assignments stands in (a configuration read
	// with $expand=assignments); when both are nil the re-read is trusted,
	// but Before must still be in it, unchanged.
	Siblings []Assignment
	Strategy Strategy
}

// UpdateResult says what an update did.
type UpdateResult struct {
	// Strategy is the one that wrote: StrategyPatch or StrategyAssign.
	Strategy Strategy
	// FellBack says assign was used because this service refused PATCH,
	// just now or earlier in this client's life.
	FellBack bool
	// Assignment is the assignment as the service returned it, or as read
	// again after a write that returned nothing.
	Assignment Assignment
	Write      WriteResult
	// APIVersion is the version the write went through: the client's own,
	// or beta when the assignment carried properties the client's version
	// does not show (an assignment filter) and a write through it would
	// have dropped them.
	APIVersion string
}

// UpdateAssignment changes one assignment's target with the documented PATCH
// or, where the service refuses it, by replacing the configuration's whole
// set with assign after proving nobody changed it in the meantime.
func (c *Client) UpdateAssignment(ctx context.Context, u Update) (UpdateResult, error) {
	next, err := u.check()
	if err != nil {
		return UpdateResult{}, err
	}
	if c.strategyFor(u.Strategy) == StrategyAssign {
		res, err := c.updateByAssign(ctx, u)
		res.FellBack = u.Strategy == StrategyAuto
		return res, err
	}
	res, err := c.updateByPatch(ctx, u, next)
	var ge *Error
	if u.Strategy != StrategyAuto || !errors.As(err, &ge) || !ge.IsRouteRefusal() {
		return res, err
	}
	c.patchRefused.Store(true)
	res, err = c.updateByAssign(ctx, u)
	res.FellBack = true
	return res, err
}

// strategyFor resolves StrategyAuto to the strategy the next write uses.
func (c *Client) strategyFor(s Strategy) Strategy {
	if s == StrategyAuto && c.patchRefused.Load() {
		return StrategyAssign
	}
	if s == StrategyAuto {
		return StrategyPatch
	}
	return s
}

// check validates u before any request and returns the assignment to write.
func (u Update) check() (Assignment, error) {
	if u.Strategy < StrategyAuto || u.Strategy > StrategyAssign {
		return Assignment{}, &ValidationError{"strategy", "unknown " + u.Strategy.String()}
	}
	if err := validateID("configuration.id", u.Configuration.ID); err != nil {
		return Assignment{}, err
	}
	if reason := u.Configuration.DefaultReason(); reason != "" {
		return Assignment{}, &ValidationError{"configuration", reason}
	}
	if u.Configuration.Kind == "" {
		return Assignment{}, &ValidationError{"configuration.@odata.type", "unknown: read the configuration before changing its assignments"}
	}
	if err := validateID("assignment.id", u.Before.ID); err != nil {
		return Assignment{}, err
	}
	if _, err := ValidateTarget(u.After); err != nil {
		return Assignment{}, err
	}
	if err := refuseRetarget(u.Configuration.Kind, u.loaded(), u.Before.ID, u.After); err != nil {
		return Assignment{}, err
	}
	if err := checkFilter(u.Configuration.Kind, u.Before.Target, u.After.keeping(u.Before.Target)); err != nil {
		return Assignment{}, err
	}
	return u.Before.WithTarget(u.After.keeping(u.Before.Target).WithoutDefaults()), nil
}

// loaded is the set the user saw, or nil when the caller did not say.
func (u Update) loaded() []Assignment {
	if u.Siblings != nil {
		return u.Siblings
	}
	return u.Configuration.Assignments
}

// updateByPatch re-reads the assignment through beta, refuses with
// *ConflictError when it no longer shows what the user loaded, then sends
// the documented PATCH; a 204 is followed by a read. On v1.0 the PATCH
// replaces the target whole, so a target carrying what v1.0 hides (beta's
// assignment filter) is patched through beta with it, or it would be lost.
func (c *Client) updateByPatch(ctx context.Context, u Update, next Assignment) (UpdateResult, error) {
	res := UpdateResult{Strategy: StrategyPatch, APIVersion: c.APIVersion()}
	configID := u.Configuration.ID
	live, err := c.liveAssignment(ctx, u)
	if err != nil {
		return res, err
	}
	writer := c
	if full := live.WithTarget(u.After.keeping(live.Target)); c != c.beta && hasHiddenValues(full.Target) {
		writer, next = c.beta, full
	}
	res.APIVersion = writer.APIVersion()
	w, err := writer.PatchAssignment(ctx, configID, next)
	if err != nil {
		return res, err
	}
	res.Write = w
	if len(w.Body) == 0 {
		res.Assignment, err = writer.GetAssignment(ctx, configID, next.ID)
		return res, err
	}
	if err := res.Assignment.UnmarshalJSON(w.Body); err != nil {
		return res, fmt.Errorf("reading the updated assignment: %w", err)
	}
	return res, nil
}

// liveAssignment re-reads the assignment being changed through beta and
// checks it still shows everything the user loaded. A deleted assignment
// is a conflict too; the configuration's set then stands for "theirs".
func (c *Client) liveAssignment(ctx context.Context, u Update) (Assignment, error) {
	configID, id := u.Configuration.ID, u.Before.ID
	live, err := c.beta.GetAssignment(ctx, configID, id)
	var ge *Error
	if errors.As(err, &ge) && ge.Status == http.StatusNotFound {
		set, _ := c.beta.ListAssignments(ctx, configID)
		return Assignment{}, &ConflictError{Configuration: configID, Reason: "assignment " + id + " no longer exists",
			Expected: []Assignment{u.Before}, Actual: set}
	}
	if err != nil {
		return Assignment{}, err
	}
	if !shows(live, u.Before) {
		return Assignment{}, &ConflictError{Configuration: configID, Reason: "assignment " + id + " now has another target",
			Expected: []Assignment{u.Before}, Actual: []Assignment{live}}
	}
	return live, nil
}

// updateByAssign re-reads the set, proves it unchanged, replaces the one
// assignment, sends the whole set, and reads it back. The set is read and
// sent through beta: a v1.0 read hides assignment filters and source, and
// sending it back would delete them from assignments nobody touched.
func (c *Client) updateByAssign(ctx context.Context, u Update) (UpdateResult, error) {
	res := UpdateResult{Strategy: StrategyAssign, APIVersion: c.beta.APIVersion()}
	configID := u.Configuration.ID
	live, err := c.beta.ListAssignments(ctx, configID)
	if err != nil {
		return res, err
	}
	set, next, err := replaceInLiveSet(u, live)
	if err != nil {
		return res, err
	}
	if res.Write, err = c.beta.Assign(ctx, configID, set); err != nil {
		return res, err
	}
	after, err := c.ListAssignments(ctx, configID)
	if err != nil {
		return res, fmt.Errorf("the assignments were written, but reading them back failed: %w", err)
	}
	if res.Assignment, err = findWritten(after, next); err != nil {
		return res, fmt.Errorf("configuration %s: %w", configID, err)
	}
	return res, nil
}

// replaceInLiveSet checks that the live set still shows everything the user
// saw and returns it with the one assignment retargeted, and that assignment.
// Everything else in the live set, seen or not, is sent back as it is.
func replaceInLiveSet(u Update, live []Assignment) ([]Assignment, Assignment, error) {
	loaded := u.loaded()
	conflict := func(reason string) error {
		return &ConflictError{Configuration: u.Configuration.ID, Reason: reason, Expected: loaded, Actual: live}
	}
	if loaded != nil && !stillShows(live, loaded) {
		return nil, Assignment{}, conflict("the set is not the one you loaded")
	}
	i := indexOf(live, u.Before.ID)
	if i < 0 {
		return nil, Assignment{}, conflict("assignment " + u.Before.ID + " no longer exists")
	}
	if u.Before.Target.Kind != "" && !shows(live[i], u.Before) {
		return nil, Assignment{}, conflict("assignment " + u.Before.ID + " now has another target")
	}
	next := live[i].WithTarget(u.After.keeping(live[i].Target))
	if err := refuseRetarget(u.Configuration.Kind, live, u.Before.ID, next.Target); err != nil {
		return nil, Assignment{}, err
	}
	set := append([]Assignment(nil), live...)
	set[i] = next
	return set, next, nil
}

// findWritten finds the written assignment in the set read back: by ID, or,
// where the service named it anew, by its target.
func findWritten(set []Assignment, next Assignment) (Assignment, error) {
	if i := indexOf(set, next.ID); i >= 0 && set[i].Target.SameAudience(next.Target) {
		return set[i], nil
	}
	for _, a := range set {
		if a.Target.SameAudience(next.Target) {
			return a, nil
		}
	}
	return Assignment{}, errors.New("the service accepted the new set, but the changed assignment is not in it when read back")
}

func indexOf(set []Assignment, id string) int {
	for i, a := range set {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// stillShows reports whether live holds the same assignments as seen, each
// with every property seen at the same value. Live may show more: what the
// API version the user read through does not show.
func stillShows(live, seen []Assignment) bool {
	if len(live) != len(seen) {
		return false
	}
	for _, a := range seen {
		i := indexOf(live, a.ID)
		if i < 0 || !shows(live[i], a) {
			return false
		}
	}
	return true
}

// shows reports whether live has every property of seen at the same value.
func shows(live, seen Assignment) bool {
	l, errL := live.MarshalJSON()
	s, errS := seen.MarshalJSON()
	if errL != nil || errS != nil {
		return false
	}
	return containsJSON(l, s)
}
