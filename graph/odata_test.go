package graph

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJSONComparisons(t *testing.T) {
	tests := []struct {
		big, small   string
		same, covers bool
	}{
		{`{"a":1,"b":"&"}`, `{"b":"\u0026","a":1}`, true, true},
		{`{"a":1,"b":2}`, `{"a":1}`, false, true},
		{`{"a":{"x":1,"y":null}}`, `{"a":{"x":1}}`, false, true},
		{`{"a":{"x":2}}`, `{"a":{"x":1}}`, false, false},
		{`{"a":1.0}`, `{"a":1}`, false, false}, // numbers as written
		{`{"a":[1,2]}`, `{"a":[1]}`, false, false},
		{`{"a":"x"}`, `{"a":{"x":1}}`, false, false},
		{`{"a":1}`, `{"b":null}`, false, false},
		{`{`, `{}`, false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.same, sameJSON([]byte(tt.big), []byte(tt.small)), "same %s %s", tt.big, tt.small)
		assert.Equal(t, tt.covers, containsJSON([]byte(tt.big), []byte(tt.small)), "covers %s %s", tt.big, tt.small)
	}
}
