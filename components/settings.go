package components

import (
	"enrollassign/components/keep"
	"enrollassign/graph"
	"enrollassign/graph/cloud"
)

// DefaultSettings point at the demo tenant when the server runs one, and at
// the global cloud with nothing filled in otherwise.
func DefaultSettings(demo Demo) keep.Settings {
	if demo.Enabled() {
		return keep.Settings{CloudID: cloud.DemoID, Tenant: demo.Tenant, ClientID: demo.ClientID, APIVersion: graph.V1}
	}
	return keep.Settings{CloudID: cloud.Global.ID, APIVersion: graph.V1}
}

// LoadSettings reads the kept settings, or the defaults when there are none
// or they no longer make sense (a demo cloud the server stopped offering).
func LoadSettings(local keep.Store, demo Demo) keep.Settings {
	s, ok := keep.LoadSettings(local)
	if !ok {
		return DefaultSettings(demo)
	}
	if _, err := s.Cloud(demo.Cloud); err != nil {
		return DefaultSettings(demo)
	}
	return s
}
