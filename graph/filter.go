package graph

import (
	"encoding/json"
	"slices"
	"strings"
)

// FilterType is how an assignment uses its filter
// (deviceAndAppManagementAssignmentFilterType, beta only).
type FilterType string

// The members of deviceAndAppManagementAssignmentFilterType.
const (
	FilterNone    FilterType = "none"
	FilterInclude FilterType = "include"
	FilterExclude FilterType = "exclude"
)

// The target properties that hold beta's assignment filter; they live on
// the base type, so every target kind has them.
const (
	filterIDProperty   = "deviceAndAppManagementAssignmentFilterId"
	filterTypeProperty = "deviceAndAppManagementAssignmentFilterType"
)

// AssignmentFilter is a deviceAndAppManagementAssignmentFilter (beta): a
// reusable rule on device properties that narrows an assignment.
type AssignmentFilter struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description,omitempty"`
	// Platform is a devicePlatformType: android, androidForWork, iOS,
	// macOS, windowsPhone81, windows81AndLater, windows10AndLater,
	// androidWorkProfile, unknown, androidAOSP,
	// androidMobileApplicationManagement, iOSMobileApplicationManagement,
	// windowsMobileApplicationManagement.
	Platform string `json:"platform"`
	Rule     string `json:"rule,omitempty"`
	// ManagementType is "devices" (enrolled devices) or "apps" (managed
	// apps); Graph treats a missing one as "devices".
	ManagementType string `json:"assignmentFilterManagementType,omitempty"`
}

// Filter is the assignment filter t carries: its ID and type, or "" and
// FilterNone when it has none (never set, or beta's defaults null and
// "none", or a v1.0 read, which hides it).
func (t Target) Filter() (string, FilterType) {
	var id string
	typ := FilterNone
	if raw, ok := t.extra[filterIDProperty]; ok {
		_ = json.Unmarshal(raw, &id) // null or not a string reads as none
	}
	if raw, ok := t.extra[filterTypeProperty]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			typ = FilterType(s)
		}
	}
	if id == "" || typ == FilterNone {
		return "", FilterNone
	}
	return id, typ
}

// WithFilter returns t using filter id in mode typ; FilterNone (or an empty
// id) removes the filter. Both properties are written either way, so that
// keeping() carries neither old value over a removal.
func (t Target) WithFilter(id string, typ FilterType) Target {
	next := t
	next.extra = t.extra.clone()
	if next.extra == nil {
		next.extra = extras{}
	}
	if id == "" || typ == FilterNone {
		next.extra[filterIDProperty] = json.RawMessage("null")
		next.extra[filterTypeProperty] = json.RawMessage(`"none"`)
		return next
	}
	rawID, _ := json.Marshal(id)
	rawType, _ := json.Marshal(string(typ))
	next.extra[filterIDProperty], next.extra[filterTypeProperty] = rawID, rawType
	return next
}

// Which configurations take assignment filters, and filters of which
// platforms. Microsoft's "Create device platform restrictions", section
// "Apply assignment filters"
// (https://learn.microsoft.com/intune/intune-service/enrollment/create-device-platform-restrictions#apply-assignment-filters):
// "Enrollment restrictions and ESP policies both support the use of
// assignment filters"; filters "are available for macOS, iOS, and Windows
// policies"; "Filters can't be used with Android enrollment restrictions".
// "Platforms and policy types supported by filters"
// (https://learn.microsoft.com/intune/intune-service/fundamentals/filters-supported-workloads)
// agrees: enrollment device platform restrictions take filters on
// iOS/iPadOS, macOS and Windows, not on Android device administrator or
// Android Enterprise. Device limit restrictions and Windows Hello for
// Business enrollment settings are listed nowhere, and their assignment
// pages in the admin center offer no filter: they take none. Only filters
// for managed devices apply (managed-app filters narrow app protection and
// app configuration policies only: "Use filters when assigning your apps,
// policies, and profiles", Restrictions).
var filterPlatforms = map[ConfigurationKind][]string{
	ConfigurationPlatformRestrictions:     {"iOS", "macOS", "windows10AndLater"},
	ConfigurationEnrollmentCompletionPage: {"windows10AndLater"},
}

// AcceptsFilters reports whether assignments of this kind may carry an
// assignment filter.
func (k ConfigurationKind) AcceptsFilters() bool { return len(filterPlatforms[k]) > 0 }

// FilterPlatforms lists the filter platforms this kind takes, nil for none.
func (k ConfigurationKind) FilterPlatforms() []string {
	return slices.Clone(filterPlatforms[k])
}

// NoFilterReason says why a configuration of this kind takes no filter, or
// is empty when it takes one.
func (k ConfigurationKind) NoFilterReason() string {
	if k.AcceptsFilters() {
		return ""
	}
	return "Intune takes assignment filters only on enrollment restrictions (iOS/iPadOS, macOS and Windows filters) and Enrollment Status Pages (Windows filters), not on " + k.Label() + " configurations"
}

// Fits reports whether f may filter an assignment of a configuration of
// kind k: a filter for managed devices, of a platform the kind takes.
func (f AssignmentFilter) Fits(k ConfigurationKind) bool {
	if f.ManagementType != "" && !strings.EqualFold(f.ManagementType, "devices") {
		return false
	}
	return slices.Contains(filterPlatforms[k], f.Platform)
}

// FiltersFor keeps the filters that fit a configuration of kind k, in the
// order given.
func FiltersFor(all []AssignmentFilter, k ConfigurationKind) []AssignmentFilter {
	var out []AssignmentFilter
	for _, f := range all {
		if f.Fits(k) {
			out = append(out, f)
		}
	}
	return out
}

// PlatformLabel names a filter platform as the admin center does.
func PlatformLabel(p string) string {
	switch p {
	case "android":
		return "Android device administrator"
	case "androidForWork", "androidWorkProfile":
		return "Android Enterprise"
	case "androidAOSP":
		return "Android (AOSP)"
	case "iOS":
		return "iOS/iPadOS"
	case "macOS":
		return "macOS"
	case "windows10AndLater":
		return "Windows 10 and later"
	case "windows81AndLater":
		return "Windows 8.1 and later"
	case "windowsPhone81":
		return "Windows Phone 8.1"
	case "androidMobileApplicationManagement":
		return "Android (managed apps)"
	case "iOSMobileApplicationManagement":
		return "iOS/iPadOS (managed apps)"
	case "windowsMobileApplicationManagement":
		return "Windows (managed apps)"
	}
	return p
}

// checkFilter refuses, before any request, a filter set or changed where
// Intune takes none, or that cannot be one. A filter the assignment already
// had is kept as it is, whatever the rules: the user never chose it here.
func checkFilter(k ConfigurationKind, before, after Target) error {
	id, typ := after.Filter()
	oldID, oldType := before.Filter()
	switch {
	case typ == FilterNone || (strings.EqualFold(id, oldID) && typ == oldType):
		return nil
	case !k.AcceptsFilters():
		return &ValidationError{"target.filter", k.NoFilterReason()}
	case typ != FilterInclude && typ != FilterExclude:
		return &ValidationError{"target.filter", "a filter is used to include or to exclude devices, not " + string(typ)}
	case !isGUID(id):
		return &ValidationError{"target.filter", "\"" + id + "\" is not an assignment filter ID (a GUID)"}
	}
	return nil
}
