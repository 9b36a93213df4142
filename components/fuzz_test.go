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
