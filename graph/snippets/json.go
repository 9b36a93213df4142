package snippets

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// node is a JSON value with its object members in the order they were
// sent, so that every language writes them in that order too.
type node struct {
	kind    kind
	text    string // a string's value, a number's literal
	boolean bool
	members []member
	items   []node
}

type kind int

const (
	kindNull kind = iota
	kindString
	kindNumber
	kindBool
	kindObject
	kindArray
)

type member struct {
	key   string
	value node
}

// parseJSON reads a body into nodes.
func parseJSON(body []byte) (node, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return node{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return node{}, errors.New("the body holds more than one JSON value")
	}
	return n, nil
}

func readNode(dec *json.Decoder) (node, error) {
	tok, err := dec.Token()
	if err != nil {
		return node{}, err
	}
	switch v := tok.(type) {
	case nil:
		return node{kind: kindNull}, nil
	case string:
		return node{kind: kindString, text: v}, nil
	case json.Number:
		return node{kind: kindNumber, text: v.String()}, nil
	case bool:
		return node{kind: kindBool, boolean: v}, nil
	case json.Delim:
		if v == '{' {
			return readObject(dec)
		}
		return readArray(dec)
	}
	return node{}, errors.New("unexpected JSON token")
}

func readObject(dec *json.Decoder) (node, error) {
	n := node{kind: kindObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return node{}, err
		}
		key, _ := tok.(string)
		value, err := readNode(dec)
		if err != nil {
			return node{}, err
		}
		n.members = append(n.members, member{key, value})
	}
	_, err := dec.Token() // '}'
	return n, err
}

func readArray(dec *json.Decoder) (node, error) {
	n := node{kind: kindArray}
	for dec.More() {
		item, err := readNode(dec)
		if err != nil {
			return node{}, err
		}
		n.items = append(n.items, item)
	}
	_, err := dec.Token() // ']'
	return n, err
}

// get is an object's member by key.
func (n node) get(key string) (node, bool) {
	for _, m := range n.members {
		if m.key == key {
			return m.value, true
		}
	}
	return node{}, false
}

// jsonString quotes s as JSON does, without escaping <, > and &.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// prettyJSON writes a body indented by two spaces, members in the order
// sent: what curl, the CLI and Invoke-MgGraphRequest send as it is.
func prettyJSON(n node, indent string) string {
	var b strings.Builder
	writeJSON(&b, n, indent)
	return b.String()
}

func writeJSON(b *strings.Builder, n node, indent string) {
	switch n.kind {
	case kindNull:
		b.WriteString("null")
	case kindString:
		b.WriteString(jsonString(n.text))
	case kindNumber:
		b.WriteString(n.text)
	case kindBool:
		b.WriteString(strconv.FormatBool(n.boolean))
	case kindObject:
		writeJSONObject(b, n, indent)
	case kindArray:
		writeJSONArray(b, n, indent)
	}
}

func writeJSONObject(b *strings.Builder, n node, indent string) {
	if len(n.members) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{\n")
	for i, m := range n.members {
		b.WriteString(indent + "  " + jsonString(m.key) + ": ")
		writeJSON(b, m.value, indent+"  ")
		if i < len(n.members)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "}")
}

func writeJSONArray(b *strings.Builder, n node, indent string) {
	if len(n.items) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[\n")
	for i, item := range n.items {
		b.WriteString(indent + "  ")
		writeJSON(b, item, indent+"  ")
		if i < len(n.items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "]")
}

// bodyOf parses r's body; a request without one has a null node.
func bodyOf(body []byte) (node, error) {
	if len(body) == 0 {
		return node{kind: kindNull}, nil
	}
	return parseJSON(body)
}
