package graph

import (
	"time"

	"github.com/google/uuid"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// PfxRecryptionRequest is microsoft.graph.pfxRecryptionRequest, written in the
// style of the beta SDK's generated models: the SDK's public metadata does not
// include this entity, so it has no model of its own.
//
// Every property is a pointer: nil means "not set" and is not serialized, so a
// create sends only what the configuration sets.
type PfxRecryptionRequest struct {
	additionalData map[string]any

	id                  *string
	tenantId            *uuid.UUID
	userId              *uuid.UUID
	deviceId            *uuid.UUID
	profileId           *uuid.UUID
	thumbprint          *string
	deviceKeyThumbprint *string
	status              *int32
	sourceType          *int32
	createdTime         *time.Time
	lastModifiedTime    *time.Time
	isDeleted           *bool
	eTag                *string
	odataType           *string
}

// PfxRecryptionRequestable is the interface kiota request builders work with.
type PfxRecryptionRequestable interface {
	serialization.AdditionalDataHolder
	serialization.Parsable
	GetId() *string
	GetTenantId() *uuid.UUID
	GetUserId() *uuid.UUID
	GetDeviceId() *uuid.UUID
	GetProfileId() *uuid.UUID
	GetThumbprint() *string
	GetDeviceKeyThumbprint() *string
	GetStatus() *int32
	GetSourceType() *int32
	GetCreatedTime() *time.Time
	GetLastModifiedTime() *time.Time
	GetIsDeleted() *bool
	GetETag() *string
	GetOdataType() *string
}

// NewPfxRecryptionRequest instantiates an empty PfxRecryptionRequest.
func NewPfxRecryptionRequest() *PfxRecryptionRequest {
	return &PfxRecryptionRequest{additionalData: map[string]any{}}
}

// CreatePfxRecryptionRequestFromDiscriminatorValue is the kiota factory for the model.
func CreatePfxRecryptionRequestFromDiscriminatorValue(parseNode serialization.ParseNode) (serialization.Parsable, error) {
	return NewPfxRecryptionRequest(), nil
}

func (m *PfxRecryptionRequest) GetAdditionalData() map[string]any      { return m.additionalData }
func (m *PfxRecryptionRequest) SetAdditionalData(value map[string]any) { m.additionalData = value }
func (m *PfxRecryptionRequest) GetId() *string                         { return m.id }
func (m *PfxRecryptionRequest) SetId(value *string)                    { m.id = value }
func (m *PfxRecryptionRequest) GetTenantId() *uuid.UUID                { return m.tenantId }
func (m *PfxRecryptionRequest) SetTenantId(value *uuid.UUID)           { m.tenantId = value }
func (m *PfxRecryptionRequest) GetUserId() *uuid.UUID                  { return m.userId }
func (m *PfxRecryptionRequest) SetUserId(value *uuid.UUID)             { m.userId = value }
func (m *PfxRecryptionRequest) GetDeviceId() *uuid.UUID                { return m.deviceId }
func (m *PfxRecryptionRequest) SetDeviceId(value *uuid.UUID)           { m.deviceId = value }
func (m *PfxRecryptionRequest) GetProfileId() *uuid.UUID               { return m.profileId }
func (m *PfxRecryptionRequest) SetProfileId(value *uuid.UUID)          { m.profileId = value }
func (m *PfxRecryptionRequest) GetThumbprint() *string                 { return m.thumbprint }
func (m *PfxRecryptionRequest) SetThumbprint(value *string)            { m.thumbprint = value }
func (m *PfxRecryptionRequest) GetDeviceKeyThumbprint() *string        { return m.deviceKeyThumbprint }
func (m *PfxRecryptionRequest) SetDeviceKeyThumbprint(value *string)   { m.deviceKeyThumbprint = value }
func (m *PfxRecryptionRequest) GetStatus() *int32                      { return m.status }
func (m *PfxRecryptionRequest) SetStatus(value *int32)                 { m.status = value }
func (m *PfxRecryptionRequest) GetSourceType() *int32                  { return m.sourceType }
func (m *PfxRecryptionRequest) SetSourceType(value *int32)             { m.sourceType = value }
func (m *PfxRecryptionRequest) GetCreatedTime() *time.Time             { return m.createdTime }
func (m *PfxRecryptionRequest) SetCreatedTime(value *time.Time)        { m.createdTime = value }
func (m *PfxRecryptionRequest) GetLastModifiedTime() *time.Time        { return m.lastModifiedTime }
func (m *PfxRecryptionRequest) SetLastModifiedTime(value *time.Time)   { m.lastModifiedTime = value }
func (m *PfxRecryptionRequest) GetIsDeleted() *bool                    { return m.isDeleted }
func (m *PfxRecryptionRequest) SetIsDeleted(value *bool)               { m.isDeleted = value }
func (m *PfxRecryptionRequest) GetETag() *string                       { return m.eTag }
func (m *PfxRecryptionRequest) SetETag(value *string)                  { m.eTag = value }
func (m *PfxRecryptionRequest) GetOdataType() *string                  { return m.odataType }
func (m *PfxRecryptionRequest) SetOdataType(value *string)             { m.odataType = value }

// GetFieldDeserializers returns the JSON readers of every property.
func (m *PfxRecryptionRequest) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	guid := func(set func(*uuid.UUID)) func(serialization.ParseNode) error {
		return func(n serialization.ParseNode) error {
			v, err := n.GetUUIDValue()
			if err != nil {
				return err
			}
			set(v)
			return nil
		}
	}
	return namedFields(map[string]func(serialization.ParseNode) error{
		"id":                  readString(m.SetId),
		"tenantId":            guid(m.SetTenantId),
		"userId":              guid(m.SetUserId),
		"deviceId":            guid(m.SetDeviceId),
		"profileId":           guid(m.SetProfileId),
		"thumbprint":          readString(m.SetThumbprint),
		"deviceKeyThumbprint": readString(m.SetDeviceKeyThumbprint),
		"status":              readInt32(m.SetStatus),
		"sourceType":          readInt32(m.SetSourceType),
		"createdTime":         readTime(m.SetCreatedTime),
		"lastModifiedTime":    readTime(m.SetLastModifiedTime),
		"eTag":                readString(m.SetETag),
		"@odata.type":         readString(m.SetOdataType),
		"isDeleted": func(n serialization.ParseNode) error {
			v, err := n.GetBoolValue()
			if err != nil {
				return err
			}
			m.SetIsDeleted(v)
			return nil
		},
	})
}

// Serialize writes the properties that are set. The read-only id and eTag are
// never sent: the service assigns them, and the eTag travels in If-Match.
func (m *PfxRecryptionRequest) Serialize(writer serialization.SerializationWriter) error {
	for _, w := range []func() error{
		func() error { return writer.WriteUUIDValue("tenantId", m.tenantId) },
		func() error { return writer.WriteUUIDValue("userId", m.userId) },
		func() error { return writer.WriteUUIDValue("deviceId", m.deviceId) },
		func() error { return writer.WriteUUIDValue("profileId", m.profileId) },
		func() error { return writer.WriteStringValue("thumbprint", m.thumbprint) },
		func() error { return writer.WriteStringValue("deviceKeyThumbprint", m.deviceKeyThumbprint) },
		func() error { return writer.WriteInt32Value("status", m.status) },
		func() error { return writer.WriteInt32Value("sourceType", m.sourceType) },
		func() error { return writeTimeNano(writer, "createdTime", m.createdTime) },
		func() error { return writeTimeNano(writer, "lastModifiedTime", m.lastModifiedTime) },
		func() error { return writer.WriteBoolValue("isDeleted", m.isDeleted) },
		func() error { return writer.WriteAdditionalData(m.additionalData) },
	} {
		if err := w(); err != nil {
			return err
		}
	}
	return nil
}
