package components

import (
	"fmt"
	"sort"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph/auth"
)

// SessionStore adapts go-app's sessionStorage (JSON values) to auth.Storage
// (string values). The token cache and the PKCE values live there, never in
// localStorage: they die with the tab.
type SessionStore struct {
	Storage app.BrowserStorage
}

var _ auth.Storage = SessionStore{}

// Get returns the value stored under key.
func (s SessionStore) Get(key string) (string, bool) {
	if !s.Storage.Contains(key) {
		return "", false
	}
	var v string
	if err := s.Storage.Get(key, &v); err != nil {
		return "", false
	}
	return v, true
}

// Set stores value under key.
func (s SessionStore) Set(key, value string) error {
	if err := s.Storage.Set(key, value); err != nil {
		return fmt.Errorf("session storage %q: %w", key, err)
	}
	return nil
}

// Remove deletes key.
func (s SessionStore) Remove(key string) { s.Storage.Del(key) }

// Keys lists every key, sorted so callers behave the same on every run.
func (s SessionStore) Keys() []string {
	var keys []string
	s.Storage.ForEach(func(k string) { keys = append(keys, k) })
	sort.Strings(keys)
	return keys
}
