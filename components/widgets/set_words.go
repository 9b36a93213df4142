package widgets

import (
	"regexp"
	"strconv"

	"enrollassign/graph"
)

// The words of adding and removing assignments: refusals, member counts,
// and messages written with IDs, told with names.

// RefusalWords says why a target cannot join the set, naming groups by
// their display name where groupName knows it.
func RefusalWords(r *graph.Refusal, groupName func(string) string) string {
	subject := quoted(DescribeTarget(r.Target, groupName))
	switch r.Rule {
	case graph.RuleKind:
		return "A " + r.Kind.Label() + " configuration applies to users, so it cannot be assigned to " + r.Target.Kind.Label() + "."
	case graph.RuleIncludeAndExclude:
		group := "“" + NameOrID(r.Target.GroupID, groupName) + "”"
		if r.OtherID == "" {
			return group + " is chosen to be both included and excluded: a configuration either includes a group or excludes it."
		}
		return group + " is " + sideWords(r.Other.Kind) + " in this configuration, so it cannot also be " + sideWords(r.Target.Kind) +
			": a configuration either includes a group or excludes it. Remove it from the other list first."
	}
	if r.OtherID == "" {
		return subject + " is chosen twice."
	}
	return "This configuration already has " + subject + "."
}

// quoted is a target in words with its subject in quotes: Include group “Sales”.
func quoted(w TargetWords) string {
	if w.Subject == "" {
		return w.Lead
	}
	return w.Lead + " “" + w.Subject + "”"
}

func sideWords(k graph.TargetKind) string {
	if k == graph.TargetExclusionGroup {
		return "excluded"
	}
	return "included"
}

// MemberWords is a member count in words: "1 member", "18 members".
func MemberWords(n int) string { return Count(n, "member", "members") }

// Count is a number with the words that go with it: "1 group found",
// "2 groups found", "0 changes".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// guid finds Entra object IDs in a message.
var guid = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// WithGroupNames tells a message written with group IDs (a conflict found
// by the bulk engine, which knows no names) with the names groupName knows,
// in quotes; an ID it does not know stays as it is.
func WithGroupNames(text string, groupName func(string) string) string {
	if groupName == nil {
		return text
	}
	return guid.ReplaceAllStringFunc(text, func(id string) string {
		if name := groupName(id); name != "" {
			return "“" + name + "”"
		}
		return id
	})
}
