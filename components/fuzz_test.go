package components

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"enrollassign/components/keep/drafts"
	"enrollassign/graph"
)

// FuzzKeptEdit: whatever a tampered or damaged localStorage holds as a kept
// edit, reading it either fails with an error or gives IDs that are Graph
// IDs; it never panics.
func FuzzKeptEdit(f *testing.F) {
	good, _ := json.Marshal(drafts.Edit{ConfigurationID: espID, AssignmentID: espID + "_" + salesID, Kind: graph.TargetGroup, GroupText: "Sales"})
	f.Add(good)
	f.Add([]byte(`{"configurationId":"..","assignmentId":"a"}`))
	f.Add([]byte(`{"before":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		d := drafts.Draft{Version: 1, Kind: drafts.KindEdit, ID: "x", Saved: time.Now(), Data: data}
		e, err := drafts.EditOf(d)
		if err != nil {
			return
		}
		assert.NoError(t, graph.ValidateID("c", e.ConfigurationID))
		assert.NoError(t, graph.ValidateID("a", e.AssignmentID))
		_ = e.Title()
		_ = e.Configuration()
	})
}

// FuzzKeptSetChange: the same for a kept addition or removal, whose IDs
// and targets end up in requests.
func FuzzKeptSetChange(f *testing.F) {
	good, _ := json.Marshal(drafts.SetChange{ConfigurationID: limitID, Add: []graph.Target{graph.GroupTarget(salesID)},
		Remove: []graph.Assignment{{ID: limitID + "_" + pilotID, Target: graph.GroupTarget(pilotID)}}})
	f.Add(good)
	f.Add([]byte(`{"configurationId":"c","remove":[{"id":"../x"}]}`))
	f.Add([]byte(`{"configurationId":"c","add":[{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"Sales"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		d := drafts.Draft{Version: 1, Kind: drafts.KindSetChange, ID: "x", Saved: time.Now(), Data: data}
		s, err := drafts.SetChangeOf(d)
		if err != nil {
			return
		}
		assert.NoError(t, graph.ValidateID("c", s.ConfigurationID))
		for _, a := range s.Remove {
			assert.NoError(t, graph.ValidateID("a", a.ID))
		}
		for _, tg := range s.Add {
			_, err := graph.ValidateTarget(tg)
			assert.NoError(t, err)
		}
		_ = s.Title()
	})
}
