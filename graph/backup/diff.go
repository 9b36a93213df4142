package backup

import (
	"sort"
	"strings"

	"enrollassign/graph"
	"enrollassign/graph/bulk"
)

// Status is what a restore does to one configuration.
type Status string

// The statuses of the dry run.
const (
	Unchanged Status = "unchanged"
	// Retarget: the same number of assignments, some pointed elsewhere:
	// the bulk engine writes them.
	Retarget Status = "retarget"
	// Replace: assignments to add or remove, or a filter to put back:
	// the whole set is written with a guarded assign.
	Replace Status = "replace"
	// Missing: in the backup, not in the tenant (deleted since): left out.
	Missing Status = "missing"
	// NotInBackup: in the tenant, not in the backup (created since): left alone.
	NotInBackup Status = "not-in-backup"
	// ReadOnly: a default configuration, whose assignments cannot change.
	ReadOnly Status = "read-only"
)

// Change is one assignment a retarget points elsewhere.
type Change struct {
	AssignmentID string
	Before       graph.Target
	After        graph.Target
}

// ConfigurationDiff is one configuration of the dry run.
type ConfigurationDiff struct {
	ID          string
	DisplayName string
	Kind        graph.ConfigurationKind
	Status      Status
	// Reason says why a configuration is left out.
	Reason string
	// Live is the set as read now, Want the backup's.
	Live, Want []graph.Assignment
	// Changes are a Retarget's items.
	Changes []Change
	// Removed and Added are what a Replace takes out and puts in.
	Removed, Added []graph.Target
	// FiltersLeftOut are the backup's targets carrying an assignment
	// filter the kind takes none of, which the tenant does not hold either:
	// Intune refuses to set one, so they are written without it (Want has
	// them so). A real tenant cannot have had one; an edited file can.
	FiltersLeftOut []graph.Target
}

// Diff is the dry run of a restore: nothing is sent to make one.
type Diff struct {
	Configurations []ConfigurationDiff
}

// Counts summarises a diff for the screen.
type Counts struct {
	Retargets, Replacements, Changes, Unchanged, LeftOut int
}

// Counts tallies the diff.
func (d Diff) Counts() Counts {
	var c Counts
	for _, cd := range d.Configurations {
		switch cd.Status {
		case Retarget:
			c.Retargets++
			c.Changes += len(cd.Changes)
		case Replace:
			c.Replacements++
			c.Changes += len(cd.Removed) + len(cd.Added)
		case Unchanged:
			c.Unchanged++
		default:
			c.LeftOut++
		}
	}
	return c
}

// Compare is the dry run: for every configuration in the backup or in the
// tenant (live, read through beta with their assignments), what a restore
// would do to make the tenant hold what the backup holds.
func Compare(f File, live []graph.Configuration) Diff {
	var d Diff
	inBackup := map[string]bool{}
	byID := map[string]graph.Configuration{}
	for _, c := range live {
		byID[strings.ToLower(c.ID)] = c
	}
	for _, want := range f.Configurations {
		inBackup[strings.ToLower(want.ID)] = true
		c, ok := byID[strings.ToLower(want.ID)]
		if !ok {
			d.Configurations = append(d.Configurations, ConfigurationDiff{ID: want.ID, DisplayName: want.DisplayName, Kind: want.Kind,
				Status: Missing, Reason: "it no longer exists in the tenant; a restore does not create configurations", Want: want.Assignments})
			continue
		}
		d.Configurations = append(d.Configurations, compareOne(c, want))
	}
	for _, c := range live {
		if !inBackup[strings.ToLower(c.ID)] {
			d.Configurations = append(d.Configurations, ConfigurationDiff{ID: c.ID, DisplayName: c.DisplayName, Kind: c.Kind,
				Status: NotInBackup, Reason: "it was created after the backup; it is left as it is", Live: c.Assignments})
		}
	}
	return d
}

// compareOne decides what a restore does to one configuration.
func compareOne(c graph.Configuration, want Configuration) ConfigurationDiff {
	cd := ConfigurationDiff{ID: c.ID, DisplayName: c.DisplayName, Kind: c.Kind, Live: c.Assignments, Want: want.Assignments}
	if cd.Live == nil {
		cd.Live = []graph.Assignment{}
	}
	cd.Want, cd.FiltersLeftOut = withoutFiltersItCannotTake(c.Kind, cd.Live, cd.Want)
	if SameTargets(cd.Live, cd.Want) {
		cd.Status = Unchanged
		return cd
	}
	if reason := c.DefaultReason(); reason != "" {
		cd.Status, cd.Reason = ReadOnly, reason
		return cd
	}
	if changes, ok := retargets(cd.Live, cd.Want); ok {
		cd.Status, cd.Changes = Retarget, changes
		return cd
	}
	cd.Status = Replace
	cd.Removed, cd.Added = setDifference(cd.Live, cd.Want), setDifference(cd.Want, cd.Live)
	return cd
}

// withoutFiltersItCannotTake is want with the filters a kind takes none of
// removed, unless the live assignment of that audience holds the same one
// (kept as it is, as graph keeps a filter an assignment already has), and
// the backup's targets that lost theirs.
func withoutFiltersItCannotTake(kind graph.ConfigurationKind, live, want []graph.Assignment) ([]graph.Assignment, []graph.Target) {
	if kind.AcceptsFilters() || !kind.Known() {
		return want, nil
	}
	liveAud := audiences(live)
	var out []graph.Assignment
	var left []graph.Target
	for _, a := range want {
		id, typ := a.Target.Filter()
		held, there := liveAud[a.Target.Audience()]
		heldID, heldType := held.Target.Filter()
		if typ == graph.FilterNone || (there && strings.EqualFold(id, heldID) && typ == heldType) {
			out = append(out, a)
			continue
		}
		left = append(left, a.Target)
		a.Target = a.Target.WithFilter("", graph.FilterNone)
		out = append(out, a)
	}
	return out, left
}

// retargets pairs the live assignments the backup does not have with the
// backup's the tenant does not have, when a retarget of each restores the
// set exactly: as many on each side, and every other property (a filter)
// already as the backup has it. An assignment the backup names by the ID
// a live one still has is paired with it first (a PATCH keeps the ID).
func retargets(live, want []graph.Assignment) ([]Change, bool) {
	wantAud, liveAud := audiences(want), audiences(live)
	var gone, come []graph.Assignment
	for _, a := range live {
		w, kept := wantAud[a.Target.Audience()]
		switch {
		case !kept:
			gone = append(gone, a)
		case normalized(w.Target) != normalized(a.Target):
			return nil, false // a filter differs: only the whole set restores it
		}
	}
	for _, a := range want {
		if _, there := liveAud[a.Target.Audience()]; !there {
			come = append(come, a)
		}
	}
	if len(gone) != len(come) {
		return nil, false
	}
	pairs := pairByID(gone, come)
	changes := make([]Change, 0, len(pairs))
	for _, p := range pairs {
		if hidden(p[0].Target) != hidden(p[1].Target) {
			return nil, false
		}
		changes = append(changes, Change{AssignmentID: p[0].ID, Before: p[0].Target, After: p[1].Target})
	}
	return changes, true
}

// pairByID pairs gone (live) with come (backup): same ID first, then the
// rest in audience order.
func pairByID(gone, come []graph.Assignment) [][2]graph.Assignment {
	var pairs [][2]graph.Assignment
	used := make([]bool, len(come))
	var restGone []graph.Assignment
	for _, g := range gone {
		matched := false
		for j, c := range come {
			if !used[j] && c.ID != "" && strings.EqualFold(c.ID, g.ID) {
				pairs, used[j], matched = append(pairs, [2]graph.Assignment{g, c}), true, true
				break
			}
		}
		if !matched {
			restGone = append(restGone, g)
		}
	}
	var restCome []graph.Assignment
	for j, c := range come {
		if !used[j] {
			restCome = append(restCome, c)
		}
	}
	byAudience := func(s []graph.Assignment) {
		sort.SliceStable(s, func(i, j int) bool { return s[i].Target.Audience().String() < s[j].Target.Audience().String() })
	}
	byAudience(restGone)
	byAudience(restCome)
	for i := range restGone {
		pairs = append(pairs, [2]graph.Assignment{restGone[i], restCome[i]})
	}
	return pairs
}

// SameTargets reports whether two sets hold the same targets, filters
// included, whatever the assignments' IDs and order, and whatever default
// values beta shows for properties never set.
func SameTargets(a, b []graph.Assignment) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		x[i], y[i] = normalized(a[i].Target), normalized(b[i].Target)
	}
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// setDifference lists a's targets that b does not hold exactly.
func setDifference(a, b []graph.Assignment) []graph.Target {
	have := map[string]int{}
	for _, x := range b {
		have[normalized(x.Target)]++
	}
	var out []graph.Target
	for _, x := range a {
		n := normalized(x.Target)
		if have[n] > 0 {
			have[n]--
			continue
		}
		out = append(out, x.Target)
	}
	return out
}

// audiences indexes a set by who each assignment means: a set holds one
// assignment per audience (backup files are checked for it).
func audiences(set []graph.Assignment) map[graph.Audience]graph.Assignment {
	out := make(map[graph.Audience]graph.Assignment, len(set))
	for _, a := range set {
		out[a.Target.Audience()] = a
	}
	return out
}

// normalized is a target as a comparable string: who it means, then what
// else it carries with beta's default values left out, so that equal
// targets compare equal.
func normalized(t graph.Target) string { return t.Audience().String() + " " + hidden(t) }

// hidden is what a target carries besides its audience, beta's default
// values left out: what a retarget keeps from the live target (a filter).
func hidden(t graph.Target) string { return t.WithoutDefaults().Unmodelled() }

// BulkPlan is the retargets of a diff as a plan for the bulk engine: one
// item per change, the set as read now as what each re-read must still show.
func (d Diff) BulkPlan() bulk.Plan {
	var p bulk.Plan
	for _, cd := range d.Configurations {
		if cd.Status != Retarget {
			continue
		}
		cp := bulk.ConfigurationPlan{ID: cd.ID, DisplayName: cd.DisplayName, Kind: cd.Kind, Loaded: cd.Live}
		for _, ch := range cd.Changes {
			cp.Items = append(cp.Items, bulk.Item{Key: cd.ID + "/" + ch.AssignmentID, ConfigurationID: cd.ID,
				AssignmentID: ch.AssignmentID, Before: ch.Before, After: ch.After, Outcome: bulk.Outcome{State: bulk.StatePending}})
		}
		p.Configurations = append(p.Configurations, cp)
	}
	return p
}

// Replacements are the configurations a restore writes whole.
func (d Diff) Replacements() []ConfigurationDiff {
	var out []ConfigurationDiff
	for _, cd := range d.Configurations {
		if cd.Status == Replace {
			out = append(out, cd)
		}
	}
	return out
}
