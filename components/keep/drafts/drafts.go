// Package drafts keeps work the user has not sent yet (an edit in progress,
// a bulk plan, an imported backup waiting for its restore) in the browser's
// storage as it is made, so that a sign-in redirect, an expired session, a
// crash or a closed tab loses nothing: on return the app offers them back.
//
// Drafts hold tenant data, so they are kept per tenant and user (a draft made
// as one administrator is never offered to another): the Store is handed
// localStorage already scoped to one administrator's drafts
// (components/keep, whose sign-out clears them). localStorage outlives the
// tab, unlike sessionStorage; tokens never go there.
//
// Beside the store are the shapes of the screens' drafts (Edit, BulkPlan
// with its Change, Restore) and their strict readers: what a draft holds
// may have been edited by hand, and its IDs end up in a request's URL.
//
// The package is pure Go (no go-app, no syscall/js) and builds for js/wasm.
package drafts

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Storage is the browser storage drafts live in, scoped to one tenant and
// user: every key in it is a draft of theirs.
type Storage interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
	Keys() []string
}

// Kind says what a draft is a draft of.
type Kind string

// The kinds of draft.
const (
	// KindEdit is a target editor's form: one assignment's new target.
	KindEdit Kind = "edit"
	// KindBulkPlan is a bulk selection and operation not yet run.
	KindBulkPlan Kind = "bulk-plan"
	// KindRestore is an imported backup not yet restored.
	KindRestore Kind = "restore"
)

func (k Kind) known() bool { return k == KindEdit || k == KindBulkPlan || k == KindRestore }

// version is the shape of a stored draft; another shape is refused.
const version = 1

// Limits on what is stored and read back: a draft is a form or a plan, not
// a document, and a damaged or planted value must not cost the page much.
const (
	maxIDLength    = 512
	maxTitleLength = 512
	// MaxSize bounds one stored draft (a backup of a large tenant fits).
	MaxSize = 4 << 20
)

// Draft is one piece of unsent work.
type Draft struct {
	Version int  `json:"version"`
	Kind    Kind `json:"kind"`
	// ID names the draft within its kind: the same subject saves over its
	// earlier draft ("{configurationId}/{assignmentId}" for an edit).
	ID string `json:"id"`
	// Title says in words what the draft is, for the offer to restore it.
	Title string    `json:"title"`
	Saved time.Time `json:"saved"`
	// Data is the screen's own state, as it wrote it.
	Data json.RawMessage `json:"data"`
}

// Store reads and writes the drafts of one tenant and user.
type Store struct {
	// Storage is theirs; nil before sign-in, when there is nobody to keep
	// drafts for.
	Storage Storage
	// Now stamps saved drafts; nil is time.Now.
	Now func() time.Time
}

// ErrNoScope refuses to store a draft for nobody: before sign-in, the app
// does not know whose it would be.
var ErrNoScope = errors.New("drafts: no tenant and user to keep the draft for")

func key(k Kind, id string) string { return string(k) + "|" + id }

// Save keeps a draft, over any earlier draft of the same kind and ID.
func (s Store) Save(kind Kind, id, title string, data any) error {
	if s.Storage == nil {
		return ErrNoScope
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("drafts: writing %s %s: %w", kind, id, err)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	d := Draft{Version: version, Kind: kind, ID: id, Title: title, Saved: now().UTC(), Data: raw}
	if err := d.check(); err != nil {
		return err
	}
	encoded, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("drafts: writing %s %s: %w", kind, id, err)
	}
	if len(encoded) > MaxSize {
		return fmt.Errorf("drafts: %s %s is %d bytes, more than the %d kept", kind, id, len(encoded), MaxSize)
	}
	if err := s.Storage.Set(key(kind, id), string(encoded)); err != nil {
		return fmt.Errorf("drafts: keeping %s %s in the browser: %w", kind, id, err)
	}
	return nil
}

// Get reads one draft; a damaged one is removed and reported missing.
func (s Store) Get(kind Kind, id string) (Draft, bool) {
	if s.Storage == nil {
		return Draft{}, false
	}
	k := key(kind, id)
	raw, ok := s.Storage.Get(k)
	if !ok {
		return Draft{}, false
	}
	d, err := Decode(raw)
	if err != nil || d.Kind != kind || d.ID != id {
		s.Storage.Remove(k)
		return Draft{}, false
	}
	return d, true
}

// List returns the scope's drafts, newest first. Damaged entries are
// removed: they cannot be offered, and would be offered again forever.
func (s Store) List() []Draft {
	if s.Storage == nil {
		return nil
	}
	var out []Draft
	for _, k := range s.Storage.Keys() {
		raw, _ := s.Storage.Get(k)
		d, err := Decode(raw)
		if err != nil || key(d.Kind, d.ID) != k {
			s.Storage.Remove(k)
			continue
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Saved.After(out[j].Saved) })
	return out
}

// Remove forgets a draft: it was saved, restored into a screen that now
// keeps it, or discarded.
func (s Store) Remove(kind Kind, id string) {
	if s.Storage != nil {
		s.Storage.Remove(key(kind, id))
	}
}

// Decode reads a stored draft strictly: storage can be edited by hand or
// damaged, and a draft that is not exactly one of ours is refused.
func Decode(raw string) (Draft, error) {
	if len(raw) > MaxSize {
		return Draft{}, fmt.Errorf("drafts: %d bytes, more than the %d kept", len(raw), MaxSize)
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var d Draft
	if err := dec.Decode(&d); err != nil {
		return Draft{}, fmt.Errorf("drafts: not a draft: %w", err)
	}
	if dec.More() {
		return Draft{}, errors.New("drafts: not a draft: data after the draft")
	}
	if err := d.check(); err != nil {
		return Draft{}, err
	}
	return d, nil
}

// Unmarshal decodes the draft's data into v.
func (d Draft) Unmarshal(v any) error {
	if err := json.Unmarshal(d.Data, v); err != nil {
		return fmt.Errorf("drafts: reading %s %s: %w", d.Kind, d.ID, err)
	}
	return nil
}

func (d Draft) check() error {
	switch {
	case d.Version != version:
		return fmt.Errorf("drafts: version %d is not %d", d.Version, version)
	case !d.Kind.known():
		return fmt.Errorf("drafts: unknown kind %q", d.Kind)
	case d.ID == "" || len(d.ID) > maxIDLength || !utf8.ValidString(d.ID) || hasControl(d.ID) || strings.Contains(d.ID, "|"):
		return fmt.Errorf("drafts: %q is not a draft ID", d.ID)
	case len(d.Title) > maxTitleLength || !utf8.ValidString(d.Title):
		return errors.New("drafts: the title is not a short text")
	case d.Saved.IsZero():
		return errors.New("drafts: no time saved")
	case len(d.Data) == 0 || string(d.Data) == "null" || !json.Valid(d.Data):
		return errors.New("drafts: no data")
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
