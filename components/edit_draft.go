package components

import (
	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
)

// EditDraft is a target editor's form as kept in drafts while it is being
// filled in: which assignment, its target as loaded, and the new target as
// far as the user got. It is enough to reopen the editor after a reload, a
// closed tab or a new sign-in.
type EditDraft struct {
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
func (d EditDraft) ID() string { return d.ConfigurationID + "/" + d.AssignmentID }

// Title says what the draft is, on the offer to restore it.
func (d EditDraft) Title() string {
	return "Unsaved change of “" + d.BeforeWords + "” in " + d.ConfigurationName
}

// Configuration is what the detail screen needs to open it again.
func (d EditDraft) Configuration() graph.Configuration {
	return graph.Configuration{ID: d.ConfigurationID, DisplayName: d.ConfigurationName, Kind: d.ConfigurationKind, Priority: d.Priority}
}

// editDraftOf reads a kept draft of an edit.
func editDraftOf(d drafts.Draft) (EditDraft, error) {
	var e EditDraft
	if err := d.Unmarshal(&e); err != nil {
		return EditDraft{}, err
	}
	if err := graph.ValidateID("configurationId", e.ConfigurationID); err != nil {
		return EditDraft{}, err
	}
	if err := graph.ValidateID("assignmentId", e.AssignmentID); err != nil {
		return EditDraft{}, err
	}
	return e, nil
}
