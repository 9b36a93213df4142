package wire

import "strings"

// Group is the part of a Microsoft Entra group the emulator keeps: what
// pickers search and show, what kind of group it is, and who is in it.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description,omitempty"`
	// GroupTypes holds GroupUnified for a Microsoft 365 group and
	// GroupDynamic for one whose members a rule decides (Graph's
	// groupTypes; empty for an assigned security group).
	GroupTypes      []string `json:"groupTypes,omitempty"`
	SecurityEnabled bool     `json:"securityEnabled"`
	MailEnabled     bool     `json:"mailEnabled"`
	// Members are the group's direct members: users, devices and groups,
	// whose own members are then the group's transitive members. Graph
	// shows them through /members, never as a property of the group: only
	// the emulator's state carries them here.
	Members []Member `json:"members,omitempty"`
}

// The values of groupTypes.
const (
	GroupUnified = "Unified"
	GroupDynamic = "DynamicMembership"
)

// Member is a directory object in a group, as Graph lists one: its type
// ("#microsoft.graph.user", "…device", "…group") and ID.
type Member struct {
	Type string `json:"@odata.type"`
	ID   string `json:"id"`
}

// The directory object types a group holds.
const (
	MemberUser   = "user"
	MemberDevice = "device"
	MemberGroup  = "group"
)

// NewMember is a member of one of the three types, its type written in
// Graph's canonical form.
func NewMember(kind, id string) Member { return Member{Type: ODataType(kind), ID: id} }

// IsGroup reports a nested group, whatever form its type was written in.
func (m Member) IsGroup() bool {
	name, ok := ShortName(m.Type)
	return ok && strings.EqualFold(name, MemberGroup)
}
