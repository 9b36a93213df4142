package browser

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep"
)

// Storage adapts go-app's sessionStorage or localStorage (JSON values) to
// keep.Store (string values). keep scopes it to each owner.
type Storage struct {
	Storage app.BrowserStorage
}

var _ keep.Store = Storage{}

// Session is the tab's sessionStorage: the sign-in, which dies with the tab.
func Session(ctx app.Context) Storage { return Storage{Storage: ctx.SessionStorage()} }

// Local is localStorage, which outlives the tab and which every tab of the
// app shares: the settings and the administrator's work.
func Local(ctx app.Context) Storage { return Storage{Storage: ctx.LocalStorage()} }

// Get returns the value stored under key. A value stored as other JSON than
// a string (the settings, as versions before keep wrote them) reads as its
// JSON text.
func (s Storage) Get(key string) (string, bool) {
	if !s.Storage.Contains(key) {
		return "", false
	}
	var raw json.RawMessage
	if err := s.Storage.Get(key, &raw); err != nil {
		return "", false
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw), true
	}
	return v, true
}

// Set stores value under key.
func (s Storage) Set(key, value string) error {
	if err := s.Storage.Set(key, value); err != nil {
		return fmt.Errorf("browser storage %q: %w", key, err)
	}
	return nil
}

// Remove deletes key.
func (s Storage) Remove(key string) { s.Storage.Del(key) }

// Keys lists every key, sorted so callers behave the same on every run.
func (s Storage) Keys() []string {
	var keys []string
	s.Storage.ForEach(func(k string) { keys = append(keys, k) })
	sort.Strings(keys)
	return keys
}
