package graph

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidateTarget(t *testing.T) {
	tests := []struct {
		name      string
		target    Target
		errField  string // "" when valid
		warnField string // "" when no warning
	}{
		{"group", GroupTarget(groupA), "", ""},
		{"group with upper-case GUID", GroupTarget(strings.ToUpper(groupA)), "", ""},
		{"exclusion group", ExclusionGroupTarget(groupB), "", ""},
		{"all licensed users", AllLicensedUsersTarget(), "", ""},
		{"all devices", AllDevicesTarget(), "", ""},
		{"collection", CollectionTarget("SMS00001"), "", ""},
		{"collection with a site code of digits", CollectionTarget("PS1000A3"), "", ""},
		{"collection placeholder from the seed", CollectionTarget("Collection Id value"), "", "target.collectionId"},
		{"collection with a non-hex tail", CollectionTarget("SMS0000G"), "", "target.collectionId"},
		{"collection empty", CollectionTarget(""), "target.collectionId", ""},
		{"collection blank", CollectionTarget("  "), "target.collectionId", ""},
		{"collection with a newline", CollectionTarget("SMS\n0001"), "target.collectionId", ""},
		{"group empty", GroupTarget(""), "target.groupId", ""},
		{"group by name", GroupTarget("Sales Laptops"), "target.groupId", ""},
		{"group GUID without dashes", GroupTarget(strings.ReplaceAll(groupA, "-", "")), "target.groupId", ""},
		{"group GUID with braces", ExclusionGroupTarget("{" + groupA[1:35] + "}"), "target.groupId", ""},
		{"group GUID with a non-hex digit", GroupTarget("g" + groupA[1:]), "target.groupId", ""},
		{"no type", Target{}, "target.@odata.type", ""},
		{"abstract type", Target{Kind: targetBase}, "target.@odata.type", ""},
		{"unknown type", Target{Kind: "someFutureTarget"}, "target.@odata.type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings, err := ValidateTarget(tt.target)
			if tt.errField != "" {
				var ve *ValidationError
				assert.ErrorAs(t, err, &ve)
				assert.Equal(t, tt.errField, ve.Field)
				assert.Contains(t, err.Error(), tt.errField+": ")
				return
			}
			assert.NoError(t, err)
			if tt.warnField == "" {
				assert.Empty(t, warnings)
				return
			}
			if assert.Len(t, warnings, 1) {
				assert.Equal(t, tt.warnField, warnings[0].Field)
				assert.Contains(t, warnings[0].Message, "SMS00001")
			}
		})
	}
}

func TestValidateID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{configID, true},
		{configID + "_" + groupA, true},
		{"t1_DefaultLimit", true},
		{"{placeholder}", true},
		{"", false},
		{"a b", false},
		{"a/b", false},
		{`a\b`, false},
		{"a?b", false},
		{"a#b", false},
		{"a%2Fb", false},
		{`a"b`, false},
		{"a'b", false},
		{"a\tb", false},
		{"a\u0085b", false},
		{strings.Repeat("x", 257), false},
	}
	for _, tt := range tests {
		err := validateID("assignment.id", tt.id)
		assert.Equal(t, tt.ok, err == nil, "%q: %v", tt.id, err)
	}
}

func TestValidateIDIsExported(t *testing.T) {
	assert.NoError(t, ValidateID("configuration.id", "c1_DefaultLimit"))
	var ve *ValidationError
	assert.ErrorAs(t, ValidateID("configuration.id", "../x"), &ve)
	assert.Equal(t, "configuration.id", ve.Field)
}
