// Package history records every write the app makes to a tenant (a single
// edit, each item of a bulk run or a restore, an undo): when, who, which
// configuration and assignment, the target before and after, the request-id
// support asks for, and how it ended. The log is kept in the browser's
// localStorage per tenant and user, listed on its own screen, exported as
// JSON or CSV, and any successful change can be undone: written back to its
// "before" through the same conflict check as any other write.
//
// The package is pure Go (no go-app, no syscall/js) and builds for js/wasm.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"enrollassign/graph"
)

// Storage is the browser storage the log lives in, scoped to one tenant and
// user (components/keep, whose sign-out removes the log with every other
// piece of tenant data).
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
}

// logKey is where the log is kept in its Storage.
const logKey = "log"

// Source says which part of the app made a write.
type Source string

// The writers.
const (
	SourceEdit    Source = "edit"
	SourceUndo    Source = "undo"
	SourceBulk    Source = "bulk"
	SourceRestore Source = "restore"
)

// Outcome is how a write ended.
type Outcome string

// The outcomes.
const (
	Succeeded Outcome = "succeeded"
	// Failed: the service refused the write; nothing changed.
	Failed Outcome = "failed"
	// Conflict: the assignment or its set changed since it was loaded, so
	// the app wrote nothing over that change.
	Conflict Outcome = "conflict"
	// Skipped: after a conflict, the user chose to keep the change someone
	// else made; nothing was written.
	Skipped Outcome = "skipped"
	// Unknown: no answer came (the network failed), so whether the write
	// happened is not known; the list of assignments tells.
	Unknown Outcome = "unknown"
)

// Entry is one write.
type Entry struct {
	// ID is unique within the log; recording the same write twice keeps one.
	ID     string    `json:"id"`
	Time   time.Time `json:"time"`
	User   string    `json:"user"`
	Tenant string    `json:"tenant"`
	Source Source    `json:"source"`

	ConfigurationID   string                  `json:"configurationId"`
	ConfigurationName string                  `json:"configurationName,omitempty"`
	ConfigurationKind graph.ConfigurationKind `json:"configurationKind,omitempty"`
	// AssignmentID is the assignment as it was named before the write;
	// AssignmentIDAfter as the service names it after (assign derives IDs
	// from targets, so it may be new), when known.
	AssignmentID      string `json:"assignmentId"`
	AssignmentIDAfter string `json:"assignmentIdAfter,omitempty"`
	// Before and After are the targets; a zero one means there was none
	// (an assignment added or removed by a restore).
	Before graph.Target `json:"before"`
	After  graph.Target `json:"after"`

	Write      string  `json:"write,omitempty"` // "PATCH" or "assign"
	APIVersion string  `json:"apiVersion,omitempty"`
	Status     int     `json:"status,omitempty"`
	RequestID  string  `json:"requestId,omitempty"`
	Outcome    Outcome `json:"outcome"`
	Error      string  `json:"error,omitempty"`
	// UndoOf is the ID of the entry an undo wrote back.
	UndoOf string `json:"undoOf,omitempty"`
}

// Undoable reports an entry whose change can be written back on its own: a
// successful retarget (not an assignment a restore added or removed).
func (e Entry) Undoable() bool {
	return e.Outcome == Succeeded && !e.Before.IsZero() && !e.After.IsZero()
}

// Who is the signed-in administrator and tenant a write is made as.
type Who struct {
	User   string // UPN, as shown and exported
	Tenant string // tenant ID
}

// Log is the history of one tenant and user.
type Log struct {
	// Storage is theirs; nil before sign-in, when there is nobody to keep
	// a history for.
	Storage Storage
}

// ErrNoScope refuses to keep a history for nobody.
var ErrNoScope = errors.New("history: no tenant and user to keep the history for")

// stored is the log's shape in storage.
type stored struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

const version = 1

// Entries lists the log, oldest first.
func (l Log) Entries() ([]Entry, error) {
	if l.Storage == nil {
		return nil, ErrNoScope
	}
	raw, ok := l.Storage.Get(logKey)
	if !ok || raw == "" {
		return nil, nil
	}
	return decodeLog(raw)
}

// decodeLog reads the stored log; a damaged one is an error, never an empty
// log that the next Append would write over.
func decodeLog(raw string) ([]Entry, error) {
	var s stored
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, fmt.Errorf("history: the kept history is damaged: %w", err)
	}
	if s.Version != version {
		return nil, fmt.Errorf("history: the kept history has version %d, not %d", s.Version, version)
	}
	return s.Entries, nil
}

// Append adds entries, skipping any whose ID the log already holds. It
// refuses to write when the kept log cannot be read: writing would lose it.
func (l Log) Append(entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	all, err := l.Entries()
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(all))
	for _, e := range all {
		seen[e.ID] = true
	}
	added := 0
	for _, e := range entries {
		if e.ID == "" {
			return errors.New("history: an entry without an ID")
		}
		if !seen[e.ID] {
			seen[e.ID] = true
			all = append(all, e)
			added++
		}
	}
	if added == 0 {
		return nil
	}
	raw, err := json.Marshal(stored{Version: version, Entries: all})
	if err != nil {
		return fmt.Errorf("history: writing: %w", err)
	}
	if err := l.Storage.Set(logKey, string(raw)); err != nil {
		return fmt.Errorf("history: keeping %d entries in the browser (export the history, then clear it): %w", len(all), err)
	}
	return nil
}

// Clear removes the log (after the user exported it).
func (l Log) Clear() {
	if l.Storage != nil {
		l.Storage.Remove(logKey)
	}
}

// Find returns the entry with the given ID.
func Find(entries []Entry, id string) (Entry, bool) {
	for _, e := range entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}
