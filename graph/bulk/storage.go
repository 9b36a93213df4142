package bulk

import (
	"encoding/json"
	"fmt"

	"enrollassign/graph"
)

// Storage keeps a run between page loads: the browser's localStorage in the
// app, already scoped to one tenant and user (components/keep, whose
// sign-out clears it with every other piece of tenant data), so that a
// closed tab loses nothing; a Lease keeps two tabs from sending the same
// run. A map in tests.
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
}

// SaveRun writes r under key.
func SaveRun(s Storage, key string, r *Run) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("writing the bulk run: %w", err)
	}
	if err := s.Set(key, string(raw)); err != nil {
		return fmt.Errorf("keeping the bulk run in the browser: %w", err)
	}
	return nil
}

// LoadRun reads the run kept under key; found is false when there is none.
// A damaged or foreign value is an error, never a half-read run.
func LoadRun(s Storage, key string) (r *Run, found bool, err error) {
	raw, ok := s.Get(key)
	if !ok || raw == "" {
		return nil, false, nil
	}
	run, err := DecodeRun(raw)
	return run, true, err
}

// DecodeRun reads a run as SaveRun keeps it, refusing one this version
// cannot send as it is. A caller that already holds the stored text (a
// storage wrapper seeing it written) decodes it without reading it back.
func DecodeRun(raw string) (*Run, error) {
	var run Run
	if err := json.Unmarshal([]byte(raw), &run); err != nil {
		return nil, fmt.Errorf("reading the kept bulk run: %w", err)
	}
	if run.Version != runVersion {
		return nil, fmt.Errorf("reading the kept bulk run: version %d is not %d", run.Version, runVersion)
	}
	if err := run.check(); err != nil {
		return nil, fmt.Errorf("reading the kept bulk run: %w", err)
	}
	return &run, nil
}

// check refuses a stored run whose items could not be sent as they are.
func (r *Run) check() error {
	seen := map[string]bool{}
	for _, cp := range r.Plan.Configurations {
		if cp.ID == "" {
			return &graph.ValidationError{Field: "plan.configurations.id", Message: "missing"}
		}
		for _, it := range cp.Items {
			switch it.Outcome.State {
			case StatePending, StateSending, StateSucceeded, StateFailed, StateRefused, StateSkipped:
			default:
				return &graph.ValidationError{Field: "item " + it.Key + ".outcome.state", Message: "unknown " + string(it.Outcome.State)}
			}
			if seen[it.Key] || it.ConfigurationID != cp.ID {
				return &graph.ValidationError{Field: "item " + it.Key, Message: "repeated or in the wrong configuration"}
			}
			seen[it.Key] = true
		}
	}
	return nil
}
