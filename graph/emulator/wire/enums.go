package wire

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Enablement is graph.enablement; the zero value is notConfigured, as the
// enum's member 0.
type Enablement int

// The members of graph.enablement.
const (
	NotConfigured Enablement = iota
	Enabled
	Disabled
)

var enablementNames = []string{"notConfigured", "enabled", "disabled"}

// PinUsage is graph.windowsHelloForBusinessPinUsage; the zero value is
// allowed, as the enum's member 0.
type PinUsage int

// The members of graph.windowsHelloForBusinessPinUsage.
const (
	PinAllowed PinUsage = iota
	PinRequired
	PinDisallowed
)

var pinUsageNames = []string{"allowed", "required", "disallowed"}

// MarshalJSON writes the member's name.
func (e Enablement) MarshalJSON() ([]byte, error) {
	return enumName(int(e), enablementNames, "enablement")
}

// UnmarshalJSON reads a member's name.
func (e *Enablement) UnmarshalJSON(data []byte) error {
	return readEnum(data, (*int)(e), enablementNames, "enablement")
}

// MarshalJSON writes the member's name.
func (p PinUsage) MarshalJSON() ([]byte, error) {
	return enumName(int(p), pinUsageNames, "windowsHelloForBusinessPinUsage")
}

// UnmarshalJSON reads a member's name.
func (p *PinUsage) UnmarshalJSON(data []byte) error {
	return readEnum(data, (*int)(p), pinUsageNames, "windowsHelloForBusinessPinUsage")
}

func enumName(v int, names []string, enum string) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, fmt.Errorf("%d is not a member of %s%s", v, Namespace, enum)
	}
	return json.Marshal(names[v])
}

// readEnum reads a member's name; null leaves dst as it is.
func readEnum(data []byte, dst *int, names []string, enum string) error {
	if string(data) == "null" {
		return nil
	}
	var name string
	if err := json.Unmarshal(data, &name); err != nil {
		return fmt.Errorf("%s%s: %w", Namespace, enum, err)
	}
	i := slices.Index(names, name)
	if i < 0 {
		return fmt.Errorf("%q is not a member of %s%s", name, Namespace, enum)
	}
	*dst = i
	return nil
}
