package components

import (
	"context"
	stdhtml "html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/auth"
)

// The test engine plays the server, where go-app calls OnPreRender and never
// OnMount. These test-only hooks make it behave like the browser and keep
// each component's own context, so a test can act as a click would.
func (c *Shell) OnPreRender(ctx app.Context)               { remember(c, ctx); c.OnMount(ctx) }
func (c *ConfigurationList) OnPreRender(ctx app.Context)   { remember(c, ctx); c.OnMount(ctx) }
func (c *ConfigurationDetail) OnPreRender(ctx app.Context) { remember(c, ctx); c.OnMount(ctx) }
func (c *TargetEditor) OnPreRender(ctx app.Context)        { remember(c, ctx) }
func (c *GroupPicker) OnPreRender(ctx app.Context)         { remember(c, ctx) }
func (c *SettingsForm) OnPreRender(ctx app.Context)        { remember(c, ctx) }
func (c *SignInError) OnPreRender(ctx app.Context)         { remember(c, ctx) }
func (c *SignIn) OnPreRender(ctx app.Context)              { remember(c, ctx) }

// mounted lists components in the order they were mounted, with the
// context go-app gave each.
var mounted struct {
	sync.Mutex
	list []mountedCompo
}

type mountedCompo struct {
	c   app.Composer
	ctx app.Context
}

func remember(c app.Composer, ctx app.Context) {
	mounted.Lock()
	defer mounted.Unlock()
	mounted.list = append(mounted.list, mountedCompo{c, ctx})
}

// contextOf returns the context go-app gave the mounted component c.
func contextOf(t *testing.T, c app.Composer) app.Context {
	t.Helper()
	mounted.Lock()
	defer mounted.Unlock()
	for _, m := range mounted.list {
		if m.c == c {
			return m.ctx
		}
	}
	t.Fatalf("%T was not mounted", c)
	return app.Context{}
}

// latest returns the component of type T mounted last and still mounted:
// in a test that mounted one tree, the one on screen.
func latest[T app.Composer](t *testing.T) T {
	t.Helper()
	mounted.Lock()
	defer mounted.Unlock()
	for i := len(mounted.list) - 1; i >= 0; i-- {
		if c, ok := mounted.list[i].c.(T); ok && c.Mounted() {
			return c
		}
	}
	var zero T
	t.Fatalf("no mounted %T", zero)
	return zero
}

// mount loads c into a new test engine and runs everything it started.
func mount(t *testing.T, c app.Composer) app.TestEngine {
	t.Helper()
	e := app.NewTestEngine()
	require.NoError(t, e.Load(c))
	e.ConsumeAll()
	return e
}

// html renders a mounted component the way the browser would show it.
func html(c app.UI) string { return app.HTMLString(c) }

// fakeGraph is a Graph whose answers a test sets and whose calls it reads.
type fakeGraph struct {
	mu sync.Mutex

	configurations []graph.Configuration
	assignments    map[string][]graph.Assignment
	groups         []graph.Group
	listErr        error
	updateErr      error
	updateResult   graph.UpdateResult
	previewErr     error

	calls   []string
	updates []graph.Update

	// counts are the groups' member counts; countErr refuses them all.
	counts   map[string]int
	countErr error
	// setErr answers ChangeAssignments; setResult overrides its answer;
	// setChanges lists what was asked.
	setErr     error
	setResult  *graph.SetChangeResult
	setChanges []graph.SetChange
	// onListAssignments, when set, is called as assignments are listed.
	onListAssignments func()
}

func (f *fakeGraph) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeGraph) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeGraph) ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error) {
	f.record("ListConfigurations")
	return f.configurations, f.listErr
}

func (f *fakeGraph) ListAssignments(ctx context.Context, id string) ([]graph.Assignment, error) {
	f.record("ListAssignments " + id)
	if f.onListAssignments != nil {
		f.onListAssignments()
	}
	return f.assignments[id], f.listErr
}

func (f *fakeGraph) SearchGroups(ctx context.Context, text string, top int) ([]graph.Group, error) {
	f.record("SearchGroups " + text)
	var out []graph.Group
	for _, g := range f.groups {
		if strings.HasPrefix(strings.ToLower(g.DisplayName), strings.ToLower(text)) {
			out = append(out, g)
		}
	}
	return out, nil
}

func (f *fakeGraph) GetGroup(ctx context.Context, id string) (graph.Group, error) {
	f.record("GetGroup " + id)
	for _, g := range f.groups {
		if g.ID == id {
			return g, nil
		}
	}
	return graph.Group{}, &graph.Error{Status: 404, Code: "Request_ResourceNotFound"}
}

func (f *fakeGraph) GetGroups(ctx context.Context, ids []string) (map[string]graph.Group, error) {
	f.record("GetGroups " + strings.Join(ids, ","))
	out := map[string]graph.Group{}
	for _, id := range ids {
		for _, g := range f.groups {
			if g.ID == id {
				out[id] = g
			}
		}
	}
	return out, nil
}

func (f *fakeGraph) Preview(u graph.Update) (graph.RequestPreview, error) {
	f.record("Preview")
	if f.previewErr != nil {
		return graph.RequestPreview{}, f.previewErr
	}
	if _, err := previewClient.Preview(u); err != nil { // what the client refuses before sending
		return graph.RequestPreview{}, err
	}
	body, err := u.Before.WithTarget(u.After).PatchBody()
	if err != nil {
		return graph.RequestPreview{}, err
	}
	return graph.RequestPreview{
		Method:   "PATCH",
		URL:      "https://graph.example/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + u.Configuration.ID + "/assignments/" + u.Before.ID,
		Headers:  map[string][]string{"Authorization": {"Bearer secret-token"}, "Content-Type": {"application/json"}},
		Body:     body,
		Strategy: graph.StrategyPatch,
	}, nil
}

func (f *fakeGraph) UpdateAssignment(ctx context.Context, u graph.Update) (graph.UpdateResult, error) {
	f.record("UpdateAssignment")
	f.mu.Lock()
	f.updates = append(f.updates, u)
	f.mu.Unlock()
	if f.updateErr != nil {
		return graph.UpdateResult{}, f.updateErr
	}
	return f.updateResult, nil
}

func (f *fakeGraph) MemberCounts(ctx context.Context, ids []string) (map[string]int, error) {
	f.record("MemberCounts " + strings.Join(ids, ","))
	out := map[string]int{}
	if f.countErr != nil {
		return out, f.countErr
	}
	for _, id := range ids {
		if n, ok := f.counts[id]; ok {
			out[id] = n
		}
	}
	return out, nil
}

// PreviewSetChange answers one request per removal and addition, as the
// documented strategy would, after the client's own checks (through a real
// client, which sends nothing to preview).
func (f *fakeGraph) PreviewSetChange(ch graph.SetChange) ([]graph.RequestPreview, error) {
	f.record("PreviewSetChange")
	if f.previewErr != nil {
		return nil, f.previewErr
	}
	return previewClient.PreviewSetChange(ch)
}

// ChangeAssignments makes the change on the fake's assignments: removals,
// then additions named as the service names them.
func (f *fakeGraph) ChangeAssignments(ctx context.Context, ch graph.SetChange) (graph.SetChangeResult, error) {
	f.record("ChangeAssignments")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.setChanges = append(f.setChanges, ch)
	if f.setResult != nil || f.setErr != nil {
		var r graph.SetChangeResult
		if f.setResult != nil {
			r = *f.setResult
		}
		return r, f.setErr
	}
	set := f.assignments[ch.Configuration.ID]
	r := graph.SetChangeResult{Strategy: graph.StrategyPatch}
	for _, a := range ch.Remove {
		var kept []graph.Assignment
		for _, b := range set {
			if b.ID != a.ID {
				kept = append(kept, b)
			}
		}
		set = kept
		r.Items = append(r.Items, graph.SetItem{Before: a.Target, AssignmentID: a.ID, Method: "DELETE", Done: true, Write: graph.WriteResult{Status: 204, RequestID: "req-delete"}})
	}
	for _, t := range ch.Add {
		a := graph.Assignment{ID: ch.Configuration.ID + "_" + t.GroupID + string(t.Kind), Target: t}
		set = append(set, a)
		r.Items = append(r.Items, graph.SetItem{After: t, AssignmentID: a.ID, Method: "POST", Done: true, Write: graph.WriteResult{Status: 201, RequestID: "req-create"}})
	}
	if f.assignments == nil {
		f.assignments = map[string][]graph.Assignment{}
	}
	f.assignments[ch.Configuration.ID], r.After = set, set
	return r, nil
}

// previewClient previews requests without sending any.
var previewClient = func() *graph.Client {
	c, err := graph.New(graph.Config{BaseURL: "https://graph.example", Tokens: noTokens{}})
	if err != nil {
		panic(err)
	}
	return c
}()

type noTokens struct{}

func (noTokens) Token(context.Context) (string, error) { return "", nil }

// fakeSession is a Session with a scripted sign-in.
type fakeSession struct {
	mu        sync.Mutex
	account   auth.Account
	signedIn  bool
	authorize string
	beginErr  error
	complete  error
	callbacks []string
	signOuts  int
	// granted are the permissions held; nil holds every one the app uses.
	granted []string
	asked   []auth.SignInOptions
}

func (s *fakeSession) BeginSignIn(ctx context.Context, opt auth.SignInOptions) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, opt)
	return s.authorize, s.beginErr
}

func (s *fakeSession) Granted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.granted != nil {
		return s.granted
	}
	var all []string
	for _, p := range auth.Permissions() {
		all = append(all, p.Scope)
	}
	return all
}

func (s *fakeSession) AdminConsentURL(permissions ...string) string {
	return "https://login.example/adminconsent?scope=" + strings.Join(permissions, "+")
}

func (s *fakeSession) CompleteSignIn(ctx context.Context, callback *url.URL) (auth.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callbacks = append(s.callbacks, callback.String())
	if s.complete != nil {
		return auth.Account{}, s.complete
	}
	s.signedIn = true
	return s.account, nil
}

func (s *fakeSession) Account() (auth.Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.account, s.signedIn
}

func (s *fakeSession) SignOut(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedIn = false
	s.signOuts++
	return "", nil
}

// fakeBrowser records where the app tried to go.
type fakeBrowser struct {
	mu         sync.Mutex
	location   *url.URL
	redirects  []string
	replaced   []string
	pushed     []string
	offline    bool
	onlineFunc func(bool)
}

func newBrowser(raw string) *fakeBrowser {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return &fakeBrowser{location: u}
}

func (b *fakeBrowser) Location() *url.URL {
	b.mu.Lock()
	defer b.mu.Unlock()
	u := *b.location
	return &u
}

func (b *fakeBrowser) Redirect(raw string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.redirects = append(b.redirects, raw)
}

func (b *fakeBrowser) ReplaceLocation(u *url.URL) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.replaced = append(b.replaced, u.String())
	b.location = u
}

// Go moves to an address as go-app would; the test calls the shell's
// OnNav, as go-app does, when it matters.
func (b *fakeBrowser) Go(_ app.Context, u *url.URL) {
	b.mu.Lock()
	defer b.mu.Unlock()
	next := b.location.ResolveReference(u)
	b.pushed = append(b.pushed, next.Path)
	b.location = next
}

func (b *fakeBrowser) Online() bool { return !b.offline }

func (b *fakeBrowser) WatchOnline(f func(bool)) func() {
	b.onlineFunc = f
	return func() {}
}

// visible is the text a person reads on a rendered page: tags dropped,
// entities decoded, whitespace collapsed.
func visible(page string) string {
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(stdhtml.UnescapeString(text)), " ")
}

// act does what an event handler does in the browser: run f with the
// component's context, then re-render, then let everything it started finish.
func act(t *testing.T, e app.TestEngine, c app.Composer, f func(ctx app.Context)) {
	t.Helper()
	ctx := contextOf(t, c)
	f(ctx)
	ctx.Update()
	e.ConsumeAll()
}

// tagAttrs returns the attributes of the first element with the given id, as
// go-app encodes them (in any order; a bare name means true).
func tagAttrs(t *testing.T, page, id string) map[string]string {
	t.Helper()
	for _, tag := range regexp.MustCompile(`<[a-z]+[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, ` id="`+id+`"`) {
			continue
		}
		attrs := map[string]string{}
		for _, m := range regexp.MustCompile(`\s([a-z][\w-]*)(?:="([^"]*)")?`).FindAllStringSubmatch(tag, -1) {
			v := m[2]
			if !strings.Contains(m[0], "=") {
				v = "true"
			}
			attrs[m[1]] = v
		}
		return attrs
	}
	t.Fatalf("no element with id %q", id)
	return nil
}
