package drafts

import (
	"errors"

	"enrollassign/graph"
)

// SetChange is an addition or removal of assignments as kept while it is
// prepared (KindSetChange): which configuration, the targets to add (with
// the names of the groups chosen) and the assignments to remove. It is
// made again on the set as loaded when it is taken up: whatever changed
// meanwhile is checked then, as for any change.
type SetChange struct {
	ConfigurationID   string                  `json:"configurationId"`
	ConfigurationName string                  `json:"configurationName"`
	ConfigurationKind graph.ConfigurationKind `json:"configurationKind"`
	Priority          int32                   `json:"priority"`
	Add               []graph.Target          `json:"add,omitempty"`
	// Groups are the groups chosen to add, for their names.
	Groups []graph.Group      `json:"groups,omitempty"`
	Remove []graph.Assignment `json:"remove,omitempty"`
	// Words says what it does, for the offer.
	Words string `json:"words"`
}

// ID is the draft's key: one set change per configuration.
func (d SetChange) ID() string { return d.ConfigurationID }

// Title says what the draft is, on the offer to restore it.
func (d SetChange) Title() string {
	return "Unsaved change of the assignments of " + d.ConfigurationName + ": " + d.Words
}

// Configuration is what the detail screen needs to open it again.
func (d SetChange) Configuration() graph.Configuration {
	return graph.Configuration{ID: d.ConfigurationID, DisplayName: d.ConfigurationName, Kind: d.ConfigurationKind, Priority: d.Priority}
}

// SetChangeOf reads a kept set change strictly: storage can be edited by
// hand, and its IDs end up in a request's URL.
func SetChangeOf(d Draft) (SetChange, error) {
	var s SetChange
	if err := d.Unmarshal(&s); err != nil {
		return SetChange{}, err
	}
	if err := graph.ValidateID("configurationId", s.ConfigurationID); err != nil {
		return SetChange{}, err
	}
	if len(s.Add)+len(s.Remove) == 0 {
		return SetChange{}, errors.New("drafts: a kept change of assignments that adds and removes nothing")
	}
	for _, a := range s.Remove {
		if err := graph.ValidateID("remove.id", a.ID); err != nil {
			return SetChange{}, err
		}
	}
	for _, t := range s.Add {
		if _, err := graph.ValidateTarget(t); err != nil {
			return SetChange{}, err
		}
	}
	return s, nil
}
