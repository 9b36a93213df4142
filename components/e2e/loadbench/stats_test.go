//go:build !js

package loadbench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSample(t *testing.T) {
	tests := []struct {
		name           string
		s              Sample
		median, lo, hi float64
		text           string
	}{
		{"odd count", Sample{5, 1, 3}, 3, 1, 5, "3 (1–5)"},
		{"even count: mean of the middle two", Sample{4, 1, 3, 10}, 3.5, 1, 10, "4 (1–10)"},
		{"one run", Sample{7}, 7, 7, 7, "7 (7–7)"},
		{"no run", nil, 0, 0, 0, "—"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.median, tt.s.Median())
			assert.Equal(t, tt.lo, tt.s.Min())
			assert.Equal(t, tt.hi, tt.s.Max())
			assert.Equal(t, tt.text, tt.s.Milliseconds())
		})
	}
	s := Sample{3, 1}
	s.Median()
	assert.Equal(t, Sample{3, 1}, s, "the median leaves the sample's order alone")
}

func TestRatio(t *testing.T) {
	assert.Equal(t, "1.50", ratio(3, 2))
	assert.Equal(t, "—", ratio(3, 0))
}
