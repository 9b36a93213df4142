package browser

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// page is a component that keeps the context go-app's test engine gives
// it: the storages come with it.
type page struct {
	app.Compo
	ctx app.Context
}

func (p *page) OnPreRender(ctx app.Context) { p.ctx = ctx }
func (p *page) Render() app.UI              { return app.Div() }

func mounted(t *testing.T) app.Context {
	t.Helper()
	p := &page{}
	e := app.NewTestEngine()
	require.NoError(t, e.Load(p))
	e.ConsumeAll()
	return p.ctx
}

func TestStorageAdaptsBrowserStorage(t *testing.T) {
	s := Session(mounted(t))

	_, ok := s.Get("missing")
	assert.False(t, ok)
	require.NoError(t, s.Set("enrollassign.b", `{"json":"inside"}`))
	require.NoError(t, s.Set("enrollassign.a", "plain"))
	v, ok := s.Get("enrollassign.b")
	assert.True(t, ok)
	assert.Equal(t, `{"json":"inside"}`, v, "values come back byte for byte")
	assert.Equal(t, []string{"enrollassign.a", "enrollassign.b"}, s.Keys())
	s.Remove("enrollassign.a")
	assert.Equal(t, []string{"enrollassign.b"}, s.Keys())
}

// Versions before components/keep stored the settings through go-app as a
// JSON object: such a value reads as its JSON text, so nothing is lost.
func TestStorageReadsOtherJSONAsItsText(t *testing.T) {
	s := Local(mounted(t))
	require.NoError(t, s.Storage.Set("enrollassign-settings", map[string]string{"cloud": "global"}))
	v, ok := s.Get("enrollassign-settings")
	assert.True(t, ok)
	assert.JSONEq(t, `{"cloud":"global"}`, v)
}
