package components

import (
	"net/url"
	"strings"

	"enrollassign/graph"
)

// The app's addresses: every screen a signed-in user can look at has one,
// so that Back and Forward move between screens and a reload or a shared
// link opens the same screen. Every path is built and read here, nowhere
// else; the sign-in redirect URI stays "/" (RedirectURI).

// address is a screen and what it is about, as the address bar holds it.
type address struct {
	screen screen
	// configuration is the configuration's ID (screenDetail); assignment
	// the one its editor is open on, if any.
	configuration, assignment string
	// kind is the kind whose priority order is shown (screenPriority).
	kind graph.ConfigurationKind
}

// fixedRoutes are the screens whose path names nothing else.
var fixedRoutes = []struct {
	path   string
	screen screen
}{
	{"/", screenList},
	{"/bulk", screenBulk},
	{"/history", screenHistory},
	{"/backup", screenBackup},
	{"/settings", screenSettings},
	{"/who", screenPeople},
}

// The screens whose path holds an ID, escaped as one path segment:
// /configurations/{id}, /configurations/{id}/assignments/{id} and
// /priority/{kind}.
const (
	configurationsSegment = "configurations"
	assignmentsSegment    = "assignments"
	prioritySegment       = "priority"
)

// patternedRoutes is what go-app matches (a decoded path) for them.
const patternedRoutes = `^/(` + configurationsSegment + `|` + prioritySegment + `)/.`

// Path is the address's path, IDs escaped.
func (a address) Path() string {
	switch a.screen {
	case screenDetail:
		p := "/" + configurationsSegment + "/" + url.PathEscape(a.configuration)
		if a.assignment != "" {
			p += "/" + assignmentsSegment + "/" + url.PathEscape(a.assignment)
		}
		return p
	case screenPriority:
		return "/" + prioritySegment + "/" + url.PathEscape(string(a.kind))
	case screenBulkResume:
		return address{screen: screenBulk}.Path()
	}
	for _, r := range fixedRoutes {
		if r.screen == a.screen {
			return r.path
		}
	}
	return "/"
}

// addressOf reads an escaped path; ok is false for a path that is none of
// the app's.
func addressOf(escapedPath string) (address, bool) {
	for _, r := range fixedRoutes {
		if escapedPath == r.path {
			return address{screen: r.screen}, true
		}
	}
	segments := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	ids := make([]string, len(segments))
	for i, s := range segments {
		id, err := url.PathUnescape(s)
		if err != nil || id == "" {
			return address{}, false
		}
		ids[i] = id
	}
	switch {
	case len(ids) == 2 && ids[0] == configurationsSegment:
		return address{screen: screenDetail, configuration: ids[1]}, true
	case len(ids) == 4 && ids[0] == configurationsSegment && ids[2] == assignmentsSegment:
		return address{screen: screenDetail, configuration: ids[1], assignment: ids[3]}, true
	case len(ids) == 2 && ids[0] == prioritySegment && graph.ConfigurationKind(ids[1]).Known():
		return address{screen: screenPriority, kind: graph.ConfigurationKind(ids[1])}, true
	}
	return address{}, false
}

// IsAppPath reports whether an escaped path is one of the app's screens,
// which the server answers with the app's page.
func IsAppPath(escapedPath string) bool {
	_, ok := addressOf(escapedPath)
	return ok
}

// appTitle ends every screen's title.
const appTitle = "Enrollment assignments"

// titled is a screen's document title.
func titled(what string) string {
	if what == "" {
		return appTitle
	}
	return what + " · " + appTitle
}
