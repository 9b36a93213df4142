package resolve

import (
	"enrollassign/graph"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each case is named for the rule it checks and carries the documentation
// of that rule.
func TestResolve(t *testing.T) {
	cases := []struct {
		rule, doc string
		configs   []Configuration
		user      string
		key       Key
		applies   string
		by        Rule
		group     string
		passed    []string // PassedOver, in order
		runners   []string // RunnersUp, in order (nil: not checked)
		unclear   string   // a word every note must not lack; "" means no note
	}{
		{rule: "priority: the lowest number wins among configurations including the user", doc: DocPriority,
			configs: withDefaults(conf(restriction, "p2", 2, include("sales")), conf(restriction, "p1", 1, include("vip"))),
			user:    "alice", key: Key{Kind: restriction}, applies: "p1", by: RuleGroup, group: "vip"},
		{rule: "priority: the order configurations are read in does not matter", doc: DocPriority,
			configs: withDefaults(conf(restriction, "p1", 1, include("vip")), conf(restriction, "p2", 2, include("sales"))),
			user:    "alice", key: Key{Kind: restriction}, applies: "p1", by: RuleGroup, group: "vip"},
		{rule: "priority: a higher-priority configuration that does not include the user is skipped", doc: DocPriority,
			configs: withDefaults(conf(limit, "l1", 1, include("it")), conf(limit, "l2", 2, include("sales"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l2", by: RuleGroup, group: "sales"},
		{rule: "priority: the runners-up are the other including configurations by priority, the default last", doc: DocPriority,
			configs: withDefaults(conf(limit, "l3", 3, include("sales")), conf(limit, "l1", 1, include("vip")), conf(limit, "l2", 2, include("it"), include("sales"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "vip", runners: []string{"l2", "l3", "t_Default" + string(limit)}},
		{rule: "default: no configuration includes the user, so the platform restriction default applies", doc: DocPlatformDefault,
			configs: withDefaults(conf(restriction, "p1", 1, include("it"))),
			user:    "dave", key: Key{Kind: restriction}, applies: "t_Default" + string(restriction), by: RuleDefault, runners: []string{}},
		{rule: "default: no configuration includes the user, so the device limit default applies", doc: DocLimitDefault,
			configs: withDefaults(conf(limit, "l1", 1, include("sales"))),
			user:    "bob", key: Key{Kind: limit}, applies: "t_Default" + string(limit), by: RuleDefault},
		{rule: "default: a tenant with no other configuration of the kind gives everyone the default", doc: DocPlatformDefault,
			configs: withDefaults(),
			user:    "alice", key: Key{Kind: restriction}, applies: "t_Default" + string(restriction), by: RuleDefault},
		{rule: "exclusion: an exclusion takes a higher-priority configuration away and the next applies", doc: DocExclusion,
			configs: withDefaults(conf(restriction, "p1", 1, include("sales"), exclude("vip")), conf(restriction, "p2", 2, include("sales"))),
			user:    "alice", key: Key{Kind: restriction}, applies: "p2", by: RuleGroup, group: "sales", passed: []string{"p1"}},
		{rule: "exclusion: excluded wins over included by another group of the same configuration", doc: DocExclusion,
			configs: withDefaults(conf(limit, "l1", 1, include("vip"), include("sales"), exclude("sales"))),
			user:    "alice", key: Key{Kind: limit}, applies: "t_Default" + string(limit), by: RuleDefault, passed: []string{"l1"}},
		{rule: "exclusion: an exclusion reaches a user through a nested group", doc: DocNested,
			configs: withDefaults(conf(restriction, "p1", 1, include("sales"), exclude("salesEast")), conf(restriction, "p2", 2, include("sales"))),
			user:    "carol", key: Key{Kind: restriction}, applies: "p2", by: RuleGroup, group: "sales", passed: []string{"p1"}},
		{rule: "exclusion: excluding a group the user is not in changes nothing", doc: DocExclusion,
			configs: withDefaults(conf(restriction, "p1", 1, include("sales"), exclude("it"))),
			user:    "alice", key: Key{Kind: restriction}, applies: "p1", by: RuleGroup, group: "sales"},
		{rule: "exclusion: a device group does not exclude a user included through a user group, and says so", doc: DocExclusion,
			configs: withDefaults(conf(limit, "l1", 1, include("sales"), exclude("kiosks"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "sales", unclear: "user-to-device"},
		{rule: "exclusion: every including configuration excluded leaves the default, each passed over named", doc: DocExclusion,
			configs: withDefaults(conf(limit, "l1", 1, include("sales"), exclude("vip")), conf(limit, "l2", 2, allUsers(), exclude("sales"))),
			user:    "alice", key: Key{Kind: limit}, applies: "t_Default" + string(limit), by: RuleDefault, passed: []string{"l1", "l2"}},
		{rule: "exclusion: an exclusion below the configuration that applies is not reported", doc: DocExclusion,
			configs: withDefaults(conf(limit, "l1", 1, include("sales")), conf(limit, "l2", 2, include("sales"), exclude("vip"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "sales", passed: nil},
		{rule: "nested: a group three levels up includes the user", doc: DocNested,
			configs: withDefaults(conf(restriction, "p1", 1, include("L1"))),
			user:    "frank", key: Key{Kind: restriction}, applies: "p1", by: RuleGroup, group: "l1"},
		{rule: "nested: the group of the second level includes the user", doc: DocNested,
			configs: withDefaults(conf(limit, "l1", 1, include("l2"))),
			user:    "frank", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "l2"},
		{rule: "nested: group IDs are compared without case", doc: DocNested,
			configs: withDefaults(conf(limit, "l1", 1, include("SALESEAST"))),
			user:    "CAROL", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "saleseast"},
		{rule: "all users: a configuration assigned to all licensed users applies when nothing before it does", doc: DocAllUsers,
			configs: withDefaults(conf(limit, "l1", 1, include("it")), conf(limit, "l2", 2, allUsers())),
			user:    "dave", key: Key{Kind: limit}, applies: "l2", by: RuleAllUsers, unclear: "licen"},
		{rule: "all users vs a group: a group at a lower number beats all users", doc: DocPriority,
			configs: withDefaults(conf(limit, "l2", 2, allUsers()), conf(limit, "l1", 1, include("it"))),
			user:    "bob", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "it", runners: []string{"l2", "t_Default" + string(limit)}},
		{rule: "all users vs a group: all users at a lower number beats the user's group", doc: DocPriority,
			configs: withDefaults(conf(limit, "l1", 1, allUsers()), conf(limit, "l2", 2, include("it"))),
			user:    "bob", key: Key{Kind: limit}, applies: "l1", by: RuleAllUsers, unclear: "licen"},
		{rule: "all users: an exclusion takes an all-users configuration away", doc: DocExclusion,
			configs: withDefaults(conf(restriction, "p1", 1, allUsers(), exclude("it"))),
			user:    "bob", key: Key{Kind: restriction}, applies: "t_Default" + string(restriction), by: RuleDefault, passed: []string{"p1"}},
		{rule: "all users vs a group: in one configuration the group is named as the reason", doc: DocAllUsers,
			configs: withDefaults(conf(limit, "l1", 1, allUsers(), include("vip"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "vip"},
		{rule: "ESP: a profile assigned to all devices comes before a higher-priority one assigned to the user, and says it is a reading", doc: DocESP,
			configs: withDefaults(conf(esp, "e1", 1, include("sales")), conf(esp, "e2", 2, allDevices())),
			user:    "alice", key: Key{Kind: esp}, applies: "e2", by: RuleAllDevices, runners: []string{"e1", "t_Default" + string(esp)}, unclear: "devices"},
		{rule: "ESP: user-targeted profiles alone follow priority", doc: DocESP,
			configs: withDefaults(conf(esp, "e2", 2, include("sales")), conf(esp, "e1", 1, include("vip"))),
			user:    "alice", key: Key{Kind: esp}, applies: "e1", by: RuleGroup, group: "vip"},
		{rule: "ESP: among device-targeted profiles the lowest number wins", doc: DocESP,
			configs: withDefaults(conf(esp, "e3", 3, allDevices()), conf(esp, "e2", 2, allDevices()), conf(esp, "e1", 1, include("it"))),
			user:    "bob", key: Key{Kind: esp}, applies: "e2", by: RuleAllDevices, runners: []string{"e3", "e1", "t_Default" + string(esp)}, unclear: "devices"},
		{rule: "ESP: a device-targeted profile at a higher priority needs no note", doc: DocESP,
			configs: withDefaults(conf(esp, "e1", 1, allDevices()), conf(esp, "e2", 2, include("it"))),
			user:    "bob", key: Key{Kind: esp}, applies: "e1", by: RuleAllDevices},
		{rule: "ESP: no profile assigned leaves the default page", doc: DocESP,
			configs: withDefaults(conf(esp, "e1", 1, include("it"))),
			user:    "dave", key: Key{Kind: esp}, applies: "t_Default" + string(esp), by: RuleDefault},
		{rule: "Windows Hello: the tenant-wide default applies to everyone", doc: DocHello,
			configs: withDefaults(),
			user:    "bob", key: Key{Kind: hello}, applies: "t_Default" + string(hello), by: RuleDefault},
		{rule: "Windows Hello: an assigned configuration is ranked by priority, with the note that this is not documented", doc: DocHello,
			configs: withDefaults(conf(hello, "h1", 1, include("it"))),
			user:    "bob", key: Key{Kind: hello}, applies: "h1", by: RuleGroup, group: "it", unclear: "tenant-wide"},
		{rule: "platform: a restriction for one platform applies on that platform", doc: DocPlatformDefault,
			configs: withDefaults(onPlatform(conf(restriction, "android1", 1, include("sales")), "android")),
			user:    "alice", key: Key{Kind: restriction, Platform: "android"}, applies: "android1", by: RuleGroup, group: "sales"},
		{rule: "platform: a restriction for one platform does not apply on every platform", doc: DocPlatformDefault,
			configs: withDefaults(onPlatform(conf(restriction, "android1", 1, include("sales")), "android")),
			user:    "alice", key: Key{Kind: restriction}, applies: "t_Default" + string(restriction), by: RuleDefault},
		{rule: "platform: one platform's and every platform's restrictions in one order are said to be undocumented", doc: DocPlatformDefault,
			configs: withDefaults(onPlatform(conf(restriction, "ios2", 2, include("sales")), "ios"), conf(restriction, "all1", 1, include("vip"))),
			user:    "alice", key: Key{Kind: restriction, Platform: "ios"}, applies: "all1", by: RuleGroup, group: "vip", unclear: "not documented"},
		{rule: "default: none read leaves no configuration and says why", doc: DocPlatformDefault,
			configs: []Configuration{conf(limit, "l1", 1, include("it"))},
			user:    "dave", key: Key{Kind: limit}, applies: "", by: RuleNone, unclear: "default"},
		{rule: "collection: a Configuration Manager collection cannot be evaluated and says so", doc: DocExclusion,
			configs: withDefaults(conf(limit, "l1", 1, include("sales"), collection("SMS0001"))),
			user:    "alice", key: Key{Kind: limit}, applies: "l1", by: RuleGroup, group: "sales", unclear: "collection"},
	}
	ix := NewIndex(testDirectory)
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			require.NotEmpty(t, c.doc, "every rule cites its documentation")
			o := outcomeFor(t, ix, c.configs, c.user, c.key)
			assert.Equal(t, c.applies, o.Applies.ID, "applies")
			assert.Equal(t, c.by, o.Rule, "rule")
			assert.Equal(t, c.group, o.Group, "deciding group")
			var passed []string
			for _, x := range o.PassedOver {
				passed = append(passed, x.Configuration.ID)
			}
			assert.Equal(t, c.passed, passed, "passed over")
			if c.runners != nil {
				assert.Equal(t, c.runners, append([]string{}, ids(o.RunnersUp)...), "runners-up")
			}
			if c.unclear == "" {
				assert.Empty(t, o.Unclear, "no note when the documentation is clear")
			} else {
				require.NotEmpty(t, o.Unclear, "the unclear case says so")
				assert.Contains(t, strings.Join(o.Unclear, " "), c.unclear)
			}
			if o.Rule != RuleNone {
				assert.NotEmpty(t, o.Doc, "the outcome carries its rule's documentation")
			}
		})
	}
}

func outcomeFor(t *testing.T, ix *Index, cs []Configuration, user string, key Key) Outcome {
	t.Helper()
	for _, o := range ix.Resolve(cs, user) {
		if o.Key == key {
			return o
		}
	}
	t.Fatalf("no outcome for %+v", key)
	return Outcome{}
}

// An unknown user has no answers, rather than the default's.
func TestResolveUnknownUserHasNoAnswer(t *testing.T) {
	assert.Nil(t, NewIndex(testDirectory).Resolve(withDefaults(), "nobody"))
}

// Every kind is answered, restrictions per platform named in the
// configurations, every platform first.
func TestResolveAnswersEveryKindAndPlatform(t *testing.T) {
	cs := withDefaults(onPlatform(conf(restriction, "w", 1), "windows"), onPlatform(conf(restriction, "a", 1), "android"))
	var keys []Key
	for _, o := range NewIndex(testDirectory).Resolve(cs, "alice") {
		keys = append(keys, o.Key)
	}
	assert.Equal(t, []Key{{restriction, ""}, {restriction, "android"}, {restriction, "windows"}, {Kind: limit}, {Kind: hello}, {Kind: esp}}, keys)
}

// The words name the deciding group, the exclusion that took a
// configuration away, and the default.
func TestOutcomeWords(t *testing.T) {
	ix := NewIndex(testDirectory)
	names := func(id string) string { return map[string]string{"vip": "VIPs", "sales": "Sales"}[id] }
	cs := withDefaults(conf(restriction, "Block personal", 1, include("sales"), exclude("vip")), conf(restriction, "Sales", 2, include("sales")))
	o := outcomeFor(t, ix, cs, "alice", Key{Kind: restriction})
	assert.Equal(t, `"Block personal" (priority 1) comes first, but the exclusion of group "VIPs" takes it away. "Sales" (priority 2) applies: group "Sales" includes them and nothing before it does.`, o.Words(names))
	o = outcomeFor(t, ix, cs, "dave", Key{Kind: restriction})
	assert.Equal(t, `No other Enrollment restriction configuration includes them, so the default "Default Enrollment restriction" applies.`, o.Words(names))
}

// An assignment filter decides per device at enrollment: a user included
// through a filtered assignment gets the configuration with a note.
func TestResolveSaysAFilteredIncludeIsDecidedPerDevice(t *testing.T) {
	c := conf(limit, "l1", 1, include("sales"))
	c.Filtered = []graph.Audience{include("sales")}
	o := outcomeFor(t, NewIndex(testDirectory), withDefaults(c), "alice", Key{Kind: limit})
	assert.Equal(t, "l1", o.Applies.ID)
	require.Len(t, o.Unclear, 1)
	assert.Contains(t, o.Unclear[0], "assignment filter")
}

// FromGraph reads the filtered assignments of a beta read.
func TestFromGraphKeepsWhichTargetsCarryAFilter(t *testing.T) {
	filtered := graph.GroupTarget("Sales").WithFilter("f1", graph.FilterInclude)
	cs := FromGraph([]graph.Configuration{{ID: "c", Kind: limit, Priority: 1, Assignments: []graph.Assignment{{Target: filtered}, {Target: graph.GroupTarget("it")}}}})
	assert.Equal(t, []graph.Audience{include("sales")}, cs[0].Filtered)
	assert.Equal(t, []graph.Audience{include("sales"), include("it")}, cs[0].Targets)
}
