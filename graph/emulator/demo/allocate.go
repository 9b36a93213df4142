package demo

import "strings"

// strides are steps through the generated people, each prime to their
// number (300), so a walk from any start meets every person once.
var strides = []int{7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47}

// allocation decides who is in each group, once per call, the same every
// time.
type allocation struct {
	users      [][]string // by row, nil until decided
	nextOffice int        // the first person no office has yet
}

// allocate gives every row its users: named sign-in users first, then
// generated people. An office takes the next block of people (nobody works
// in two offices); any other group takes people spread over the directory,
// skipping those its nested groups already hold, so that each group's
// transitive member count is the sum of its rows.
func allocate() [][]string {
	a := &allocation{users: make([][]string, len(groups))}
	for i := range groups {
		a.of(i)
	}
	return a.users
}

func (a *allocation) of(row int) []string {
	if a.users[row] != nil {
		return a.users[row]
	}
	g := groups[row]
	out := []string{}
	for _, upn := range g.named {
		u, _ := FindUser(upn)
		out = append(out, u.OID)
	}
	if g.office {
		for len(out) < g.users {
			out = append(out, personID(a.nextOffice))
			a.nextOffice++
		}
	} else {
		out = a.spread(row, out, a.nested(row))
	}
	a.users[row] = out
	return out
}

// spread adds generated people to out until the row has its users.
func (a *allocation) spread(row int, out []string, taken map[string]bool) []string {
	start, stride := (row*61)%generatedPeople, strides[row%len(strides)]
	for k := 0; len(out) < groups[row].users && k < generatedPeople; k++ {
		id := personID((start + k*stride) % generatedPeople)
		if !taken[id] {
			taken[id] = true
			out = append(out, id)
		}
	}
	return out
}

// nested is every user the row's nested groups hold, through their own.
func (a *allocation) nested(row int) map[string]bool {
	held := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		for i, g := range groups {
			if strings.EqualFold(g.name, name) {
				for _, id := range a.of(i) {
					held[id] = true
				}
				for _, n := range g.nested {
					walk(n)
				}
			}
		}
	}
	for _, n := range groups[row].nested {
		walk(n)
	}
	return held
}
