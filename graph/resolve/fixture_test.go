package resolve

import "enrollassign/graph"

// The directory the tests resolve against. frank is in l3, which is in l2,
// which is in l1: three levels of nesting, flattened as transitiveMemberOf
// answers. carol is in sales through salesEast.
var testDirectory = Directory{
	Users: []User{
		{ID: "alice", DisplayName: "Alice", UserPrincipalName: "alice@contoso.test"},
		{ID: "bob", DisplayName: "Bob", UserPrincipalName: "bob@contoso.test"},
		{ID: "carol", DisplayName: "Carol", UserPrincipalName: "carol@contoso.test"},
		{ID: "dave", DisplayName: "Dave", UserPrincipalName: "dave@contoso.test"},
		{ID: "frank", DisplayName: "Frank", UserPrincipalName: "frank@contoso.test"},
	},
	UserGroups: map[string][]string{
		"alice": {"sales", "vip"},
		"bob":   {"it"},
		"carol": {"salesEast", "sales"},
		"frank": {"L3", "L2", "L1"},
	},
	Groups: map[string]Members{
		"sales":     {Users: []string{"alice", "carol"}, Devices: []string{"d-alice"}},
		"salesEast": {Users: []string{"carol"}},
		"vip":       {Users: []string{"alice"}},
		"it":        {Users: []string{"bob"}, Devices: []string{"d-bob1", "d-bob2"}},
		"kiosks":    {Devices: []string{"k1", "k2"}},
		"L1":        {Users: []string{"frank"}},
		"L2":        {Users: []string{"frank"}},
		"L3":        {Users: []string{"frank"}},
	},
}

var (
	restriction = graph.ConfigurationPlatformRestrictions
	limit       = graph.ConfigurationLimit
	hello       = graph.ConfigurationWindowsHelloForBusiness
	esp         = graph.ConfigurationEnrollmentCompletionPage
)

func include(g string) graph.Audience { return graph.GroupTarget(g).Audience() }
func exclude(g string) graph.Audience { return graph.ExclusionGroupTarget(g).Audience() }
func allUsers() graph.Audience        { return graph.AllLicensedUsersTarget().Audience() }
func allDevices() graph.Audience      { return graph.AllDevicesTarget().Audience() }
func collection(id string) graph.Audience {
	return graph.CollectionTarget(id).Audience()
}

func conf(kind graph.ConfigurationKind, id string, priority int, targets ...graph.Audience) Configuration {
	return Configuration{ID: id, Name: id, Kind: kind, Priority: priority, Targets: targets}
}

func onPlatform(c Configuration, platform string) Configuration { c.Platform = platform; return c }

func defaultOf(kind graph.ConfigurationKind) Configuration {
	return Configuration{ID: "t_Default" + string(kind), Name: "Default " + kind.Label(), Kind: kind, Default: true}
}

// withDefaults adds every kind's default to cs.
func withDefaults(cs ...Configuration) []Configuration {
	for _, k := range graph.ConfigurationKinds {
		cs = append(cs, defaultOf(k))
	}
	return cs
}

// ids are the configurations' IDs.
func ids(cs []Configuration) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
