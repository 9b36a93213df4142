package snippets

import (
	"sort"
	"strconv"
	"strings"

	"enrollassign/graph"
)

// cSharp writes the call with the .NET SDK (Microsoft.Graph, or
// Microsoft.Graph.Beta): the body as an object initializer of the SDK's
// models, then the request-builder chain with an indexer per key. A
// $batch's items are awaited one after the other, in the batch's order.
func cSharp(r graph.Request) (string, error) {
	w := &csWriter{r: r, usings: map[string]bool{}, names: names{}}
	code, err := inTurn(r, "//", w.single)
	if err != nil {
		return "", err
	}
	return w.header() + code, nil
}

type csWriter struct {
	r      graph.Request
	usings map[string]bool
	names  names
}

func (w *csWriter) namespace() string {
	if beta(w.r) {
		return "Microsoft.Graph.Beta"
	}
	return "Microsoft.Graph"
}

func (w *csWriter) header() string {
	var b strings.Builder
	if len(w.usings) > 0 {
		b.WriteString("// Dependencies\n")
		var all []string
		for u := range w.usings {
			all = append(all, u)
		}
		sort.Strings(all)
		for _, u := range all {
			b.WriteString("using " + u + ";\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("// " + signInNote(w.r, "graphClient is a "+w.namespace()+".GraphServiceClient", "https://learn.microsoft.com/graph/sdks/create-client?tabs=csharp") + "\n")
	if !isGlobal(w.r.Host) {
		b.WriteString("graphClient.RequestAdapter.BaseUrl = " + strconv.Quote(w.r.Host+"/"+w.r.Version) + ";\n")
	}
	return b.String() + "\n"
}

func (w *csWriter) single(b *strings.Builder, r graph.Request) error {
	rt, err := parseRoute(r)
	if err != nil {
		return err
	}
	body, err := bodyOf(r.Body)
	if err != nil {
		return err
	}
	t, err := typeBody(rt, body)
	if err != nil {
		return err
	}
	arg := ""
	if t != nil {
		arg = w.names.next("requestBody")
		b.WriteString("var " + arg + " = " + w.object(t, rt, "") + ";\n\n")
	}
	call := "await " + w.chain(rt) + "." + pascal(strings.ToLower(r.Method)) + "Async(" + arg + ");\n"
	if returnsEntity(r.Method, rt) {
		call = "var " + w.names.next("result") + " = " + call
	}
	b.WriteString(call)
	return nil
}

func (w *csWriter) chain(rt route) string {
	var b strings.Builder
	b.WriteString("graphClient")
	for _, s := range rt.steps {
		b.WriteString("." + pascal(s.name))
		if s.key != "" {
			b.WriteString("[" + csString(s.key) + "]")
		}
	}
	return b.String()
}

// object writes t as an object initializer.
func (w *csWriter) object(t *typed, rt route, indent string) string {
	var b strings.Builder
	b.WriteString("new " + w.typeName(t, rt) + "\n" + indent + "{\n")
	in := indent + "\t"
	if t.odataType != "" {
		b.WriteString(in + "OdataType = " + csString(t.odataType) + ",\n")
	}
	for _, f := range t.fields {
		b.WriteString(in + pascal(f.name) + " = " + w.value(f, rt, in) + ",\n")
	}
	if len(t.extra) > 0 {
		b.WriteString(in + "AdditionalData = new Dictionary<string, object>\n" + in + "{\n")
		for _, m := range t.extra {
			b.WriteString(in + "\t{\n" + in + "\t\t" + csString(m.key) + ", " + csAny(m.value, in+"\t\t") + "\n" + in + "\t},\n")
		}
		b.WriteString(in + "},\n")
	}
	return b.String() + indent + "}"
}

// typeName is the model's class; an action's body class lives in the
// namespace of its request builder.
func (w *csWriter) typeName(t *typed, rt route) string {
	if t.action != "" {
		ns := w.namespace()
		for _, s := range rt.steps {
			ns += "." + pascal(s.name)
			if s.key != "" {
				ns += ".Item"
			}
		}
		w.usings[ns] = true
		return pascal(t.action) + "PostRequestBody"
	}
	w.usings[w.namespace()+".Models"] = true
	return pascal(t.typ)
}

func (w *csWriter) value(f field, rt route, indent string) string {
	switch {
	case f.value.kind == kindNull:
		return "null"
	case f.prop.kind == propObject:
		return w.object(f.obj, rt, indent)
	case f.prop.kind == propArray:
		w.usings[w.namespace()+".Models"] = true
		var b strings.Builder
		b.WriteString("new List<" + pascal(f.prop.typ) + ">\n" + indent + "{\n")
		for i := range f.items {
			b.WriteString(indent + "\t" + w.object(&f.items[i], rt, indent+"\t") + ",\n")
		}
		return b.String() + indent + "}"
	case f.prop.kind == propEnum:
		return pascal(f.prop.typ) + "." + pascal(f.value.text)
	}
	return csAny(f.value, indent)
}

// csAny writes a JSON value as a C# literal for additional data.
func csAny(n node, indent string) string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindString:
		return csString(n.text)
	case kindNumber:
		return n.text
	case kindBool:
		return strconv.FormatBool(n.boolean)
	case kindArray:
		var b strings.Builder
		b.WriteString("new List<object>\n" + indent + "{\n")
		for _, item := range n.items {
			b.WriteString(indent + "\t" + csAny(item, indent+"\t") + ",\n")
		}
		return b.String() + indent + "}"
	}
	var b strings.Builder
	b.WriteString("new Dictionary<string, object>\n" + indent + "{\n")
	for _, m := range n.members {
		b.WriteString(indent + "\t{ " + csString(m.key) + ", " + csAny(m.value, indent+"\t") + " },\n")
	}
	return b.String() + indent + "}"
}

// csString quotes s as a C# regular string literal.
func csString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteRune('\\')
			b.WriteRune(c)
		case c < 0x20 || c == 0x2028 || c == 0x2029:
			b.WriteString(`\u` + strings.ToUpper(strconv.FormatInt(int64(c)+0x10000, 16)[1:]))
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
