package emulator

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"enrollassign/graph/emulator/clock"
	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/entra"
	"enrollassign/graph/emulator/graphapi"
	"enrollassign/graph/emulator/stats"
	"enrollassign/graph/emulator/token"
	"enrollassign/graph/emulator/wire"
)

// Clock tells the emulator's time; tests inject one (clock.NewManual) to
// move it without sleeping.
type Clock = clock.Clock

// WriteMode chooses how writes on .../assignments behave.
type WriteMode = graphapi.WriteMode

// The write modes.
const (
	// ModeDocumented: PATCH works as the documentation shows.
	ModeDocumented = graphapi.ModeDocumented
	// ModeAsReported: PATCH/POST/DELETE on .../assignments answer 400 "No
	// method match route template"; only the assign action writes.
	ModeAsReported = graphapi.ModeAsReported
)

// ParseMode reads a write mode as flags and POST /_emulator/faults spell
// it: "documented" (or empty) or "as-reported".
func ParseMode(s string) (WriteMode, error) {
	switch m := WriteMode(s); m {
	case "", ModeDocumented:
		return ModeDocumented, nil
	case ModeAsReported:
		return m, nil
	}
	return "", fmt.Errorf("emulator: unknown write mode %q (want %q or %q)", s, ModeDocumented, ModeAsReported)
}

// The emulator's own Graph models (package wire), as the state endpoints
// and Configurations speak them.
type (
	Configuration = wire.Configuration
	Assignment    = wire.Assignment
	Target        = wire.Target
	Group         = wire.Group
	// User is a user of the directory (its basic profile).
	User = wire.User
	// Member is a group's direct member: a user, a device or a group.
	Member = wire.Member
	// AssignmentFilter is a beta assignment filter of the tenant.
	AssignmentFilter = wire.AssignmentFilter
)

// Settings are the run-time switches of POST /_emulator/faults.
type Settings = graphapi.Settings

// Default addresses of the two origins.
const (
	DefaultEntraAddr = "127.0.0.1:8001"
	DefaultGraphAddr = "127.0.0.1:8002"
)

// Options configure an emulator. The zero value is the demo mode's: default
// addresses, plain HTTP, real clock, real limits, documented writes.
type Options struct {
	EntraAddr, GraphAddr string // default "127.0.0.1:8001", "127.0.0.1:8002"; "127.0.0.1:0" in tests
	// TLS serves HTTPS with a generated certificate (CertPool trusts it).
	TLS bool
	// SPARedirectURIs are the demo app's single-page-application redirect
	// URIs, e.g. "http://127.0.0.1:8000/".
	SPARedirectURIs []string
	// Clock is the emulator's time; nil is the wall clock.
	Clock Clock
	// TimeScale compresses throttling time: 0.05 makes a 20 s window last
	// 1 s, Retry-After scaled too. Zero means 1.
	TimeScale float64
	// Mode is the write mode; empty means ModeDocumented.
	Mode WriteMode
	// Logger receives one debug line per request; nil discards.
	Logger *slog.Logger
	// AccessTokenLifetime defaults to one hour, as Entra's.
	AccessTokenLifetime time.Duration
	// PageSize is Graph's page size for configuration lists; zero means
	// graphapi.DefaultPageSize.
	PageSize int
}

// Emulator is a running Entra ID + Graph pair.
type Emulator struct {
	opts    Options
	clock   *clock.Offset
	entra   *entra.Server
	graph   *graphapi.Server
	entraSt *stats.Recorder
	graphSt *stats.Recorder
	journal *stats.Journal
	tls     *certificate

	entraAddr          string
	entraURL, graphURL string
	servers            []*http.Server
}

// Start listens on both origins and serves them; both are up when it returns.
func Start(opts Options) (*Emulator, error) {
	opts = withDefaults(opts)
	e := &Emulator{opts: opts, clock: clock.NewOffset(opts.Clock), entraSt: stats.New(), graphSt: stats.New(), journal: &stats.Journal{}}
	entraLn, graphLn, err := listenBoth(opts)
	if err != nil {
		return nil, err
	}
	if err := e.build(entraLn.Addr().String(), graphLn.Addr().String()); err != nil {
		_ = entraLn.Close()
		_ = graphLn.Close()
		return nil, err
	}
	e.serve(entraLn, e.entra)
	e.serve(graphLn, e.graphHandler())
	return e, nil
}

func withDefaults(opts Options) Options {
	if opts.EntraAddr == "" {
		opts.EntraAddr = DefaultEntraAddr
	}
	if opts.GraphAddr == "" {
		opts.GraphAddr = DefaultGraphAddr
	}
	if opts.TimeScale <= 0 {
		opts.TimeScale = 1
	}
	if opts.Mode == "" {
		opts.Mode = ModeDocumented
	}
	if opts.PageSize <= 0 {
		opts.PageSize = graphapi.DefaultPageSize
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts
}

func listenBoth(opts Options) (net.Listener, net.Listener, error) {
	entraLn, err := net.Listen("tcp", opts.EntraAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: listening for Entra ID on %s: %w", opts.EntraAddr, err)
	}
	graphLn, err := net.Listen("tcp", opts.GraphAddr)
	if err != nil {
		_ = entraLn.Close()
		return nil, nil, fmt.Errorf("emulator: listening for Graph on %s: %w", opts.GraphAddr, err)
	}
	return entraLn, graphLn, nil
}

// build wires both services once their addresses are known.
func (e *Emulator) build(entraAddr, graphAddr string) error {
	key, err := token.NewKey()
	if err != nil {
		return fmt.Errorf("emulator: %w", err)
	}
	scheme := "http://"
	if e.opts.TLS {
		if e.tls, err = newCertificate(); err != nil {
			return fmt.Errorf("emulator: %w", err)
		}
		scheme = "https://"
	}
	e.entraAddr = entraAddr
	e.entraURL, e.graphURL = scheme+entraAddr, scheme+graphAddr
	e.entra = entra.New(entra.Config{Addr: entraAddr, TLS: e.opts.TLS, Key: key, Now: e.clock.Now, AppNow: e.clock.Base().Now, Stats: e.entraSt,
		Logger: e.opts.Logger, AccessTokenLifetime: e.opts.AccessTokenLifetime, SPARedirectURIs: e.opts.SPARedirectURIs})
	e.graph, err = graphapi.New(graphapi.Config{
		BaseURL:  e.graphURL,
		Verifier: token.Verifier{Key: key, Issuer: e.entra.Issuer(), Audiences: []string{entra.GraphResource, entra.GraphAppID}, Now: e.clock.Now},
		Now:      e.clock.Now, Stats: e.graphSt, Journal: e.journal, Logger: e.opts.Logger,
		Settings: e.startSettings(),
	})
	if err != nil {
		return fmt.Errorf("emulator: %w", err)
	}
	return nil
}

func (e *Emulator) startSettings() Settings {
	s := graphapi.DefaultSettings()
	s.TimeScale, s.Mode, s.PageSize = e.opts.TimeScale, e.opts.Mode, e.opts.PageSize
	return s
}

func (e *Emulator) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(e.opts.Logger.Handler(), slog.LevelDebug)}
	e.servers = append(e.servers, srv)
	if e.tls != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{e.tls.cert}, MinVersion: tls.VersionTLS12}
		go func() { _ = srv.ServeTLS(ln, "", "") }()
		return
	}
	go func() { _ = srv.Serve(ln) }()
}

// Close stops both origins.
func (e *Emulator) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range e.servers {
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, srv.Close())
		}
	}
	return errors.Join(errs...)
}

// EntraURL is the Entra ID origin, e.g. "http://127.0.0.1:8001".
func (e *Emulator) EntraURL() string { return e.entraURL }

// GraphURL is the Graph origin, e.g. "http://127.0.0.1:8002".
func (e *Emulator) GraphURL() string { return e.graphURL }

// Authority is the demo tenant's authority as served: http over plain
// HTTP, https under TLS. MSAL for Go takes only an https authority whose
// issuer has the same scheme, so over plain HTTP it needs the app's
// loopback bridge (graph/auth); under TLS it takes this one as it is.
func (e *Emulator) Authority() string { return e.entraURL + "/" + DemoTenantID }

// Issuer is the tenant's token issuer.
func (e *Emulator) Issuer() string { return e.entra.Issuer() }

// AddSPARedirectURI registers one more single-page-application redirect URI
// (tests start the app on a random port, then register it).
func (e *Emulator) AddSPARedirectURI(uri string) { e.entra.AddSPARedirectURI(uri) }

// CertPool trusts the emulator's certificate (nil without TLS).
func (e *Emulator) CertPool() *x509.CertPool {
	if e.tls == nil {
		return nil
	}
	return e.tls.pool
}

// HTTPClient is a client that trusts the emulator (a plain one without TLS)
// and follows no redirects, so a test sees the authorize step's answers.
func (e *Emulator) HTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if e.tls != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: e.tls.pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// AccessToken mints a Graph access token for a demo user and app, without a
// sign-in (a second app spending the tenant's budget, a reader's token).
func (e *Emulator) AccessToken(upn, clientID string) (string, error) {
	return e.entra.AccessToken(upn, clientID)
}

// Advance moves the emulator's clock forward (tokens expire, the SPA
// refresh cap passes, throttling windows empty).
func (e *Emulator) Advance(d time.Duration) { e.clock.Advance(d) }

// Now is the emulator's time.
func (e *Emulator) Now() time.Time { return e.clock.Now() }

// Settings returns the run-time switches.
func (e *Emulator) Settings() Settings { return e.graph.Settings() }

// SetSettings replaces the run-time switches (validated).
func (e *Emulator) SetSettings(s Settings) error { return e.graph.SetSettings(s) }

// Configurations returns the tenant's configurations with their assignments,
// as stored (beta shape), in the emulator's own models: a client's test
// reads them into its own types through JSON, as it reads Graph.
func (e *Emulator) Configurations() []Configuration { return e.graph.Store().Configurations() }

// ReplaceConfigurations swaps the tenant's configurations (data changed
// behind the app's back); each must be one of the four subtypes.
func (e *Emulator) ReplaceConfigurations(configs []Configuration) error {
	return e.graph.Store().Replace(configs, nil)
}

// DecodeConfigurations decodes the tenant's configurations, written as
// Graph JSON (as GET /_emulator/state writes them), into v: a Graph
// client's test reads them into its own models, and neither side shares
// the other's code.
func (e *Emulator) DecodeConfigurations(v any) error {
	raw, err := json.Marshal(e.Configurations())
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		return fmt.Errorf("emulator: decoding the configurations: %w", err)
	}
	return nil
}

// ReplaceConfigurationsFrom swaps the tenant's configurations for v, which
// encodes as a JSON array of configurations in Graph's shape (a client's
// own models, say), read as PUT /_emulator/state reads them.
func (e *Emulator) ReplaceConfigurationsFrom(v any) error {
	raw, err := json.Marshal(v)
	var configs []Configuration
	if err == nil {
		err = json.Unmarshal(raw, &configs)
	}
	if err != nil {
		return fmt.Errorf("emulator: reading the configurations: %w", err)
	}
	return e.ReplaceConfigurations(configs)
}

// Stats returns the Graph origin's counts with Entra's nested.
func (e *Emulator) Stats() stats.Snapshot {
	s := e.graphSt.Snapshot()
	en := e.entraSt.Snapshot()
	s.Entra = &en
	return s
}

// Requests returns the Graph requests received, oldest first (tokens redacted).
func (e *Emulator) Requests() []stats.Entry { return e.journal.Entries() }

// ResetStats zeroes the counts and the request log.
func (e *Emulator) ResetStats() {
	e.graphSt.Reset()
	e.entraSt.Reset()
	e.journal.Reset()
}

// Reset restores the seeded tenant, the start settings and consent, ID
// tokens without a fault, empty throttling windows, zero counts and the
// clock's offset. Sign-ins are kept.
func (e *Emulator) Reset() error {
	e.ResetStats()
	e.clock.Reset()
	e.entra.ResetConsent()
	e.entra.SetIDTokenFault(IDTokenFault{})
	return e.graph.Reset()
}

// Consent is an app's tenant-wide admin consent for one Graph permission:
// ConsentGranted, ConsentNone or ConsentDeclined.
type Consent = entra.Consent

// The consent states (see entra.Consent).
const (
	ConsentGranted  = entra.ConsentGranted
	ConsentNone     = entra.ConsentNone
	ConsentDeclined = entra.ConsentDeclined
)

// SetConsent changes the tenant's admin consent of an app for one Graph
// permission, as an administrator granting or revoking it would.
func (e *Emulator) SetConsent(clientID, permission string, state Consent) error {
	return e.entra.SetConsent(clientID, permission, state)
}

// Consents is an app's tenant-wide consent, by permission.
func (e *Emulator) Consents(clientID string) map[string]Consent { return e.entra.Consents(clientID) }

// IDTokenFault makes the ID tokens issued from now on carry another
// issuer, another tenant or a lifetime already over.
type IDTokenFault = entra.IDTokenFault

// SetIDTokenFault changes the ID tokens issued from now on; the zero value
// issues them right.
func (e *Emulator) SetIDTokenFault(f IDTokenFault) { e.entra.SetIDTokenFault(f) }

// StartTest starts an emulator for a test, on random loopback ports unless
// told otherwise, and closes it when the test ends.
func StartTest(t interface {
	Helper()
	Cleanup(func())
	Fatalf(string, ...any)
}, opts Options) *Emulator {
	t.Helper()
	if opts.EntraAddr == "" {
		opts.EntraAddr = "127.0.0.1:0"
	}
	if opts.GraphAddr == "" {
		opts.GraphAddr = "127.0.0.1:0"
	}
	e, err := Start(opts)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
		return nil
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// The demo tenant, its apps and users, named for tests and main.go.
const (
	DemoTenantID     = demo.TenantID
	DemoTenantDomain = demo.TenantDomain
	DemoClientID     = demo.ClientID
	// OtherClientID is a second app of the tenant, sharing its throttling budget.
	OtherClientID = demo.OtherClientID

	AdminUPN     = demo.AdminUPN     // Intune administrator who may grant admin consent
	HelpdeskUPN  = demo.HelpdeskUPN  // no Intune role: Intune refuses reads and writes
	ReaderUPN    = demo.ReaderUPN    // Intune Read Only Operator: Intune refuses its writes
	NoConsentUPN = demo.NoConsentUPN // Intune administrator who may not grant consent
	PersonalUPN  = demo.PersonalUPN  // personal account: AADSTS50020
)

// Named groups of the demo tenant.
const (
	GroupSalesLaptops     = demo.SalesLaptops
	GroupSalesTeam        = demo.SalesTeam
	GroupPilotUsers       = demo.PilotUsers
	GroupFinanceTeam      = demo.FinanceTeam
	GroupContractors      = demo.Contractors
	GroupExecutives       = demo.Executives
	GroupFrontlineWorkers = demo.FrontlineWorkers
	GroupTestDevices      = demo.TestDevices
	GroupITAdmins         = demo.ITAdmins
	GroupInterns          = demo.Interns
)

// Named configurations of the demo tenant.
const (
	ConfigDefaultLimit        = demo.ConfigDefaultLimit
	ConfigTenDevices          = demo.ConfigTenDevices // "Ten devices"
	ConfigSalesLimit          = demo.ConfigSalesLimit
	ConfigExecutivesLimit     = demo.ConfigExecutivesLimit
	ConfigFrontlineLimit      = demo.ConfigFrontlineLimit
	ConfigUnassignedLimit     = demo.ConfigUnassignedLimit
	ConfigDefaultRestrictions = demo.ConfigDefaultRestrictions
	ConfigBlockPersonal       = demo.ConfigBlockPersonal
	ConfigDefaultHello        = demo.ConfigDefaultHello
	ConfigHelloStrictPIN      = demo.ConfigHelloStrictPIN
	ConfigDefaultESP          = demo.ConfigDefaultESP
	ConfigAutopilotESP        = demo.ConfigAutopilotESP
	ConfigPilotESP            = demo.ConfigPilotESP
)

// Assignment filters of the demo tenant (beta): two for Windows, one each
// for iOS and macOS, and three no enrollment configuration takes (two
// Android, one for managed apps).
const (
	FilterWindowsCorporate = demo.AssignmentFilterID // carried by seeded targets
	FilterAutopilotKiosk   = demo.FilterAutopilotProfiles
	FilterCorporateIPads   = demo.FilterCorporateIPads
	FilterAppleSiliconMacs = demo.FilterAppleSiliconMacs
	FilterAndroidCorporate = demo.FilterAndroidCorporate
	FilterAndroidAdmin     = demo.FilterAndroidAdmin
	FilterOutlookIOSApps   = demo.FilterOutlookIOSApps
)

// DemoGroupID is the ID of a demo group by display name ("" if none).
func DemoGroupID(displayName string) string { return demo.GroupID(displayName) }

// DemoUsers lists the users on the sign-in page.
func DemoUsers() []demo.User { return demo.Users() }

// DemoPersonID is the object ID of a user of the demo directory by display
// name ("" if none): a sign-in user or one of the generated people.
func DemoPersonID(displayName string) string { return demo.PersonID(displayName) }

// Demo group names that the nesting adds (All Staff ⊃ Pilot Users ⊃ IT
// Admins ⊃ Intune Admins, All Staff ⊃ Executives ⊃ Board Members; All
// Corporate Devices ⊃ Windows 11 Ring 1 ⊃ Windows 11 Ring 0).
const (
	GroupAllStaff            = demo.AllStaff
	GroupAllCorporateDevices = demo.AllCorporateDevices
	GroupIntuneAdmins        = demo.IntuneAdmins
	GroupBoardMembers        = demo.BoardMembers
)

// The kinds of member a group holds.
const (
	MemberUser   = wire.MemberUser
	MemberDevice = wire.MemberDevice
	MemberGroup  = wire.MemberGroup
)

// NewMember is a group's member of one of the three kinds.
func NewMember(kind, id string) Member { return wire.NewMember(kind, id) }

// Users returns the directory's users, in the emulator's own model.
func (e *Emulator) Users() []User { return e.graph.Store().Users() }

// Groups returns the directory's groups with their direct members.
func (e *Emulator) Groups() []Group { return e.graph.Store().Groups() }

// ReplaceDirectory swaps the directory's users and groups (either kept
// when nil), checked together: a group's user must be one of the users.
func (e *Emulator) ReplaceDirectory(users []User, groups []Group) error {
	return e.graph.Store().ReplaceTenant(e.Configurations(), groups, users)
}
