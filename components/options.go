package components

import (
	"time"

	"enrollassign/graph"
)

// options are what tests tune: the clocks and intervals the app otherwise
// takes from the wall clock and its defaults. The zero value is the app's.
// The shell hands its own to every screen it draws, and each screen to its
// parts; being unexported, go-app never copies them over a mounted
// component, and nothing outside this package can set them.
type options struct {
	// searchDelay is the group picker's pause after typing (0:
	// DefaultSearchDelay).
	searchDelay time.Duration
	// leaseClock stamps and reads runs' leases (nil: the wall clock, which
	// every tab shares).
	leaseClock graph.Clock
	// leaseTTL is how long a run's lease holds unrenewed (0:
	// bulk.DefaultLeaseTTL).
	leaseTTL time.Duration
	// leaseRecheck is how often a screen looks again while another tab
	// holds a run (0: defaultLeaseRecheck).
	leaseRecheck time.Duration
	// clock paces the bulk engine (nil: the wall clock).
	clock graph.Clock
}
