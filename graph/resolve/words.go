package resolve

import (
	"strconv"
	"strings"
)

// Words says why the outcome's configuration applies, in a sentence an
// administrator reads: the group that put the user in, the exclusions that
// took higher-priority configurations away, or that the default applies.
// name turns a group ID into its name (or returns the ID when unknown).
func (o Outcome) Words(name func(groupID string) string) string {
	var b strings.Builder
	for _, x := range o.PassedOver {
		b.WriteString(quoteConfig(x.Configuration) + " comes first, but the exclusion of group " + strconv.Quote(name(x.Group)) + " takes it away. ")
	}
	switch o.Rule {
	case RuleGroup:
		b.WriteString(quoteConfig(o.Applies) + " applies: group " + strconv.Quote(name(o.Group)) + " includes them and nothing before it does.")
	case RuleAllUsers:
		b.WriteString(quoteConfig(o.Applies) + " applies: it is assigned to all licensed users and nothing before it includes them.")
	case RuleAllDevices:
		b.WriteString(quoteConfig(o.Applies) + " applies: it is assigned to all devices, so every device they enroll gets it.")
	case RuleDefault:
		b.WriteString("No other " + o.Kind.Label() + " configuration includes them, so the default " + strconv.Quote(o.Applies.Name) + " applies.")
	default:
		b.WriteString("No " + o.Kind.Label() + " configuration applies.")
	}
	return b.String()
}

// quoteConfig names a configuration with its priority.
func quoteConfig(c Configuration) string {
	if c.Default {
		return strconv.Quote(c.Name) + " (default)"
	}
	return strconv.Quote(c.Name) + " (priority " + strconv.Itoa(c.Priority) + ")"
}

// PlatformWords names the platform of a key: "every platform" when it is
// not one platform's.
func (k Key) PlatformWords() string {
	if k.Platform == "" {
		return "every platform"
	}
	return k.Platform
}
