package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Priority orders the configurations of one kind: a user in several groups
// gets only the configuration with the lowest priority number. Intune keeps
// the non-default configurations of a kind at 1…n and the kind's default at
// 0, applied last and never moved ("Create device limit restrictions",
// Change restriction priority: "You can change the priority of non-default
// restrictions"). setPriority moves one configuration to a priority and
// shifts the others between its old and new place by one, as dragging a
// row in the admin center does; this client reorders with that semantics
// and proves the result by reading the order back.

// MaxPerKind is the most non-default restriction policies of one type the
// admin center allows ("You can have up to 25 device platform restriction
// policies", and as many device limit ones).
const MaxPerKind = 25

// Reorder is a new order of one kind's non-default configurations.
type Reorder struct {
	Kind ConfigurationKind
	// Loaded is the configurations as the user loaded them: every one of
	// the kind, defaults included (they are shown last and never moved).
	Loaded []Configuration
	// Order is the IDs of the kind's non-default configurations in the new
	// order, the one applied first first.
	Order []string
}

// PriorityStep is one setPriority call.
type PriorityStep struct {
	Configuration Configuration
	Priority      int
}

// OrderOf is the kind's non-default configurations of all, by priority (ties
// by ID, so the order is stable), and its defaults, in ID order.
func OrderOf(all []Configuration, k ConfigurationKind) (movable, defaults []Configuration) {
	for _, c := range all {
		switch {
		case c.Kind != k:
		case c.IsDefault():
			defaults = append(defaults, c)
		default:
			movable = append(movable, c)
		}
	}
	sort.SliceStable(movable, func(i, j int) bool {
		if movable[i].Priority != movable[j].Priority {
			return movable[i].Priority < movable[j].Priority
		}
		return movable[i].ID < movable[j].ID
	})
	sort.SliceStable(defaults, func(i, j int) bool { return defaults[i].ID < defaults[j].ID })
	return movable, defaults
}

// IDs lists the configurations' IDs in order.
func IDs(cs []Configuration) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// Result is the kind's configurations in the new order, defaults last, each
// with the priority it will have.
func (r Reorder) Result() ([]Configuration, error) {
	movable, defaults, err := r.check()
	if err != nil {
		return nil, err
	}
	byID := map[string]Configuration{}
	for _, c := range movable {
		byID[c.ID] = c
	}
	out := make([]Configuration, 0, len(r.Order)+len(defaults))
	for i, id := range r.Order {
		c := byID[id]
		c.Priority = int32(i + 1)
		out = append(out, c)
	}
	return append(out, defaults...), nil
}

// Steps are the setPriority calls that turn the loaded order into Order,
// fewest first: moving one configuration is one call.
func (r Reorder) Steps() ([]PriorityStep, error) {
	movable, _, err := r.check()
	if err != nil {
		return nil, err
	}
	current := slices.Clone(movable)
	var steps []PriorityStep
	for i, id := range r.Order {
		if current[i].ID == id {
			continue
		}
		j := slices.IndexFunc(current, func(c Configuration) bool { return c.ID == id })
		c := current[j]
		current = slices.Insert(slices.Delete(current, j, j+1), i, c)
		steps = append(steps, PriorityStep{Configuration: c, Priority: i + 1})
	}
	return steps, nil
}

// check refuses an order that is not a permutation of the kind's
// non-default configurations as loaded.
func (r Reorder) check() (movable, defaults []Configuration, err error) {
	if !r.Kind.Known() {
		return nil, nil, &ValidationError{"kind", "unknown configuration kind " + strconv.Quote(string(r.Kind))}
	}
	movable, defaults = OrderOf(r.Loaded, r.Kind)
	if len(movable) > MaxPerKind {
		return nil, nil, &ValidationError{"order", "a kind holds at most " + strconv.Itoa(MaxPerKind) + " configurations besides its default"}
	}
	want, got := IDs(movable), slices.Clone(r.Order)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		for _, d := range defaults {
			if slices.Contains(r.Order, d.ID) {
				return nil, nil, &ValidationError{"order", d.DefaultReason()}
			}
		}
		return nil, nil, &ValidationError{"order", "the new order must hold each of the kind's " + strconv.Itoa(len(movable)) + " non-default configurations once"}
	}
	return movable, defaults, nil
}

// PriorityConflictError is a reorder refused because the service's order is
// no longer the one loaded: someone else reordered, added or removed a
// configuration of the kind meanwhile. Nothing was written.
type PriorityConflictError struct {
	Kind ConfigurationKind
	// Loaded and Live are the kind's non-default configurations, by
	// priority, as loaded and as the service has them now.
	Loaded, Live []Configuration
}

func (e *PriorityConflictError) Error() string {
	return "the priority order of " + e.Kind.Label() + " configurations changed since you loaded it: " +
		orderWords(e.Loaded) + " then, " + orderWords(e.Live) + " now; nothing was written"
}

func orderWords(cs []Configuration) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = strconv.Itoa(int(c.Priority)) + ". " + c.DisplayName
	}
	return strings.Join(parts, ", ")
}

// ReorderResult says what a reorder did.
type ReorderResult struct {
	// Sent are the setPriority calls made, in order, each with its write.
	Sent []PriorityStep
	// Order is the kind's configurations as read back, by priority.
	Order []Configuration
}

// PreviewReorder is each setPriority call Reorder will send, for the user to
// read before saving.
func (c *Client) PreviewReorder(r Reorder) ([]RequestPreview, error) {
	steps, err := r.Steps()
	if err != nil {
		return nil, err
	}
	out := make([]RequestPreview, 0, len(steps))
	for i, s := range steps {
		k, err := setPriorityCall(s.Configuration.ID, s.Priority)
		if err != nil {
			return nil, err
		}
		note := "Moves " + strconv.Quote(s.Configuration.DisplayName) + " to priority " + strconv.Itoa(s.Priority) +
			"; the service shifts the configurations in between by one."
		if i == 0 {
			note = "Before sending, the client reads the " + r.Kind.Label() + " configurations again and sends nothing if their order is not the one you loaded. " + note
		}
		out = append(out, c.preview(k, StrategyAuto, note)) // an action, not an update: no strategy
	}
	return out, nil
}

// ApplyReorder reads the kind's order again, refuses with
// *PriorityConflictError when it is not the one loaded, sends the
// setPriority calls in turn, and reads the order back. A call that fails
// stops the rest; the result holds those already made.
func (c *Client) ApplyReorder(ctx context.Context, r Reorder) (ReorderResult, error) {
	steps, err := r.Steps()
	if err != nil {
		return ReorderResult{}, err
	}
	loaded, _ := OrderOf(r.Loaded, r.Kind)
	live, err := c.liveOrder(ctx, r.Kind)
	if err != nil {
		return ReorderResult{}, err
	}
	if !sameOrder(loaded, live) {
		return ReorderResult{}, &PriorityConflictError{Kind: r.Kind, Loaded: loaded, Live: live}
	}
	var res ReorderResult
	for _, s := range steps {
		if err := c.SetPriority(ctx, s.Configuration.ID, s.Priority); err != nil {
			return res, err
		}
		res.Sent = append(res.Sent, s)
	}
	if res.Order, err = c.liveOrder(ctx, r.Kind); err != nil {
		return res, fmt.Errorf("the order was sent, but reading it back failed: %w", err)
	}
	if !slices.Equal(IDs(res.Order), r.Order) {
		return res, errors.New("the service accepted every move, but reads back another order: " + orderWords(res.Order))
	}
	return res, nil
}

// liveOrder reads the kind's non-default configurations, by priority.
func (c *Client) liveOrder(ctx context.Context, k ConfigurationKind) ([]Configuration, error) {
	all, err := c.ListConfigurations(ctx, ListOptions{Select: []string{"id", "displayName", "priority"}})
	if err != nil {
		return nil, err
	}
	movable, _ := OrderOf(all, k)
	return movable, nil
}

// sameOrder reports the same configurations at the same priorities.
func sameOrder(a, b []Configuration) bool {
	return slices.EqualFunc(a, b, func(x, y Configuration) bool {
		return strings.EqualFold(x.ID, y.ID) && x.Priority == y.Priority
	})
}
