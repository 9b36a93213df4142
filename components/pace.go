package components

import (
	"strconv"

	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
)

// Pace is how fast runs (bulk changes, restores) write in the signed-in
// cloud: Intune's limits or, in the demo, Intune's at the time scale the
// server runs its emulator at. Note says so when the pace is not Intune's.
type Pace struct {
	Limits bulk.Limits
	Note   string
}

// PaceIn is the pace of runs in cl. The demo's time scale comes with the
// demo tenant, from the server's environment (Demo.TimeScale): the app
// never asks the emulator.
func PaceIn(cl cloud.Cloud, d Demo) Pace {
	if !cl.Demo || d.TimeScale <= 0 || d.TimeScale == 1 {
		return Pace{Limits: bulk.IntuneLimits}
	}
	return Pace{Limits: bulk.IntuneLimits.Scaled(d.TimeScale),
		Note: "the demo emulator runs at time scale " + strconv.FormatFloat(d.TimeScale, 'g', -1, 64)}
}

// limits are the pace's, Intune's when none was set.
func (p Pace) limits() bulk.Limits {
	if p.Limits == (bulk.Limits{}) {
		return bulk.IntuneLimits
	}
	return p.Limits
}
