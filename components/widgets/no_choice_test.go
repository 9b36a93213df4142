package widgets

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/assert"
)

// An option rendered with Value("") has no value attribute, so the browser
// takes its text as its value; NoChoice has neither, so its value is "".
func TestNoChoiceHasNoTextToBeTakenAsItsValue(t *testing.T) {
	assert.NotContains(t, app.HTMLString(app.Option().Value("").Text("Choose")), `value=`, "go-app drops the empty value")
	page := app.HTMLString(NoChoice("Choose a filter", true))
	assert.Contains(t, page, `label="Choose a filter"`)
	assert.Equal(t, "", visible(page), "no text, so no value but the empty string")
}
