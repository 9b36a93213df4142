package bulk

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffDoublesUpToItsCap(t *testing.T) {
	for _, tc := range []struct {
		limits Limits
		n      int
		want   time.Duration
	}{
		{IntuneLimits, 0, time.Second},
		{IntuneLimits, 1, time.Second},
		{IntuneLimits, 2, 2 * time.Second},
		{IntuneLimits, 5, 16 * time.Second},
		{IntuneLimits, 6, 32 * time.Second},
		{IntuneLimits, 40, 32 * time.Second},
		{IntuneLimits.Scaled(0.05), 1, 50 * time.Millisecond},
		{IntuneLimits.Scaled(0.05), 9, 1600 * time.Millisecond},
		{Limits{}, 3, 4 * time.Second}, // no limits given: Intune's
	} {
		assert.Equal(t, tc.want, tc.limits.Backoff(tc.n), "%v, failure %d", tc.limits.Window, tc.n)
	}
}
