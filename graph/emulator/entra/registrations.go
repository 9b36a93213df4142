package entra

import (
	"net/url"
	"strings"

	"enrollassign/graph/emulator/demo"
)

// platform is how a redirect URI is registered, which decides the CORS and
// refresh-token rules of the tokens redeemed with it.
type platform int

const (
	unregistered platform = iota
	singlePageApp
	publicClient
)

func findApp(clientID string) (demo.App, bool) {
	for _, a := range demo.Apps() {
		if strings.EqualFold(a.ClientID, clientID) {
			return a, true
		}
	}
	return demo.App{}, false
}

// platformOf matches a redirect URI against the app's registrations: SPA
// URIs exactly (scheme, host, port, path and trailing slash all count), and
// public-client URIs exactly except that an http://localhost registration
// accepts any port, as Entra does for loopback.
func (s *Server) platformOf(app demo.App, uri string) platform {
	if app.SPA {
		for _, spa := range s.spaURIs() {
			if uri == spa {
				return singlePageApp
			}
		}
	}
	for _, reg := range app.PublicClientRedirectURIs {
		if uri == reg || loopbackMatch(reg, uri) {
			return publicClient
		}
	}
	return unregistered
}

func loopbackMatch(registered, uri string) bool {
	reg, err1 := url.Parse(registered)
	got, err2 := url.Parse(uri)
	if err1 != nil || err2 != nil || reg.Scheme != "http" || reg.Hostname() != "localhost" {
		return false
	}
	return got.Scheme == "http" && got.Hostname() == "localhost" &&
		strings.TrimSuffix(got.Path, "/") == strings.TrimSuffix(reg.Path, "/") && got.RawQuery == "" && got.Fragment == ""
}

// IsSPAOrigin reports whether origin is the origin of a registered SPA
// redirect URI: the only origins the token endpoint answers with CORS, and
// the only pages the emulator's test endpoints answer (the app's own).
func (s *Server) IsSPAOrigin(origin string) bool {
	for _, spa := range s.spaURIs() {
		u, err := url.Parse(spa)
		if err == nil && u.Scheme+"://"+u.Host == origin {
			return true
		}
	}
	return false
}

// isRegistered reports whether uri is any redirect URI of any app: where
// logout may send the browser back to.
func (s *Server) isRegistered(uri string) bool {
	for _, app := range demo.Apps() {
		if s.platformOf(app, uri) != unregistered {
			return true
		}
	}
	return false
}
