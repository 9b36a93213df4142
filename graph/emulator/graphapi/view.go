package graphapi

import (
	"bytes"
	"encoding/json"

	"enrollassign/graph/emulator/wire"
)

// The store keeps the beta shape. v1.0 never shows what v1.0's schema does
// not have (assignment filters, source); beta shows them, with the defaults
// the service fills in when they were never set.

// viewAssignment renders an assignment for the call's version.
func viewAssignment(a wire.Assignment, beta bool) json.RawMessage {
	if !beta {
		raw, _ := json.Marshal(wire.Assignment{ID: a.ID, Target: bareTarget(a.Target)})
		return raw
	}
	raw, _ := json.Marshal(a)
	members, _ := splitObject(raw)
	target, _ := splitObject(members["target"])
	setDefault(target, wire.FilterIDProperty, "null")
	setDefault(target, wire.FilterTypeProperty, `"none"`)
	members["target"] = encodeObject(target)
	setDefault(members, wire.SourceProperty, `"direct"`)
	setDefault(members, wire.SourceIDProperty, "null")
	return encodeObject(members)
}

// canonical drops beta values that only restate a default, so that
// echoing what beta showed leaves the stored assignment as it was (a null
// is never stored: it reads as "never set").
func canonical(a wire.Assignment) wire.Assignment {
	if a.Source == "direct" {
		a.Source = ""
	}
	if a.Target.FilterType == "none" {
		a.Target.FilterType = ""
	}
	return a
}

// bareTarget is a target with only its v1.0 properties.
func bareTarget(t wire.Target) wire.Target {
	return wire.Target{Kind: t.Kind, GroupID: t.GroupID, CollectionID: t.CollectionID}
}

func setDefault(m map[string]json.RawMessage, key, value string) {
	if _, ok := m[key]; !ok {
		m[key] = json.RawMessage(value)
	}
}

// encodeObject writes members sorted by name; "@odata.type" sorts first.
func encodeObject(m map[string]json.RawMessage) json.RawMessage {
	raw, _ := json.Marshal(m)
	return raw
}

// viewConfiguration renders a configuration, its assignments appended when
// expanded, trimmed to the selected properties when $select was given.
func viewConfiguration(c wire.Configuration, beta bool, q listQuery, context string) json.RawMessage {
	assignments := c.Assignments
	c.Assignments = nil
	raw, _ := json.Marshal(c)
	if q.selected != nil {
		members, _ := splitObject(raw)
		for k := range members {
			if k != "@odata.type" && !q.selected[k] {
				delete(members, k)
			}
		}
		raw = encodeObject(members)
	}
	if q.expand {
		views := make([]json.RawMessage, len(assignments))
		for i, a := range assignments {
			views[i] = viewAssignment(a, beta)
		}
		list, _ := json.Marshal(views)
		raw = appendMember(raw, "assignments@odata.context", mustJSON(context))
		raw = appendMember(raw, "assignments", list)
	}
	return raw
}

// appendMember adds a member at the end of a JSON object.
func appendMember(obj json.RawMessage, key string, value json.RawMessage) json.RawMessage {
	k, _ := json.Marshal(key)
	body := bytes.TrimSuffix(bytes.TrimSpace(obj), []byte("}"))
	var out bytes.Buffer
	out.Write(body)
	if len(bytes.TrimSpace(body)) > 1 {
		out.WriteByte(',')
	}
	out.Write(k)
	out.WriteByte(':')
	out.Write(value)
	out.WriteByte('}')
	return out.Bytes()
}

// withContext puts "@odata.context" first in an entity.
func withContext(obj json.RawMessage, context string) json.RawMessage {
	rest := bytes.TrimPrefix(bytes.TrimSpace(obj), []byte("{"))
	var out bytes.Buffer
	out.WriteString(`{"@odata.context":`)
	out.Write(mustJSON(context))
	if len(bytes.TrimSpace(rest)) > 1 {
		out.WriteByte(',')
	}
	out.Write(rest)
	return out.Bytes()
}

func mustJSON(v any) json.RawMessage {
	raw, _ := json.Marshal(v)
	return raw
}

// collection is a Graph collection response.
type collection struct {
	Context  string            `json:"@odata.context"`
	Count    *int              `json:"@odata.count,omitempty"`
	NextLink string            `json:"@odata.nextLink,omitempty"`
	Value    []json.RawMessage `json:"value"`
}
