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
	mux.HandleFunc("GET /_emulator/consent", e.getConsent)
	mux.HandleFunc("POST /_emulator/consent", e.postConsent)
	mux.HandleFunc("POST /_emulator/id-token", e.postIDToken)
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
// included), the groups with their direct members, the users and the
// assignment filters. On PUT, groups, users and filters may be left out to
// keep them; a group's user must be one of the users.
type State struct {
	Value   []Configuration    `json:"value"`
	Groups  []Group            `json:"groups,omitempty"`
	Users   []User             `json:"users,omitempty"`
	Filters []AssignmentFilter `json:"assignmentFilters,omitempty"`
}

func (e *Emulator) getState(w http.ResponseWriter, _ *http.Request) {
	store := e.graph.Store()
	reply(w, State{Value: store.Configurations(), Groups: store.Groups(), Users: store.Users(), Filters: store.Filters()})
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
	if s.Filters != nil {
		if err := e.graph.Store().ReplaceFilters(s.Filters); err != nil {
			refuse(w, http.StatusBadRequest, err)
			return
		}
	}
	if err := e.graph.Store().ReplaceTenant(s.Value, s.Groups, s.Users); err != nil {
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

// consentBody is the body of /_emulator/consent: one permission's
// tenant-wide admin consent for an app (the demo app when clientId is
// left out).
type consentBody struct {
	ClientID   string  `json:"clientId"`
	Permission string  `json:"permission"`
	Consent    Consent `json:"consent"`
}

func (e *Emulator) getConsent(w http.ResponseWriter, r *http.Request) {
	clientID := r.URL.Query().Get("clientId")
	if clientID == "" {
		clientID = DemoClientID
	}
	reply(w, map[string]any{"clientId": clientID, "tenant": DemoTenantID, "permissions": e.Consents(clientID)})
}

// postConsent grants, revokes or declines one permission:
// {"permission":"GroupMember.Read.All","consent":"none"}.
func (e *Emulator) postConsent(w http.ResponseWriter, r *http.Request) {
	var body consentBody
	if err := decodeStrict(r, &body); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	if body.ClientID == "" {
		body.ClientID = DemoClientID
	}
	if err := e.SetConsent(body.ClientID, body.Permission, body.Consent); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	reply(w, map[string]any{"clientId": body.ClientID, "tenant": DemoTenantID, "permissions": e.Consents(body.ClientID)})
}

// postIDToken sets the ID token fault: {"iss":"…","tid":"…","expiredFor":"10m"};
// {} issues them right again.
func (e *Emulator) postIDToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		IDTokenFault
		ExpiredFor string `json:"expiredFor"`
	}
	if err := decodeStrict(r, &body); err != nil {
		refuse(w, http.StatusBadRequest, err)
		return
	}
	f := body.IDTokenFault
	if body.ExpiredFor != "" {
		d, err := time.ParseDuration(body.ExpiredFor)
		if err != nil || d <= 0 {
			refuse(w, http.StatusBadRequest, fmt.Errorf("id-token: expiredFor %q is not a positive duration such as \"10m\"", body.ExpiredFor))
			return
		}
		f.ExpiredFor = d
	}
	e.SetIDTokenFault(f)
	reply(w, map[string]any{"iss": f.Issuer, "tid": f.TenantID, "expiredFor": f.ExpiredFor.String()})
}
