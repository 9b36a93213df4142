package drafts

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/components/keep/keeptest"
)

// ticking is a clock that moves a minute each time it is read.
func ticking() func() time.Time {
	t := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

type form struct {
	Group string `json:"group"`
}

func TestSaveGetListRemove(t *testing.T) {
	s := Store{Storage: new(keeptest.Memory), Now: ticking()}
	require.NoError(t, s.Save(KindEdit, "cfg/a1", "Change of Include group Sales", form{"g1"}))
	require.NoError(t, s.Save(KindRestore, "backup", "Restore of contoso", form{"-"}))
	require.NoError(t, s.Save(KindEdit, "cfg/a1", "Change of Include group Sales", form{"g2"}), "the same subject saves over")

	d, ok := s.Get(KindEdit, "cfg/a1")
	require.True(t, ok)
	var f form
	require.NoError(t, d.Unmarshal(&f))
	assert.Equal(t, "g2", f.Group)

	list := s.List()
	require.Len(t, list, 2)
	assert.Equal(t, KindEdit, list[0].Kind, "newest first")
	assert.Equal(t, KindRestore, list[1].Kind)

	s.Remove(KindEdit, "cfg/a1")
	_, ok = s.Get(KindEdit, "cfg/a1")
	assert.False(t, ok)
	assert.Len(t, s.List(), 1)
}

func TestNothingIsKeptForNobody(t *testing.T) {
	assert.ErrorIs(t, Store{}.Save(KindEdit, "cfg/a1", "x", form{"g"}), ErrNoScope)
	_, ok := Store{}.Get(KindEdit, "cfg/a1")
	assert.False(t, ok)
	assert.Empty(t, Store{}.List())
}

func TestSaveRefusesWhatCannotBeReadBack(t *testing.T) {
	s := Store{Storage: new(keeptest.Memory)}
	assert.Error(t, s.Save("unknown", "x", "x", form{}))
	assert.Error(t, s.Save(KindEdit, "", "x", form{}))
	assert.Error(t, s.Save(KindEdit, "a|b", "x", form{}))
	assert.Error(t, s.Save(KindEdit, "x", "x", func() {}), "data that is not JSON")
	assert.Error(t, s.Save(KindEdit, "x", "x", strings.Repeat("a", MaxSize)), "too big")
	assert.Empty(t, s.List())
}

func TestDamagedDraftsAreDroppedNotOffered(t *testing.T) {
	mem := new(keeptest.Memory)
	s := Store{Storage: mem}
	require.NoError(t, s.Save(KindEdit, "good", "x", form{"g"}))
	good, _ := mem.Get("edit|good")
	require.NoError(t, mem.Set("edit|bad", `{"version":1,"kind":"edit"`))
	require.NoError(t, mem.Set("edit|moved", good)) // a value under another draft's key

	list := s.List()
	require.Len(t, list, 1)
	assert.Equal(t, "good", list[0].ID)
	assert.Equal(t, []string{"edit|good"}, mem.Keys(), "the damaged ones are gone")
}

func TestDecodeRefusals(t *testing.T) {
	valid := `{"version":1,"kind":"edit","id":"c/a","title":"t","saved":"2025-03-01T09:00:00Z","data":{"group":"g"}}`
	_, err := Decode(valid)
	require.NoError(t, err)
	tests := map[string]string{
		"empty":          ``,
		"not JSON":       `hello`,
		"truncated":      valid[:len(valid)-5],
		"two values":     valid + valid,
		"unknown field":  strings.Replace(valid, `"title"`, `"token":"eyJ","title"`, 1),
		"other version":  strings.Replace(valid, `"version":1`, `"version":2`, 1),
		"unknown kind":   strings.Replace(valid, `"kind":"edit"`, `"kind":"macro"`, 1),
		"no ID":          strings.Replace(valid, `"id":"c/a"`, `"id":""`, 1),
		"control in ID":  strings.Replace(valid, `"id":"c/a"`, `"id":"c\u0000a"`, 1),
		"no time":        strings.Replace(valid, `"saved":"2025-03-01T09:00:00Z"`, `"saved":"0001-01-01T00:00:00Z"`, 1),
		"no data":        strings.Replace(valid, `"data":{"group":"g"}`, `"data":null`, 1),
		"an array":       `[` + valid + `]`,
		"too big to try": strings.Repeat(" ", MaxSize+1) + valid,
	}
	for name, raw := range tests {
		_, err := Decode(raw)
		assert.Error(t, err, name)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(`{"version":1,"kind":"edit","id":"c/a","title":"t","saved":"2025-03-01T09:00:00Z","data":{"group":"g"}}`)
	f.Add(`{"version":1,"kind":"restore","id":"b","title":"","saved":"2025-03-01T09:00:00+02:00","data":[1,2]}`)
	f.Add(`{"version":1}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := Decode(raw)
		if err != nil {
			assert.NotEmpty(t, err.Error())
			return
		}
		// What Decode accepts can be written back and read again unchanged.
		again, err := json.Marshal(d)
		require.NoError(t, err)
		d2, err := Decode(string(again))
		require.NoError(t, err, "%s", again)
		assert.Equal(t, d.Kind, d2.Kind)
		assert.Equal(t, d.ID, d2.ID)
		assert.True(t, d.Saved.Equal(d2.Saved))
	})
}
