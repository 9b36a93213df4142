package graph

import "slices"

// Group is the part of a Microsoft Entra group that pickers and target
// descriptions need: its name, and what kind of group it is.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description,omitempty"`
	// GroupTypes holds "Unified" for a Microsoft 365 group and
	// "DynamicMembership" for one whose members a rule decides.
	GroupTypes      []string `json:"groupTypes,omitempty"`
	SecurityEnabled bool     `json:"securityEnabled,omitempty"`
	MailEnabled     bool     `json:"mailEnabled,omitempty"`
}

// Kind is the group's type in the Entra admin center's words ("Security",
// "Microsoft 365", "Mail-enabled security", "Distribution"), with
// ", dynamic" when a rule decides its members; "" when the group was read
// without them.
func (g Group) Kind() string {
	var kind string
	switch {
	case slices.Contains(g.GroupTypes, "Unified"):
		kind = "Microsoft 365"
	case g.SecurityEnabled && g.MailEnabled:
		kind = "Mail-enabled security"
	case g.SecurityEnabled:
		kind = "Security"
	case g.MailEnabled:
		kind = "Distribution"
	default:
		return ""
	}
	if slices.Contains(g.GroupTypes, "DynamicMembership") {
		kind += ", dynamic"
	}
	return kind
}
