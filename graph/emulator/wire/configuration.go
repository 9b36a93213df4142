package wire

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// ConfigurationKind is a deviceEnrollmentConfiguration subtype, by its
// short name.
type ConfigurationKind string

// The four subtypes of v1.0.
const (
	ConfigurationLimit                    ConfigurationKind = "deviceEnrollmentLimitConfiguration"
	ConfigurationPlatformRestrictions     ConfigurationKind = "deviceEnrollmentPlatformRestrictionsConfiguration"
	ConfigurationWindowsHelloForBusiness  ConfigurationKind = "deviceEnrollmentWindowsHelloForBusinessConfiguration"
	ConfigurationEnrollmentCompletionPage ConfigurationKind = "windows10EnrollmentCompletionPageConfiguration"
)

// ConfigurationKinds lists the four subtypes.
var ConfigurationKinds = []ConfigurationKind{ConfigurationLimit, ConfigurationPlatformRestrictions,
	ConfigurationWindowsHelloForBusiness, ConfigurationEnrollmentCompletionPage}

// Known reports one of the four subtypes.
func (k ConfigurationKind) Known() bool { return slices.Contains(ConfigurationKinds, k) }

// Configuration is a deviceEnrollmentConfiguration: the base type's
// properties, the properties of its subtype (only Kind's are written and
// read; the other three are ignored), and its assignments.
type Configuration struct {
	Kind                 ConfigurationKind
	ID                   string
	DisplayName          string
	Description          string
	Priority             int32
	CreatedDateTime      time.Time
	LastModifiedDateTime time.Time
	Version              int32

	DeviceLimit          DeviceLimit
	PlatformRestrictions PlatformRestrictions
	WindowsHello         WindowsHelloForBusiness
	CompletionPage       CompletionPage

	// Assignments is written when not nil (an empty list as []).
	Assignments []Assignment
}

// DeviceLimit is deviceEnrollmentLimitConfiguration's own property.
type DeviceLimit struct {
	Limit int32 `json:"limit"`
}

// PlatformRestrictions are deviceEnrollmentPlatformRestrictionsConfiguration's
// own properties.
type PlatformRestrictions struct {
	Android       PlatformRestriction `json:"androidRestriction"`
	IOS           PlatformRestriction `json:"iosRestriction"`
	MacOS         PlatformRestriction `json:"macOSRestriction"`
	WindowsMobile PlatformRestriction `json:"windowsMobileRestriction"`
	Windows       PlatformRestriction `json:"windowsRestriction"`
}

// PlatformRestriction is deviceEnrollmentPlatformRestriction; a nil
// version is null.
type PlatformRestriction struct {
	PlatformBlocked                 bool    `json:"platformBlocked"`
	PersonalDeviceEnrollmentBlocked bool    `json:"personalDeviceEnrollmentBlocked"`
	OSMinimumVersion                *string `json:"osMinimumVersion"`
	OSMaximumVersion                *string `json:"osMaximumVersion"`
}

// WindowsHelloForBusiness are
// deviceEnrollmentWindowsHelloForBusinessConfiguration's own properties.
type WindowsHelloForBusiness struct {
	EnhancedBiometricsState     Enablement `json:"enhancedBiometricsState"`
	PinExpirationInDays         int32      `json:"pinExpirationInDays"`
	PinLowercaseCharactersUsage PinUsage   `json:"pinLowercaseCharactersUsage"`
	PinMaximumLength            int32      `json:"pinMaximumLength"`
	PinMinimumLength            int32      `json:"pinMinimumLength"`
	PinPreviousBlockCount       int32      `json:"pinPreviousBlockCount"`
	PinSpecialCharactersUsage   PinUsage   `json:"pinSpecialCharactersUsage"`
	PinUppercaseCharactersUsage PinUsage   `json:"pinUppercaseCharactersUsage"`
	RemotePassportEnabled       bool       `json:"remotePassportEnabled"`
	SecurityDeviceRequired      bool       `json:"securityDeviceRequired"`
	State                       Enablement `json:"state"`
	UnlockWithBiometricsEnabled bool       `json:"unlockWithBiometricsEnabled"`
}

// CompletionPage is windows10EnrollmentCompletionPageConfiguration's own
// property.
type CompletionPage struct {
	AllowNonBlockingAppInstallation bool `json:"allowNonBlockingAppInstallation"`
}

// BaseProperties are the base type's properties, as written.
var BaseProperties = []string{"id", "displayName", "description", "priority", "createdDateTime", "lastModifiedDateTime", "version"}

// Properties lists every property a configuration of some subtype has:
// the base type's, then each subtype's.
func Properties() []string {
	out := slices.Clone(BaseProperties)
	for _, k := range ConfigurationKinds {
		c := Configuration{Kind: k}
		out = append(out, propertyNames(c.own())...)
	}
	return out
}

// propertyNames lists, sorted, the members a struct of properties writes.
func propertyNames(properties any) []string {
	raw, err := json.Marshal(properties)
	if err != nil {
		panic(err) // the property structs always encode
	}
	var m members
	_ = json.Unmarshal(raw, &m)
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// own is the subtype's own properties: a pointer to Kind's, nil for a
// kind outside the four.
func (c *Configuration) own() any {
	switch c.Kind {
	case ConfigurationLimit:
		return &c.DeviceLimit
	case ConfigurationPlatformRestrictions:
		return &c.PlatformRestrictions
	case ConfigurationWindowsHelloForBusiness:
		return &c.WindowsHello
	case ConfigurationEnrollmentCompletionPage:
		return &c.CompletionPage
	}
	return nil
}

// MarshalJSON writes the configuration as Graph does: type and base
// properties, then the subtype's, then the assignments when not nil.
func (c Configuration) MarshalJSON() ([]byte, error) {
	var o object
	o.add(typeKey, ODataType(string(c.Kind)))
	o.add("id", c.ID)
	o.add("displayName", c.DisplayName)
	o.add("description", c.Description)
	o.add("priority", c.Priority)
	o.add("createdDateTime", c.CreatedDateTime.UTC())
	o.add("lastModifiedDateTime", c.LastModifiedDateTime.UTC())
	o.add("version", c.Version)
	if own := c.own(); own != nil {
		o.spread(own)
	}
	if c.Assignments != nil {
		o.add("assignments", c.Assignments)
	}
	return o.bytes()
}

// UnmarshalJSON reads a configuration of one of the four subtypes, with
// only the properties of its type.
func (c *Configuration) UnmarshalJSON(data []byte) error {
	m, name, err := readTyped(data)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	next := Configuration{Kind: ConfigurationKind(name)}
	if !next.Kind.Known() {
		return fmt.Errorf("configuration: @odata.type %q is not one of the four configuration subtypes", name)
	}
	err = m.takeAll(field{"id", &next.ID}, field{"displayName", &next.DisplayName}, field{"description", &next.Description},
		field{"priority", &next.Priority}, field{"createdDateTime", &next.CreatedDateTime},
		field{"lastModifiedDateTime", &next.LastModifiedDateTime}, field{"version", &next.Version},
		field{"assignments", &next.Assignments})
	if err == nil {
		err = next.takeOwn(m)
	}
	if err != nil {
		return fmt.Errorf("configuration %q: %w", next.ID, err)
	}
	*c = next
	return nil
}

// takeOwn reads the subtype's properties from what is left; anything else
// does not exist on the type.
func (c *Configuration) takeOwn(m members) error {
	own := c.own()
	mine := members{}
	for _, name := range propertyNames(own) {
		if raw, ok := m[name]; ok {
			mine[name] = raw
			delete(m, name)
		}
	}
	if err := m.leftover(string(c.Kind)); err != nil {
		return err
	}
	raw, err := json.Marshal(mine)
	if err == nil {
		err = json.Unmarshal(raw, own)
	}
	return err
}
