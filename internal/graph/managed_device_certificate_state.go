package graph

import (
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// ManagedDeviceCertificateState is microsoft.graph.managedDeviceCertificateState:
// how far one device got with the certificate of a profile. Read only; the
// enums (devicePlatform, certificateIssuanceState, certificateRevokeStatus,
// certificateKeyStorageProvider) are kept as Graph names them.
type ManagedDeviceCertificateState struct {
	Id                                          *string
	DeviceDisplayName                           *string
	UserDisplayName                             *string
	DevicePlatform                              *string
	CertificateProfileDisplayName               *string
	CertificateThumbprint                       *string
	CertificateSerialNumber                     *string
	CertificateIssuer                           *string
	CertificateIssuanceState                    *string
	CertificateRevokeStatus                     *string
	CertificateKeyStorageProvider               *string
	CertificateErrorCode                        *int32
	CertificateIssuanceDateTime                 *time.Time
	CertificateExpirationDateTime               *time.Time
	CertificateLastIssuanceStateChangedDateTime *time.Time
	LastCertificateStateChangeDateTime          *time.Time
}

// CreateManagedDeviceCertificateStateFromDiscriminatorValue is the kiota factory.
func CreateManagedDeviceCertificateStateFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &ManagedDeviceCertificateState{}, nil
}

func (m *ManagedDeviceCertificateState) GetId() *string { return m.Id }

func (m *ManagedDeviceCertificateState) strings() map[string]**string {
	return map[string]**string{
		"id": &m.Id, "deviceDisplayName": &m.DeviceDisplayName, "userDisplayName": &m.UserDisplayName,
		"devicePlatform": &m.DevicePlatform, "certificateProfileDisplayName": &m.CertificateProfileDisplayName,
		"certificateThumbprint": &m.CertificateThumbprint, "certificateSerialNumber": &m.CertificateSerialNumber,
		"certificateIssuer": &m.CertificateIssuer, "certificateIssuanceState": &m.CertificateIssuanceState,
		"certificateRevokeStatus":       &m.CertificateRevokeStatus,
		"certificateKeyStorageProvider": &m.CertificateKeyStorageProvider,
	}
}

func (m *ManagedDeviceCertificateState) times() map[string]**time.Time {
	return map[string]**time.Time{
		"certificateIssuanceDateTime":                 &m.CertificateIssuanceDateTime,
		"certificateExpirationDateTime":               &m.CertificateExpirationDateTime,
		"certificateLastIssuanceStateChangedDateTime": &m.CertificateLastIssuanceStateChangedDateTime,
		"lastCertificateStateChangeDateTime":          &m.LastCertificateStateChangeDateTime,
	}
}

func (m *ManagedDeviceCertificateState) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return plainFields(m.strings(), m.times(), map[string]func(serialization.ParseNode) error{
		"certificateErrorCode": readInt32(func(v *int32) { m.CertificateErrorCode = v }),
	})
}

// Serialize writes the state (used by tests; the service is the only producer).
func (m *ManagedDeviceCertificateState) Serialize(writer serialization.SerializationWriter) error {
	if err := writePlain(writer, m.strings(), m.times()); err != nil {
		return err
	}
	return writer.WriteInt32Value("certificateErrorCode", m.CertificateErrorCode)
}
