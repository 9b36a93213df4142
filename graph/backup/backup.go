// Package backup writes every configuration's assignments in a tenant to one
// versioned JSON file, reads such a file back strictly, compares it with the
// tenant as it is now (the dry run), and restores it: retargets through the
// bulk engine, and the sets a retarget cannot express (an assignment added
// or removed, a filter changed) with a guarded assign that re-reads first.
//
// A file that is malformed, truncated, of another tenant or cloud, or not
// this app's format is refused with the reason, before anything is compared
// or written.
//
// The package is pure Go (no go-app, no syscall/js) and builds for js/wasm.
package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"enrollassign/graph"
)

// Format names this app's backups; Version is the shape this code writes
// and the only one it reads.
const (
	Format  = "enrollassign-backup"
	Version = 1
)

// MaxSize bounds a backup file: far above any tenant's enrollment
// configurations (at most 25 per type, a few hundred assignments), and
// small enough to read in a browser tab.
const MaxSize = 32 << 20

// File is a backup.
type File struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// TenantID is the tenant the backup was taken from, CloudID its cloud
	// (cloud.Cloud.ID) and GraphURL the Graph host it was read from.
	TenantID string `json:"tenantId"`
	CloudID  string `json:"cloud"`
	GraphURL string `json:"graphUrl"`
	// APIVersion is the Graph version the assignments were read through:
	// beta, which shows the assignment filters v1.0 hides.
	APIVersion     string          `json:"apiVersion"`
	TakenAt        time.Time       `json:"takenAt"`
	TakenBy        string          `json:"takenBy"`
	Configurations []Configuration `json:"configurations"`
}

// Configuration is one configuration's identity and whole set of assignments.
type Configuration struct {
	ID          string                  `json:"id"`
	DisplayName string                  `json:"displayName"`
	Kind        graph.ConfigurationKind `json:"kind"`
	Priority    int32                   `json:"priority"`
	Assignments []graph.Assignment      `json:"assignments"`
}

// Meta is what a backup says about where and when it was taken.
type Meta struct {
	TenantID, CloudID, GraphURL, APIVersion, TakenBy string
	TakenAt                                          time.Time
}

// New makes the backup of configs (read with their assignments).
func New(m Meta, configs []graph.Configuration) File {
	f := File{Format: Format, Version: Version, TenantID: m.TenantID, CloudID: m.CloudID, GraphURL: m.GraphURL,
		APIVersion: m.APIVersion, TakenAt: m.TakenAt.UTC(), TakenBy: m.TakenBy, Configurations: []Configuration{}}
	for _, c := range configs {
		set := c.Assignments
		if set == nil {
			set = []graph.Assignment{}
		}
		f.Configurations = append(f.Configurations, Configuration{ID: c.ID, DisplayName: c.DisplayName,
			Kind: c.Kind, Priority: c.Priority, Assignments: set})
	}
	return f
}

// Encode writes the file as indented JSON.
func (f File) Encode() ([]byte, error) {
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	return append(raw, '\n'), nil
}

// FileName is a name for the downloaded file.
func (f File) FileName() string {
	return "enrollassign-backup-" + safeName(f.TenantID) + "-" + f.TakenAt.UTC().Format("20060102T150405Z") + ".json"
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Expect is what a file must match to be restored here.
type Expect struct {
	TenantID string
	CloudID  string
}

// RefusedError says why a file was refused; nothing was compared or written.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "this file cannot be restored: " + e.Reason }

func refuse(format string, args ...any) error {
	return &RefusedError{Reason: fmt.Sprintf(format, args...)}
}

// Parse reads a backup strictly and checks it belongs here.
func Parse(data []byte, want Expect) (File, error) {
	if len(data) > MaxSize {
		return File{}, refuse("it is %d bytes, more than any backup (%d)", len(data), MaxSize)
	}
	if !utf8.Valid(data) {
		return File{}, refuse("it is not text (UTF-8): not a backup")
	}
	f, err := decode(data)
	if err != nil {
		return File{}, err
	}
	if err := f.checkHeader(want); err != nil {
		return File{}, err
	}
	if err := f.checkConfigurations(); err != nil {
		return File{}, err
	}
	return f, nil
}

// decode reads exactly one JSON document of the File's shape.
func decode(data []byte) (File, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return File{}, refuse("it is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return File{}, refuse("it ends in the middle (truncated?)")
		}
		return File{}, refuse("it is not a backup in JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return File{}, refuse("there is more after the backup's end")
	}
	return f, nil
}

func (f File) checkHeader(want Expect) error {
	switch {
	case f.Format != Format:
		return refuse("it is not an enrollassign backup (format %q)", f.Format)
	case f.Version != Version:
		return refuse("it is version %d of the format; this app reads version %d", f.Version, Version)
	case f.TenantID == "":
		return refuse("it does not say which tenant it is from")
	case want.TenantID != "" && !strings.EqualFold(f.TenantID, want.TenantID):
		return refuse("it is a backup of tenant %s, and you are signed in to tenant %s", f.TenantID, want.TenantID)
	case want.CloudID != "" && f.CloudID != want.CloudID:
		return refuse("it was taken in the %q cloud, and the app is using %q", f.CloudID, want.CloudID)
	case f.APIVersion != graph.V1 && f.APIVersion != graph.Beta:
		return refuse("API version %q is neither v1.0 nor beta", f.APIVersion)
	case f.TakenAt.IsZero():
		return refuse("it does not say when it was taken")
	case f.Configurations == nil:
		return refuse("it has no list of configurations")
	}
	return nil
}

func (f File) checkConfigurations() error {
	seen := map[string]bool{}
	for i, c := range f.Configurations {
		where := "configuration " + strconv.Itoa(i+1)
		if err := graph.ValidateID("id", c.ID); err != nil {
			return refuse("%s: %v", where, err)
		}
		where += " (" + c.ID + ")"
		if seen[strings.ToLower(c.ID)] {
			return refuse("%s appears twice", where)
		}
		seen[strings.ToLower(c.ID)] = true
		if c.Kind == "" {
			return refuse("%s has no kind", where)
		}
		if err := checkSet(c); err != nil {
			return refuse("%s: %v", where, err)
		}
	}
	return nil
}

// checkSet refuses a set the service would refuse: an invalid target, a
// target the kind does not take, one audience twice.
func checkSet(c Configuration) error {
	if c.Assignments == nil {
		return errors.New("no list of assignments")
	}
	audiences := map[graph.Audience]bool{}
	for j, a := range c.Assignments {
		where := "assignment " + strconv.Itoa(j+1)
		if a.ID != "" {
			if err := graph.ValidateID("id", a.ID); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
		}
		if _, err := graph.ValidateTarget(a.Target); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if c.Kind.Known() && !c.Kind.AcceptsTarget(a.Target.Kind) {
			return fmt.Errorf("%s: a %s configuration cannot be assigned to %s", where, c.Kind.Label(), a.Target.Kind.Label())
		}
		key := a.Target.Audience()
		if audiences[key] {
			return fmt.Errorf("%s: the same target twice", where)
		}
		audiences[key] = true
	}
	return nil
}
