package snippets

import (
	"net/http"
	"sort"
	"strings"

	"enrollassign/graph"
)

// curl sends the request exactly: the URL, the headers the app sends
// (the token read from $ACCESS_TOKEN, never written out), the body.
func curl(r graph.Request) (string, error) {
	body, err := bodyOf(r.Body)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("# ACCESS_TOKEN holds your own access token for Microsoft Graph (" + permissionWords(r) + ").\n")
	b.WriteString("curl -X " + r.Method + " " + shellQuote(r.URL()) + " \\\n")
	b.WriteString(`  -H "Authorization: Bearer $ACCESS_TOKEN"`)
	for _, h := range headerLines(r) {
		b.WriteString(" \\\n  -H " + shellQuote(h))
	}
	if body.kind != kindNull {
		b.WriteString(" \\\n  --data-raw " + shellQuote(prettyJSON(body, "")))
	}
	return b.String(), nil
}

// headerLines are the headers besides Authorization, as "Name: value".
func headerLines(r graph.Request) []string {
	lines := []string{"Accept: application/json"}
	if len(r.Body) > 0 {
		lines = append(lines, "Content-Type: application/json")
	}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		lines = append(lines, http.CanonicalHeaderKey(name)+": "+r.Header.Get(name))
	}
	return lines
}

// shellQuote quotes s for a POSIX shell: inside single quotes nothing is
// expanded, and a single quote is closed, escaped and reopened.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
