package snippets

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"enrollassign/graph"
)

// goSDK writes the call with msgraph-sdk-go (msgraph-beta-sdk-go for
// beta): the body built from the SDK's models with their setters, then the
// request-builder chain. A $batch goes through msgraph-sdk-go-core's
// BatchRequest, each item made by its own chain's To…RequestInformation.
func goSDK(r graph.Request) (string, error) {
	g := &goWriter{r: r, names: names{}, imports: map[string]string{}}
	var code strings.Builder
	if r.IsBatch() {
		if err := g.batch(&code); err != nil {
			return "", err
		}
	} else if err := g.single(&code); err != nil {
		return "", err
	}
	return g.header() + code.String(), nil
}

type goWriter struct {
	r       graph.Request
	names   names
	imports map[string]string // path → alias
}

func (g *goWriter) module() string {
	if beta(g.r) {
		return "github.com/microsoftgraph/msgraph-beta-sdk-go"
	}
	return "github.com/microsoftgraph/msgraph-sdk-go"
}

// header is the imports and where graphClient comes from.
func (g *goWriter) header() string {
	var b strings.Builder
	b.WriteString("// Dependencies\nimport (\n\t\"context\"\n\t\"log\"\n")
	paths := make([]string, 0, len(g.imports))
	for p := range g.imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) > 0 {
		b.WriteString("\n")
	}
	for _, p := range paths {
		b.WriteString("\t" + g.imports[p] + " " + strconv.Quote(p) + "\n")
	}
	b.WriteString(")\n\n")
	b.WriteString("// " + signInNote(g.r, "graphClient is a *GraphServiceClient of "+g.module(), "https://learn.microsoft.com/graph/sdks/create-client?tabs=go") + "\n")
	if !isGlobal(g.r.Host) {
		b.WriteString("graphClient.GetAdapter().SetBaseUrl(" + strconv.Quote(g.r.Host+"/"+g.r.Version) + ")\n")
	}
	return b.String() + "\n"
}

// single writes one request: its body, then the call.
func (g *goWriter) single(b *strings.Builder) error {
	rt, body, err := g.parse(g.r)
	if err != nil {
		return err
	}
	args := "context.Background(), nil"
	if body != nil {
		g.object(b, body, "requestBody", rt)
		b.WriteString("\n")
		args = "context.Background(), requestBody, nil"
	}
	result := "err"
	if returnsEntity(g.r.Method, rt) {
		result = "_, err"
	}
	b.WriteString("if " + result + " := " + g.chain(rt) + "." + pascal(strings.ToLower(g.r.Method)) + "(" + args + "); err != nil {\n\tlog.Fatal(err)\n}")
	return nil
}

// returnsEntity reports a call whose Go method returns the entity and an
// error (create and update); the others return the error alone.
func returnsEntity(method string, rt route) bool {
	return rt.action == "" && (method == http.MethodPost || method == http.MethodPatch || method == http.MethodGet)
}

func (g *goWriter) parse(r graph.Request) (route, *typed, error) {
	rt, err := parseRoute(r)
	if err != nil {
		return route{}, nil, err
	}
	body, err := bodyOf(r.Body)
	if err != nil {
		return route{}, nil, err
	}
	t, err := typeBody(rt, body)
	return rt, t, err
}

// batch writes each item as request information added to one BatchRequest,
// with its dependencies, then sends it.
func (g *goWriter) batch(b *strings.Builder) error {
	g.imports["github.com/microsoftgraph/msgraph-sdk-go-core"] = "graphcore"
	b.WriteString("batch := graphcore.NewBatchRequest(graphClient.GetAdapter())\n")
	items := map[string]string{}
	for _, item := range g.r.Batch {
		rt, body, err := g.parse(item.Request)
		if err != nil {
			return err
		}
		b.WriteString("\n// Request " + item.ID + " of the batch\n")
		args := "context.Background(), nil"
		if body != nil {
			bodyVar := g.names.next("requestBody")
			g.object(b, body, bodyVar, rt)
			args = "context.Background(), " + bodyVar + ", nil"
		}
		info, step := g.names.next("request"), g.names.next("step")
		b.WriteString(info + ", err := " + g.chain(rt) + ".To" + pascal(strings.ToLower(item.Request.Method)) + "RequestInformation(" + args + ")\n")
		b.WriteString("if err != nil {\n\tlog.Fatal(err)\n}\n")
		b.WriteString(step + ", err := batch.AddBatchRequestStep(*" + info + ")\nif err != nil {\n\tlog.Fatal(err)\n}\n")
		for _, d := range item.DependsOn {
			b.WriteString(step + ".DependsOnItem(" + items[d] + ")\n")
		}
		items[item.ID] = step
	}
	b.WriteString("\nif _, err := batch.Send(context.Background(), graphClient.GetAdapter()); err != nil {\n\tlog.Fatal(err)\n}")
	return nil
}

// chain is the request-builder chain to the request's path.
func (g *goWriter) chain(rt route) string {
	var b strings.Builder
	b.WriteString("graphClient")
	for _, s := range rt.steps {
		b.WriteString("." + pascal(s.name) + "()")
		if s.key != "" {
			b.WriteString(".By" + pascal(s.keyName) + "Id(" + strconv.Quote(s.key) + ")")
		}
	}
	return b.String()
}

// object writes the statements that build t into variable v.
func (g *goWriter) object(b *strings.Builder, t *typed, v string, rt route) {
	b.WriteString(v + " := " + g.constructor(t, rt) + "\n")
	for _, f := range t.fields {
		g.field(b, f, v, rt)
	}
	if len(t.extra) > 0 {
		data := g.names.next("additionalData")
		b.WriteString(data + " := map[string]any{\n")
		for _, m := range t.extra {
			b.WriteString("\t" + strconv.Quote(m.key) + ": " + goAny(m.value, "\t") + ",\n")
		}
		b.WriteString("}\n" + v + ".SetAdditionalData(" + data + ")\n")
	}
}

// constructor is the model's New… function; an action's body is named
// after its whole path in the devicemanagement package.
func (g *goWriter) constructor(t *typed, rt route) string {
	if t.action != "" {
		g.imports[g.module()+"/"+strings.ToLower(rt.steps[0].name)] = "graph" + strings.ToLower(rt.steps[0].name)
		return "graph" + strings.ToLower(rt.steps[0].name) + ".New" + rt.actionPrefix() + "PostRequestBody()"
	}
	g.imports[g.module()+"/models"] = "graphmodels"
	return "graphmodels.New" + pascal(t.typ) + "()"
}

func (g *goWriter) field(b *strings.Builder, f field, v string, rt route) {
	setter := v + ".Set" + pascal(f.name)
	if f.value.kind == kindNull {
		b.WriteString(setter + "(nil)\n")
		return
	}
	switch f.prop.kind {
	case propObject:
		child := g.names.next(f.name)
		g.object(b, f.obj, child, rt)
		b.WriteString(setter + "(" + child + ")\n")
		return
	case propArray:
		list := g.names.next(f.name)
		var items []string
		for i := range f.items {
			item := g.names.next(camel(f.prop.typ))
			g.object(b, &f.items[i], item, rt)
			items = append(items, item)
		}
		b.WriteString(list + " := []graphmodels." + pascal(f.prop.typ) + "able{\n")
		for _, item := range items {
			b.WriteString("\t" + item + ",\n")
		}
		b.WriteString("}\n" + setter + "(" + list + ")\n")
		return
	}
	value := g.names.next(f.name)
	b.WriteString(value + " := " + g.scalar(f) + "\n" + setter + "(&" + value + ")\n")
}

// scalar is a Go expression for a string, number, boolean or enum member.
func (g *goWriter) scalar(f field) string {
	switch f.prop.kind {
	case propEnum:
		g.imports[g.module()+"/models"] = "graphmodels"
		return "graphmodels." + strings.ToUpper(f.value.text) + "_" + strings.ToUpper(f.prop.typ)
	case propInt32:
		return "int32(" + f.value.text + ")"
	}
	return goAny(f.value, "")
}

// goAny writes a JSON value as a Go literal for additional data.
func goAny(n node, indent string) string {
	switch n.kind {
	case kindNull:
		return "nil"
	case kindString:
		return strconv.Quote(n.text)
	case kindNumber:
		return n.text
	case kindBool:
		return strconv.FormatBool(n.boolean)
	case kindArray:
		var b strings.Builder
		b.WriteString("[]any{\n")
		for _, item := range n.items {
			b.WriteString(indent + "\t" + goAny(item, indent+"\t") + ",\n")
		}
		return b.String() + indent + "}"
	}
	var b strings.Builder
	b.WriteString("map[string]any{\n")
	for _, m := range n.members {
		b.WriteString(indent + "\t" + strconv.Quote(m.key) + ": " + goAny(m.value, indent+"\t") + ",\n")
	}
	return b.String() + indent + "}"
}
