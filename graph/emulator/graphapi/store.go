package graphapi

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"enrollassign/graph/emulator/demo"
	"enrollassign/graph/emulator/internal/ids"
	"enrollassign/graph/emulator/wire"
)

// The virtual group IDs Intune uses in assignment IDs for its two "all" targets.
const (
	allUsersVirtualGroup   = "acacacac-9df4-4c7d-9d50-4ef0226f57a9"
	allDevicesVirtualGroup = "adadadad-808e-44e2-905a-0b7873a8a531"
)

// Store is the tenant's Graph data: configurations with their assignments
// (kept in the beta shape, filters and source included) and groups. Safe
// for concurrent use; handlers work inside Do.
type Store struct {
	now func() time.Time

	mu sync.Mutex
	t  tenant
}

// tenant is the data under the store's lock.
type tenant struct {
	configs []wire.Configuration
	groups  []wire.Group
	users   []wire.User
	filters []wire.AssignmentFilter
}

// NewStore returns a store holding the seeded demo tenant.
func NewStore(now func() time.Time) (*Store, error) {
	s := &Store{now: now}
	return s, s.Reset()
}

// Reset restores the seeded demo tenant.
func (s *Store) Reset() error {
	if err := s.ReplaceFilters(demo.Filters()); err != nil {
		return err
	}
	return s.ReplaceTenant(demo.Configurations(), demo.Groups(), demo.People())
}

// ReplaceFilters swaps the tenant's assignment filters for others, after
// checking their IDs: GUIDs, each once.
func (s *Store) ReplaceFilters(filters []wire.AssignmentFilter) error {
	seen := map[string]bool{}
	for i, f := range filters {
		key := strings.ToLower(f.ID)
		if !ids.IsGUID(f.ID) || seen[key] {
			return fmt.Errorf("assignment filter %d: id %q is not a GUID or is repeated", i, f.ID)
		}
		seen[key] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.filters = slices.Clone(filters)
	return nil
}

// Filters copies the tenant's assignment filters.
func (s *Store) Filters() []wire.AssignmentFilter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.t.filters)
}

// Replace swaps the tenant's configurations (and groups, unless nil) for
// others, after checking them: one of the four subtypes, unique IDs,
// assignments with unique IDs (missing ones derived as the service does).
func (s *Store) Replace(configs []wire.Configuration, groups []wire.Group) error {
	return s.ReplaceTenant(configs, groups, nil)
}

// ReplaceTenant is Replace that also swaps the directory's users, unless
// nil; groups and users are checked together (a group's user is one of
// the directory's), whichever of them is kept.
func (s *Store) ReplaceTenant(configs []wire.Configuration, groups []wire.Group, users []wire.User) error {
	next, err := checkConfigurations(configs)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if groups == nil {
		groups = s.t.groups
	}
	if users == nil {
		users = s.t.users
	}
	if err := checkUsers(users); err != nil {
		return err
	}
	if err := checkGroups(groups, users); err != nil {
		return err
	}
	s.t.configs, s.t.groups, s.t.users = next, slices.Clone(groups), slices.Clone(users)
	return nil
}

func checkConfigurations(configs []wire.Configuration) ([]wire.Configuration, error) {
	next := make([]wire.Configuration, len(configs))
	seen := map[string]bool{}
	for i, c := range configs {
		key := strings.ToLower(c.ID)
		if c.ID == "" || seen[key] {
			return nil, fmt.Errorf("configuration %d: id %q is empty or repeated", i, c.ID)
		}
		if !c.Kind.Known() {
			return nil, fmt.Errorf("configuration %s: type %q is not one of the four configuration subtypes", c.ID, c.Kind)
		}
		seen[key] = true
		c, err := withAssignmentIDs(copyConfiguration(c))
		if err != nil {
			return nil, err
		}
		next[i] = c
	}
	return next, nil
}

// Configurations copies every configuration with its assignments.
func (s *Store) Configurations() []wire.Configuration {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]wire.Configuration, len(s.t.configs))
	for i, c := range s.t.configs {
		out[i] = copyConfiguration(c)
	}
	return out
}

// Groups copies the directory's groups.
func (s *Store) Groups() []wire.Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.t.groups)
}

// Users copies the directory's users.
func (s *Store) Users() []wire.User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.t.users)
}

// do runs f with the tenant locked.
func (s *Store) do(f func(t *tenant)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.t)
}

func withAssignmentIDs(c wire.Configuration) (wire.Configuration, error) {
	seen := map[string]bool{}
	for i, a := range c.Assignments {
		if a.ID == "" {
			c.Assignments[i].ID = assignmentID(c.ID, a.Target)
		}
		key := strings.ToLower(c.Assignments[i].ID)
		if seen[key] {
			return c, fmt.Errorf("configuration %s: assignment id %q is repeated", c.ID, c.Assignments[i].ID)
		}
		seen[key] = true
	}
	return c, nil
}

// assignmentID is the composite ID Intune gives an assignment:
// "{configurationId}_{groupId}", with the virtual group IDs for the two
// "all" targets and the collection ID for a collection.
func assignmentID(configID string, t wire.Target) string {
	switch t.Kind {
	case wire.TargetAllLicensedUsers:
		return configID + "_" + allUsersVirtualGroup
	case wire.TargetAllDevices:
		return configID + "_" + allDevicesVirtualGroup
	case wire.TargetCollection:
		return configID + "_" + t.CollectionID
	}
	return configID + "_" + t.GroupID
}

func copyConfiguration(c wire.Configuration) wire.Configuration {
	out := c
	out.Assignments = slices.Clone(c.Assignments)
	if out.Assignments == nil {
		out.Assignments = []wire.Assignment{}
	}
	return out
}

func (t *tenant) config(id string) (*wire.Configuration, bool) {
	for i := range t.configs {
		if strings.EqualFold(t.configs[i].ID, id) {
			return &t.configs[i], true
		}
	}
	return nil, false
}

func assignmentIndex(c *wire.Configuration, id string) int {
	for i, a := range c.Assignments {
		if strings.EqualFold(a.ID, id) {
			return i
		}
	}
	return -1
}

func (t *tenant) filter(id string) (wire.AssignmentFilter, bool) {
	for _, f := range t.filters {
		if strings.EqualFold(f.ID, id) {
			return f, true
		}
	}
	return wire.AssignmentFilter{}, false
}

func (t *tenant) group(id string) (wire.Group, bool) {
	for _, g := range t.groups {
		if strings.EqualFold(g.ID, id) {
			return g, true
		}
	}
	return wire.Group{}, false
}

// setPriority moves c to position priority among the non-default
// configurations of its kind and renumbers them 1..n, as Intune keeps
// priorities dense.
func (t *tenant) setPriority(c *wire.Configuration, priority int, now time.Time) {
	var peers []*wire.Configuration
	for i := range t.configs {
		p := &t.configs[i]
		if p.Kind == c.Kind && !isDefault(*p) && p != c {
			peers = append(peers, p)
		}
	}
	slices.SortStableFunc(peers, func(a, b *wire.Configuration) int { return int(a.Priority) - int(b.Priority) })
	order := slices.Insert(peers, priority-1, c)
	for i, p := range order {
		p.Priority = int32(i + 1)
	}
	c.LastModifiedDateTime = now
}

// peersOf counts the non-default configurations of c's kind, c included.
func (t *tenant) peersOf(c *wire.Configuration) int {
	n := 0
	for _, p := range t.configs {
		if p.Kind == c.Kind && !isDefault(p) {
			n++
		}
	}
	return n
}

// checkUsers refuses users the emulator could not answer for: an ID that
// is not a GUID or a user principal name without '@', either twice.
func checkUsers(users []wire.User) error {
	seen := map[string]bool{}
	for i, u := range users {
		id, upn := strings.ToLower(u.ID), strings.ToLower(u.UserPrincipalName)
		switch {
		case !ids.IsGUID(u.ID) || seen[id]:
			return fmt.Errorf("user %d: id %q is not a GUID or is repeated", i, u.ID)
		case !strings.Contains(upn, "@") || seen[upn]:
			return fmt.Errorf("user %s: userPrincipalName %q is not name@domain or is repeated", u.ID, u.UserPrincipalName)
		}
		seen[id], seen[upn] = true, true
	}
	return nil
}

// checkGroups refuses a directory the emulator could not answer for: a
// group without a GUID, twice, or with a member that is not one of the
// directory's users, a device or one of the directory's groups.
func checkGroups(groups []wire.Group, users []wire.User) error {
	known := map[string]bool{}
	for i, g := range groups {
		key := strings.ToLower(g.ID)
		if !ids.IsGUID(g.ID) || known[key] {
			return fmt.Errorf("group %d: id %q is not a GUID or is repeated", i, g.ID)
		}
		known[key] = true
	}
	people := map[string]bool{}
	for _, u := range users {
		people[strings.ToLower(u.ID)] = true
	}
	for _, g := range groups {
		for _, m := range g.Members {
			if err := checkMember(g, m, known, people); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkMember(g wire.Group, m wire.Member, groups, users map[string]bool) error {
	name, _ := wire.ShortName(m.Type)
	switch {
	case !ids.IsGUID(m.ID):
		return fmt.Errorf("group %s: member id %q is not a GUID", g.ID, m.ID)
	case m.IsGroup() && !groups[strings.ToLower(m.ID)]:
		return fmt.Errorf("group %s: nested group %s is not in the directory", g.ID, m.ID)
	case name == wire.MemberUser && !users[strings.ToLower(m.ID)]:
		return fmt.Errorf("group %s: user %s is not one of the directory's users", g.ID, m.ID)
	case name != wire.MemberUser && name != wire.MemberDevice && !m.IsGroup():
		return fmt.Errorf("group %s: member %s has type %q, not a user, a device or a group", g.ID, m.ID, m.Type)
	}
	return nil
}

func (t *tenant) user(idOrUPN string) (wire.User, bool) {
	for _, u := range t.users {
		if strings.EqualFold(u.ID, idOrUPN) || strings.EqualFold(u.UserPrincipalName, idOrUPN) {
			return u, true
		}
	}
	return wire.User{}, false
}
