package components

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
	"enrollassign/graph/auth"
	"enrollassign/graph/resolve"
)

// PeopleGraph reads what "who gets what" and the impact of a change need:
// the configurations with their assignments, the users, each user's groups
// and the assigned groups' members (in $batch requests of at most 20,
// inside graph), and the assigned groups' names. Only reads.
type PeopleGraph interface {
	ListConfigurations(ctx context.Context, opt graph.ListOptions) ([]graph.Configuration, error)
	ListUsers(ctx context.Context) ([]graph.User, error)
	UserGroups(ctx context.Context, userIDs []string) (map[string][]string, error)
	GroupMembers(ctx context.Context, groupIDs []string) (map[string]graph.Members, error)
	GetGroups(ctx context.Context, ids []string) (map[string]graph.Group, error)
}

// peopleGraphOf finds the people reads behind the screens' Graph: the
// session's (which refuses them without their permissions), the client, or
// a test's fake.
func peopleGraphOf(g Graph) (PeopleGraph, bool) {
	p, ok := g.(PeopleGraph)
	return p, ok
}

// PeoplePermissions are the permissions the directory read needs, asked
// the first time the feature is used: names of users, then memberships.
var PeoplePermissions = []string{auth.ScopeUserRead, auth.ScopeGroupMemberRead}

// PeopleSnapshot is the session's copy of the directory and of the
// configurations, as read together: what "who gets what" resolves and what
// every impact compares against.
type PeopleSnapshot struct {
	Index          *resolve.Index
	Configurations []graph.Configuration
	// GroupNames names the assigned groups by lower-case ID.
	GroupNames map[string]string
	ReadAt     time.Time

	// last is the last impact worked out: an editor draws its impact panel
	// on every update (each key typed, the save's own), and the resolver's
	// part of it cost 2–4 ms of each.
	last lastImpact
}

// lastImpact is one impact and the resolver's inputs it was worked out
// from: what Resolvable builds afresh on each call, so nothing a caller
// holds (and might change later) is kept.
type lastImpact struct {
	mu            sync.Mutex
	before, after []resolve.Configuration
	impact        resolve.Impact
	set           bool
}

// of is the impact of before → after, worked out by work unless it is the
// last one asked for.
func (l *lastImpact) of(before, after []resolve.Configuration, work func() resolve.Impact) resolve.Impact {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.set && reflect.DeepEqual(l.before, before) && reflect.DeepEqual(l.after, after) {
		return l.impact
	}
	l.before, l.after, l.impact, l.set = before, after, work(), true
	return l.impact
}

// GroupName names a group, or says its ID when its name is not known.
func (s *PeopleSnapshot) GroupName(id string) string {
	if s != nil {
		if n, ok := s.GroupNames[strings.ToLower(id)]; ok && n != "" {
			return n
		}
	}
	return id
}

// Resolvable is the snapshot's configurations as the resolver takes them,
// with changes in their place: a change of a configuration the snapshot
// holds brings its assignments when it carries them (non-nil) and its
// priority when it has one (only defaults have 0, and they never move); a
// configuration the snapshot does not hold is added as it is.
func (s *PeopleSnapshot) Resolvable(changed ...graph.Configuration) []resolve.Configuration {
	out := slices.Clone(s.Configurations)
	for _, ch := range changed {
		i := slices.IndexFunc(out, func(c graph.Configuration) bool { return strings.EqualFold(c.ID, ch.ID) })
		if i < 0 {
			out = append(out, ch)
			continue
		}
		if ch.Assignments != nil {
			out[i].Assignments = ch.Assignments
		}
		if ch.Priority != 0 {
			out[i].Priority = ch.Priority
		}
	}
	return resolve.FromGraph(out)
}

// ImpactOf is what changing the configurations from before to after does,
// against the snapshot's directory; false before the directory is read.
func (s *PeopleSnapshot) ImpactOf(before, after []graph.Configuration) (resolve.Impact, bool) {
	if s == nil || s.Index == nil {
		return resolve.Impact{}, false
	}
	from, to := s.Resolvable(before...), s.Resolvable(after...)
	return s.last.of(from, to, func() resolve.Impact { return s.Index.Impact(from, to) }), true
}

// PeopleRead is how far a read of the directory is.
type PeopleRead struct {
	Stage       string
	Done, Total int
}

// readPeople reads the snapshot: configurations with assignments, users,
// every user's groups (through nested groups), the assigned groups' members
// and names. progress hears each stage and, per $batch, how far it is.
func readPeople(ctx context.Context, g PeopleGraph, progress func(PeopleRead)) (*PeopleSnapshot, error) {
	progress(PeopleRead{Stage: "configurations"})
	configs, err := g.ListConfigurations(ctx, graph.ListOptions{ExpandAssignments: true})
	if err != nil {
		return nil, err
	}
	progress(PeopleRead{Stage: "users"})
	users, err := g.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	d := resolve.Directory{}
	ids := make([]string, 0, len(users))
	for _, u := range users {
		d.Users = append(d.Users, resolve.User{ID: u.ID, DisplayName: u.DisplayName, UserPrincipalName: u.UserPrincipalName})
		ids = append(ids, u.ID)
	}
	stage := func(name string) context.Context {
		return graph.WithProgress(ctx, func(done, total int) { progress(PeopleRead{Stage: name, Done: done, Total: total}) })
	}
	if d.UserGroups, err = g.UserGroups(stage("memberships"), ids); err != nil {
		return nil, err
	}
	groups := assignedGroups(configs)
	members, err := g.GroupMembers(stage("groups"), groups)
	if err != nil {
		return nil, err
	}
	d.Groups = map[string]resolve.Members{}
	for id, m := range members {
		d.Groups[id] = resolve.Members{Users: m.Users, Devices: m.Devices}
	}
	names, err := g.GetGroups(ctx, groups)
	if err != nil {
		return nil, fmt.Errorf("reading the names of the assigned groups: %w", err)
	}
	snap := &PeopleSnapshot{Index: resolve.NewIndex(d), Configurations: configs, GroupNames: map[string]string{}, ReadAt: time.Now()}
	for id, gr := range names {
		snap.GroupNames[strings.ToLower(id)] = gr.DisplayName
	}
	return snap, nil
}

// assignedGroups are the groups any configuration includes or excludes.
func assignedGroups(cs []graph.Configuration) []string {
	set := map[string]bool{}
	for _, c := range cs {
		for _, a := range c.Assignments {
			if a.Target.Kind.HasGroup() {
				set[strings.ToLower(a.Target.GroupID)] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// People is what a screen gets of the session's directory: the snapshot
// (nil until read), the read under way, its failure, and how to read it
// (again).
type People struct {
	Snapshot *PeopleSnapshot
	Reading  *PeopleRead
	Err      error
	Refresh  func(ctx app.Context)
	// Permissions are the session's, to ask for the reads' permissions.
	Permissions Permissions
}

// Missing is the first of the reads' permissions the session lacks.
func (p People) Missing() string {
	for _, perm := range PeoplePermissions {
		if !p.Permissions.Has(perm) {
			return perm
		}
	}
	return ""
}

// ImpactView is the impact of changing the configurations from before to
// after, for a preview: names of groups the snapshot does not know (just
// picked) come from names. Without the reads' permissions it offers them;
// before the directory is read, it offers the read.
func (p People) ImpactView(before, after []graph.Configuration, names map[string]string) app.UI {
	if missing := p.Missing(); missing != "" {
		return p.Permissions.Needed("Who a change moves", missing, "the preview shows the request without its impact on people", "Allow")
	}
	im, known := p.Snapshot.ImpactOf(before, after)
	all := map[string]string{}
	if p.Snapshot != nil {
		maps.Copy(all, p.Snapshot.GroupNames)
	}
	for id, n := range names {
		all[strings.ToLower(id)] = n
	}
	v := &widgets.ImpactView{Impact: im, Known: known, GroupNames: all, ReadOnMount: p.Err == nil}
	if p.Reading == nil && p.Refresh != nil {
		v.OnRead = p.Refresh
	}
	return app.Div().Body(
		app.If(p.Err != nil, func() app.UI { return &widgets.GraphError{Title: "Reading the directory failed", Err: p.Err} }),
		app.If(p.Reading != nil, func() app.UI {
			return &widgets.DirectoryStatus{Reading: true, Stage: p.Reading.Stage, Done: p.Reading.Done, Total: p.Reading.Total}
		}),
		v,
	)
}

// withAssignments is c with another set of assignments (never nil: an
// empty set is a set).
func withAssignments(c graph.Configuration, set []graph.Assignment) graph.Configuration {
	c.Assignments = append([]graph.Assignment{}, set...)
	return c
}
