package snippets

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"enrollassign/graph"
)

// javaScript writes the JavaScript client's call
// (@microsoft/microsoft-graph-client): client.api(path), .version('beta')
// for beta, then .update (PATCH), .post, .delete or .get with the body as
// an object literal. $batch is posted as the document, as Microsoft's
// "batch requests" page does.
func javaScript(r graph.Request) (string, error) {
	body, err := bodyOf(r.Body)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("// " + signInNote(r, "client is a Client of @microsoft/microsoft-graph-client", "https://learn.microsoft.com/graph/sdks/create-client?tabs=javascript") + "\n")
	if !isGlobal(r.Host) {
		b.WriteString("// Create it with baseUrl: '" + r.Host + "/' for this tenant's cloud.\n")
	}
	variable := jsVariable(r)
	if body.kind != kindNull {
		b.WriteString("\nconst " + variable + " = " + jsValue(body, "") + ";\n")
	}
	b.WriteString("\nawait client.api(" + jsString(r.RelativeURL()) + ")")
	if beta(r) {
		b.WriteString("\n\t.version('beta')")
	}
	for _, h := range sortedHeaders(r.Header) {
		b.WriteString("\n\t.header(" + jsString(h[0]) + ", " + jsString(h[1]) + ")")
	}
	b.WriteString("\n\t." + jsMethod(r.Method) + "(")
	if body.kind != kindNull {
		b.WriteString(variable)
	}
	b.WriteString(");")
	return b.String(), nil
}

// jsVariable names the body after what it is: the entity, the action, or
// the batch.
func jsVariable(r graph.Request) string {
	if r.IsBatch() {
		return "batch"
	}
	rt, err := parseRoute(r)
	if err != nil || rt.bodyType() == "#action" {
		return "requestBody"
	}
	return rt.bodyType()
}

func jsMethod(method string) string {
	switch method {
	case http.MethodPatch:
		return "update"
	case http.MethodDelete:
		return "delete"
	}
	return strings.ToLower(method)
}

var jsIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// jsValue writes a JSON value as a JavaScript literal, members in the
// order sent.
func jsValue(n node, indent string) string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindString:
		return jsString(n.text)
	case kindNumber:
		return n.text
	case kindBool:
		return strconv.FormatBool(n.boolean)
	case kindArray:
		if len(n.items) == 0 {
			return "[]"
		}
		var b strings.Builder
		b.WriteString("[\n")
		for i, item := range n.items {
			b.WriteString(indent + "  " + jsValue(item, indent+"  ") + comma(i, len(n.items)) + "\n")
		}
		return b.String() + indent + "]"
	}
	if len(n.members) == 0 {
		return "{}"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, m := range n.members {
		key := m.key
		if !jsIdentifier.MatchString(key) {
			key = jsString(key)
		}
		b.WriteString(indent + "  " + key + ": " + jsValue(m.value, indent+"  ") + comma(i, len(n.members)) + "\n")
	}
	return b.String() + indent + "}"
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}

// jsString quotes s in single quotes, as Microsoft's snippets do.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return "'" + r.Replace(s) + "'"
}

// sortedHeaders lists extra headers as name, value pairs in name order.
func sortedHeaders(h http.Header) [][2]string {
	var out [][2]string
	for name := range h {
		out = append(out, [2]string{http.CanonicalHeaderKey(name), h.Get(name)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
