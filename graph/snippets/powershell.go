package snippets

import (
	"net/http"
	"regexp"
	"sort"
	"strings"

	"enrollassign/graph"
)

// powerShellRequest sends the request as it is with the SDK's
// Invoke-MgGraphRequest: any request, the $batch included.
func powerShellRequest(r graph.Request) (string, error) {
	body, err := bodyOf(r.Body)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(connectMgGraph(r) + "\n\n")
	call := "Invoke-MgGraphRequest -Method " + r.Method + " -Uri " + psString(r.URL())
	if body.kind != kindNull {
		// A literal here-string: nothing in the JSON is expanded.
		b.WriteString("$body = @'\n" + prettyJSON(body, "") + "\n'@\n\n")
		call += " -Body $body -ContentType \"application/json\""
	}
	if h := psHeaders(r.Header); h != "" {
		call += " -Headers " + h
	}
	b.WriteString(call)
	return b.String(), nil
}

// connectMgGraph signs in with the permission the request needs, in the
// request's cloud; no token appears in the snippet.
func connectMgGraph(r graph.Request) string {
	line := "Connect-MgGraph -Scopes " + psString(strings.Join(strings.Fields(r.Permission()), ","))
	env, known := environment(r.Host)
	switch {
	case env != "":
		line += " -Environment " + env
	case !known:
		line = "# Graph is at " + r.Host + " here, which Connect-MgGraph has no environment for: sign in to it as your tenant requires.\n" + line
	}
	return line
}

// environment names a national cloud as Connect-MgGraph -Environment does;
// "" for the worldwide cloud; known is false for a host of none of them.
func environment(host string) (name string, known bool) {
	switch host {
	case "https://graph.microsoft.com":
		return "", true
	case "https://graph.microsoft.us":
		return "USGov", true
	case "https://dod-graph.microsoft.us":
		return "USGovDoD", true
	case "https://microsoftgraph.chinacloudapi.cn":
		return "China", true
	}
	return "", false
}

// powerShellCmdlet calls the SDK's own cmdlet for the operation, with the
// body as the hashtable Microsoft's snippets pass as -BodyParameter. The
// SDK has no cmdlet for $batch: its items are sent one by one.
func powerShellCmdlet(r graph.Request) (string, error) {
	items := []graph.BatchItem{{Request: r}}
	var b strings.Builder
	if r.IsBatch() {
		items = r.Batch
		b.WriteString("# The SDK has no cmdlet for $batch: this sends each request on its own, in order (Invoke-MgGraphRequest sends them as one batch).\n")
	}
	var modules []string
	var calls strings.Builder
	for _, item := range items {
		rt, err := parseRoute(item.Request)
		if err != nil {
			return "", err
		}
		if item.ID != "" {
			calls.WriteString("\n# Request " + item.ID + " of the batch\n")
		} else {
			calls.WriteString("\n")
		}
		module, err := psCall(&calls, item.Request, rt)
		if err != nil {
			return "", err
		}
		if !contains(modules, module) {
			modules = append(modules, module)
		}
	}
	for _, m := range modules {
		b.WriteString("Import-Module " + m + "\n")
	}
	b.WriteString("\n" + connectMgGraph(r) + "\n" + calls.String())
	return b.String(), nil
}

// psCall writes one request's body and cmdlet call, and returns the module
// the cmdlet ships in.
func psCall(b *strings.Builder, r graph.Request, rt route) (string, error) {
	body, err := bodyOf(r.Body)
	if err != nil {
		return "", err
	}
	name, module := cmdlet(r, rt)
	call := name
	for _, s := range rt.steps {
		if s.key != "" {
			call += " -" + pascal(s.keyName) + "Id " + psString(s.key)
		}
	}
	if body.kind != kindNull {
		b.WriteString("$params = " + psValue(body, "") + "\n\n")
		call += " -BodyParameter $params"
	}
	if h := psHeaders(r.Header); h != "" {
		call += " -Headers " + h
	}
	b.WriteString(call + "\n")
	return module, nil
}

// cmdlet is the SDK's name for the operation and the module it ships in:
// verb, Mg (MgBeta), then each segment singular
// (Update-MgDeviceManagementDeviceEnrollmentConfigurationAssignment); an
// action is Set- on its entity, suffixed by what it sets
// (Set-MgDeviceManagementDeviceEnrollmentConfigurationPriority).
func cmdlet(r graph.Request, rt route) (name, module string) {
	steps := rt.steps
	verb := map[string]string{http.MethodGet: "Get", http.MethodPost: "New", http.MethodPatch: "Update", http.MethodDelete: "Remove"}[r.Method]
	suffix := ""
	if rt.action != "" {
		verb, suffix, steps = "Set", strings.TrimPrefix(pascal(rt.action), "Set"), steps[:len(steps)-1]
		if rt.action == "assign" {
			suffix = ""
		}
	}
	var noun strings.Builder
	for _, s := range steps {
		noun.WriteString(pascal(singular(s.name)))
	}
	prefix, modulePrefix := "Mg", "Microsoft.Graph."
	if beta(r) {
		prefix, modulePrefix = "MgBeta", "Microsoft.Graph.Beta."
	}
	return verb + "-" + prefix + noun.String() + suffix, modulePrefix + psModule(rt)
}

// psModule is the module of the SDK that holds the cmdlets of a path.
func psModule(rt route) string {
	for _, s := range rt.steps {
		switch s.name {
		case "deviceEnrollmentConfigurations":
			return "DeviceManagement.Enrollment"
		case "groups":
			return "Groups"
		}
	}
	return "DeviceManagement"
}

// singular is a collection's name for one of its members.
func singular(name string) string {
	if strings.HasSuffix(name, "s") && name != "deviceManagement" {
		return strings.TrimSuffix(name, "s")
	}
	return name
}

var psIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// psValue writes a JSON value as a PowerShell literal: objects as
// hashtables, arrays as @(…), members in the order sent.
func psValue(n node, indent string) string {
	switch n.kind {
	case kindNull:
		return "$null"
	case kindString:
		return psString(n.text)
	case kindNumber:
		return n.text
	case kindBool:
		if n.boolean {
			return "$true"
		}
		return "$false"
	case kindArray:
		var b strings.Builder
		b.WriteString("@(\n")
		for _, item := range n.items {
			b.WriteString(indent + "\t" + psValue(item, indent+"\t") + "\n")
		}
		return b.String() + indent + ")"
	}
	var b strings.Builder
	b.WriteString("@{\n")
	for _, m := range n.members {
		key := m.key
		if !psIdentifier.MatchString(key) {
			key = psString(key)
		}
		b.WriteString(indent + "\t" + key + " = " + psValue(m.value, indent+"\t") + "\n")
	}
	return b.String() + indent + "}"
}

// psString quotes s for PowerShell: double quotes with the backtick, the
// dollar sign and the double quote escaped by a backtick.
func psString(s string) string {
	r := strings.NewReplacer("`", "``", `"`, "`\"", "$", "`$")
	return `"` + r.Replace(s) + `"`
}

// psHeaders writes extra request headers as a hashtable, or "".
func psHeaders(h http.Header) string {
	if len(h) == 0 {
		return ""
	}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var parts []string
	for _, name := range names {
		parts = append(parts, psString(http.CanonicalHeaderKey(name))+" = "+psString(h.Get(name)))
	}
	return "@{ " + strings.Join(parts, "; ") + " }"
}
