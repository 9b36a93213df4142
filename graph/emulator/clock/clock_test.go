package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestOffsetMovesForwardOnly(t *testing.T) {
	base := NewManual(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	o := NewOffset(base)
	o.Advance(2 * time.Hour)
	o.Advance(-time.Hour)
	assert.Equal(t, time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC), o.Now())
	assert.Equal(t, 2*time.Hour, o.Elapsed())
	base.Advance(time.Minute)
	assert.Equal(t, time.Date(2025, 1, 1, 2, 1, 0, 0, time.UTC), o.Now(), "the base clock still runs under the offset")
	o.Reset()
	assert.Equal(t, time.Date(2025, 1, 1, 0, 1, 0, 0, time.UTC), o.Now())
}
