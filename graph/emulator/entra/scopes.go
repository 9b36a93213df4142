package entra

import (
	"slices"
	"strings"
)

// oidcScopes are the scopes that ask for sign-in artefacts, not a resource.
var oidcScopes = []string{"openid", "profile", "email", "offline_access"}

// scopeSet is a parsed scope parameter.
type scopeSet struct {
	oidc  []string // openid, profile, email, offline_access
	graph []string // Graph permission names, ".default" included
}

// parseScopes splits a scope parameter. A permission without a resource
// means Graph, as Entra assumes; any resource other than Graph (a national
// cloud's Graph included: the demo tenant lives in the global cloud) is
// refused with AADSTS500011.
func parseScopes(raw string) (scopeSet, *aadError) {
	var set scopeSet
	for _, s := range strings.Fields(raw) {
		if slices.Contains(oidcScopes, strings.ToLower(s)) {
			set.oidc = appendOnce(set.oidc, strings.ToLower(s))
			continue
		}
		resource, permission, ok := splitScope(s)
		if !ok || !isGraph(resource) {
			e := errResource(resource)
			return scopeSet{}, &e
		}
		set.graph = appendOnce(set.graph, permission)
	}
	return set, nil
}

func splitScope(s string) (resource, permission string, ok bool) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return GraphResource, s, true
	}
	if i == len(s)-1 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func isGraph(resource string) bool {
	r := strings.TrimSuffix(strings.ToLower(resource), "/")
	return r == GraphResource || r == GraphAppID
}

func (s scopeSet) has(oidc string) bool { return slices.Contains(s.oidc, oidc) }

func (s scopeSet) union(o scopeSet) scopeSet {
	out := scopeSet{oidc: slices.Clone(s.oidc), graph: slices.Clone(s.graph)}
	for _, v := range o.oidc {
		out.oidc = appendOnce(out.oidc, v)
	}
	for _, v := range o.graph {
		out.graph = appendOnce(out.graph, v)
	}
	return out
}

// answered is the `scope` of a token response: every Graph permission
// consented for the app, prefixed, then the OIDC scopes asked for
// (offline_access is never echoed). A permission asked for but not
// consented (declined) is missing from it, which MSAL refuses.
func (s scopeSet) answered(consented []string) string {
	out := make([]string, 0, len(consented)+len(s.oidc))
	for _, p := range consented {
		out = append(out, GraphResource+"/"+p)
	}
	for _, o := range s.oidc {
		if o != "offline_access" {
			out = append(out, o)
		}
	}
	return strings.Join(out, " ")
}

func appendOnce(list []string, v string) []string {
	for _, have := range list {
		if strings.EqualFold(have, v) {
			return list
		}
	}
	return append(list, v)
}
