package snippets

import (
	"net/http"
	"strings"

	"enrollassign/graph"
)

// cli writes the Microsoft Graph CLI's command: mgc (mgc-beta for beta),
// each path segment in kebab case, each key as --{entity}-id, the
// operation, and the body as --body. The CLI has no command for $batch: a
// batch's items are run one by one.
func cli(r graph.Request) (string, error) {
	items := []graph.BatchItem{{Request: r}}
	var b strings.Builder
	if r.IsBatch() {
		items = r.Batch
		b.WriteString("# The Microsoft Graph CLI has no command for $batch: this runs each request on its own, in order.\n")
	}
	b.WriteString("# Sign in first with: mgc" + betaSuffix(r) + " login --scopes " + strings.Join(strings.Fields(r.Permission()), " ") + "\n")
	if !isGlobal(r.Host) {
		b.WriteString("# This tenant's Graph is " + r.Host + ", not the worldwide cloud: sign the CLI in to that cloud.\n")
	}
	for _, item := range items {
		rt, err := parseRoute(item.Request)
		if err != nil {
			return "", err
		}
		body, err := bodyOf(item.Request.Body)
		if err != nil {
			return "", err
		}
		if item.ID != "" {
			b.WriteString("\n# Request " + item.ID + " of the batch\n")
		}
		b.WriteString(cliCommand(item.Request, rt))
		if body.kind != kindNull {
			b.WriteString(" --body " + shellQuote(prettyJSON(body, "")))
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

func betaSuffix(r graph.Request) string {
	if beta(r) {
		return "-beta"
	}
	return ""
}

// cliCommand is the command without its body.
func cliCommand(r graph.Request, rt route) string {
	words := []string{"mgc" + betaSuffix(r)}
	var keys []string
	for _, s := range rt.steps {
		words = append(words, kebab(s.name))
		if s.key != "" {
			keys = append(keys, "--"+kebab(s.keyName)+"-id "+shellQuote(s.key))
		}
	}
	words = append(words, cliVerb(r.Method, rt))
	return strings.Join(append(words, keys...), " ")
}

// cliVerb is the CLI's name for the operation on a path.
func cliVerb(method string, rt route) string {
	switch {
	case rt.action != "":
		return "post"
	case method == http.MethodGet && rt.endsWithKey():
		return "get"
	case method == http.MethodGet:
		return "list"
	case method == http.MethodPost:
		return "create"
	}
	return strings.ToLower(method)
}
