package components

import (
	"slices"
	"strings"

	"enrollassign/components/keep"
	"enrollassign/graph/cloud"
)

// EnvClouds is the go-app environment variable through which the server
// names the national clouds this deployment offers (its -clouds flag). Its
// Content-Security-Policy allows connections to those clouds' hosts only,
// so Settings offers no other.
const EnvClouds = "ENROLLASSIGN_CLOUDS"

// noClouds is EnvClouds when the server offers no national cloud (the
// demo tenant alone): unset means every one.
const noClouds = "none"

// CloudsEnv is the environment the server hands to the client for ids.
func CloudsEnv(ids []string) map[string]string {
	if len(ids) == 0 {
		return map[string]string{EnvClouds: noClouds}
	}
	return map[string]string{EnvClouds: strings.Join(ids, ",")}
}

// CloudsFromEnv reads what CloudsEnv wrote: nil when the server said
// nothing (every national cloud), empty when it offers none.
func CloudsFromEnv(getenv func(string) string) []string {
	raw := strings.TrimSpace(getenv(EnvClouds))
	if raw == "" {
		return nil
	}
	ids := []string{}
	if raw == noClouds {
		return ids
	}
	for _, id := range strings.Split(raw, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// offeredClouds lists the national clouds offered; nil offered means all.
func offeredClouds(offered []string) []cloud.Cloud {
	var out []cloud.Cloud
	for _, c := range cloud.National() {
		if offered == nil || slices.Contains(offered, c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// cloudOffered reports whether Settings may use a cloud: the demo cloud
// when the server runs one, a national cloud when the server offers it.
func cloudOffered(id string, offered []string, demo Demo) bool {
	if id == cloud.DemoID {
		return demo.Enabled()
	}
	return offered == nil || slices.Contains(offered, id)
}

// withOfferedCloud keeps s, or points it at a cloud the server offers when
// its cloud is no longer one (the deployment narrowed -clouds).
func withOfferedCloud(s keep.Settings, offered []string, demo Demo) keep.Settings {
	if cloudOffered(s.CloudID, offered, demo) {
		return s
	}
	d := DefaultSettings(demo)
	if !cloudOffered(d.CloudID, offered, demo) {
		if first := offeredClouds(offered); len(first) > 0 {
			d.CloudID = first[0].ID
		}
	}
	return d
}
