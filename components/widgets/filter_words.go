package widgets

import "enrollassign/graph"

// FilterWords says how an assignment uses its filter, in the admin center's
// words: "Include filtered devices: Windows 11 corporate devices", the
// filter named by ID when its name is not known; "" without a filter.
func FilterWords(id string, typ graph.FilterType, name string) string {
	if id == "" || typ == graph.FilterNone {
		return ""
	}
	if name == "" {
		name = "filter " + id
	}
	if typ == graph.FilterExclude {
		return "Exclude filtered devices: " + name
	}
	return "Include filtered devices: " + name
}
