package widgets

import (
	"bytes"
	"encoding/json"

	"enrollassign/graph"
)

// TargetWords is a target put in words, split so the screen can set the
// subject apart: Lead "Include group", Subject "Sales Laptops".
type TargetWords struct {
	Lead    string
	Subject string
}

// String is the sentence as one line: "Include group Sales Laptops".
func (w TargetWords) String() string {
	if w.Subject == "" {
		return w.Lead
	}
	return w.Lead + " " + w.Subject
}

// DescribeTarget says who a target means, the way the admin center does.
// groupName resolves a group ID to its display name ("" when unknown, and
// then the ID is shown).
func DescribeTarget(t graph.Target, groupName func(id string) string) TargetWords {
	switch t.Kind {
	case graph.TargetGroup:
		return TargetWords{Lead: "Include group", Subject: NameOrID(t.GroupID, groupName)}
	case graph.TargetExclusionGroup:
		return TargetWords{Lead: "Exclude group", Subject: NameOrID(t.GroupID, groupName)}
	case graph.TargetAllLicensedUsers:
		return TargetWords{Lead: "All licensed users"}
	case graph.TargetAllDevices:
		return TargetWords{Lead: "All devices"}
	case graph.TargetCollection:
		return TargetWords{Lead: "Configuration Manager collection", Subject: t.CollectionID}
	case "":
		return TargetWords{Lead: "No target"}
	}
	return TargetWords{Lead: "Target of a type this app does not know:", Subject: string(t.Kind)}
}

func NameOrID(id string, groupName func(string) string) string {
	if groupName != nil {
		if name := groupName(id); name != "" {
			return name
		}
	}
	return id
}

// KindChoice is how the target editor offers a target kind.
func KindChoice(k graph.TargetKind) string {
	switch k {
	case graph.TargetGroup:
		return "Include a group"
	case graph.TargetExclusionGroup:
		return "Exclude a group"
	case graph.TargetAllLicensedUsers:
		return "All licensed users"
	case graph.TargetAllDevices:
		return "All devices"
	case graph.TargetCollection:
		return "Configuration Manager collection"
	}
	return string(k)
}

// StrategyWords explains how an update is written.
func StrategyWords(s graph.Strategy) string {
	switch s {
	case graph.StrategyAssign:
		return "assign: POST …/assign replaces the configuration's whole set of assignments, with only this one changed"
	case graph.StrategyPatch:
		return "PATCH: the documented update of this one assignment"
	}
	return "PATCH, falling back to assign if this service refuses PATCH on assignments"
}

// prettyJSON indents a JSON body for reading; anything else is shown as is.
func prettyJSON(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	var out bytes.Buffer
	if err := json.Indent(&out, body, "", "  "); err != nil {
		return string(body)
	}
	return out.String()
}
