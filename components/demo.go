package components

import (
	"strconv"
	"strings"

	"enrollassign/graph/cloud"
)

// Names of the go-app environment variables through which the server tells
// the client about its demo tenant (app.Handler.Env, read with app.Getenv).
const (
	EnvDemoEntraURL = "ENROLLASSIGN_DEMO_ENTRA_URL"
	EnvDemoGraphURL = "ENROLLASSIGN_DEMO_GRAPH_URL"
	EnvDemoTenant   = "ENROLLASSIGN_DEMO_TENANT"
	EnvDemoClientID = "ENROLLASSIGN_DEMO_CLIENT_ID"
	EnvDemoUsers    = "ENROLLASSIGN_DEMO_USERS"
	EnvDemoScale    = "ENROLLASSIGN_DEMO_TIME_SCALE"
)

// Demo is the local emulator's tenant, when the server offers one.
type Demo struct {
	Cloud    cloud.Cloud
	Tenant   string
	ClientID string
	// Users are the demo accounts' user principal names, shown in the
	// banner. The server names them only when it started the emulator
	// itself: otherwise it cannot know who the emulator signs in.
	Users []string
	// TimeScale is the emulator's: 0.05 makes Intune's 20-second throttling
	// window last one second, and runs keep to that pace (PaceIn). Zero or
	// one is real time.
	TimeScale float64
}

// Enabled reports whether there is a demo tenant at all.
func (d Demo) Enabled() bool { return d.Cloud.ID == cloud.DemoID && d.Cloud.AuthorityURL != "" }

// DemoEnv is the environment the server hands to the client for d.
func DemoEnv(d Demo) map[string]string {
	return map[string]string{
		EnvDemoEntraURL: d.Cloud.AuthorityURL,
		EnvDemoGraphURL: d.Cloud.GraphURL,
		EnvDemoTenant:   d.Tenant,
		EnvDemoClientID: d.ClientID,
		EnvDemoUsers:    strings.Join(d.Users, ","),
		EnvDemoScale:    strconv.FormatFloat(d.TimeScale, 'g', -1, 64),
	}
}

// DemoFromEnv reads what DemoEnv wrote; getenv is app.Getenv in the browser.
func DemoFromEnv(getenv func(string) string) Demo {
	entra, graphURL := getenv(EnvDemoEntraURL), getenv(EnvDemoGraphURL)
	if entra == "" || graphURL == "" {
		return Demo{}
	}
	d := Demo{
		Cloud:    cloud.Demo(entra, graphURL),
		Tenant:   getenv(EnvDemoTenant),
		ClientID: getenv(EnvDemoClientID),
	}
	if users := getenv(EnvDemoUsers); users != "" {
		d.Users = strings.Split(users, ",")
	}
	if scale, err := strconv.ParseFloat(getenv(EnvDemoScale), 64); err == nil && scale > 0 {
		d.TimeScale = scale
	}
	return d
}
