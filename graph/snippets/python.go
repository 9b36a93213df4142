package snippets

import (
	"sort"

	"strings"

	"enrollassign/graph"
)

// python writes the call with msgraph-sdk (msgraph-beta-sdk for beta): the
// body built with the models' keyword arguments, then the request-builder
// chain with by_…_id per key. A $batch's items are awaited one after the
// other, in the batch's order.
func python(r graph.Request) (string, error) {
	w := &pyWriter{r: r, imports: map[string]string{}, names: names{}}
	code, err := inTurn(r, "#", w.single)
	if err != nil {
		return "", err
	}
	return w.header() + code, nil
}

type pyWriter struct {
	r       graph.Request
	imports map[string]string // class → module
	names   names
}

func (w *pyWriter) pkg() string {
	if beta(w.r) {
		return "msgraph_beta"
	}
	return "msgraph"
}

func (w *pyWriter) header() string {
	var b strings.Builder
	b.WriteString("# " + signInNote(w.r, "graph_client is a GraphServiceClient of "+w.pkg(), "https://learn.microsoft.com/graph/sdks/create-client?tabs=python") + "\n")
	classes := make([]string, 0, len(w.imports))
	for c := range w.imports {
		classes = append(classes, c)
	}
	sort.Slice(classes, func(i, j int) bool { return w.imports[classes[i]] < w.imports[classes[j]] })
	for _, c := range classes {
		b.WriteString("from " + w.imports[c] + " import " + c + "\n")
	}
	if !isGlobal(w.r.Host) {
		b.WriteString("\ngraph_client.request_adapter.base_url = " + pyString(w.r.Host+"/"+w.r.Version) + "\n")
	}
	return b.String() + "\n"
}

func (w *pyWriter) single(b *strings.Builder, r graph.Request) error {
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
		arg = w.names.next("request_body")
		b.WriteString(arg + " = " + w.object(t, rt, "") + "\n\n")
	}
	call := "await " + w.chain(rt) + "." + strings.ToLower(r.Method) + "(" + arg + ")\n"
	if returnsEntity(r.Method, rt) {
		call = w.names.next("result") + " = " + call
	}
	b.WriteString(call)
	return nil
}

func (w *pyWriter) chain(rt route) string {
	var b strings.Builder
	b.WriteString("graph_client")
	for _, s := range rt.steps {
		b.WriteString("." + snake(s.name))
		if s.key != "" {
			b.WriteString(".by_" + snake(s.keyName) + "_id(" + pyString(s.key) + ")")
		}
	}
	return b.String()
}

// object writes t as a constructor call with keyword arguments.
func (w *pyWriter) object(t *typed, rt route, indent string) string {
	var b strings.Builder
	b.WriteString(w.className(t, rt) + "(\n")
	in := indent + "\t"
	if t.odataType != "" {
		b.WriteString(in + "odata_type = " + pyString(t.odataType) + ",\n")
	}
	for _, f := range t.fields {
		b.WriteString(in + snake(f.name) + " = " + w.value(f, rt, in) + ",\n")
	}
	if len(t.extra) > 0 {
		b.WriteString(in + "additional_data = {\n")
		for _, m := range t.extra {
			b.WriteString(in + "\t" + pyString(m.key) + ": " + pyAny(m.value, in+"\t") + ",\n")
		}
		b.WriteString(in + "},\n")
	}
	return b.String() + indent + ")"
}

// className imports and names the model's class; an action's body class
// lives in the module of its request builder.
func (w *pyWriter) className(t *typed, rt route) string {
	if t.action != "" {
		module := w.pkg() + ".generated"
		for _, s := range rt.steps {
			module += "." + snake(s.name)
			if s.key != "" {
				module += ".item"
			}
		}
		class := pascal(t.action) + "PostRequestBody"
		w.imports[class] = module + "." + snake(t.action) + "_post_request_body"
		return class
	}
	return w.model(t.typ)
}

func (w *pyWriter) model(typ string) string {
	class := pascal(typ)
	w.imports[class] = w.pkg() + ".generated.models." + snake(typ)
	return class
}

func (w *pyWriter) value(f field, rt route, indent string) string {
	switch {
	case f.value.kind == kindNull:
		return "None"
	case f.prop.kind == propObject:
		return w.object(f.obj, rt, indent)
	case f.prop.kind == propArray:
		var b strings.Builder
		b.WriteString("[\n")
		for i := range f.items {
			b.WriteString(indent + "\t" + w.object(&f.items[i], rt, indent+"\t") + ",\n")
		}
		return b.String() + indent + "]"
	case f.prop.kind == propEnum:
		return w.model(f.prop.typ) + "." + pascal(f.value.text)
	}
	return pyAny(f.value, indent)
}

// pyAny writes a JSON value as a Python literal.
func pyAny(n node, indent string) string {
	switch n.kind {
	case kindNull:
		return "None"
	case kindString:
		return pyString(n.text)
	case kindNumber:
		return n.text
	case kindBool:
		if n.boolean {
			return "True"
		}
		return "False"
	case kindArray:
		var b strings.Builder
		b.WriteString("[\n")
		for _, item := range n.items {
			b.WriteString(indent + "\t" + pyAny(item, indent+"\t") + ",\n")
		}
		return b.String() + indent + "]"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, m := range n.members {
		b.WriteString(indent + "\t" + pyString(m.key) + ": " + pyAny(m.value, indent+"\t") + ",\n")
	}
	return b.String() + indent + "}"
}

// pyString quotes s as a Python string literal (JSON's escapes are
// Python's, \u included).
func pyString(s string) string { return jsonString(s) }
