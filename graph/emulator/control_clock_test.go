//go:build !js

package emulator

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/clock"
)

// The reproduction: advancing by 2562047h twice moved time
// backwards. The offset now stops at clock.MaxOffset.
func TestTheClockNeverMovesBackwards(t *testing.T) {
	e := StartTest(t, Options{})
	var state struct {
		Now    time.Time `json:"now"`
		Offset string    `json:"offset"`
	}
	previous := e.Now()
	for range 2 {
		require.Equal(t, http.StatusOK, control(t, e, "POST", "clock", `{"advance":"2562047h"}`, &state))
		assert.False(t, state.Now.Before(previous), "now %s is before %s", state.Now, previous)
		previous = state.Now
	}
	assert.Equal(t, clock.MaxOffset.String(), state.Offset)
}
