package graphapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

const namespace = wire.Namespace

// Beta-only properties, kept on beta and refused on v1.0.
var (
	betaTargetProperties     = []string{wire.FilterIDProperty, wire.FilterTypeProperty}
	betaAssignmentProperties = []string{wire.SourceProperty, wire.SourceIDProperty}
)

// readObject reads a JSON object body; anything else (no JSON content type,
// malformed JSON, not an object) is refused as Graph refuses it.
func readObject(c *call) (map[string]json.RawMessage, *apiError) {
	if !jsonBody(c.header.Get("Content-Type")) {
		return nil, errBadJSON()
	}
	return splitObject(c.body)
}

func splitObject(raw []byte) (map[string]json.RawMessage, *apiError) {
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&members); err != nil || members == nil || dec.More() {
		return nil, errBadJSON()
	}
	return members, nil
}

func errUnknownProperty(name, typeName string) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest",
		"The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type or mark the type as open type.",
		name, namespace+typeName)
}

func errAnnotation(name string) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest",
		"The annotation '%s' was found. This annotation is either not recognized or not expected at the current position.", strings.TrimPrefix(name, "@"))
}

func errUnresolvedType(name string) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest",
		"A type named '%s' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.", name)
}

func errAbstractTarget() *apiError {
	return odataError(http.StatusBadRequest, "BadRequest",
		"The type 'microsoft.graph.deviceAndAppManagementAssignmentTarget' is abstract and cannot be instantiated: the target's @odata.type must name one of its subtypes.")
}

func errInvalidValue(property, detail string) *apiError {
	return odataError(http.StatusBadRequest, "BadRequest", "Invalid value for property '%s': %s", property, detail)
}

// checkMembers refuses annotations other than @odata.type and properties
// outside allowed.
func checkMembers(members map[string]json.RawMessage, typeName string, allowed []string) *apiError {
	if e := refuseAnnotations(members); e != nil {
		return e
	}
	for _, k := range sortedKeys(members) {
		if k != "@odata.type" && !slices.Contains(allowed, k) {
			return errUnknownProperty(k, typeName)
		}
	}
	return nil
}

// refuseAnnotations refuses instance annotations ("@odata.context",
// "target@odata.type", ...): they describe responses, not writes.
func refuseAnnotations(members map[string]json.RawMessage) *apiError {
	for _, k := range sortedKeys(members) {
		if k != "@odata.type" && strings.Contains(k, "@") {
			return errAnnotation(k)
		}
	}
	return nil
}

// sortedKeys lists keys in order, so the same property is reported first
// on every run.
func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// resolveType reads an @odata.type value: a string, with or without '#',
// in the microsoft.graph namespace.
func resolveType(raw json.RawMessage) (string, *apiError) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", errInvalidValue("@odata.type", "a string was expected")
	}
	name, ok := wire.ShortName(s)
	if !ok || name == "" {
		return "", errUnresolvedType(strings.TrimPrefix(s, "#"))
	}
	return name, nil
}

// decodeAssignment validates an enrollmentConfigurationAssignment against
// the schema of the call's version and decodes it.
func decodeAssignment(raw json.RawMessage, beta, requireTarget bool) (wire.Assignment, *apiError) {
	members, e := splitObject(raw)
	if e != nil {
		return wire.Assignment{}, e
	}
	allowed := []string{"id", "target"}
	if beta {
		allowed = append(allowed, betaAssignmentProperties...)
	}
	if e := checkMembers(members, wire.AssignmentType, allowed); e != nil {
		return wire.Assignment{}, e
	}
	if t, ok := members["@odata.type"]; ok {
		name, e := resolveType(t)
		if e != nil {
			return wire.Assignment{}, e
		}
		if name != wire.AssignmentType {
			return wire.Assignment{}, errUnresolvedType(namespace + name)
		}
	}
	target, hasTarget := members["target"]
	switch {
	case hasTarget && string(target) == "null", !hasTarget && requireTarget:
		return wire.Assignment{}, errInvalidValue("target", "an assignment needs a target")
	case hasTarget:
		if e := checkTarget(target, beta); e != nil {
			return wire.Assignment{}, e
		}
	}
	for _, name := range append([]string{"id"}, betaAssignmentProperties...) {
		if e := checkString(members, name); e != nil {
			return wire.Assignment{}, e
		}
	}
	var a wire.Assignment
	if err := json.Unmarshal(raw, &a); err != nil {
		return wire.Assignment{}, errInvalidValue("target", err.Error())
	}
	return a, nil
}

// checkString refuses a member that is neither a string nor null.
func checkString(members map[string]json.RawMessage, name string) *apiError {
	raw, ok := members[name]
	if !ok {
		return nil
	}
	var s *string
	if json.Unmarshal(raw, &s) != nil {
		return errInvalidValue(name, "a string was expected")
	}
	return nil
}

// checkTarget validates a target object: its type must name one of the
// five concrete subtypes, and its properties must be that subtype's (plus
// the filter properties on beta).
func checkTarget(raw json.RawMessage, beta bool) *apiError {
	members, e := splitObject(raw)
	if e != nil {
		return errInvalidValue("target", "an object was expected")
	}
	if e := refuseAnnotations(members); e != nil {
		return e
	}
	typ, ok := members["@odata.type"]
	if !ok {
		return errAbstractTarget()
	}
	name, e := resolveType(typ)
	if e != nil {
		return e
	}
	kind := wire.TargetKind(name)
	switch {
	case name == wire.TargetBase:
		return errAbstractTarget()
	case !kind.Known():
		return errUnresolvedType(namespace + name)
	}
	if e := targetProperties(members, kind, beta); e != nil {
		return e
	}
	if beta {
		if e := checkFilter(raw); e != nil {
			return e
		}
	}
	var t wire.Target
	if err := json.Unmarshal(raw, &t); err != nil {
		return errInvalidValue("target", err.Error())
	}
	return nil
}

// targetProperties: a target has its kind's own property, and on beta the
// filter properties; anything else does not exist on the type.
func targetProperties(members map[string]json.RawMessage, kind wire.TargetKind, beta bool) *apiError {
	for _, name := range sortedKeys(members) {
		switch {
		case name == "@odata.type", name == kind.Property() && name != "":
		case beta && slices.Contains(betaTargetProperties, name):
		default:
			return errUnknownProperty(name, string(kind))
		}
	}
	return nil
}

// checkFilter applies beta's rules to the assignment filter: a known type,
// a GUID, and an ID whenever the type filters.
func checkFilter(raw json.RawMessage) *apiError {
	var filter struct {
		ID   *string `json:"deviceAndAppManagementAssignmentFilterId"`
		Type *string `json:"deviceAndAppManagementAssignmentFilterType"`
	}
	if err := json.Unmarshal(raw, &filter); err != nil {
		return errInvalidValue(wire.FilterIDProperty, "a string was expected")
	}
	if filter.Type != nil && !slices.Contains(wire.FilterTypes, *filter.Type) {
		return errInvalidValue(wire.FilterTypeProperty, "'"+*filter.Type+"' is not one of none, include, exclude")
	}
	if filter.ID != nil && *filter.ID != "" && !ids.IsGUID(*filter.ID) {
		return errInvalidValue(wire.FilterIDProperty, "'"+*filter.ID+"' is not a GUID")
	}
	needsID := filter.Type != nil && *filter.Type != "none"
	if needsID && (filter.ID == nil || *filter.ID == "") {
		return errInvalidValue(wire.FilterIDProperty, "a filter of type '"+*filter.Type+"' needs a filter ID")
	}
	return nil
}

// checkTargetFor applies Intune's own rules to a schema-valid target: a
// group must be a GUID naming a group of the tenant, a collection needs an
// ID, and the configuration's kind must accept the target's kind.
func checkTargetFor(t wire.Target, c *wire.Configuration, ten *tenant) *apiError {
	switch {
	case t.Kind.HasGroup() && !ids.IsGUID(t.GroupID):
		return intuneError(http.StatusBadRequest, "BadRequest", "InvalidGroupId",
			"The groupId '%s' is not a valid Microsoft Entra group object ID.", t.GroupID)
	case t.Kind.HasGroup():
		if _, ok := ten.group(t.GroupID); !ok {
			return intuneError(http.StatusBadRequest, "BadRequest", "GroupNotFound",
				"The group '%s' does not exist in this tenant.", t.GroupID)
		}
	case t.Kind == wire.TargetCollection && strings.TrimSpace(t.CollectionID) == "":
		return intuneError(http.StatusBadRequest, "BadRequest", "InvalidCollectionId",
			"A Configuration Manager collection target needs a collectionId.")
	}
	if !acceptsTarget(c.Kind, t.Kind) {
		return intuneError(http.StatusBadRequest, "BadRequest", "TargetTypeNotSupported",
			"A %s cannot be assigned to a target of type %s.", kindLabel(c.Kind), namespace+string(t.Kind))
	}
	return nil
}

// checkFilterFor applies Intune's rules to an assignment filter set or
// changed on a target (beta): the configuration's kind takes filters, the
// filter exists, filters managed devices, and is of a platform the kind
// takes. A filter the assignment already had (before) is left as it is.
func checkFilterFor(t wire.Target, before *wire.Target, c *wire.Configuration, ten *tenant) *apiError {
	if t.FilterID == "" || t.FilterType == "" || t.FilterType == "none" {
		return nil
	}
	if before != nil && strings.EqualFold(before.FilterID, t.FilterID) && before.FilterType == t.FilterType {
		return nil
	}
	platforms, takes := filterPlatforms[c.Kind]
	if !takes {
		return intuneError(http.StatusBadRequest, "BadRequest", "AssignmentFilterNotSupported",
			"Assignment filters are not supported on %s configurations.", kindLabel(c.Kind))
	}
	f, found := ten.filter(t.FilterID)
	switch {
	case !found:
		return intuneError(http.StatusBadRequest, "BadRequest", "AssignmentFilterNotFound",
			"The assignment filter '%s' does not exist in this tenant.", t.FilterID)
	case f.ManagementType == "apps":
		return intuneError(http.StatusBadRequest, "BadRequest", "AssignmentFilterManagementTypeMismatch",
			"The assignment filter '%s' filters managed apps; a %s configuration takes filters for managed devices.", f.ID, kindLabel(c.Kind))
	case !slices.Contains(platforms, f.Platform):
		return intuneError(http.StatusBadRequest, "BadRequest", "AssignmentFilterPlatformMismatch",
			"The assignment filter '%s' is for platform '%s'; a %s configuration takes filters for %s.",
			f.ID, f.Platform, kindLabel(c.Kind), strings.Join(platforms, ", "))
	}
	return nil
}

// storedTarget is the target an assignment of an assign body had before:
// that of the assignment it names by its id, as a PATCH names it in its
// path (a target changed through assign keeps the filter it held, as one
// changed through PATCH does), else that of the assignment the service
// would give its target's ID, if the configuration has either.
func storedTarget(c *wire.Configuration, a wire.Assignment) *wire.Target {
	for _, id := range []string{a.ID, assignmentID(c.ID, a.Target)} {
		if i := assignmentIndex(c, id); id != "" && i >= 0 {
			return &c.Assignments[i].Target
		}
	}
	return nil
}

// refuseDefault is Intune's refusal to touch a default configuration.
func refuseDefault(c *wire.Configuration, what string) *apiError {
	if !isDefault(*c) {
		return nil
	}
	return intuneError(http.StatusBadRequest, "BadRequest", "DefaultEnrollmentConfigurationNotEditable",
		"The default enrollment configuration '%s' applies to all users and devices; its %s cannot be changed.", c.ID, what)
}
