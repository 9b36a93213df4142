package graphapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"enrollassign/graph"
	"enrollassign/graph/emulator/internal/ids"
)

const namespace = "microsoft.graph."

// Beta-only properties, kept on beta and refused on v1.0.
var (
	betaTargetProperties     = []string{"deviceAndAppManagementAssignmentFilterId", "deviceAndAppManagementAssignmentFilterType"}
	betaAssignmentProperties = []string{"source", "sourceId"}
	filterTypes              = []string{"none", "include", "exclude"}
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
	name, ok := strings.CutPrefix(strings.TrimPrefix(s, "#"), namespace)
	if !ok || name == "" {
		return "", errUnresolvedType(strings.TrimPrefix(s, "#"))
	}
	return name, nil
}

// decodeAssignment validates an enrollmentConfigurationAssignment against
// the schema of the call's version and decodes it with the shared models.
func decodeAssignment(raw json.RawMessage, beta, requireTarget bool) (graph.Assignment, *apiError) {
	members, e := splitObject(raw)
	if e != nil {
		return graph.Assignment{}, e
	}
	allowed := []string{"id", "target"}
	if beta {
		allowed = append(allowed, betaAssignmentProperties...)
	}
	if e := checkMembers(members, "enrollmentConfigurationAssignment", allowed); e != nil {
		return graph.Assignment{}, e
	}
	if t, ok := members["@odata.type"]; ok {
		name, e := resolveType(t)
		if e != nil {
			return graph.Assignment{}, e
		}
		if name != "enrollmentConfigurationAssignment" {
			return graph.Assignment{}, errUnresolvedType(namespace + name)
		}
	}
	target, hasTarget := members["target"]
	switch {
	case hasTarget && string(target) == "null", !hasTarget && requireTarget:
		return graph.Assignment{}, errInvalidValue("target", "an assignment needs a target")
	case hasTarget:
		if e := checkTarget(target, beta); e != nil {
			return graph.Assignment{}, e
		}
	}
	if id, ok := members["id"]; ok {
		var s string
		if json.Unmarshal(id, &s) != nil {
			return graph.Assignment{}, errInvalidValue("id", "a string was expected")
		}
	}
	var a graph.Assignment
	if err := json.Unmarshal(raw, &a); err != nil {
		return graph.Assignment{}, errInvalidValue("target", err.Error())
	}
	return a, betaAssignmentExtras(a, beta)
}

// checkTarget validates a target object: its type must name one of the
// five concrete subtypes, and its properties must be that subtype's (plus
// the filter properties on beta). The shared model decides what is unknown.
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
	kind := graph.TargetKind(name)
	switch {
	case name == "deviceAndAppManagementAssignmentTarget":
		return errAbstractTarget()
	case !kind.Known():
		return errUnresolvedType(namespace + name)
	}
	var t graph.Target
	if err := json.Unmarshal(raw, &t); err != nil {
		return errInvalidValue("target", err.Error())
	}
	return targetExtras(t, raw, beta)
}

// targetExtras: on v1.0 any property the model keeps as unknown does not
// exist on the type; on beta only the filter properties may be there, with
// valid values.
func targetExtras(t graph.Target, raw json.RawMessage, beta bool) *apiError {
	for _, name := range t.ExtraNames() {
		if !beta || !slices.Contains(betaTargetProperties, name) {
			return errUnknownProperty(name, string(t.Kind))
		}
	}
	if !beta {
		return nil
	}
	var filter struct {
		ID   *string `json:"deviceAndAppManagementAssignmentFilterId"`
		Type *string `json:"deviceAndAppManagementAssignmentFilterType"`
	}
	if err := json.Unmarshal(raw, &filter); err != nil {
		return errInvalidValue("deviceAndAppManagementAssignmentFilterId", "a string was expected")
	}
	if filter.Type != nil && !slices.Contains(filterTypes, *filter.Type) {
		return errInvalidValue("deviceAndAppManagementAssignmentFilterType", "'"+*filter.Type+"' is not one of none, include, exclude")
	}
	if filter.ID != nil && *filter.ID != "" && !ids.IsGUID(*filter.ID) {
		return errInvalidValue("deviceAndAppManagementAssignmentFilterId", "'"+*filter.ID+"' is not a GUID")
	}
	needsID := filter.Type != nil && *filter.Type != "none"
	if needsID && (filter.ID == nil || *filter.ID == "") {
		return errInvalidValue("deviceAndAppManagementAssignmentFilterId", "a filter of type '"+*filter.Type+"' needs a filter ID")
	}
	return nil
}

func betaAssignmentExtras(a graph.Assignment, beta bool) *apiError {
	for _, name := range a.ExtraNames() {
		if !beta || !slices.Contains(betaAssignmentProperties, name) {
			return errUnknownProperty(name, "enrollmentConfigurationAssignment")
		}
	}
	return nil
}

// checkTargetFor applies Intune's own rules to a schema-valid target: a
// group must be a GUID naming a group of the tenant, a collection needs an
// ID, and the configuration's kind must accept the target's kind.
func checkTargetFor(t graph.Target, c *graph.Configuration, ten *tenant) *apiError {
	switch {
	case t.Kind.HasGroup() && !ids.IsGUID(t.GroupID):
		return intuneError(http.StatusBadRequest, "BadRequest", "InvalidGroupId",
			"The groupId '%s' is not a valid Microsoft Entra group object ID.", t.GroupID)
	case t.Kind.HasGroup():
		if _, ok := ten.group(t.GroupID); !ok {
			return intuneError(http.StatusBadRequest, "BadRequest", "GroupNotFound",
				"The group '%s' does not exist in this tenant.", t.GroupID)
		}
	case t.Kind == graph.TargetCollection && strings.TrimSpace(t.CollectionID) == "":
		return intuneError(http.StatusBadRequest, "BadRequest", "InvalidCollectionId",
			"A Configuration Manager collection target needs a collectionId.")
	}
	if !c.Kind.AcceptsTarget(t.Kind) {
		return intuneError(http.StatusBadRequest, "BadRequest", "TargetTypeNotSupported",
			"A %s cannot be assigned to a target of type %s.", c.Kind.Label(), namespace+string(t.Kind))
	}
	return nil
}

// refuseDefault is Intune's refusal to touch a default configuration.
func refuseDefault(c *graph.Configuration, what string) *apiError {
	if !c.IsDefault() {
		return nil
	}
	return intuneError(http.StatusBadRequest, "BadRequest", "DefaultEnrollmentConfigurationNotEditable",
		"The default enrollment configuration '%s' applies to all users and devices; its %s cannot be changed.", c.ID, what)
}
