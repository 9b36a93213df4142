package widgets

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// NoChoice is a select's first option, which chooses nothing: its value is
// the empty string. go-app drops an empty value attribute
// (Option().Value("") renders <option> without one), and an option without
// a value has its text as value, so choosing "Choose a filter" again would
// choose a filter named "Choose a filter". The words go in the label
// attribute, which the browser shows and names the option by, and the
// option has no text, so its value is "".
func NoChoice(words string, selected bool) app.HTMLOption {
	return app.Option().Label(words).Aria("label", words).Selected(selected)
}
