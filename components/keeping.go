package components

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
)

// Keeping is where the signed-in administrator's unsent work (drafts) and
// record of writes (history) are kept: the browser's localStorage, which
// outlives the tab, per tenant and user, under auth.TenantDataPrefix so
// that sign-out removes them. Before sign-in it keeps nothing.
type Keeping struct {
	Drafts  drafts.Store
	History history.Log
	Who     history.Who
	// Local is the storage itself (localStorage in the app).
	Local auth.Storage
	// Now stamps records; nil is time.Now.
	Now func() time.Time
}

// KeepingFor is the keeping of an account in a storage.
func KeepingFor(acct auth.Account, local auth.Storage) Keeping {
	user := firstNonEmpty(acct.ObjectID, acct.UPN)
	return Keeping{
		Drafts:  drafts.Store{Storage: local, Scope: drafts.Scope{Tenant: acct.TenantID, User: user}},
		History: history.Log{Storage: local, Scope: history.Scope{Tenant: acct.TenantID, User: user}},
		Who:     history.Who{User: acct.UPN, Tenant: acct.TenantID},
		Local:   local,
	}
}

// LocalStore is the adapter of SessionStore over localStorage.
func LocalStore(ctx app.Context) auth.Storage { return SessionStore{Storage: ctx.LocalStorage()} }

// Enabled reports whether there is someone to keep things for.
func (k Keeping) Enabled() bool {
	return k.Local != nil && k.Who.Tenant != "" && k.Drafts.Scope.User != ""
}

func (k Keeping) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// Record adds writes to the history; a history that cannot be kept is
// reported by the caller beside the result, never in place of it.
func (k Keeping) Record(entries ...history.Entry) error {
	if !k.Enabled() || len(entries) == 0 {
		return nil
	}
	return k.History.Append(entries...)
}

// restoreRunKey is where a restore's run is kept: localStorage, so that a
// closed tab's restore is offered again, per tenant and user.
func (k Keeping) restoreRunKey() string {
	return auth.TenantDataPrefix + "restore.run." + k.Who.Tenant + "|" + k.Drafts.Scope.User
}

// recordingStore keeps a bulk run where inner keeps it and, each time the
// engine saves it (after every batch), records the items that have ended
// in the history: every write a run makes is there, whoever runs it.
type recordingStore struct {
	inner   bulk.Storage
	keeping Keeping
	source  history.Source
	// onRecordErr is told when the history could not be kept.
	onRecordErr func(error)
}

func (s recordingStore) Get(key string) (string, bool) { return s.inner.Get(key) }
func (s recordingStore) Remove(key string)             { s.inner.Remove(key) }

func (s recordingStore) Set(key, value string) error {
	if err := s.inner.Set(key, value); err != nil {
		return err
	}
	run, err := bulk.DecodeRun(value)
	if err != nil {
		return nil // not a run (the lease beside it): nothing to record
	}
	if err := s.keeping.Record(history.FromRun(s.keeping.Who, s.source, run)...); err != nil && s.onRecordErr != nil {
		s.onRecordErr(err)
	}
	return nil
}
