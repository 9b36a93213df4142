package graph

import (
	"context"
)

// ReplaceAssignments replaces a configuration's whole set with next (the
// assign action, through beta so that filters and source are written as
// given), after a re-read proves the service still shows seen: the set as
// the caller read it when deciding on next. When it does not, nothing is
// written and the error is a *ConflictError holding the live set.
//
// It is the guarded write of a restore that adds or removes assignments,
// which a retarget cannot express.
func (c *Client) ReplaceAssignments(ctx context.Context, configID string, seen, next []Assignment) (WriteResult, error) {
	if _, err := assignCall(configID, next); err != nil {
		return WriteResult{}, err
	}
	for i, a := range next {
		if _, err := ValidateTarget(a.Target); err != nil {
			return WriteResult{}, err
		}
		for _, earlier := range next[:i] {
			if earlier.Target.SameAudience(a.Target) {
				return WriteResult{}, &ValidationError{"assignments", "two assignments target the same audience"}
			}
		}
	}
	live, err := c.beta.ListAssignments(ctx, configID)
	if err != nil {
		return WriteResult{}, err
	}
	if !stillShows(live, seen) {
		return WriteResult{}, &ConflictError{Configuration: configID, Reason: "the set is not the one you loaded",
			Expected: seen, Actual: live}
	}
	return c.beta.Assign(ctx, configID, next)
}
