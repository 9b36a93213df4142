package resolve

import (
	"slices"
	"strings"

	"enrollassign/graph"
)

// Key is one question the resolver answers for a user: which configuration
// of a kind applies, and for restrictions, on which platform ("" is every
// platform).
type Key struct {
	Kind     graph.ConfigurationKind
	Platform string
}

// Rule is how the applying configuration was decided.
type Rule string

// The rules.
const (
	// RuleGroup: a group the user is in (directly or through nested groups)
	// includes them, and no configuration before it does.
	RuleGroup Rule = "group"
	// RuleAllUsers: the configuration is assigned to all licensed users.
	RuleAllUsers Rule = "all users"
	// RuleAllDevices: the configuration is assigned to all devices, so any
	// device the user enrolls gets it.
	RuleAllDevices Rule = "all devices"
	// RuleDefault: nothing else of the kind takes the user; the tenant's
	// default applies.
	RuleDefault Rule = "default"
	// RuleNone: nothing applies, not even a default (none was read).
	RuleNone Rule = "none"
)

// Exclusion is a configuration that would have come first but an
// exclusion took it away.
type Exclusion struct {
	Configuration Configuration
	Group         string
}

// Outcome is the answer for one user and one Key.
type Outcome struct {
	Key
	// Applies is the configuration that applies; zero under RuleNone.
	Applies Configuration
	Rule    Rule
	// Group is the group that put the user in, under RuleGroup.
	Group string
	// Doc is the documentation of the rule that decided.
	Doc string
	// PassedOver are the configurations before Applies that included the
	// user but excluded them too, in priority order.
	PassedOver []Exclusion
	// RunnersUp are the configurations that would apply next, in order,
	// the default last.
	RunnersUp []Configuration
	// Unclear says what the documentation does not settle in this answer.
	Unclear []string
}

// plan is the configurations arranged per Key, each Key's candidates in the
// order Intune considers them.
type plan struct {
	keys     []Key
	cands    map[Key][]*Configuration
	defaults map[Key]*Configuration
	hello    bool // a non-default Windows Hello configuration exists
	// comp are each Key's candidates' targets compiled for bit tests,
	// beside cands.
	comp map[Key][][]ctarget
}

// ctarget is a target as judge tests it: its kind as a small number and its
// group's number (-1: no group the directory knows).
type ctarget struct {
	kind targetKind
	num  int
}

type targetKind uint8

const (
	tOther targetKind = iota
	tInclude
	tExclude
	tAllUsers
	tAllDevices
	tCollection
)

var targetKinds = map[graph.TargetKind]targetKind{
	graph.TargetGroup: tInclude, graph.TargetExclusionGroup: tExclude, graph.TargetAllLicensedUsers: tAllUsers,
	graph.TargetAllDevices: tAllDevices, graph.TargetCollection: tCollection,
}

func (ix *Index) newPlan(cs []Configuration) plan {
	p := plan{cands: map[Key][]*Configuration{}, defaults: map[Key]*Configuration{}, comp: map[Key][][]ctarget{}}
	platforms := platformsOf(cs)
	for _, k := range graph.ConfigurationKinds {
		if k != graph.ConfigurationPlatformRestrictions {
			p.keys = append(p.keys, Key{Kind: k})
			continue
		}
		for _, pl := range platforms {
			p.keys = append(p.keys, Key{Kind: k, Platform: pl})
		}
	}
	for i := range cs {
		c := &cs[i]
		for _, key := range p.keys {
			if key.Kind != c.Kind || !covers(c.Platform, key.Platform) {
				continue
			}
			if c.Default {
				if d := p.defaults[key]; d == nil || d.Platform != key.Platform {
					p.defaults[key] = c // a platform's own default before the all-platform one
				}
				continue
			}
			p.cands[key] = append(p.cands[key], c)
			p.hello = p.hello || c.Kind == graph.ConfigurationWindowsHelloForBusiness
		}
	}
	for key, list := range p.cands {
		slices.SortStableFunc(list, func(a, b *Configuration) int {
			if a.Priority != b.Priority {
				return a.Priority - b.Priority // DocPriority: the lowest number first
			}
			return strings.Compare(a.ID, b.ID)
		})
		for _, c := range list {
			p.comp[key] = append(p.comp[key], ix.compile(c.Targets))
		}
	}
	return p
}

// compile turns audiences into what judge tests.
func (ix *Index) compile(ts []graph.Audience) []ctarget {
	out := make([]ctarget, len(ts))
	for i, t := range ts {
		n, ok := ix.groupNum[t.ID]
		if !ok || !t.Kind.HasGroup() {
			n = -1
		}
		out[i] = ctarget{kind: targetKinds[t.Kind], num: n}
	}
	return out
}

// platformsOf lists the platforms restrictions name: "" (every platform)
// first, then each platform a beta restriction is for.
func platformsOf(cs []Configuration) []string {
	out := []string{""}
	for _, c := range cs {
		if c.Kind == graph.ConfigurationPlatformRestrictions && !slices.Contains(out, c.Platform) {
			out = append(out, c.Platform)
		}
	}
	slices.Sort(out[1:])
	return out
}

// covers reports a configuration for platform has applying to key's
// platform: its own, or one that covers every platform.
func covers(has, key string) bool { return has == "" || strings.EqualFold(has, key) }

// Resolve answers every Key for the user with the given ID.
func (ix *Index) Resolve(cs []Configuration, userID string) []Outcome {
	i, ok := ix.byID[strings.ToLower(userID)]
	if !ok {
		return nil
	}
	p := ix.newPlan(slices.Clone(cs))
	out := make([]Outcome, 0, len(p.keys))
	for _, key := range p.keys {
		out = append(out, ix.decide(p, key, i))
	}
	return out
}

// match is how one configuration meets one user.
type match struct {
	included, excluded bool
	deviceTargeted     bool
	rule               Rule
	group, exclusion   string
	unclear            []string
}

// judge meets configuration c with user i: DocExclusion's exclusion over
// inclusion, DocNested's transitive groups, DocAllUsers.
func (ix *Index) judge(i int, c *Configuration, ts []ctarget) match {
	var m match
	groups := ix.groupsOf[i]
	for j, ct := range ts {
		in := hasBit(groups, ct.num)
		t := c.Targets[j]
		switch ct.kind {
		case tInclude:
			if in && (!m.included || m.rule != RuleGroup) {
				m.included, m.rule, m.group, m.deviceTargeted = true, RuleGroup, t.ID, false
			}
		case tAllUsers:
			if !m.included || m.rule == RuleAllDevices {
				m.included, m.rule, m.deviceTargeted = true, RuleAllUsers, false
			}
		case tAllDevices:
			if !m.included {
				m.included, m.rule, m.deviceTargeted = true, RuleAllDevices, true
			}
		case tExclude:
			switch {
			case in:
				m.excluded, m.exclusion = true, t.ID
			case ct.num >= 0 && ix.onlyDevices[ct.num]:
				m.unclear = append(m.unclear, "the exclusion of group "+t.ID+" holds devices only: Intune does not evaluate user-to-device group relationships, so whether it keeps a device of this user out is not said ("+DocExclusion+")")
			}
		case tCollection:
			m.unclear = append(m.unclear, "Configuration Manager collection "+t.ID+" is assigned too: its members are not read, so whether it includes this user is not known")
		}
	}
	if !m.included {
		m.unclear = nil // notes about a configuration that does not include the user change nothing
	}
	if len(c.Filtered) > 0 && m.included {
		m.unclear = append(m.unclear, filterNotes(c, m)...)
	}
	return m
}

// applies reports a match that gives the user the configuration.
func (m match) applies() bool { return m.included && !m.excluded }

// decide answers key for user i, with the rule, the configurations passed
// over and the runners-up.
func (ix *Index) decide(p plan, key Key, i int) Outcome {
	o := Outcome{Key: key}
	esp := key.Kind == graph.ConfigurationEnrollmentCompletionPage
	var applying []candidate
	for n, c := range p.cands[key] {
		m := ix.judge(i, c, p.comp[key][n])
		switch {
		case m.included && m.excluded && len(applying) == 0:
			o.PassedOver = append(o.PassedOver, Exclusion{Configuration: *c, Group: m.exclusion})
		case m.applies():
			applying = append(applying, candidate{c, m})
		}
	}
	deviceFirst := false
	if esp && len(applying) > 1 {
		// DocESP, as read here: a profile assigned to devices comes before
		// one assigned to users, whatever their priorities.
		first := applying[0].c
		slices.SortStableFunc(applying, func(a, b candidate) int { return boolRank(b.m.deviceTargeted) - boolRank(a.m.deviceTargeted) })
		deviceFirst = applying[0].c != first
	}
	switch {
	case len(applying) > 0:
		w := applying[0]
		o.Applies, o.Rule, o.Group, o.Doc = *w.c, w.m.rule, w.m.group, ruleDoc(key.Kind, w.m.rule)
		o.Unclear = append(o.Unclear, w.m.unclear...)
	case p.defaults[key] != nil:
		o.Applies, o.Rule, o.Doc = *p.defaults[key], RuleDefault, defaultDoc(key.Kind)
	default:
		o.Rule = RuleNone
		o.Unclear = append(o.Unclear, "no default "+key.Kind.Label()+" configuration was read: every tenant has one, so it may be hidden from this account")
	}
	if len(applying) > 0 {
		for _, a := range applying[1:] {
			o.RunnersUp = append(o.RunnersUp, *a.c)
		}
		if d := p.defaults[key]; d != nil {
			o.RunnersUp = append(o.RunnersUp, *d)
		}
	}
	o.Unclear = append(o.Unclear, kindNotes(p, key, o, deviceFirst)...)
	return o
}

type candidate struct {
	c *Configuration
	m match
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// kindNotes are what the documentation leaves open for a kind.
func kindNotes(p plan, key Key, o Outcome, deviceFirst bool) []string {
	var notes []string
	if key.Kind == graph.ConfigurationWindowsHelloForBusiness && p.hello {
		notes = append(notes, "Windows Hello for Business at enrollment is documented as one tenant-wide policy ("+DocHello+"); how Intune ranks other assigned configurations of it is not documented, so they are ranked by priority like restrictions")
	}
	if deviceFirst {
		notes = append(notes, "a profile assigned to all devices is put before a higher-priority profile assigned to this user's groups; the Enrollment Status Page article ("+DocESP+") is read so, but it does not spell out the order")
	}
	if o.Rule == RuleAllUsers {
		notes = append(notes, "assigned to all licensed users: users are read without their licences, so every user is counted as licensed")
	}
	if key.Platform != "" && mixesPlatforms(p.cands[key]) {
		notes = append(notes, "restrictions for "+key.Platform+" alone and restrictions for every platform share one priority order here; how Intune orders the two sorts is not documented")
	}
	return notes
}

func mixesPlatforms(cs []*Configuration) bool {
	var all, one bool
	for _, c := range cs {
		all, one = all || c.Platform == "", one || c.Platform != ""
	}
	return all && one
}

func ruleDoc(k graph.ConfigurationKind, r Rule) string {
	switch {
	case r == RuleAllUsers:
		return DocAllUsers
	case k == graph.ConfigurationEnrollmentCompletionPage:
		return DocESP
	case k == graph.ConfigurationWindowsHelloForBusiness:
		return DocHello
	}
	return DocPriority
}

func defaultDoc(k graph.ConfigurationKind) string {
	switch k {
	case graph.ConfigurationLimit:
		return DocLimitDefault
	case graph.ConfigurationWindowsHelloForBusiness:
		return DocHello
	case graph.ConfigurationEnrollmentCompletionPage:
		return DocESP
	}
	return DocPlatformDefault
}

// winner is the configuration decide would answer for key and user i,
// without the explanation: what an impact compares, for every user.
func (ix *Index) winner(p plan, key Key, i int) *Configuration {
	esp := key.Kind == graph.ConfigurationEnrollmentCompletionPage
	var first *Configuration
	comp := p.comp[key]
	for n, c := range p.cands[key] {
		m := ix.judge(i, c, comp[n])
		if !m.applies() {
			continue
		}
		if !esp || m.deviceTargeted {
			return c // DocPriority; for DocESP, the first device-targeted profile
		}
		if first == nil {
			first = c
		}
	}
	if first != nil {
		return first
	}
	return p.defaults[key]
}

// filterNotes say that an assignment filter, which Intune evaluates per
// device at enrollment, may change the answer: on the include that put the
// user in, or on the exclusion that took them out.
func filterNotes(c *Configuration, m match) []string {
	var notes []string
	for _, f := range c.Filtered {
		switch {
		case f.Kind == graph.TargetExclusionGroup && m.excluded && f.ID == m.exclusion:
			notes = append(notes, "the exclusion of group "+f.ID+" carries an assignment filter, decided per device at enrollment: on a device the filter leaves out, "+c.Name+" may apply after all")
		case f.Kind != graph.TargetExclusionGroup && !m.excluded && (f.ID == m.group || (m.group == "" && f.Kind != graph.TargetGroup)):
			notes = append(notes, c.Name+" reaches them through an assignment with an assignment filter, decided per device at enrollment: on a device the filter leaves out, the next configuration applies")
		}
	}
	return notes
}
