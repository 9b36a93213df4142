package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"enrollassign/graph/emulator/internal/httpx"
)

// controlPrefix is where the test endpoints live on the Graph origin.
const controlPrefix = "/_emulator/"

// graphHandler serves the test endpoints and hands everything else to Graph.
func (e *Emulator) graphHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_emulator/state", e.getState)
	mux.HandleFunc("PUT /_emulator/state", e.putState)
	mux.HandleFunc("GET /_emulator/stats", e.getStats)
	mux.HandleFunc("POST /_emulator/stats/reset", e.resetStats)
	mux.HandleFunc("GET /_emulator/requests", e.getRequests)
	mux.HandleFunc("GET /_emulator/faults", e.getFaults)
	mux.HandleFunc("POST /_emulator/faults", e.postFaults)
	mux.HandleFunc("POST /_emulator/reset", e.postReset)
	mux.HandleFunc("GET /_emulator/clock", e.getClock)
	mux.HandleFunc("POST /_emulator/clock", e.postClock)
	mux.HandleFunc("POST /_emulator/token", e.postToken)
	mux.HandleFunc("POST /_emulator/spa-redirect-uris", e.postRedirectURI)
	control := e.appOnly(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, controlPrefix) {
			control.ServeHTTP(w, r)
			return
		}
		e.graph.ServeHTTP(w, r)
	})
}

const controlJSON = "application/json; charset=utf-8"

func reply(w http.ResponseWriter, v any) { httpx.JSON(w, http.StatusOK, controlJSON, v) }

func refuse(w http.ResponseWriter, status int, err error) {
	httpx.JSON(w, status, controlJSON, map[string]string{"error": err.Error()})
}

// decodeStrict reads a JSON body, refusing unknown fields: a typo in a
// test's switch must fail loudly, not be ignored.
func decodeStrict(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 16<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("reading %s: %w", r.URL.Path, err)
	}
	return nil
}

// State is the body of GET and PUT /_emulator/state: every configuration
// with its assignments, as Graph JSON (beta shape: filters and source
// included), and the groups. On PUT, groups may be left out to keep them.
type State struct {
	Value  []Configuration `json:"value"`
	Groups []Group         `json:"groups,omitempty"`
}

func (e *Emulator) getState(w http.ResponseWriter, _ *http.Request) {
	store := e.graph.Store()
	reply(w, State{Value: store.Configurations(), Groups: store.Groups()})
}

func (e *Emulator) putState(w http.ResponseWriter, r *http.Request) {
	var s State
	if err := decodeStrict(r, &s); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	if s.Value == nil {
		refuse(w, http.StatusBadRequest, fmt.Errorf("state: \"value\" (the configurations) is required"))
		return
	}
	if err := e.graph.Store().Replace(s.Value, s.Groups); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	e.getState(w, r)
}

func (e *Emulator) getStats(w http.ResponseWriter, _ *http.Request) { reply(w, e.Stats()) }

func (e *Emulator) resetStats(w http.ResponseWriter, _ *http.Request) {
	e.ResetStats()
	reply(w, e.Stats())
}

func (e *Emulator) getRequests(w http.ResponseWriter, _ *http.Request) {
	reply(w, map[string]any{"value": e.Requests()})
}

func (e *Emulator) getFaults(w http.ResponseWriter, _ *http.Request) { reply(w, e.Settings()) }

// postFaults changes only the switches the body names; error rates merge
// by status ({"errorRates":{"503":0}} turns 503s off).
func (e *Emulator) postFaults(w http.ResponseWriter, r *http.Request) {
	next := e.Settings()
	if err := decodeStrict(r, &next); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	if err := e.SetSettings(next); err != nil {
		refuse(w, http.StatusBadRequest, fmt.Errorf("faults: %w", err))
		return
	}
	reply(w, e.Settings())
}

func (e *Emulator) postReset(w http.ResponseWriter, _ *http.Request) {
	if err := e.Reset(); err != nil {
		refuse(w, http.StatusInternalServerError, err)
		return
	}
	reply(w, map[string]string{"status": "reset"})
}

type clockState struct {
	Now    time.Time `json:"now"`
	Offset string    `json:"offset"`
}

func (e *Emulator) getClock(w http.ResponseWriter, _ *http.Request) {
	reply(w, clockState{Now: e.clock.Now().UTC(), Offset: e.clock.Elapsed().String()})
}

// postClock jumps the clock: {"advance":"2h"}.
func (e *Emulator) postClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Advance string `json:"advance"`
	}
	if err := decodeStrict(r, &body); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	d, err := time.ParseDuration(body.Advance)
	if err != nil || d <= 0 {
		refuse(w, http.StatusBadRequest, fmt.Errorf("clock: advance %q is not a positive duration such as \"2h\"", body.Advance))
		return
	}
	e.Advance(d)
	e.getClock(w, r)
}

// postToken mints an access token without a sign-in: {"upn":..., "clientId":...}.
func (e *Emulator) postToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UPN      string `json:"upn"`
		ClientID string `json:"clientId"`
	}
	if err := decodeStrict(r, &body); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	if body.ClientID == "" {
		body.ClientID = DemoClientID
	}
	tok, err := e.AccessToken(body.UPN, body.ClientID)
	if err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	reply(w, map[string]string{"access_token": tok, "token_type": "Bearer"})
}

// postRedirectURI registers an SPA redirect URI: {"uri":"http://127.0.0.1:41234/"}.
func (e *Emulator) postRedirectURI(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URI string `json:"uri"`
	}
	if err := decodeStrict(r, &body); err != nil || body.URI == "" {
		refuse(w, http.StatusBadRequest, fmt.Errorf("spa-redirect-uris: a body {\"uri\": ...} is required"))
		return
	}
	e.AddSPARedirectURI(body.URI)
	reply(w, map[string]string{"registered": body.URI})
}
