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

func TestOffsetIsClampedAndNeverWraps(t *testing.T) {
	base := NewManual(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	o := NewOffset(base)
	longest := time.Duration(1<<63 - 1) // 2562047h47m16.854775807s; "2562047h" is a little less
	previous := o.Now()
	for range 3 {
		o.Advance(longest)
		assert.False(t, o.Now().Before(previous), "time went backwards to %s", o.Now())
		previous = o.Now()
	}
	assert.Equal(t, MaxOffset, o.Elapsed())
	o.Advance(time.Hour)
	assert.Equal(t, MaxOffset, o.Elapsed(), "held at the limit")
	assert.Equal(t, 2124, o.Now().Year())
}
