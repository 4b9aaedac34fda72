package graph

import (
	"encoding/json"
	"fmt"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Assignment target types (deviceAndAppManagementAssignmentTarget subtypes).
const (
	GroupAssignmentTargetType          = "#microsoft.graph.groupAssignmentTarget"
	ExclusionGroupAssignmentTargetType = "#microsoft.graph.exclusionGroupAssignmentTarget"
	AllLicensedUsersTargetType         = "#microsoft.graph.allLicensedUsersAssignmentTarget"
	AllDevicesTargetType               = "#microsoft.graph.allDevicesAssignmentTarget"

	deviceConfigurationAssignmentType = "#microsoft.graph.deviceConfigurationAssignment"
)

// DeviceConfigurationAssignment is microsoft.graph.deviceConfigurationAssignment:
// one target of a device configuration. intent and source are read only.
type DeviceConfigurationAssignment struct {
	id     *string
	intent *string // apply, remove
	source *string // direct, policySets
	target *AssignmentTarget
}

// NewDeviceConfigurationAssignment returns an assignment to target.
func NewDeviceConfigurationAssignment(target *AssignmentTarget) *DeviceConfigurationAssignment {
	return &DeviceConfigurationAssignment{target: target}
}

// CreateDeviceConfigurationAssignmentFromDiscriminatorValue is the kiota factory.
func CreateDeviceConfigurationAssignmentFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &DeviceConfigurationAssignment{}, nil
}

func (m *DeviceConfigurationAssignment) GetId() *string               { return m.id }
func (m *DeviceConfigurationAssignment) GetIntent() *string           { return m.intent }
func (m *DeviceConfigurationAssignment) GetSource() *string           { return m.source }
func (m *DeviceConfigurationAssignment) GetTarget() *AssignmentTarget { return m.target }

func (m *DeviceConfigurationAssignment) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return namedFields(map[string]func(serialization.ParseNode) error{
		"id":          readString(func(v *string) { m.id = v }),
		"intent":      readString(func(v *string) { m.intent = v }),
		"source":      readString(func(v *string) { m.source = v }),
		"@odata.type": func(serialization.ParseNode) error { return nil },
		"sourceId":    func(serialization.ParseNode) error { return nil },
		"target": func(n serialization.ParseNode) error {
			v, err := n.GetObjectValue(CreateAssignmentTargetFromDiscriminatorValue)
			if err != nil {
				return err
			}
			if t, ok := v.(*AssignmentTarget); ok {
				m.target = t
			}
			return nil
		},
	})
}

// Serialize writes the assignment as /assign takes it: its type and target.
func (m *DeviceConfigurationAssignment) Serialize(writer serialization.SerializationWriter) error {
	t := deviceConfigurationAssignmentType
	if err := writer.WriteStringValue("@odata.type", &t); err != nil {
		return err
	}
	if m.target == nil {
		return fmt.Errorf("device configuration assignment: no target")
	}
	return writer.WriteObjectValue("target", m.target)
}

// AssignmentTarget is a deviceAndAppManagementAssignmentTarget. The four
// subtypes above are modelled (groupId belongs to the two group targets
// only); any other (a Configuration Manager collection, a future target)
// keeps its other properties as read, so it can be sent back unchanged.
type AssignmentTarget struct {
	odataType      *string
	groupID        *string
	filterID       *string
	filterType     *string        // none, include, exclude
	additionalData map[string]any // properties of an unmodelled target type
}

// ModelledTargetTypes are the target types the provider manages.
var ModelledTargetTypes = []string{GroupAssignmentTargetType, ExclusionGroupAssignmentTargetType,
	AllLicensedUsersTargetType, AllDevicesTargetType}

// NewAssignmentTarget returns a target of the given @odata.type.
func NewAssignmentTarget(odataType string, groupID, filterID, filterType *string) *AssignmentTarget {
	return &AssignmentTarget{odataType: &odataType, groupID: groupID, filterID: filterID, filterType: filterType}
}

// CreateAssignmentTargetFromDiscriminatorValue is the kiota factory.
func CreateAssignmentTargetFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &AssignmentTarget{}, nil
}

func (m *AssignmentTarget) GetOdataType() *string  { return m.odataType }
func (m *AssignmentTarget) GetGroupId() *string    { return m.groupID }
func (m *AssignmentTarget) GetFilterId() *string   { return m.filterID }
func (m *AssignmentTarget) GetFilterType() *string { return m.filterType }

func (m *AssignmentTarget) GetAdditionalData() map[string]any      { return m.additionalData }
func (m *AssignmentTarget) SetAdditionalData(value map[string]any) { m.additionalData = value }

// Modelled reports whether the target's type is one of ModelledTargetTypes.
func (m *AssignmentTarget) Modelled() bool {
	for _, t := range ModelledTargetTypes {
		if m.odataType != nil && *m.odataType == t {
			return true
		}
	}
	return false
}

// JSON is the target as Graph returned it, with sorted keys, so the same
// target always reads the same: how an unmodelled target shows in state.
func (m *AssignmentTarget) JSON() string {
	out := map[string]any{}
	for k, v := range m.additionalData {
		out[k] = v
	}
	for k, v := range map[string]*string{"@odata.type": m.odataType, "groupId": m.groupID,
		"deviceAndAppManagementAssignmentFilterId": m.filterID, "deviceAndAppManagementAssignmentFilterType": m.filterType} {
		if v != nil {
			out[k] = *v
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(out))
	}
	return string(b)
}

func (m *AssignmentTarget) isGroup() bool {
	return m.odataType != nil && (*m.odataType == GroupAssignmentTargetType || *m.odataType == ExclusionGroupAssignmentTargetType)
}

func (m *AssignmentTarget) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return namedFields(map[string]func(serialization.ParseNode) error{
		"@odata.type": readString(func(v *string) { m.odataType = v }),
		"groupId":     readString(func(v *string) { m.groupID = v }),
		"deviceAndAppManagementAssignmentFilterId":   readString(func(v *string) { m.filterID = v }),
		"deviceAndAppManagementAssignmentFilterType": readString(func(v *string) { m.filterType = v }),
	})
}

func (m *AssignmentTarget) Serialize(writer serialization.SerializationWriter) error {
	if m.odataType == nil {
		return fmt.Errorf("assignment target: @odata.type is not set")
	}
	if err := writer.WriteStringValue("@odata.type", m.odataType); err != nil {
		return err
	}
	if m.isGroup() || !m.Modelled() {
		if err := writer.WriteStringValue("groupId", m.groupID); err != nil {
			return err
		}
	}
	if err := writer.WriteStringValue("deviceAndAppManagementAssignmentFilterId", m.filterID); err != nil {
		return err
	}
	if err := writer.WriteStringValue("deviceAndAppManagementAssignmentFilterType", m.filterType); err != nil {
		return err
	}
	// An unmodelled target goes back with every property it was read with.
	return writer.WriteAdditionalData(m.additionalData)
}

// assignRequestBody is the body of POST .../{id}/assign: the whole set.
type assignRequestBody struct {
	assignments []*DeviceConfigurationAssignment
}

func (b *assignRequestBody) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{}
}

func (b *assignRequestBody) Serialize(writer serialization.SerializationWriter) error {
	items := make([]serialization.Parsable, len(b.assignments))
	for i, a := range b.assignments {
		items[i] = a
	}
	return writer.WriteCollectionOfObjectValues("assignments", items)
}
