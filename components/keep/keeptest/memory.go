// Package keeptest holds the one in-memory browser storage the tests of
// every package share, as net/http/httptest serves net/http's.
package keeptest

import (
	"maps"
	"slices"
	"sync"
)

// Memory is a storage in memory that behaves as the browser's: string
// values, keys listed sorted, safe for concurrent use (MSAL reads its cache
// from several goroutines; a bulk run saves from its own). Its zero value
// is empty and ready.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// Get returns the value kept under key.
func (s *Memory) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

// Set keeps value under key.
func (s *Memory) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// Remove forgets key.
func (s *Memory) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

// Keys lists every key, sorted.
func (s *Memory) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.m))
}

// Snapshot is a copy of everything kept, to compare before and after.
func (s *Memory) Snapshot() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.m)
}
