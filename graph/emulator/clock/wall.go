package clock

import "time"

// Wall is the real time, the emulator's clock unless a test injects another.
type Wall struct{}

// Now is time.Now.
func (Wall) Now() time.Time { return time.Now() }
