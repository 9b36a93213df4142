package components

import (
	"context"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/bulk"
	"enrollassign/graph/cloud"
)

// The screens never reach Microsoft Graph or Microsoft Entra ID themselves:
// they call the small interfaces below, which main.go satisfies with
// graph.Client and auth.Session, and which tests satisfy with fakes.

// Graph is the part of graph.Client the screens use.
type Graph interface {
	ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error)
	ListAssignments(ctx context.Context, configurationID string) ([]graph.Assignment, error)
	SearchGroups(ctx context.Context, text string, top int) ([]graph.Group, error)
	GetGroup(ctx context.Context, id string) (graph.Group, error)
	GetGroups(ctx context.Context, ids []string) (map[string]graph.Group, error)
	Preview(u graph.Update) (graph.RequestPreview, error)
	UpdateAssignment(ctx context.Context, u graph.Update) (graph.UpdateResult, error)
	// MemberCounts, PreviewSetChange and ChangeAssignments add and remove
	// assignments, showing how many members each group has.
	MemberCounts(ctx context.Context, groupIDs []string) (map[string]int, error)
	PreviewSetChange(ch graph.SetChange) ([]graph.RequestPreview, error)
	ChangeAssignments(ctx context.Context, ch graph.SetChange) (graph.SetChangeResult, error)
}

// Session is the part of auth.Session the screens use.
type Session interface {
	BeginSignIn(ctx context.Context, opt auth.SignInOptions) (authorizeURL string, err error)
	CompleteSignIn(ctx context.Context, callback *url.URL) (auth.Account, error)
	Account() (auth.Account, bool)
	SignOut(ctx context.Context) (logoutURL string, err error)
	// Granted lists the Graph permissions the session holds.
	Granted() []string
	// AdminConsentURL is the link with which an administrator grants the
	// app permissions for the whole tenant.
	AdminConsentURL(permissions ...string) string
}

// Services is one tenant opened with the user's settings: a sign-in session
// and the Graph client that takes its tokens from it.
type Services struct {
	Session Session
	Graph   Graph
}

// Connection is what a Connector needs to open a tenant.
type Connection struct {
	Cloud       cloud.Cloud
	Tenant      string
	ClientID    string
	APIVersion  string
	RedirectURI string
	// Store is the browser's sessionStorage: PKCE values across the
	// redirect and the token cache, never localStorage.
	Store auth.Storage
}

// Connector opens a tenant. main.go wires auth.New and graph.New behind it.
type Connector func(Connection) (Services, error)

// Browser is what the shell needs from the page around it: where it is,
// how to leave it for the sign-in page, and whether the network is there.
// browser.Window is the real one; tests use a fake.
type Browser interface {
	// Location is the page's current address, fragment included.
	Location() *url.URL
	// Redirect leaves the app for another page (the sign-in page).
	Redirect(rawURL string)
	// ReplaceLocation changes the address bar without loading anything, so
	// that an authorization code never stays in it or in the history.
	ReplaceLocation(u *url.URL)
	// Go moves to another of the app's addresses as a new history entry,
	// with go-app's navigation: Back and Forward come back through the
	// shell's OnNav.
	Go(ctx app.Context, u *url.URL)
	// Online reports the browser's idea of connectivity.
	Online() bool
	// WatchOnline calls f when connectivity changes; stop ends the watch.
	WatchOnline(f func(online bool)) (stop func())
}

// Files moves files between the app and the user's disk: downloads of
// backups and history exports. browser.Files is the browser's; tests use a
// fake.
type Files interface {
	// Download offers data to the user as a file named name.
	Download(name, mimeType string, data []byte) error
}

// TenantGraph is what backup and restore need: reads through beta (which
// shows the assignment filters v1.0 hides), guarded set replacements, and
// batches for the bulk engine.
type TenantGraph interface {
	ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error)
	ReplaceAssignments(ctx context.Context, configID string, seen, next []graph.Assignment) (graph.WriteResult, error)
	SendBatch(ctx context.Context, reqs []graph.BatchRequest) (graph.BatchAnswer, error)
}

// tenantGraphOf finds the TenantGraph behind the screens' Graph: the
// graph.Client's beta endpoint, or a test's fake.
func tenantGraphOf(g Graph) (TenantGraph, bool) {
	switch v := g.(type) {
	case interface{ TenantGraph() TenantGraph }:
		return v.TenantGraph(), true
	case *graph.Client:
		return v.Beta(), true
	}
	return nil, false
}

// bulkWriterOf finds the batch sender a bulk run needs behind the screens'
// Graph: the graph.Client's beta endpoint (a set read and sent back through
// v1.0 would lose the assignment filters v1.0 hides), or whatever a test's
// fake offers.
func bulkWriterOf(g Graph) (bulk.Graph, bool) {
	switch v := g.(type) {
	case interface{ BulkWriter() bulk.Graph }:
		return v.BulkWriter(), true
	case *graph.Client:
		return v.Beta(), true
	}
	return nil, false
}
