package keep

import (
	"cmp"

	"enrollassign/components/keep/drafts"
	"enrollassign/components/keep/history"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
)

// Keeping is where the signed-in administrator's work is kept in
// localStorage, which outlives the tab, under their tenant and user: their
// unsent work (drafts), their record of writes (history) and a restore's
// run. Before sign-in it keeps nothing.
type Keeping struct {
	Drafts  drafts.Store
	History history.Log
	Who     history.Who
	// Restore keeps a restore's run at RunKey, so that a closed tab's
	// restore is offered again.
	Restore Store
}

// For is the keeping of an account in localStorage: per tenant ID and
// object ID (else UPN), as every other piece of an administrator's work.
func For(acct auth.Account, local Store) Keeping {
	k := Keeping{Who: history.Who{User: acct.UPN, Tenant: acct.TenantID}}
	user := cmp.Or(acct.ObjectID, acct.UPN)
	if local == nil {
		return k
	}
	if s, ok := Drafts.Of(local, acct.TenantID, user); ok {
		k.Drafts.Storage = s
	}
	if s, ok := History.Of(local, acct.TenantID, user); ok {
		k.History.Storage = s
	}
	k.Restore, _ = Restore.Of(local, acct.TenantID, user)
	return k
}

// Enabled reports whether there is someone to keep things for.
func (k Keeping) Enabled() bool {
	return k.Drafts.Storage != nil && k.History.Storage != nil && k.Restore != nil
}

// Record adds writes to the history; a history that cannot be kept is
// reported by the caller beside the result, never in place of it.
func (k Keeping) Record(entries ...history.Entry) error {
	if !k.Enabled() || len(entries) == 0 {
		return nil
	}
	return k.History.Append(entries...)
}

// Recorder is a run's storage that records its writes: it keeps the run in
// Runs and, each time the engine saves it (after every batch), records the
// items that have ended in Keeping's history: every write a run makes is
// there, whoever runs it.
type Recorder struct {
	Runs    bulk.Storage
	Keeping Keeping
	Source  history.Source
	// OnRecordErr is told when the history could not be kept.
	OnRecordErr func(error)
}

// Get reads from Runs.
func (s Recorder) Get(key string) (string, bool) { return s.Runs.Get(key) }

// Remove removes from Runs.
func (s Recorder) Remove(key string) { s.Runs.Remove(key) }

// Set keeps value in Runs and, when it is a run, records what has ended.
func (s Recorder) Set(key, value string) error {
	if err := s.Runs.Set(key, value); err != nil {
		return err
	}
	run, err := bulk.DecodeRun(value)
	if err != nil {
		return nil // not a run (the lease beside it): nothing to record
	}
	if err := s.Keeping.Record(history.FromRun(s.Keeping.Who, s.Source, run)...); err != nil && s.OnRecordErr != nil {
		s.OnRecordErr(err)
	}
	return nil
}
