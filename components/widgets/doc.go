// Package widgets holds the app's presentational pieces: each draws what it
// is given and calls back, and none reaches Graph, the browser's storage or
// a lifecycle of its own (the update prompt alone listens to go-app's
// update event). The screens in components own the workflows and use them:
// the header, the demo banner, the offline notice, the update prompt, a
// Graph error explained, a conflict's versions, a request previewed, a
// save's result, and the words targets and strategies are told in.
//
// Being data in and events out, they are tested by rendering alone.
package widgets
