// Package keep owns what the app stores in the browser. Every key it writes,
// in sessionStorage (the sign-in: PKCE values, the token cache, the account)
// and in localStorage (drafts, the history of writes, bulk and restore runs,
// the settings), starts with Namespace. The namespace is cut into areas, one
// per owner; each owner is handed a Store already scoped to its area (and,
// for an administrator's work, to one tenant and user) and writes only keys
// relative to it, so no other package spells the namespace.
//
// Everything in the namespace but the settings is tenant data, and
// ClearTenantData removes it: on sign-out, from both storages. The settings
// (cloud, tenant ID, client ID, API version) name where to sign in and hold
// nothing read from a tenant, so they stay.
//
// The package is pure Go (no go-app, no syscall/js): components/browser
// adapts the browser's storages to Store.
package keep

import "strings"

// Namespace starts every key the app writes.
const Namespace = "enrollassign"

// SettingsKey is where the settings are kept (in localStorage): the one key
// of the namespace that is not tenant data. Earlier versions kept them
// there too.
const SettingsKey = Namespace + "-settings"

// Store is a browser storage of string values: sessionStorage or
// localStorage in the app (components/browser), keeptest.Memory in tests.
// Keys lists the keys sorted, so callers behave the same on every run.
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
	Keys() []string
}

// ClearTenantData removes every key of the namespace but the settings.
func ClearTenantData(s Store) {
	for _, key := range s.Keys() {
		if strings.HasPrefix(key, Namespace) && key != SettingsKey {
			s.Remove(key)
		}
	}
}
