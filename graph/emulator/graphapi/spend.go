package graphapi

import "enrollassign/graph/emulator/throttle"

// SpendWrites admits up to n writes of app in tenant through the
// throttling windows, as if that app had sent them, and returns how many
// fitted. Tests use it to play other apps sharing the tenant's budget
// without the cost of real requests. The first refused write stops the
// spending and blocks app as a 429 would (its Retry-After is recorded), so
// a test's next spend under the same name comes back early.
func (s *Server) SpendWrites(tenant, app string, n int) int {
	admitted := 0
	for range n {
		d := s.limiter.Admit(throttle.Request{Tenant: tenant, App: app, Write: true, Limited: true})
		if !d.Allowed {
			break
		}
		admitted++
	}
	return admitted
}
