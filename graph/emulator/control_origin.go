package emulator

import (
	"fmt"
	"net/http"

	"enrollassign/graph/emulator/internal/httpx"
)

// appOnly lets the test endpoints be called by tests and tools (no Origin)
// and by the app's own page (the origin of a registered SPA redirect URI,
// which reads the time scale), and by no other page. While `make run` is
// up, any site the administrator visits could otherwise mint tokens,
// overwrite the tenant or register its own redirect URI: a page of another
// origin is refused with 403 before anything is done, since a simple POST
// (a text/plain body) reaches the handler without a preflight, and only the
// app's origin is told it may read an answer.
func (e *Emulator) appOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			if !e.entra.IsSPAOrigin(origin) {
				refuse(w, http.StatusForbidden, fmt.Errorf("%s: the test endpoints answer the app's own page only, not %s", r.URL.Path, origin))
				return
			}
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Add("Vary", "Origin")
		}
		if httpx.IsPreflight(r) {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
