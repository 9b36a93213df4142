package resolve

import (
	"slices"
	"strings"

	"enrollassign/graph"
)

// Impact is what a change of configurations does to people, before it is
// sent.
type Impact struct {
	// Changes are the configurations whose audiences change, with who
	// gains and who loses them.
	Changes []Change
	// Gaining and Losing count the users and devices of the audiences
	// gained and lost (each counted once).
	Gaining, Losing Counts
	// Movers are the users whose effective configuration changes, by
	// name, then kind.
	Movers []Mover
}

// Change is one configuration's audiences gained and lost.
type Change struct {
	Configuration Configuration
	// Gaining are audiences newly given the configuration: an include
	// added, an exclusion removed. Losing are the reverse.
	Gaining, Losing []graph.Audience
}

// Counts are how many users and devices audiences hold.
type Counts struct {
	Users, Devices int
	// AllUsers and AllDevices say an audience is everyone (of the tenant,
	// not only of the directory read).
	AllUsers, AllDevices bool
}

// Mover is a user whose effective configuration of a Key changes.
type Mover struct {
	User          User
	Key           Key
	Before, After Configuration
}

// Impact compares the configurations before and after a change: who gains
// and loses each configuration, and who changes effective configuration.
// Only the kinds the change touches are resolved again.
func (ix *Index) Impact(before, after []Configuration) Impact {
	var out Impact
	gain, lose := map[string]bool{}, map[string]bool{}
	gainDev, loseDev := map[string]bool{}, map[string]bool{}
	for _, ch := range changes(before, after) {
		out.Changes = append(out.Changes, ch)
		ix.count(ch.Gaining, gain, gainDev, &out.Gaining)
		ix.count(ch.Losing, lose, loseDev, &out.Losing)
	}
	out.Gaining.Users, out.Gaining.Devices = len(gain), len(gainDev)
	out.Losing.Users, out.Losing.Devices = len(lose), len(loseDev)
	out.Movers = ix.movers(before, after)
	return out
}

// count adds the members of audiences to the sets, or says everyone.
func (ix *Index) count(as []graph.Audience, users, devices map[string]bool, c *Counts) {
	for _, a := range as {
		switch a.Kind {
		case graph.TargetAllLicensedUsers:
			c.AllUsers = true
			for _, u := range ix.users {
				users[strings.ToLower(u.ID)] = true
			}
		case graph.TargetAllDevices:
			c.AllDevices = true
		case graph.TargetGroup, graph.TargetExclusionGroup:
			m := ix.members[a.ID]
			for u := range m.users {
				users[u] = true
			}
			for d := range m.devices {
				devices[d] = true
			}
		}
	}
}

// changes lists, per configuration, the audiences gained and lost.
func changes(before, after []Configuration) []Change {
	was := map[string]Configuration{}
	for _, c := range before {
		was[c.ID] = c
	}
	var out []Change
	for _, c := range after {
		old := was[c.ID]
		delete(was, c.ID)
		ch := Change{Configuration: c}
		ch.Gaining = append(added(old.Targets, c.Targets, graph.TargetExclusionGroup, false), added(c.Targets, old.Targets, graph.TargetExclusionGroup, true)...)
		ch.Losing = append(added(c.Targets, old.Targets, graph.TargetExclusionGroup, false), added(old.Targets, c.Targets, graph.TargetExclusionGroup, true)...)
		if len(ch.Gaining)+len(ch.Losing) > 0 {
			out = append(out, ch)
		}
	}
	for _, c := range before { // deleted configurations lose every include
		if _, gone := was[c.ID]; gone {
			ch := Change{Configuration: c, Losing: added(nil, c.Targets, graph.TargetExclusionGroup, false)}
			if len(ch.Losing) > 0 {
				out = append(out, ch)
			}
		}
	}
	return out
}

// added lists the audiences of next that old lacks: includes (every kind
// but ex) or, with exclusions set, the exclusions.
func added(old, next []graph.Audience, ex graph.TargetKind, exclusions bool) []graph.Audience {
	var out []graph.Audience
	for _, a := range next {
		if (a.Kind == ex) == exclusions && !slices.Contains(old, a) {
			out = append(out, a)
		}
	}
	return out
}

// movers resolves, for every user, each Key whose configurations differ
// before and after, and lists those whose answer changes.
func (ix *Index) movers(before, after []Configuration) []Mover {
	pb, pa := ix.newPlan(slices.Clone(before)), ix.newPlan(slices.Clone(after))
	var out []Mover
	for _, key := range pa.keys {
		if !slices.Contains(pb.keys, key) || samePlan(pb, pa, key) {
			continue
		}
		touched, everyone := ix.touched(pb, pa, key)
		for i, u := range ix.users {
			if !everyone && !intersects(ix.groupsOf[i], touched) {
				continue // no configuration that changed includes or excludes them: their answer stands
			}
			b, a := ix.winner(pb, key, i), ix.winner(pa, key, i)
			if b != a && idOf(b) != idOf(a) {
				out = append(out, Mover{User: u, Key: key, Before: valueOf(b), After: valueOf(a)})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y Mover) int {
		return strings.Compare(x.User.DisplayName+x.User.ID, y.User.DisplayName+y.User.ID)
	})
	return out
}

// samePlan reports a Key whose candidates and default are the same, in the
// same order with the same audiences, before and after.
func samePlan(pb, pa plan, key Key) bool {
	same := sameConfiguration
	db, da := pb.defaults[key], pa.defaults[key]
	if (db == nil) != (da == nil) || (db != nil && !same(db, da)) {
		return false
	}
	return slices.EqualFunc(pb.cands[key], pa.cands[key], same)
}

func idOf(c *Configuration) string {
	if c == nil {
		return ""
	}
	return c.ID
}

func valueOf(c *Configuration) Configuration {
	if c == nil {
		return Configuration{}
	}
	return *c
}

// touched are the groups of the configurations of key that differ before
// and after (added, removed, moved, retargeted), as bits; everyone when one
// of them targets everyone (or a collection, whose members are unknown) or
// the default changed. Only users in those groups can change answer: every
// other configuration meets them as before, in the same relative order.
func (ix *Index) touched(pb, pa plan, key Key) (bits []uint64, everyone bool) {
	if idOf(pb.defaults[key]) != idOf(pa.defaults[key]) {
		return nil, true
	}
	was := map[string]int{}
	for n, c := range pb.cands[key] {
		was[c.ID] = n
	}
	mark := func(ts []ctarget) {
		for _, t := range ts {
			switch {
			case t.kind == tInclude || t.kind == tExclude:
				if t.num >= 0 {
					bits = setBit(bits, t.num)
				}
			default:
				everyone = true
			}
		}
	}
	for n, c := range pa.cands[key] {
		m, ok := was[c.ID]
		delete(was, c.ID)
		if ok && sameConfiguration(pb.cands[key][m], c) {
			continue
		}
		mark(pa.comp[key][n])
		if ok {
			mark(pb.comp[key][m])
		}
	}
	for _, m := range was {
		mark(pb.comp[key][m])
	}
	return bits, everyone
}

func intersects(a, b []uint64) bool {
	for i := range min(len(a), len(b)) {
		if a[i]&b[i] != 0 {
			return true
		}
	}
	return false
}

func sameConfiguration(x, y *Configuration) bool {
	return x.ID == y.ID && x.Priority == y.Priority && slices.Equal(x.Targets, y.Targets)
}
