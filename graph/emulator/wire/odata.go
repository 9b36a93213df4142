// Package wire is Microsoft Graph's JSON as the emulator stores and sends
// it: device enrollment configurations of the four v1.0 subtypes with their
// own properties, their assignments, the five target kinds (with beta's
// assignment filter) and directory groups. It is the emulator's own reading
// of the schema (reference/graph-v1.0-enrollment-schema.xml), written apart
// from the app's client on purpose: a codec bug on one side is caught by the
// other instead of being mirrored by it.
//
// Writers emit "@odata.type" in Graph's canonical form
// ("#microsoft.graph.x"); readers accept it with or without the '#', as the
// service does. Reading is strict: a type outside the schema, or a property
// its type does not have, is an error.
package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Namespace is the OData namespace of every type here.
const Namespace = "microsoft.graph."

// typeKey is the member that names an object's OData type.
const typeKey = "@odata.type"

// ODataType is the form written for a type: "#microsoft.graph.<name>".
func ODataType(name string) string { return "#" + Namespace + name }

// ShortName reduces "#microsoft.graph.x" or "microsoft.graph.x" to "x";
// ok is false for a name outside the namespace.
func ShortName(odataType string) (name string, ok bool) {
	return strings.CutPrefix(strings.TrimPrefix(odataType, "#"), Namespace)
}

// members is a JSON object being read: each known member is taken out, and
// what is left does not exist on the type.
type members map[string]json.RawMessage

func readObject(data []byte) (members, error) {
	var m members
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("an object was expected, not null")
	}
	return m, nil
}

// take decodes and removes a member; absent and null leave dst as it is.
func (m members) take(key string, dst any) error {
	raw, ok := m[key]
	if !ok {
		return nil
	}
	delete(m, key)
	if string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("property %q: %w", key, err)
	}
	return nil
}

// field is a member to take and where it goes.
type field struct {
	key string
	dst any
}

// takeAll takes each field in order; the first failure is reported.
func (m members) takeAll(fields ...field) error {
	for _, f := range fields {
		if err := m.take(f.key, f.dst); err != nil {
			return err
		}
	}
	return nil
}

// readTyped reads an object and the short name of its @odata.type ("" when
// absent), which it takes out.
func readTyped(data []byte) (members, string, error) {
	m, err := readObject(data)
	if err != nil {
		return nil, "", err
	}
	var t string
	if err := m.take(typeKey, &t); err != nil || t == "" {
		return m, "", err
	}
	name, ok := ShortName(t)
	if !ok {
		return nil, "", fmt.Errorf("@odata.type %q is outside the %s namespace", t, strings.TrimSuffix(Namespace, "."))
	}
	return m, name, nil
}

// leftover refuses whatever was not taken, naming the first in order.
func (m members) leftover(typeName string) error {
	first := ""
	for k := range m {
		if first == "" || k < first {
			first = k
		}
	}
	if first != "" {
		return fmt.Errorf("property %q does not exist on type %s%s", first, Namespace, typeName)
	}
	return nil
}

// object writes a JSON object with its members in the order added.
type object struct {
	buf bytes.Buffer
	err error
}

func (o *object) add(key string, value any) {
	raw, err := json.Marshal(value)
	if err != nil {
		o.err = fmt.Errorf("property %q: %w", key, err)
		return
	}
	k, _ := json.Marshal(key)
	o.separate()
	o.buf.Write(k)
	o.buf.WriteByte(':')
	o.buf.Write(raw)
}

// addIf adds a member when set says so.
func (o *object) addIf(set bool, key string, value any) {
	if set {
		o.add(key, value)
	}
}

// spread adds every member of value, which encodes as an object.
func (o *object) spread(value any) {
	raw, err := json.Marshal(value)
	if err != nil {
		o.err = err
		return
	}
	inner := bytes.TrimSpace(raw)
	inner = bytes.TrimSpace(inner[1 : len(inner)-1])
	if len(inner) > 0 {
		o.separate()
		o.buf.Write(inner)
	}
}

func (o *object) separate() {
	if o.buf.Len() == 0 {
		o.buf.WriteByte('{')
	} else {
		o.buf.WriteByte(',')
	}
}

func (o *object) bytes() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	if o.buf.Len() == 0 {
		return []byte("{}"), nil
	}
	o.buf.WriteByte('}')
	return o.buf.Bytes(), nil
}
