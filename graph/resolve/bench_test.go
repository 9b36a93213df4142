package resolve

import (
	"fmt"
	"slices"
	"testing"

	"enrollassign/graph"
)

// A tenant at the scale the issue sets: 300 configurations and 5,000 users,
// each user in a few of 400 groups.
func benchTenant() (Directory, []Configuration) {
	const users, groups, configs = 5000, 400, 300
	d := Directory{UserGroups: map[string][]string{}, Groups: map[string]Members{}}
	for u := range users {
		id := fmt.Sprintf("u%04d", u)
		d.Users = append(d.Users, User{ID: id, DisplayName: "User " + id})
		for k := range 4 {
			g := fmt.Sprintf("g%03d", (u*7+k*31)%groups)
			d.UserGroups[id] = append(d.UserGroups[id], g)
			m := d.Groups[g]
			m.Users = append(m.Users, id)
			d.Groups[g] = m
		}
	}
	var cs []Configuration
	for i := range configs {
		kind := graph.ConfigurationKinds[i%len(graph.ConfigurationKinds)]
		c := conf(kind, fmt.Sprintf("c%03d", i), i/len(graph.ConfigurationKinds)+1,
			include(fmt.Sprintf("g%03d", (i*13)%groups)), include(fmt.Sprintf("g%03d", (i*17+5)%groups)), exclude(fmt.Sprintf("g%03d", (i*19+3)%groups)))
		cs = append(cs, c)
	}
	return d, withDefaults(cs...)
}

// BenchmarkImpact: one change touching every kind (each kind's first two
// configurations swapped, the first losing an include), over 300 configurations and 5,000 users, the
// directory already indexed.
func BenchmarkImpact(b *testing.B) {
	d, before := benchTenant()
	ix := NewIndex(d)
	after := benchChange(before)
	for b.Loop() {
		im := ix.Impact(before, after)
		if len(im.Movers) == 0 {
			b.Fatal("a swap over 5,000 users moves someone")
		}
	}
}

// BenchmarkNewIndex: arranging the 5,000 users' directory, once per read.
func BenchmarkNewIndex(b *testing.B) {
	d, _ := benchTenant()
	for b.Loop() {
		NewIndex(d)
	}
}

// benchChange swaps each kind's first two configurations and takes the
// first one's first include away.
func benchChange(before []Configuration) []Configuration {
	after := slices.Clone(before)
	for k := range graph.ConfigurationKinds {
		after[k].Priority, after[k+len(graph.ConfigurationKinds)].Priority = 2, 1
		after[k].Targets = after[k].Targets[1:]
	}
	return after
}
