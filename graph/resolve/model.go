package resolve

import (
	"encoding/json"
	"slices"
	"strings"

	"enrollassign/graph"
)

// Configuration is what the resolver needs of one enrollment configuration.
type Configuration struct {
	ID   string
	Name string
	Kind graph.ConfigurationKind
	// Platform is the platform a restriction is for (beta's platformType);
	// empty when it covers every platform, as v1.0's restrictions do.
	Platform string
	Priority int
	// Default marks the tenant's built-in configuration of its kind: it
	// applies to everyone no other configuration of the kind takes.
	Default bool
	// Targets are who it is assigned to: includes, exclusions, all users,
	// all devices (graph.Target.Audience, group IDs in lower case).
	Targets []graph.Audience
	// Filtered are the targets that carry an assignment filter (beta): a
	// filter decides per device at enrollment, which a directory cannot.
	Filtered []graph.Audience
}

// FromGraph is the resolver's view of configurations as graph read them.
func FromGraph(cs []graph.Configuration) []Configuration {
	out := make([]Configuration, 0, len(cs))
	for _, c := range cs {
		out = append(out, fromGraph(c))
	}
	return out
}

func fromGraph(c graph.Configuration) Configuration {
	r := Configuration{ID: c.ID, Name: c.DisplayName, Kind: c.Kind, Priority: int(c.Priority), Default: c.IsDefault()}
	if raw, ok := c.Settings["platformType"]; ok {
		_ = json.Unmarshal(raw, &r.Platform) // a platform that is not a string covers every platform
	}
	for _, a := range c.Assignments {
		r.Targets = append(r.Targets, a.Target.Audience())
		if _, typ := a.Target.Filter(); typ != graph.FilterNone {
			r.Filtered = append(r.Filtered, a.Target.Audience())
		}
	}
	return r
}

// User is a person in the directory.
type User struct {
	ID, DisplayName, UserPrincipalName string
}

// Members are a group's transitive members.
type Members struct {
	Users, Devices []string
}

// Directory is a snapshot of the tenant's people: every user, each user's
// groups (transitive: through nested groups too), each group's transitive
// members.
type Directory struct {
	Users      []User
	UserGroups map[string][]string
	Groups     map[string]Members
}

// Index is a Directory arranged for lookups, built once per snapshot.
type Index struct {
	users   []User
	byID    map[string]int
	members map[string]memberSets
	// Groups are numbered so that a user's groups are a bit set: resolving
	// 5,000 users against 300 configurations is then bit tests, not map
	// lookups (BenchmarkImpact).
	groupNum    map[string]int // lower-case group ID → number
	groupsOf    [][]uint64     // per user (by position), the bits of their groups
	onlyDevices []bool         // per group number: its known members are devices only
}

type memberSets struct {
	users, devices map[string]bool
}

// NewIndex arranges d for resolving. IDs are compared case-insensitively,
// as Entra compares them.
func NewIndex(d Directory) *Index {
	ix := &Index{users: slices.Clone(d.Users), byID: map[string]int{}, members: map[string]memberSets{}}
	slices.SortFunc(ix.users, func(a, b User) int { return strings.Compare(a.DisplayName+a.ID, b.DisplayName+b.ID) })
	lowerGroups := map[string][]string{}
	for id, gs := range d.UserGroups {
		lowerGroups[strings.ToLower(id)] = gs
	}
	ix.groupNum = map[string]int{}
	for g, m := range d.Groups {
		sets := memberSets{users: lowerSet(m.Users), devices: lowerSet(m.Devices)}
		ix.members[strings.ToLower(g)] = sets
		ix.onlyDevices = append(ix.onlyDevices, len(sets.users) == 0 && len(sets.devices) > 0)
		ix.groupNum[strings.ToLower(g)] = len(ix.onlyDevices) - 1
	}
	ix.groupsOf = make([][]uint64, len(ix.users))
	for i, u := range ix.users {
		ix.byID[strings.ToLower(u.ID)] = i
		for _, g := range lowerGroups[strings.ToLower(u.ID)] {
			g = strings.ToLower(g)
			ix.groupsOf[i] = setBit(ix.groupsOf[i], ix.number(g))
			ix.addUser(g, strings.ToLower(u.ID))
		}
	}
	return ix
}

// addUser counts a user among a group's members: a group whose members
// were not read (not assigned yet) still has the users whose groups were.
func (ix *Index) addUser(group, user string) {
	m, ok := ix.members[group]
	if !ok {
		m = memberSets{users: map[string]bool{}, devices: map[string]bool{}}
		ix.members[group] = m
	}
	m.users[user] = true
}

// number is a group's number, given one when first seen (a group a user is
// in but whose members were not read).
func (ix *Index) number(lowerID string) int {
	n, ok := ix.groupNum[lowerID]
	if !ok {
		n = len(ix.onlyDevices)
		ix.groupNum[lowerID] = n
		ix.onlyDevices = append(ix.onlyDevices, false)
	}
	return n
}

func setBit(bits []uint64, n int) []uint64 {
	for len(bits) <= n/64 {
		bits = append(bits, 0)
	}
	bits[n/64] |= 1 << (n % 64)
	return bits
}

func hasBit(bits []uint64, n int) bool {
	return n >= 0 && n/64 < len(bits) && bits[n/64]&(1<<(n%64)) != 0
}

func lowerSet(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[strings.ToLower(id)] = true
	}
	return set
}

// Users are the directory's users by display name.
func (ix *Index) Users() []User { return ix.users }

// User finds a user by ID.
func (ix *Index) User(id string) (User, bool) {
	i, ok := ix.byID[strings.ToLower(id)]
	if !ok {
		return User{}, false
	}
	return ix.users[i], true
}

// Search lists the users whose display name or user principal name
// contains text, ignoring case, at most top of them.
func (ix *Index) Search(text string, top int) []User {
	text = strings.ToLower(strings.TrimSpace(text))
	var out []User
	for _, u := range ix.users {
		if len(out) == top {
			break
		}
		if strings.Contains(strings.ToLower(u.DisplayName), text) || strings.Contains(strings.ToLower(u.UserPrincipalName), text) {
			out = append(out, u)
		}
	}
	return out
}

// InGroup reports whether the user (by ID) is a transitive member of group.
func (ix *Index) InGroup(userID, groupID string) bool {
	i, ok := ix.byID[strings.ToLower(userID)]
	n, known := ix.groupNum[strings.ToLower(groupID)]
	return ok && known && hasBit(ix.groupsOf[i], n)
}

// GroupUsers lists the users of a group the directory knows.
func (ix *Index) GroupUsers(groupID string) []User {
	m := ix.members[strings.ToLower(groupID)]
	var out []User
	for _, u := range ix.users {
		if m.users[strings.ToLower(u.ID)] {
			out = append(out, u)
		}
	}
	return out
}
