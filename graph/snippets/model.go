package snippets

import (
	"errors"
	"strings"
)

// The SDKs build a body from typed models. These are the models the app's
// writes use (the enrollment configuration assignment, the five target
// kinds with beta's filter on their base type, and the two actions' bodies);
// a property they do not list goes into the model's additional data, as
// the SDKs keep unknown properties.

type propKind int

const (
	propString propKind = iota
	propInt32
	propBool
	propEnum
	propObject
	propArray
)

// prop is a property of a model: its kind and, for an enum, an object or
// an array of objects, the type it holds.
type prop struct {
	kind propKind
	typ  string
}

var str = prop{kind: propString}

// withTargetBase adds the properties every target kind inherits.
func withTargetBase(own map[string]prop) map[string]prop {
	out := map[string]prop{
		"deviceAndAppManagementAssignmentFilterId":   str,
		"deviceAndAppManagementAssignmentFilterType": {propEnum, "deviceAndAppManagementAssignmentFilterType"},
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// models are the entity and complex types, by OData name.
var models = map[string]map[string]prop{
	"enrollmentConfigurationAssignment": {
		"id":       str,
		"target":   {propObject, "deviceAndAppManagementAssignmentTarget"},
		"source":   {propEnum, "deviceAndAppManagementAssignmentSource"},
		"sourceId": str,
	},
	"groupAssignmentTarget":                          withTargetBase(map[string]prop{"groupId": str}),
	"exclusionGroupAssignmentTarget":                 withTargetBase(map[string]prop{"groupId": str}),
	"allLicensedUsersAssignmentTarget":               withTargetBase(nil),
	"allDevicesAssignmentTarget":                     withTargetBase(nil),
	"configurationManagerCollectionAssignmentTarget": withTargetBase(map[string]prop{"collectionId": str}),
}

// actionBodies are the actions' request bodies, by action name.
var actionBodies = map[string]map[string]prop{
	"assign":      {"enrollmentConfigurationAssignments": {propArray, "enrollmentConfigurationAssignment"}},
	"setPriority": {"priority": {kind: propInt32}},
}

// typed is a body object read against its model.
type typed struct {
	// typ is the OData type name; empty for an action's body.
	typ string
	// action is the action whose body this is.
	action string
	// odataType is "@odata.type" as sent, "" when absent.
	odataType string
	fields    []field
	// extra are the members the model does not have, in order.
	extra []member
}

// field is a known property with its value: a scalar node, an object, or
// the objects of an array.
type field struct {
	name  string
	prop  prop
	value node
	obj   *typed
	items []typed
}

// typeBody reads a request's body against its model: the entity type of the
// route's collection, or the route's action body.
func typeBody(rt route, body node) (*typed, error) {
	if body.kind == kindNull {
		return nil, nil
	}
	if rt.action != "" {
		return typeObject(body, "", rt.action)
	}
	return typeObject(body, rt.bodyType(), "")
}

func typeObject(n node, declared, action string) (*typed, error) {
	if n.kind != kindObject {
		return nil, errors.New("the body is not a JSON object")
	}
	t := &typed{typ: declared, action: action}
	props := actionBodies[action]
	if action == "" {
		if v, ok := n.get("@odata.type"); ok && v.kind == kindString {
			t.odataType = v.text
			t.typ = strings.TrimPrefix(strings.TrimPrefix(v.text, "#"), "microsoft.graph.")
		}
		var known bool
		if props, known = models[t.typ]; !known {
			return nil, errors.New("no SDK model is known here for " + t.typ)
		}
	}
	for _, m := range n.members {
		if err := t.add(m, props); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// add files one member as a known field or as additional data.
func (t *typed) add(m member, props map[string]prop) error {
	p, known := props[m.key]
	switch {
	case m.key == "@odata.type":
		return nil
	case !known:
		t.extra = append(t.extra, m)
		return nil
	}
	f := field{name: m.key, prop: p, value: m.value}
	var err error
	switch {
	case p.kind == propObject && m.value.kind == kindObject:
		f.obj, err = typeObject(m.value, p.typ, "")
	case p.kind == propArray && m.value.kind == kindArray:
		for _, item := range m.value.items {
			var o *typed
			if o, err = typeObject(item, p.typ, ""); err != nil {
				break
			}
			f.items = append(f.items, *o)
		}
	case p.kind == propObject || p.kind == propArray:
		if m.value.kind != kindNull {
			t.extra = append(t.extra, m) // not the model's shape: sent as is
			return nil
		}
	}
	if err != nil {
		return err
	}
	t.fields = append(t.fields, f)
	return nil
}

// names allocates variable names, unique in one snippet.
type names map[string]int

func (n names) next(base string) string {
	n[base]++
	if c := n[base]; c > 1 {
		return base + itoa(c)
	}
	return base
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
