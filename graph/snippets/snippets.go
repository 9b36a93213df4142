// Package snippets writes one Graph request, as graph builds and sends it
// (graph.Request), in the languages Microsoft's reference pages show beside
// the HTTP example: curl, Microsoft Graph PowerShell (the SDK cmdlet and
// Invoke-MgGraphRequest), the Microsoft Graph CLI, and the Go, C#, Python
// and JavaScript SDKs.
//
// Each snippet is made from the request value, so it holds the same method,
// IDs and body as what the app sends. None holds a token: each says where
// the caller's own sign-in goes, and curl reads it from $ACCESS_TOKEN.
//
// The names (cmdlets, CLI commands, request-builder chains, model types)
// are those of Microsoft's generated snippets for the enrollment
// configuration operations
// (microsoft-graph-docs-contrib, api-reference/v1.0/includes/snippets/*/
// intune-onboarding-*) and of the SDKs' own sources where the two differ
// (msgraph-sdk-go names action bodies after their whole path:
// DeviceEnrollmentConfigurationsItemSetPriorityPostRequestBody).
package snippets

import (
	"errors"
	"strings"

	"enrollassign/graph"
)

// Language is one way of writing a request.
type Language struct {
	// ID is stable, for tests and element IDs: "curl", "powershell", …
	ID string
	// Label names it for people.
	Label string
}

// Languages lists every language, in the order a page shows them.
var Languages = []Language{
	{"curl", "curl"},
	{"powershell", "PowerShell (SDK cmdlet)"},
	{"powershell-request", "PowerShell (Invoke-MgGraphRequest)"},
	{"cli", "Microsoft Graph CLI"},
	{"go", "Go"},
	{"csharp", "C#"},
	{"python", "Python"},
	{"javascript", "JavaScript"},
}

// Snippet is the request written in one language, or why it cannot be.
type Snippet struct {
	Language Language
	Code     string
	// Unavailable says why there is no code in this language (a request
	// this package has no SDK names for); Code is then empty.
	Unavailable string
}

// writers write each language; the order is Languages'.
var writers = map[string]func(graph.Request) (string, error){
	"curl":               curl,
	"powershell":         powerShellCmdlet,
	"powershell-request": powerShellRequest,
	"cli":                cli,
	"go":                 goSDK,
	"csharp":             cSharp,
	"python":             python,
	"javascript":         javaScript,
}

// For writes r in every language. A language that cannot write r says why
// in its Unavailable; curl and Invoke-MgGraphRequest can write any request.
func For(r graph.Request) []Snippet {
	out := make([]Snippet, 0, len(Languages))
	for _, l := range Languages {
		code, err := Write(l.ID, r)
		s := Snippet{Language: l, Code: code}
		if err != nil {
			s.Code, s.Unavailable = "", err.Error()
		}
		out = append(out, s)
	}
	return out
}

// Write writes r in the language of that ID.
func Write(languageID string, r graph.Request) (string, error) {
	w, ok := writers[languageID]
	if !ok {
		return "", errors.New("no language " + languageID)
	}
	if r.Method == "" || r.Host == "" || r.Version == "" || len(r.Path) == 0 {
		return "", errors.New("the request is incomplete")
	}
	code, err := w(r)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(code, "\n") + "\n", nil
}

// signInNote is the comment every SDK snippet starts with: the caller signs
// in with its own account; no token is ever part of a snippet.
func signInNote(r graph.Request, client, docs string) string {
	return client + " signed in with " + permissionWords(r) + ": see " + docs
}

func permissionWords(r graph.Request) string {
	p := strings.Fields(r.Permission())
	if len(p) == 0 {
		return "a Microsoft Graph permission"
	}
	return strings.Join(p, " and ")
}

// isGlobal reports the worldwide cloud's Graph host, which every SDK uses
// unless told otherwise.
func isGlobal(host string) bool { return host == "https://graph.microsoft.com" }

// beta reports a request through the beta endpoint.
func beta(r graph.Request) bool { return r.Version == graph.Beta }
