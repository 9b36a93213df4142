package keep

import "strings"

// Area is one owner's part of the namespace.
type Area string

// The areas. Auth lives in sessionStorage, which dies with the tab; the
// others in localStorage, which outlives it, so that a closed tab loses no
// work (every tab of the app shares it: runs carry a lease, see graph/bulk).
const (
	// Auth holds the sign-in in progress, MSAL's token cache and the
	// signed-in account (graph/auth).
	Auth Area = "auth"
	// Drafts holds unsent work (keep/drafts).
	Drafts Area = "draft"
	// History holds the log of writes (keep/history).
	History Area = "history"
	// Bulk holds the bulk screen's run and its lease (graph/bulk).
	Bulk Area = "bulk"
	// Restore holds a restore's run and its lease (graph/backup, through
	// graph/bulk).
	Restore Area = "restore"
)

// RunKey is where a run is kept in a Bulk or Restore store (its lease
// beside it, at bulk.LeaseKey(RunKey)).
const RunKey = "run"

// In is the area's store shared by everyone using the storage s: the
// sign-in of a tab.
func (a Area) In(s Store) Store {
	return scoped{store: s, prefix: Namespace + "." + string(a) + "."}
}

// Of is the area's store of one administrator: a tenant ID and a user (the
// object ID, else the UPN). Work kept for one is never shown to another.
// ok is false when there is nobody to keep it for (before sign-in) or the
// names would not keep them apart.
func (a Area) Of(s Store, tenant, user string) (_ Store, ok bool) {
	if !separable(tenant) || !separable(user) {
		return nil, false
	}
	return scoped{store: s, prefix: Namespace + "." + string(a) + "." + tenant + "|" + user + "|"}, true
}

// separable reports a name that can sit in a key between separators.
func separable(name string) bool {
	if name == "" || strings.Contains(name, "|") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// scoped is a Store seen through a key prefix: its keys are relative.
type scoped struct {
	store  Store
	prefix string
}

func (s scoped) Get(key string) (string, bool) { return s.store.Get(s.prefix + key) }
func (s scoped) Set(key, value string) error   { return s.store.Set(s.prefix+key, value) }
func (s scoped) Remove(key string)             { s.store.Remove(s.prefix + key) }

// Keys lists the relative keys under the prefix, sorted as the store's are.
func (s scoped) Keys() []string {
	var keys []string
	for _, key := range s.store.Keys() {
		if rel, ok := strings.CutPrefix(key, s.prefix); ok {
			keys = append(keys, rel)
		}
	}
	return keys
}
