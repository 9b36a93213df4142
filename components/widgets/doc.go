// Package widgets holds the app's presentational pieces: each draws what it
// is given and calls back, and none reaches Graph, the browser's storage or
// a lifecycle of its own (the update prompt alone listens to go-app's
// update event, and the impact view asks for the directory when shown). The screens in components own the workflows and use them:
// the header, the demo banner, the offline notice, the update prompt, a
// Graph error explained, a conflict's versions (of one assignment, or of a
// set), a request previewed, a save's result (of a retarget, or of
// additions and removals), the words targets, strategies, refusals and
// member counts are told in, a change's impact on people and the
// directory's freshness, and the session's permissions: a feature's
// permission needed, a refusal with the admin consent link, the read-only
// banner.
//
// Being data in and events out, they are tested by rendering alone.
package widgets
