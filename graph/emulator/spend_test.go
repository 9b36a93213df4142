//go:build !js

package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSpendWritesSharesTheTenantsBudget(t *testing.T) {
	e := StartTest(t, Options{})
	assert.Equal(t, 100, e.SpendWrites("other-a", 150), "one app gets its own 100")
	assert.Equal(t, 100, e.SpendWrites("other-b", 100))
	assert.Equal(t, 0, e.SpendWrites("other-c", 1), "the tenant's 200 are spent for every app")
	assert.Zero(t, e.Stats().Throttled, "spending is not traffic")
}
