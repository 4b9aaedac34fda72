package graph

import (
	"fmt"
	"sort"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// DeviceConfiguration is one certificate profile: a deviceConfiguration
// subtype told apart by @odata.type. The properties every configuration has
// are fields; the family's properties (ProfileTypes) are held by JSON name,
// and Serialize writes only those the profile's type carries, since Graph
// rejects a property its type does not have.
//
// A family property that is not set is not sent; one named with SetNull is
// sent as an explicit null, which clears it.
type DeviceConfiguration struct {
	additionalData map[string]any
	nulls          map[string]bool
	props          map[string]any // string, int32, bool, []string or []map[string]string by Properties' kind

	odataType            *string
	id                   *string
	displayName          *string
	description          *string
	roleScopeTagIds      []string
	version              *int32
	createdDateTime      *time.Time
	lastModifiedDateTime *time.Time
	assignments          []*DeviceConfigurationAssignment // read with $expand=assignments; written through /assign
}

// NewDeviceConfiguration instantiates an empty configuration of the given @odata.type.
func NewDeviceConfiguration(odataType string) *DeviceConfiguration {
	return &DeviceConfiguration{additionalData: map[string]any{}, props: map[string]any{}, odataType: &odataType}
}

// CreateDeviceConfigurationFromDiscriminatorValue is the kiota factory.
func CreateDeviceConfigurationFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &DeviceConfiguration{additionalData: map[string]any{}, props: map[string]any{}}, nil
}

func (m *DeviceConfiguration) GetAdditionalData() map[string]any      { return m.additionalData }
func (m *DeviceConfiguration) SetAdditionalData(value map[string]any) { m.additionalData = value }
func (m *DeviceConfiguration) GetOdataType() *string                  { return m.odataType }
func (m *DeviceConfiguration) SetOdataType(value *string)             { m.odataType = value }
func (m *DeviceConfiguration) GetId() *string                         { return m.id }
func (m *DeviceConfiguration) SetId(value *string)                    { m.id = value }
func (m *DeviceConfiguration) GetDisplayName() *string                { return m.displayName }
func (m *DeviceConfiguration) SetDisplayName(value *string)           { m.displayName = value }
func (m *DeviceConfiguration) GetDescription() *string                { return m.description }
func (m *DeviceConfiguration) SetDescription(value *string)           { m.description = value }
func (m *DeviceConfiguration) GetRoleScopeTagIds() []string           { return m.roleScopeTagIds }
func (m *DeviceConfiguration) SetRoleScopeTagIds(value []string)      { m.roleScopeTagIds = value }
func (m *DeviceConfiguration) GetVersion() *int32                     { return m.version }
func (m *DeviceConfiguration) SetVersion(value *int32)                { m.version = value }
func (m *DeviceConfiguration) GetCreatedDateTime() *time.Time         { return m.createdDateTime }
func (m *DeviceConfiguration) SetCreatedDateTime(value *time.Time)    { m.createdDateTime = value }
func (m *DeviceConfiguration) GetLastModifiedDateTime() *time.Time    { return m.lastModifiedDateTime }
func (m *DeviceConfiguration) SetLastModifiedDateTime(value *time.Time) {
	m.lastModifiedDateTime = value
}
func (m *DeviceConfiguration) GetAssignments() []*DeviceConfigurationAssignment { return m.assignments }
func (m *DeviceConfiguration) SetAssignments(value []*DeviceConfigurationAssignment) {
	m.assignments = value
}

// Whole reports whether m, as a listing sent it, carries what a GET with
// $expand=assignments returns: the assignments (a listing that ignored
// $expand has none, not an empty list) and, for a trusted certificate, the
// certificate, the one large property a listing could leave out. A
// configuration of a type the client does not model is never whole: the
// provider reads only certificate profiles, and a listing need not hold the
// tenant's other configurations.
func (m *DeviceConfiguration) Whole() bool {
	t, ok := ProfileTypes[deref(m.odataType)]
	if !ok || m.assignments == nil {
		return false
	}
	if t.Has("trustedRootCertificate") {
		_, ok := m.props["trustedRootCertificate"]
		return ok
	}
	return true
}

// Property returns a family property by JSON name, as Properties' kind
// holds it (string, int32, bool, []string, []map[string]string); false when
// Graph sent none or null.
func (m *DeviceConfiguration) Property(name string) (any, bool) {
	v, ok := m.props[name]
	return v, ok
}

// String returns a string property, nil when absent.
func (m *DeviceConfiguration) String(name string) *string {
	if s, ok := m.props[name].(string); ok {
		return &s
	}
	return nil
}

// SetProperty sets a family property by JSON name. It panics on a name or a
// kind Properties does not list: that is a mistake in the caller's table,
// not a runtime condition.
func (m *DeviceConfiguration) SetProperty(name string, value any) {
	p, ok := Properties[name]
	if !ok {
		panic(fmt.Sprintf("device configuration: unknown property %q", name))
	}
	okKind := false
	switch value.(type) {
	case string:
		okKind = p.Kind == KindString
	case int32:
		okKind = p.Kind == KindInt32
	case bool:
		okKind = p.Kind == KindBool
	case []string:
		okKind = p.Kind == KindStrings
	case []map[string]string:
		okKind = p.Kind == KindObjects
	}
	if !okKind {
		panic(fmt.Sprintf("device configuration: property %q cannot hold %T", name, value))
	}
	if m.props == nil {
		m.props = map[string]any{}
	}
	m.props[name] = value
}

// SetNull marks a property (by its JSON name) to be sent as null.
func (m *DeviceConfiguration) SetNull(jsonName string) {
	if m.nulls == nil {
		m.nulls = map[string]bool{}
	}
	m.nulls[jsonName] = true
}

// SentNull reports whether a property (by its JSON name) is sent as null.
func (m *DeviceConfiguration) SentNull(jsonName string) bool { return m.nulls[jsonName] }

// SetProperties lists the family properties set on m, sorted.
func (m *DeviceConfiguration) SetProperties() []string {
	out := make([]string, 0, len(m.props))
	for k := range m.props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// GetFieldDeserializers returns the JSON readers of every property of every
// certificate profile type: the type is not known until @odata.type is read,
// and a property of another type never arrives.
func (m *DeviceConfiguration) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	fields := map[string]func(serialization.ParseNode) error{
		"@odata.type":          readString(m.SetOdataType),
		"id":                   readString(m.SetId),
		"displayName":          readString(m.SetDisplayName),
		"description":          readString(m.SetDescription),
		"roleScopeTagIds":      readStrings(m.SetRoleScopeTagIds),
		"version":              readInt32(m.SetVersion),
		"createdDateTime":      readTime(m.SetCreatedDateTime),
		"lastModifiedDateTime": readTime(m.SetLastModifiedDateTime),
		"assignments": func(n serialization.ParseNode) error {
			items, err := n.GetCollectionOfObjectValues(CreateDeviceConfigurationAssignmentFromDiscriminatorValue)
			if err != nil {
				return err
			}
			m.assignments = make([]*DeviceConfigurationAssignment, 0, len(items))
			for _, it := range items {
				if a, ok := it.(*DeviceConfigurationAssignment); ok {
					m.assignments = append(m.assignments, a)
				}
			}
			return nil
		},
	}
	for name, p := range Properties {
		fields[name] = m.readProperty(name, p)
	}
	return namedFields(fields)
}

func (m *DeviceConfiguration) readProperty(name string, p Property) func(serialization.ParseNode) error {
	keep := func(v any) {
		if m.props == nil {
			m.props = map[string]any{}
		}
		m.props[name] = v
	}
	switch p.Kind {
	case KindInt32:
		return readInt32(func(v *int32) {
			if v != nil {
				keep(*v)
			}
		})
	case KindBool:
		return func(n serialization.ParseNode) error {
			v, err := n.GetBoolValue()
			if err == nil && v != nil {
				keep(*v)
			}
			return err
		}
	case KindStrings:
		return readStrings(func(v []string) {
			if v != nil {
				keep(v)
			}
		})
	case KindObjects:
		return func(n serialization.ParseNode) error {
			items, err := n.GetCollectionOfObjectValues(createComplexValue)
			if err != nil || items == nil {
				return err
			}
			out := make([]map[string]string, 0, len(items))
			for _, it := range items {
				if c, ok := it.(*complexValue); ok {
					out = append(out, c.strings())
				}
			}
			keep(out)
			return nil
		}
	default:
		return readString(func(v *string) {
			if v != nil {
				keep(*v)
			}
		})
	}
}

// Serialize writes @odata.type (always: Graph needs it on every write of a
// derived type, PATCH included) and the writable properties that are set.
// id, version and the dates are the service's. A family property the type
// does not carry is an error, not a silent omission.
func (m *DeviceConfiguration) Serialize(writer serialization.SerializationWriter) error {
	if m.odataType == nil {
		return fmt.Errorf("device configuration: @odata.type is not set")
	}
	typ, ok := ProfileTypes[*m.odataType]
	if !ok {
		return fmt.Errorf("device configuration: %s is not a certificate profile type this client models", *m.odataType)
	}
	if err := writer.WriteStringValue("@odata.type", m.odataType); err != nil {
		return err
	}
	for _, w := range []struct {
		key string
		v   *string
	}{{"displayName", m.displayName}, {"description", m.description}} {
		if err := m.writeString(writer, w.key, w.v); err != nil {
			return err
		}
	}
	if err := writeStrings(writer, "roleScopeTagIds", m.roleScopeTagIds); err != nil {
		return err
	}
	for _, name := range m.SetProperties() {
		if !typ.Has(name) {
			return fmt.Errorf("device configuration: %s has no property %s", *m.odataType, name)
		}
		if err := writeProperty(writer, name, m.props[name]); err != nil {
			return err
		}
	}
	nulls := make([]string, 0, len(m.nulls))
	for name := range m.nulls {
		if _, set := m.props[name]; !set && name != "description" && name != "displayName" {
			nulls = append(nulls, name)
		}
	}
	sort.Strings(nulls)
	for _, name := range nulls {
		if err := writer.WriteNullValue(name); err != nil {
			return err
		}
	}
	return writer.WriteAdditionalData(m.additionalData)
}

func writeProperty(w serialization.SerializationWriter, name string, v any) error {
	switch v := v.(type) {
	case string:
		return w.WriteStringValue(name, &v)
	case int32:
		return w.WriteInt32Value(name, &v)
	case bool:
		return w.WriteBoolValue(name, &v)
	case []string:
		return w.WriteCollectionOfStringValues(name, v)
	case []map[string]string:
		items := make([]serialization.Parsable, len(v))
		for i, f := range v {
			items[i] = &complexValue{odataType: Properties[name].ElementType, fields: f}
		}
		return w.WriteCollectionOfObjectValues(name, items)
	}
	return fmt.Errorf("device configuration: property %s has unexpected value %T", name, v)
}

func (m *DeviceConfiguration) writeString(w serialization.SerializationWriter, key string, v *string) error {
	if v == nil && m.nulls[key] {
		return w.WriteNullValue(key)
	}
	return w.WriteStringValue(key, v)
}

// complexValue is an element of a collection of complex values whose fields
// are all strings (silentCertificateAccessDetails, extendedKeyUsages,
// customSubjectAlternativeNames). Read, its fields arrive as additional data;
// written, fields holds them.
type complexValue struct {
	odataType string
	data      map[string]any
	fields    map[string]string
}

func createComplexValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &complexValue{data: map[string]any{}}, nil
}

func (c *complexValue) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{}
}

func (c *complexValue) GetAdditionalData() map[string]any      { return c.data }
func (c *complexValue) SetAdditionalData(value map[string]any) { c.data = value }

// strings returns the string fields read; @odata.type is the property's
// element type and is written back from Properties.
func (c *complexValue) strings() map[string]string {
	out := map[string]string{}
	for k, v := range c.data {
		if s, ok := v.(*string); ok && s != nil && k != "@odata.type" {
			out[k] = *s
		}
	}
	return out
}

func (c *complexValue) Serialize(writer serialization.SerializationWriter) error {
	if c.odataType != "" {
		t := c.odataType
		if err := writer.WriteStringValue("@odata.type", &t); err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(c.fields))
	for k := range c.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := c.fields[k]
		if err := writer.WriteStringValue(k, &v); err != nil {
			return err
		}
	}
	return nil
}
