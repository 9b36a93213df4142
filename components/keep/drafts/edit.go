package drafts

import "enrollassign/graph"

// Edit is a target editor's form as kept while it is being filled in
// (KindEdit): which assignment, its target as loaded, and the new target as
// far as the user got. It is enough to reopen the editor after a reload, a
// closed tab or a new sign-in.
type Edit struct {
	ConfigurationID   string                  `json:"configurationId"`
	ConfigurationName string                  `json:"configurationName"`
	ConfigurationKind graph.ConfigurationKind `json:"configurationKind"`
	Priority          int32                   `json:"priority"`
	AssignmentID      string                  `json:"assignmentId"`
	Before            graph.Target            `json:"before"`
	// BeforeWords is the loaded target in words, for the offer.
	BeforeWords  string           `json:"beforeWords"`
	Kind         graph.TargetKind `json:"kind"`
	GroupText    string           `json:"groupText,omitempty"`
	Group        graph.Group      `json:"group,omitzero"`
	CollectionID string           `json:"collectionId,omitempty"`
}

// ID is the draft's key: one draft per assignment.
func (d Edit) ID() string { return d.ConfigurationID + "/" + d.AssignmentID }

// Title says what the draft is, on the offer to restore it.
func (d Edit) Title() string {
	return "Unsaved change of “" + d.BeforeWords + "” in " + d.ConfigurationName
}

// Configuration is what the detail screen needs to open it again.
func (d Edit) Configuration() graph.Configuration {
	return graph.Configuration{ID: d.ConfigurationID, DisplayName: d.ConfigurationName, Kind: d.ConfigurationKind, Priority: d.Priority}
}

// EditOf reads a kept draft of an edit strictly: storage can be edited by
// hand, and its IDs end up in a request's URL.
func EditOf(d Draft) (Edit, error) {
	var e Edit
	if err := d.Unmarshal(&e); err != nil {
		return Edit{}, err
	}
	if err := graph.ValidateID("configurationId", e.ConfigurationID); err != nil {
		return Edit{}, err
	}
	if err := graph.ValidateID("assignmentId", e.AssignmentID); err != nil {
		return Edit{}, err
	}
	return e, nil
}
