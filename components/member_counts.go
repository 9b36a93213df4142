package components

import (
	"errors"
	"maps"
	"net/http"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"enrollassign/components/widgets"
	"enrollassign/graph"
)

// groupFacts are what a screen knows of the groups it shows beside
// assignments: their names and kinds (GetGroups) and member counts
// (MemberCounts), learnt as they are needed. What cannot be read (a 403
// while GroupMember.Read.All is not granted) is kept as the reason the
// screen shows IDs and no counts instead.
type groupFacts struct {
	groups   map[string]graph.Group
	counts   map[string]int
	namesErr error
	countErr error
	// ended is told, instead of the screen keeping the error, when a read
	// found the session ended (a refresh token past its 24 hours): only a
	// new sign-in goes on, as for the screen's own reads.
	ended func(ctx app.Context, err error)
}

// learn reads the names and counts of the groups not known yet; done runs
// on the UI goroutine once they are in.
func (f *groupFacts) learn(ctx app.Context, g Graph, ids []string, done func()) {
	names, counts := f.unknown(ids)
	f.fetch(ctx, g, names, counts, done)
}

// learnNames reads only the names not known yet (a conflict's groups).
func (f *groupFacts) learnNames(ctx app.Context, g Graph, ids []string) {
	names, _ := f.unknown(ids)
	f.fetch(ctx, g, names, nil, nil)
}

func (f *groupFacts) fetch(ctx app.Context, g Graph, names, counts []string, done func()) {
	if len(names)+len(counts) == 0 || g == nil {
		return
	}
	ctx.Async(func() {
		var found map[string]graph.Group
		var namesErr error
		if len(names) > 0 {
			found, namesErr = g.GetGroups(ctx, names)
		}
		var n map[string]int
		var countErr error
		if len(counts) > 0 {
			n, countErr = g.MemberCounts(ctx, counts)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err := errors.Join(namesErr, countErr); SessionEnded(err) && f.ended != nil {
				f.ended(ctx, err)
				return
			}
			f.add(found, n)
			if len(names) > 0 {
				f.namesErr = namesErr
			}
			if len(counts) > 0 {
				f.countErr = countErr
			}
			if done != nil {
				done()
			}
		})
	})
}

// unknown splits ids into those without a name and those without a count.
func (f *groupFacts) unknown(ids []string) (names, counts []string) {
	for _, id := range uniqueStrings(ids) {
		if _, ok := f.groups[id]; !ok {
			names = append(names, id)
		}
		if _, ok := f.counts[id]; !ok {
			counts = append(counts, id)
		}
	}
	return names, counts
}

// add keeps what was read, copying the maps so that components holding
// the old ones render again.
func (f *groupFacts) add(groups map[string]graph.Group, counts map[string]int) {
	f.groups, f.counts = merged(f.groups, groups), merged(f.counts, counts)
}

// merged is a new map of a's entries and b's, b's winning: a screen that
// hands the old map to a child gets it rendered again.
func merged[V any](a, b map[string]V) map[string]V {
	out := make(map[string]V, len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}

// know adds groups the screen learnt otherwise (chosen in a picker).
func (f *groupFacts) know(groups ...graph.Group) {
	found := map[string]graph.Group{}
	for _, g := range groups {
		if g.ID != "" && g.DisplayName != "" {
			found[g.ID] = g
		}
	}
	f.add(found, nil)
}

func (f *groupFacts) name(id string) string { return f.groups[id].DisplayName }

// names is every known name by ID, for widgets that take data.
func (f *groupFacts) names() map[string]string {
	out := make(map[string]string, len(f.groups))
	for id, g := range f.groups {
		out[id] = g.DisplayName
	}
	return out
}

// countWords is a group's member count in words, or "" when not known.
func (f *groupFacts) countWords(id string) string {
	n, ok := f.counts[id]
	if !ok {
		return ""
	}
	return widgets.MemberWords(n)
}

// notice says why names or counts are missing, or nothing. A refusal of
// the directory (403) is the permission not granted yet: the one place to
// offer asking for it.
func (f *groupFacts) notice(p Permissions) app.UI {
	if mp, ok := missingPermission(errors.Join(f.namesErr, f.countErr)); ok {
		return p.Needed("Group names and member counts", mp.Permission, "Group IDs are shown instead, without counts.", "Allow group names")
	}
	switch {
	case refusedDirectory(f.namesErr) || refusedDirectory(f.countErr):
		return app.P().Class("panel notice directory-refused").Role("status").
			Text("Group names and member counts need the permission GroupMember.Read.All, which this sign-in does not have: group IDs are shown, without counts.")
	case f.namesErr != nil:
		return &widgets.GraphError{Title: "Group names could not be read; IDs are shown instead", Err: f.namesErr}
	case f.countErr != nil:
		return &widgets.GraphError{Title: "Member counts could not be read", Err: f.countErr}
	}
	return nil
}

// refusedDirectory reports Graph refusing a directory read for want of a
// permission.
func refusedDirectory(err error) bool {
	var ge *graph.Error
	return errors.As(err, &ge) && ge.Status == http.StatusForbidden
}

func uniqueStrings(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
