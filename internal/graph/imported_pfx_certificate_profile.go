package graph

import (
	"fmt"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// The @odata.type of each imported-PFX certificate profile, as the beta SDK's
// models (windows10ImportedPFXCertificateProfile, ...) name them.
const (
	Windows10ImportedPfxType          = "#microsoft.graph.windows10ImportedPFXCertificateProfile"
	IosImportedPfxType                = "#microsoft.graph.iosImportedPFXCertificateProfile"
	MacOSImportedPfxType              = "#microsoft.graph.macOSImportedPFXCertificateProfile"
	AndroidDeviceOwnerImportedPfxType = "#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile"
	AndroidForWorkImportedPfxType     = "#microsoft.graph.androidForWorkImportedPFXCertificateProfile"
	AndroidImportedPfxType            = "#microsoft.graph.androidImportedPFXCertificateProfile"

	silentCertificateAccessType = "#microsoft.graph.androidDeviceOwnerSilentCertificateAccess"
)

// ImportedPfxProfileTypes lists every imported-PFX profile type this client models.
var ImportedPfxProfileTypes = []string{Windows10ImportedPfxType, IosImportedPfxType, MacOSImportedPfxType,
	AndroidDeviceOwnerImportedPfxType, AndroidForWorkImportedPfxType, AndroidImportedPfxType}

// Enum members by their Graph names (the SDK's intendedPurpose,
// keyStorageProviderOption, appleDeploymentChannel and
// androidDeviceOwnerCertificateAccessType; unknownFutureValue left out).
// IntendedPurposes is also userPfxIntendedPurpose, which has the same
// members: a certificate and its profile are matched by this value.
var (
	IntendedPurposes      = []string{"unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi"}
	KeyStorageProviders   = []string{"useTpmKspOtherwiseUseSoftwareKsp", "useTpmKspOtherwiseFail", "usePassportForWorkKspOtherwiseFail", "useSoftwareKsp"}
	DeploymentChannels    = []string{"deviceChannel", "userChannel"}
	CertificateAccessType = []string{"userApproval", "specificApps"}
)

// ImportedPfxCertificateProfile is one of the six deviceConfiguration
// subtypes that deliver imported PFX certificates, told apart by @odata.type.
// The subtypes share everything but a few properties, so one model carries
// their union and Serialize writes only those that belong to its type: Graph
// rejects a property its type does not have.
//
// Every property is a pointer (or a nil slice): nil is not sent. Properties
// named with SetNull are sent as an explicit null, which clears them.
type ImportedPfxCertificateProfile struct {
	additionalData map[string]any
	nulls          map[string]bool

	odataType            *string
	id                   *string
	displayName          *string
	description          *string
	roleScopeTagIds      []string
	version              *int32
	createdDateTime      *time.Time
	lastModifiedDateTime *time.Time
	intendedPurpose      *string
	keyStorageProvider   *string                          // windows10 only
	deploymentChannel    *string                          // macOS only
	certificateAccess    *string                          // Android device owner only
	silentAccessPackages []string                         // Android device owner only: silentCertificateAccessDetails[].packageId
	assignments          []*DeviceConfigurationAssignment // read with $expand=assignments; never written here
}

// NewImportedPfxCertificateProfile instantiates an empty profile of the given @odata.type.
func NewImportedPfxCertificateProfile(odataType string) *ImportedPfxCertificateProfile {
	return &ImportedPfxCertificateProfile{additionalData: map[string]any{}, odataType: &odataType}
}

// CreateImportedPfxCertificateProfileFromDiscriminatorValue is the kiota factory.
func CreateImportedPfxCertificateProfileFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &ImportedPfxCertificateProfile{additionalData: map[string]any{}}, nil
}

func (m *ImportedPfxCertificateProfile) GetAdditionalData() map[string]any { return m.additionalData }
func (m *ImportedPfxCertificateProfile) SetAdditionalData(value map[string]any) {
	m.additionalData = value
}
func (m *ImportedPfxCertificateProfile) GetOdataType() *string             { return m.odataType }
func (m *ImportedPfxCertificateProfile) SetOdataType(value *string)        { m.odataType = value }
func (m *ImportedPfxCertificateProfile) GetId() *string                    { return m.id }
func (m *ImportedPfxCertificateProfile) SetId(value *string)               { m.id = value }
func (m *ImportedPfxCertificateProfile) GetDisplayName() *string           { return m.displayName }
func (m *ImportedPfxCertificateProfile) SetDisplayName(value *string)      { m.displayName = value }
func (m *ImportedPfxCertificateProfile) GetDescription() *string           { return m.description }
func (m *ImportedPfxCertificateProfile) SetDescription(value *string)      { m.description = value }
func (m *ImportedPfxCertificateProfile) GetRoleScopeTagIds() []string      { return m.roleScopeTagIds }
func (m *ImportedPfxCertificateProfile) SetRoleScopeTagIds(value []string) { m.roleScopeTagIds = value }
func (m *ImportedPfxCertificateProfile) GetVersion() *int32                { return m.version }
func (m *ImportedPfxCertificateProfile) SetVersion(value *int32)           { m.version = value }
func (m *ImportedPfxCertificateProfile) GetCreatedDateTime() *time.Time    { return m.createdDateTime }
func (m *ImportedPfxCertificateProfile) SetCreatedDateTime(value *time.Time) {
	m.createdDateTime = value
}
func (m *ImportedPfxCertificateProfile) GetLastModifiedDateTime() *time.Time {
	return m.lastModifiedDateTime
}
func (m *ImportedPfxCertificateProfile) SetLastModifiedDateTime(value *time.Time) {
	m.lastModifiedDateTime = value
}
func (m *ImportedPfxCertificateProfile) GetIntendedPurpose() *string      { return m.intendedPurpose }
func (m *ImportedPfxCertificateProfile) SetIntendedPurpose(value *string) { m.intendedPurpose = value }
func (m *ImportedPfxCertificateProfile) GetKeyStorageProvider() *string   { return m.keyStorageProvider }
func (m *ImportedPfxCertificateProfile) SetKeyStorageProvider(value *string) {
	m.keyStorageProvider = value
}
func (m *ImportedPfxCertificateProfile) GetDeploymentChannel() *string { return m.deploymentChannel }
func (m *ImportedPfxCertificateProfile) SetDeploymentChannel(value *string) {
	m.deploymentChannel = value
}
func (m *ImportedPfxCertificateProfile) GetCertificateAccessType() *string {
	return m.certificateAccess
}
func (m *ImportedPfxCertificateProfile) SetCertificateAccessType(value *string) {
	m.certificateAccess = value
}

// GetSilentCertificateAccessPackageIds returns the package ids of
// silentCertificateAccessDetails (androidDeviceOwnerSilentCertificateAccess).
func (m *ImportedPfxCertificateProfile) GetSilentCertificateAccessPackageIds() []string {
	return m.silentAccessPackages
}

// SetSilentCertificateAccessPackageIds sets silentCertificateAccessDetails;
// a non-nil empty slice sends an empty list.
func (m *ImportedPfxCertificateProfile) SetSilentCertificateAccessPackageIds(value []string) {
	m.silentAccessPackages = value
}

func (m *ImportedPfxCertificateProfile) GetAssignments() []*DeviceConfigurationAssignment {
	return m.assignments
}
func (m *ImportedPfxCertificateProfile) SetAssignments(value []*DeviceConfigurationAssignment) {
	m.assignments = value
}

// SetNull marks a property (by its JSON name) to be sent as null.
func (m *ImportedPfxCertificateProfile) SetNull(jsonName string) {
	if m.nulls == nil {
		m.nulls = map[string]bool{}
	}
	m.nulls[jsonName] = true
}

// SentNull reports whether a property (by its JSON name) is sent as null.
func (m *ImportedPfxCertificateProfile) SentNull(jsonName string) bool { return m.nulls[jsonName] }

func (m *ImportedPfxCertificateProfile) is(odataType string) bool {
	return m.odataType != nil && *m.odataType == odataType
}

// GetFieldDeserializers returns the JSON readers of every property.
func (m *ImportedPfxCertificateProfile) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return namedFields(map[string]func(serialization.ParseNode) error{
		"@odata.type":           readString(m.SetOdataType),
		"id":                    readString(m.SetId),
		"displayName":           readString(m.SetDisplayName),
		"description":           readString(m.SetDescription),
		"roleScopeTagIds":       readStrings(m.SetRoleScopeTagIds),
		"version":               readInt32(m.SetVersion),
		"createdDateTime":       readTime(m.SetCreatedDateTime),
		"lastModifiedDateTime":  readTime(m.SetLastModifiedDateTime),
		"intendedPurpose":       readString(m.SetIntendedPurpose),
		"keyStorageProvider":    readString(m.SetKeyStorageProvider),
		"deploymentChannel":     readString(m.SetDeploymentChannel),
		"certificateAccessType": readString(m.SetCertificateAccessType),
		"silentCertificateAccessDetails": func(n serialization.ParseNode) error {
			items, err := n.GetCollectionOfObjectValues(createSilentCertificateAccess)
			if err != nil {
				return err
			}
			ids := make([]string, 0, len(items))
			for _, it := range items {
				if s, ok := it.(*silentCertificateAccess); ok && s.packageID != nil {
					ids = append(ids, *s.packageID)
				}
			}
			m.silentAccessPackages = ids
			return nil
		},
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
	})
}

// Serialize writes @odata.type (always: Graph needs it on every write of a
// derived type, PATCH included) and the writable properties that are set and
// belong to the profile's type. id, version and the dates are the service's.
func (m *ImportedPfxCertificateProfile) Serialize(writer serialization.SerializationWriter) error {
	if m.odataType == nil {
		return fmt.Errorf("imported PFX certificate profile: @odata.type is not set")
	}
	writes := []func() error{
		func() error { return writer.WriteStringValue("@odata.type", m.odataType) },
		func() error { return m.writeString(writer, "displayName", m.displayName) },
		func() error { return m.writeString(writer, "description", m.description) },
		func() error { return writeStrings(writer, "roleScopeTagIds", m.roleScopeTagIds) },
		func() error { return m.writeString(writer, "intendedPurpose", m.intendedPurpose) },
	}
	switch {
	case m.is(Windows10ImportedPfxType):
		writes = append(writes, func() error { return m.writeString(writer, "keyStorageProvider", m.keyStorageProvider) })
	case m.is(MacOSImportedPfxType):
		writes = append(writes, func() error { return m.writeString(writer, "deploymentChannel", m.deploymentChannel) })
	case m.is(AndroidDeviceOwnerImportedPfxType):
		writes = append(writes,
			func() error { return m.writeString(writer, "certificateAccessType", m.certificateAccess) },
			func() error {
				if m.silentAccessPackages == nil {
					return nil
				}
				items := make([]serialization.Parsable, len(m.silentAccessPackages))
				for i := range m.silentAccessPackages {
					items[i] = &silentCertificateAccess{packageID: &m.silentAccessPackages[i]}
				}
				return writer.WriteCollectionOfObjectValues("silentCertificateAccessDetails", items)
			})
	}
	writes = append(writes, func() error { return writer.WriteAdditionalData(m.additionalData) })
	for _, w := range writes {
		if err := w(); err != nil {
			return err
		}
	}
	return nil
}

func (m *ImportedPfxCertificateProfile) writeString(w serialization.SerializationWriter, key string, v *string) error {
	if v == nil && m.nulls[key] {
		return w.WriteNullValue(key)
	}
	return w.WriteStringValue(key, v)
}

// silentCertificateAccess is microsoft.graph.androidDeviceOwnerSilentCertificateAccess:
// an app (by package id) allowed to use the certificate without asking the user.
type silentCertificateAccess struct {
	packageID *string
}

func createSilentCertificateAccess(serialization.ParseNode) (serialization.Parsable, error) {
	return &silentCertificateAccess{}, nil
}

func (s *silentCertificateAccess) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{
		"packageId":   readString(func(v *string) { s.packageID = v }),
		"@odata.type": func(serialization.ParseNode) error { return nil },
	}
}

func (s *silentCertificateAccess) Serialize(writer serialization.SerializationWriter) error {
	t := silentCertificateAccessType
	if err := writer.WriteStringValue("@odata.type", &t); err != nil {
		return err
	}
	return writer.WriteStringValue("packageId", s.packageID)
}
