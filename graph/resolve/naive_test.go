package resolve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// naiveMovers resolves every user and every Key fully before and after,
// with no pruning: the reference Impact's movers must equal.
func naiveMovers(ix *Index, before, after []Configuration) []string {
	var out []string
	pb, pa := ix.newPlan(slices.Clone(before)), ix.newPlan(slices.Clone(after))
	for i, u := range ix.Users() {
		for _, key := range pa.keys {
			ob, oa := ix.decide(pb, key, i), ix.decide(pa, key, i)
			if ob.Applies.ID != oa.Applies.ID {
				out = append(out, u.ID+" "+string(key.Kind)+key.Platform+": "+ob.Applies.ID+" → "+oa.Applies.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

func prunedMovers(ix *Index, before, after []Configuration) []string {
	var out []string
	for _, m := range ix.Impact(before, after).Movers {
		out = append(out, m.User.ID+" "+string(m.Key.Kind)+m.Key.Platform+": "+m.Before.ID+" → "+m.After.ID)
	}
	slices.Sort(out)
	return out
}

// randomChange changes a tenant as the screens can: a priority swap, an
// include or exclusion added or removed, all users or all devices added.
func randomChange(r *rand.Rand, cs []Configuration, groups int) []Configuration {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Targets = slices.Clone(out[i].Targets)
	}
	i, j := r.IntN(len(out)), r.IntN(len(out))
	if out[i].Default {
		return out
	}
	g := fmt.Sprintf("g%03d", r.IntN(groups))
	switch r.IntN(6) {
	case 0:
		if !out[j].Default && out[j].Kind == out[i].Kind {
			out[i].Priority, out[j].Priority = out[j].Priority, out[i].Priority
		}
	case 1:
		out[i].Targets = append(out[i].Targets, include(g))
	case 2:
		out[i].Targets = append(out[i].Targets, exclude(g))
	case 3:
		if len(out[i].Targets) > 0 {
			out[i].Targets = out[i].Targets[1:]
		}
	case 4:
		out[i].Targets = append(out[i].Targets, allUsers())
	case 5:
		out[i].Targets = append(out[i].Targets, allDevices())
	}
	return out
}

// Impact's pruning (only users in a changed configuration's groups are
// resolved again) finds exactly the movers resolving everyone finds.
func TestImpactFindsTheMoversResolvingEveryoneFinds(t *testing.T) {
	d, cs := smallTenant()
	ix := NewIndex(d)
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 100 {
		after := randomChange(r, cs, 40)
		require.Equal(t, naiveMovers(ix, cs, after), prunedMovers(ix, cs, after), "change %d", n)
		cs = after
	}
}

// smallTenant is benchTenant's shape at a size the naive reference
// resolves quickly: 200 users, 40 groups, 24 configurations.
func smallTenant() (Directory, []Configuration) {
	d := Directory{UserGroups: map[string][]string{}, Groups: map[string]Members{}}
	for u := range 200 {
		id := fmt.Sprintf("u%03d", u)
		d.Users = append(d.Users, User{ID: id, DisplayName: strings.ToUpper(id)})
		for k := range 3 {
			g := fmt.Sprintf("g%03d", (u*7+k*11)%40)
			d.UserGroups[id] = append(d.UserGroups[id], g)
			m := d.Groups[g]
			m.Users = append(m.Users, id)
			d.Groups[g] = m
		}
	}
	var cs []Configuration
	for i := range 24 {
		kind := []Configuration{conf(restriction, "", 0), conf(limit, "", 0), conf(hello, "", 0), conf(esp, "", 0)}[i%4].Kind
		cs = append(cs, conf(kind, fmt.Sprintf("c%02d", i), i/4+1, include(fmt.Sprintf("g%03d", (i*13)%40)), exclude(fmt.Sprintf("g%03d", (i*17+3)%40))))
	}
	return d, withDefaults(cs...)
}

// BenchmarkImpactNaive: BenchmarkImpact's change resolved for every user
// with Resolve, for the ratio the pruning and the bit sets buy.
func BenchmarkImpactNaive(b *testing.B) {
	d, before := benchTenant()
	ix := NewIndex(d)
	after := benchChange(before)
	for b.Loop() {
		naiveMovers(ix, before, after)
	}
}
