package snippets

import (
	"errors"
	"net/http"
	"strings"
	"unicode"

	"enrollassign/graph"
)

// step is one navigation of a request's path: a segment, and the key that
// follows it when the segment is a collection ("deviceEnrollmentConfigurations"
// then its ID).
type step struct {
	name string
	// key is the ID that follows a collection segment; keyName is the
	// entity type it is the key of, which the SDKs name their indexers
	// after (ByDeviceEnrollmentConfigurationId).
	key, keyName string
}

// route is a request's path as SDK request builders see it.
type route struct {
	steps []step
	// action is the last step when it is an OData action (assign,
	// setPriority), whose body type the SDKs name after the path.
	action string
}

// collections maps a collection segment (after its parent collection, when
// the segment alone is ambiguous) to the entity type its keys identify.
var collections = map[string]string{
	"deviceEnrollmentConfigurations":             "deviceEnrollmentConfiguration",
	"deviceEnrollmentConfigurations/assignments": "enrollmentConfigurationAssignment",
	"assignmentFilters":                          "deviceAndAppManagementAssignmentFilter",
	"groups":                                     "group",
}

// singletons and actions are the other segments the app's requests use.
var (
	singletons = []string{"deviceManagement"}
	actions    = []string{"assign", "setPriority"}
)

var errUnknownPath = errors.New("this package knows no SDK names for that path; the curl, Invoke-MgGraphRequest and JavaScript snippets send it as it is")

// parseRoute reads r's path as the SDKs' request builders see it.
func parseRoute(r graph.Request) (route, error) {
	var rt route
	parent := ""
	for i := 0; i < len(r.Path); i++ {
		seg := r.Path[i]
		keyName, collection := collections[seg]
		if n, ok := collections[parent+"/"+seg]; ok {
			keyName, collection = n, true
		}
		switch {
		case collection:
			s := step{name: seg, keyName: keyName}
			if i+1 < len(r.Path) {
				i++
				s.key = r.Path[i]
			}
			rt.steps = append(rt.steps, s)
			parent = seg
		case contains(singletons, seg) && i == 0:
			rt.steps = append(rt.steps, step{name: seg})
		case contains(actions, seg) && i == len(r.Path)-1 && r.Method == http.MethodPost:
			rt.steps = append(rt.steps, step{name: seg})
			rt.action = seg
		default:
			return route{}, errUnknownPath
		}
	}
	return rt, nil
}

// last is the route's final step.
func (rt route) last() step { return rt.steps[len(rt.steps)-1] }

// endsWithKey reports a route that names one entity (…/{id}).
func (rt route) endsWithKey() bool { return rt.action == "" && rt.last().key != "" }

// bodyType is the model type of the request's body: the entity of the
// collection for a create or update, the action's own body type otherwise.
func (rt route) bodyType() string {
	if rt.action != "" {
		return "#action"
	}
	return rt.last().keyName
}

// actionPrefix is the path a Go SDK action body type is named after
// (DeviceEnrollmentConfigurationsItemSetPriority): every step after the
// root, a key as "Item".
func (rt route) actionPrefix() string {
	var b strings.Builder
	for _, s := range rt.steps[1:] {
		b.WriteString(pascal(s.name))
		if s.key != "" {
			b.WriteString("Item")
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// pascal is name with its first letter in upper case (setPriority →
// SetPriority).
func pascal(name string) string {
	if name == "" {
		return name
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// camel is name with its first letter in lower case.
func camel(name string) string {
	if name == "" {
		return name
	}
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// snake is camelCase as snake_case (setPriority → set_priority).
func snake(name string) string {
	var b strings.Builder
	for i, c := range name {
		if unicode.IsUpper(c) {
			if i > 0 {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// kebab is camelCase as kebab-case (setPriority → set-priority).
func kebab(name string) string { return strings.ReplaceAll(snake(name), "_", "-") }
