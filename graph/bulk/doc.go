// Package bulk changes many enrollment configuration assignments together,
// at the speed Intune allows and without losing or repeating a write.
//
// The flow is: a Selection picks assignments out of loaded configurations
// (by rule or by hand); an Operation says what each becomes; NewPlan turns
// both into a dry run that lists every change with its before and after,
// refuses what the service would refuse (default configurations, targets a
// configuration kind does not take, duplicates) with the reason, and counts
// the writes each Strategy needs. A Run is that plan being carried out: an
// Engine sends it through JSON batching, paced under Intune's documented
// write limit, re-reading each configuration before writing it, and records
// every item's outcome in a Storage after every batch so that a reloaded
// page, or another tab after this one was closed, resumes without repeating
// a write that succeeded; a Lease keeps two tabs from sending one run.
//
// A configuration changed behind the run's back is never written over: its
// items fail as conflicts carrying the set the re-read found, and the user
// chooses for each, KeepTheirs (it ends skipped) or ApplyMineOnTop (it is
// re-planned from the service's set and sent again, alone).
//
// The package is pure Go: no go-app, no syscall/js. Time comes from an
// injected graph.Clock, so tests run whole throttled runs without sleeping.
package bulk
