package graph

import (
	"encoding/json"
	"strings"
)

// Audience is who a target means, whatever else it carries (a filter): its
// kind, plus the group's ID for the two group kinds and the collection's ID
// for a Configuration Manager collection, in lower case because Entra and
// Intune IDs are case-insensitive. Including a group and excluding it are two
// audiences; all licensed users and all devices are one each. The service
// derives an assignment's ID from its audience, so one configuration never
// holds two assignments of one audience.
//
// A kind this client does not know (a subtype newer than it, the abstract
// base, no type at all) has no property known to say who it means, so
// everything it carries except beta's filter is its audience, compared
// exactly: two such targets are one audience only when they are the same
// target, never because they share a type name. Nothing is written to such
// an audience (ValidateTarget refuses unknown kinds), so it is only ever found
// again as it was read, and a set holding it is written back with it as read.
//
// Audiences are comparable: use them as map keys.
type Audience struct {
	Kind TargetKind
	// ID is the group's or the collection's ID in lower case; empty for
	// the other kinds.
	ID string
	// unknown is, for a kind this client does not know, its properties
	// besides beta's filter as one JSON object, members in name order.
	unknown string
}

// Audience is who t means.
func (t Target) Audience() Audience {
	switch {
	case t.Kind.HasGroup():
		return Audience{Kind: t.Kind, ID: strings.ToLower(t.GroupID)}
	case t.Kind == TargetCollection:
		return Audience{Kind: t.Kind, ID: strings.ToLower(t.CollectionID)}
	case t.Kind.Known():
		return Audience{Kind: t.Kind}
	}
	besides := Target{extra: extras{}}
	for name, raw := range t.extra {
		if _, filter := betaDefaults[name]; !filter {
			besides.extra[name] = raw
		}
	}
	return Audience{Kind: t.Kind, unknown: besides.Unmodelled()}
}

// SameAudience reports whether t and o mean the same people or devices,
// whatever else (a filter) they carry.
func (t Target) SameAudience(o Target) bool { return t.Audience() == o.Audience() }

// String names the audience as kind, then ":" and the ID where it has one
// (or, for a kind this client does not know, what it carries): a stable
// sort key, and readable in a test's failure.
func (a Audience) String() string {
	switch {
	case a.ID != "":
		return string(a.Kind) + ":" + a.ID
	case a.unknown != "":
		return string(a.Kind) + ":" + a.unknown
	}
	return string(a.Kind)
}

// betaDefaults are the values beta shows for target properties never set:
// its assignment filter, which lives on the base type and so on every kind.
// A target carrying only these says no more than one without them.
var betaDefaults = map[string]string{
	"deviceAndAppManagementAssignmentFilterId":   "null",
	"deviceAndAppManagementAssignmentFilterType": `"none"`,
}

// WithoutDefaults returns t without the unmodelled properties that only
// restate beta's default (no filter: its ID null, its type "none"), as a
// loaded beta view carries them: sent through v1.0 they would be refused as
// unknown, through beta they change nothing, and compared they hide that two
// targets are the same. Any other property, a newer one's null included, is
// kept.
func (t Target) WithoutDefaults() Target {
	if len(t.extra) == 0 {
		return t
	}
	next := t
	next.extra = extras{}
	for name, raw := range t.extra {
		if _, known := betaDefaults[name]; known && restatesDefault(name, raw) {
			continue
		}
		next.extra[name] = raw
	}
	if len(next.extra) == 0 {
		next.extra = nil
	}
	return next
}

// Unmodelled is every property of t this client does not model (beta's
// filter, anything newer), as one JSON object with members in name order:
// "{}" when there is none. Two targets carry the same unmodelled values
// exactly when their Unmodelled are equal.
func (t Target) Unmodelled() string {
	var w objectWriter
	w.extras(t.extra)
	out, _ := w.bytes() // kept properties are valid JSON: nothing can fail
	return string(out)
}

// hasHiddenValues reports a target carrying an unmodelled property with a
// value other than beta's default for it.
func hasHiddenValues(t Target) bool {
	for name, raw := range t.extra {
		if !restatesDefault(name, raw) {
			return true
		}
	}
	return false
}

// restatesDefault reports a value that says no more than an unset property:
// null, or beta's default for it.
func restatesDefault(name string, raw json.RawMessage) bool {
	v := strings.TrimSpace(string(raw))
	return v == "null" || v == betaDefaults[name]
}
