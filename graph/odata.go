package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// namespace is the OData namespace of every type this package knows.
const namespace = "microsoft.graph."

// odataTypeKey is the JSON key of the OData type annotation.
const odataTypeKey = "@odata.type"

// canonicalType is the one form this package writes: "#microsoft.graph.<name>".
// Graph itself writes it with the '#', the seed's examples sometimes without,
// so readers accept both (see shortType) and writers emit only this.
func canonicalType(name string) string {
	return "#" + namespace + name
}

// shortType reduces "#microsoft.graph.x", "microsoft.graph.x" or "x" to "x".
// Anything outside the microsoft.graph namespace is returned unchanged, so an
// unknown type never collides with a known one.
func shortType(odataType string) string {
	t := strings.TrimPrefix(odataType, "#")
	if strings.HasPrefix(t, namespace) {
		return strings.TrimPrefix(t, namespace)
	}
	return t
}

// extras holds the JSON properties a model does not know, verbatim, so that a
// read-modify-write never loses what the user could not see (beta-only
// assignment filters, `source`, properties added to Graph after this code).
type extras map[string]json.RawMessage

// splitObject decodes a JSON object into its raw members.
func splitObject(data []byte) (map[string]json.RawMessage, error) {
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&members); err != nil {
		return nil, err
	}
	if members == nil {
		return nil, fmt.Errorf("expected a JSON object, got null")
	}
	return members, nil
}

// take removes key from members and decodes it into dst when present and not null.
func take(members map[string]json.RawMessage, key string, dst any) error {
	raw, ok := members[key]
	if !ok {
		return nil
	}
	delete(members, key)
	if string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("property %q: %w", key, err)
	}
	return nil
}

// keepUnknown returns the members left after the known ones were taken,
// without annotations ("@odata.context", "assignments@odata.context", ...):
// those describe a response, and echoing them back in a write is refused by
// Graph. No property name contains '@'.
func keepUnknown(members map[string]json.RawMessage) extras {
	var kept extras
	for k, v := range members {
		if strings.Contains(k, "@") {
			continue
		}
		if kept == nil {
			kept = extras{}
		}
		kept[k] = compact(v)
	}
	return kept
}

// objectWriter writes a JSON object with members in the order they are added:
// "@odata.type" first, then the known properties, then the kept unknown ones
// sorted by name, so the bytes of a request are stable and testable.
type objectWriter struct {
	buf   bytes.Buffer
	count int
	err   error
}

func (w *objectWriter) member(key string, value any) {
	if w.err != nil {
		return
	}
	raw, ok := value.(json.RawMessage)
	if !ok {
		var err error
		raw, err = json.Marshal(value)
		if err != nil {
			w.err = fmt.Errorf("property %q: %w", key, err)
			return
		}
	}
	w.raw(key, raw)
}

func (w *objectWriter) raw(key string, raw json.RawMessage) {
	if w.count == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	w.buf.Write(raw)
	w.count++
}

func (w *objectWriter) extras(e extras, skip ...string) {
	keys := make([]string, 0, len(e))
	for k := range e {
		if !contains(skip, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.raw(k, e[k])
	}
}

func (w *objectWriter) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.count == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// compact strips insignificant whitespace so that written bytes do not depend
// on how the service happened to indent what it sent.
func compact(raw json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return append(json.RawMessage(nil), raw...)
	}
	return buf.Bytes()
}

// clone copies kept properties so that two models never share a map.
func (e extras) clone() extras {
	if e == nil {
		return nil
	}
	c := make(extras, len(e))
	for k, v := range e {
		c[k] = append(json.RawMessage(nil), v...)
	}
	return c
}

// sameJSON reports whether two JSON documents say the same thing: bytes
// differ with escaping ("&" or "\u0026") and member order, meaning does not.
// Numbers are compared as written.
func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	x, errX := decodeValue(a)
	y, errY := decodeValue(b)
	return errX == nil && errY == nil && reflect.DeepEqual(x, y)
}

// containsJSON reports whether document big says everything small says:
// every member of small's objects, at any depth, is in big with the same
// value; big may have more members. Arrays and scalars must be equal.
func containsJSON(big, small []byte) bool {
	x, errX := decodeValue(big)
	y, errY := decodeValue(small)
	return errX == nil && errY == nil && containsValue(x, y)
}

func containsValue(big, small any) bool {
	s, ok := small.(map[string]any)
	if !ok {
		return reflect.DeepEqual(big, small)
	}
	b, ok := big.(map[string]any)
	if !ok {
		return false
	}
	for k, v := range s {
		w, found := b[k]
		if !found || !containsValue(w, v) {
			return false
		}
	}
	return true
}

// decodeValue reads a document with numbers kept as written.
func decodeValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
