package graph

import (
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// UserPfxIntendedPurpose is microsoft.graph.userPfxIntendedPurpose, written
// by name as the beta SDK does. A string type keeps a value a newer service
// sends intact.
type UserPfxIntendedPurpose string

const (
	UserPfxIntendedPurposeUnassigned      UserPfxIntendedPurpose = "unassigned"
	UserPfxIntendedPurposeSmimeEncryption UserPfxIntendedPurpose = "smimeEncryption"
	UserPfxIntendedPurposeSmimeSigning    UserPfxIntendedPurpose = "smimeSigning"
	UserPfxIntendedPurposeVpn             UserPfxIntendedPurpose = "vpn"
	UserPfxIntendedPurposeWifi            UserPfxIntendedPurpose = "wifi"
)

// UserPfxPaddingScheme is microsoft.graph.userPfxPaddingScheme, by name.
// pkcs1 and oaepSha1 are "no longer supported" according to the SDK.
type UserPfxPaddingScheme string

const (
	UserPfxPaddingSchemeNone       UserPfxPaddingScheme = "none"
	UserPfxPaddingSchemePkcs1      UserPfxPaddingScheme = "pkcs1"
	UserPfxPaddingSchemeOaepSha1   UserPfxPaddingScheme = "oaepSha1"
	UserPfxPaddingSchemeOaepSha256 UserPfxPaddingScheme = "oaepSha256"
	UserPfxPaddingSchemeOaepSha384 UserPfxPaddingScheme = "oaepSha384"
	UserPfxPaddingSchemeOaepSha512 UserPfxPaddingScheme = "oaepSha512"
)

// UserPFXCertificate is microsoft.graph.userPFXCertificate, a user's PFX
// imported into Intune, in the style of the beta SDK's generated model (whose
// package this provider does not import). Nil properties are not serialized.
//
// encryptedPfxBlob and encryptedPfxPassword are secrets: the service never
// returns them (a read shows "AA==" and ""), and nothing here logs them.
type UserPFXCertificate struct {
	additionalData map[string]any

	id                   *string
	thumbprint           *string
	intendedPurpose      *UserPfxIntendedPurpose
	userPrincipalName    *string
	startDateTime        *time.Time
	expirationDateTime   *time.Time
	providerName         *string
	keyName              *string
	paddingScheme        *UserPfxPaddingScheme
	encryptedPfxBlob     []byte
	encryptedPfxPassword *string
	createdDateTime      *time.Time
	lastModifiedDateTime *time.Time
	odataType            *string
}

// UserPFXCertificateable is the interface kiota request builders work with.
type UserPFXCertificateable interface {
	serialization.AdditionalDataHolder
	serialization.Parsable
	GetId() *string
	GetThumbprint() *string
	GetIntendedPurpose() *UserPfxIntendedPurpose
	GetUserPrincipalName() *string
	GetStartDateTime() *time.Time
	GetExpirationDateTime() *time.Time
	GetProviderName() *string
	GetKeyName() *string
	GetPaddingScheme() *UserPfxPaddingScheme
	GetEncryptedPfxBlob() []byte
	GetEncryptedPfxPassword() *string
	GetCreatedDateTime() *time.Time
	GetLastModifiedDateTime() *time.Time
	GetOdataType() *string
}

// NewUserPFXCertificate instantiates an empty UserPFXCertificate.
func NewUserPFXCertificate() *UserPFXCertificate {
	return &UserPFXCertificate{additionalData: map[string]any{}}
}

// CreateUserPFXCertificateFromDiscriminatorValue is the kiota factory for the model.
func CreateUserPFXCertificateFromDiscriminatorValue(parseNode serialization.ParseNode) (serialization.Parsable, error) {
	return NewUserPFXCertificate(), nil
}

func (m *UserPFXCertificate) GetAdditionalData() map[string]any           { return m.additionalData }
func (m *UserPFXCertificate) SetAdditionalData(value map[string]any)      { m.additionalData = value }
func (m *UserPFXCertificate) GetId() *string                              { return m.id }
func (m *UserPFXCertificate) SetId(value *string)                         { m.id = value }
func (m *UserPFXCertificate) GetThumbprint() *string                      { return m.thumbprint }
func (m *UserPFXCertificate) SetThumbprint(value *string)                 { m.thumbprint = value }
func (m *UserPFXCertificate) GetIntendedPurpose() *UserPfxIntendedPurpose { return m.intendedPurpose }
func (m *UserPFXCertificate) SetIntendedPurpose(value *UserPfxIntendedPurpose) {
	m.intendedPurpose = value
}
func (m *UserPFXCertificate) GetUserPrincipalName() *string           { return m.userPrincipalName }
func (m *UserPFXCertificate) SetUserPrincipalName(value *string)      { m.userPrincipalName = value }
func (m *UserPFXCertificate) GetStartDateTime() *time.Time            { return m.startDateTime }
func (m *UserPFXCertificate) SetStartDateTime(value *time.Time)       { m.startDateTime = value }
func (m *UserPFXCertificate) GetExpirationDateTime() *time.Time       { return m.expirationDateTime }
func (m *UserPFXCertificate) SetExpirationDateTime(value *time.Time)  { m.expirationDateTime = value }
func (m *UserPFXCertificate) GetProviderName() *string                { return m.providerName }
func (m *UserPFXCertificate) SetProviderName(value *string)           { m.providerName = value }
func (m *UserPFXCertificate) GetKeyName() *string                     { return m.keyName }
func (m *UserPFXCertificate) SetKeyName(value *string)                { m.keyName = value }
func (m *UserPFXCertificate) GetPaddingScheme() *UserPfxPaddingScheme { return m.paddingScheme }
func (m *UserPFXCertificate) SetPaddingScheme(value *UserPfxPaddingScheme) {
	m.paddingScheme = value
}
func (m *UserPFXCertificate) GetEncryptedPfxBlob() []byte           { return m.encryptedPfxBlob }
func (m *UserPFXCertificate) SetEncryptedPfxBlob(value []byte)      { m.encryptedPfxBlob = value }
func (m *UserPFXCertificate) GetEncryptedPfxPassword() *string      { return m.encryptedPfxPassword }
func (m *UserPFXCertificate) SetEncryptedPfxPassword(value *string) { m.encryptedPfxPassword = value }
func (m *UserPFXCertificate) GetCreatedDateTime() *time.Time        { return m.createdDateTime }
func (m *UserPFXCertificate) SetCreatedDateTime(value *time.Time)   { m.createdDateTime = value }
func (m *UserPFXCertificate) GetLastModifiedDateTime() *time.Time   { return m.lastModifiedDateTime }
func (m *UserPFXCertificate) SetLastModifiedDateTime(value *time.Time) {
	m.lastModifiedDateTime = value
}
func (m *UserPFXCertificate) GetOdataType() *string      { return m.odataType }
func (m *UserPFXCertificate) SetOdataType(value *string) { m.odataType = value }

// GetFieldDeserializers returns the JSON readers of every property.
func (m *UserPFXCertificate) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	str, ts := readString, readTime
	fields := map[string]func(serialization.ParseNode) error{
		"id":                   str(m.SetId),
		"thumbprint":           str(m.SetThumbprint),
		"userPrincipalName":    str(m.SetUserPrincipalName),
		"providerName":         str(m.SetProviderName),
		"keyName":              str(m.SetKeyName),
		"encryptedPfxPassword": str(m.SetEncryptedPfxPassword),
		"@odata.type":          str(m.SetOdataType),
		"startDateTime":        ts(m.SetStartDateTime),
		"expirationDateTime":   ts(m.SetExpirationDateTime),
		"createdDateTime":      ts(m.SetCreatedDateTime),
		"lastModifiedDateTime": ts(m.SetLastModifiedDateTime),
		"intendedPurpose": str(func(v *string) {
			if v != nil {
				p := UserPfxIntendedPurpose(*v)
				m.SetIntendedPurpose(&p)
			}
		}),
		"paddingScheme": str(func(v *string) {
			if v != nil {
				p := UserPfxPaddingScheme(*v)
				m.SetPaddingScheme(&p)
			}
		}),
		"encryptedPfxBlob": func(n serialization.ParseNode) error {
			v, err := n.GetByteArrayValue()
			if err != nil {
				return err
			}
			m.SetEncryptedPfxBlob(v)
			return nil
		},
	}
	return namedFields(fields)
}

// Serialize writes the properties that are set. The id and the two dates the
// service keeps (createdDateTime, lastModifiedDateTime) are never sent: the
// service derives the id from the user and the thumbprint.
func (m *UserPFXCertificate) Serialize(writer serialization.SerializationWriter) error {
	enum := func(key string, v *string) func() error {
		return func() error { return writer.WriteStringValue(key, v) }
	}
	var purpose, padding *string
	if m.intendedPurpose != nil {
		s := string(*m.intendedPurpose)
		purpose = &s
	}
	if m.paddingScheme != nil {
		s := string(*m.paddingScheme)
		padding = &s
	}
	for _, w := range []func() error{
		func() error { return writer.WriteStringValue("userPrincipalName", m.userPrincipalName) },
		func() error { return writer.WriteStringValue("thumbprint", m.thumbprint) },
		enum("intendedPurpose", purpose),
		enum("paddingScheme", padding),
		func() error { return writer.WriteStringValue("providerName", m.providerName) },
		func() error { return writer.WriteStringValue("keyName", m.keyName) },
		func() error { return writeTimeNano(writer, "startDateTime", m.startDateTime) },
		func() error { return writeTimeNano(writer, "expirationDateTime", m.expirationDateTime) },
		func() error {
			if m.encryptedPfxBlob == nil {
				return nil
			}
			return writer.WriteByteArrayValue("encryptedPfxBlob", m.encryptedPfxBlob)
		},
		func() error { return writer.WriteStringValue("encryptedPfxPassword", m.encryptedPfxPassword) },
		func() error { return writer.WriteAdditionalData(m.additionalData) },
	} {
		if err := w(); err != nil {
			return err
		}
	}
	return nil
}

// writeTimeNano writes a DateTimeOffset with its fraction: kiota's
// WriteTimeValue formats with time.RFC3339, which drops it.
func writeTimeNano(w serialization.SerializationWriter, key string, v *time.Time) error {
	if v == nil {
		return nil
	}
	s := v.Format(time.RFC3339Nano)
	return w.WriteStringValue(key, &s)
}
