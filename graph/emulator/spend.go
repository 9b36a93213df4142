package emulator

// SpendWrites plays another app of the demo tenant writing n times: the
// writes count in the tenant's window (200 per 20 s, all apps) and in that
// app's own (100 per 20 s), exactly as requests would, and the number that
// fitted is returned. app is any name other than the client IDs under test;
// a refused write blocks that name as a 429 would, so a test playing a
// steady stream of other apps gives each call its own name.
func (e *Emulator) SpendWrites(app string, n int) int {
	return e.graph.SpendWrites(DemoTenantID, app, n)
}
