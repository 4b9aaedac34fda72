package graph

import (
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// UserPFXCertificateCollectionResponse is one page of the entity set.
type UserPFXCertificateCollectionResponse struct {
	additionalData map[string]any
	odataCount     *int64
	odataNextLink  *string
	value          []UserPFXCertificateable
}

// UserPFXCertificateCollectionResponseable is the interface of a page.
type UserPFXCertificateCollectionResponseable interface {
	serialization.AdditionalDataHolder
	serialization.Parsable
	GetOdataCount() *int64
	GetOdataNextLink() *string
	GetValue() []UserPFXCertificateable
}

// NewUserPFXCertificateCollectionResponse instantiates an empty page.
func NewUserPFXCertificateCollectionResponse() *UserPFXCertificateCollectionResponse {
	return &UserPFXCertificateCollectionResponse{additionalData: map[string]any{}}
}

// CreateUserPFXCertificateCollectionResponseFromDiscriminatorValue is the kiota factory for a page.
func CreateUserPFXCertificateCollectionResponseFromDiscriminatorValue(parseNode serialization.ParseNode) (serialization.Parsable, error) {
	return NewUserPFXCertificateCollectionResponse(), nil
}

func (m *UserPFXCertificateCollectionResponse) GetAdditionalData() map[string]any {
	return m.additionalData
}
func (m *UserPFXCertificateCollectionResponse) SetAdditionalData(value map[string]any) {
	m.additionalData = value
}
func (m *UserPFXCertificateCollectionResponse) GetOdataCount() *int64      { return m.odataCount }
func (m *UserPFXCertificateCollectionResponse) SetOdataCount(value *int64) { m.odataCount = value }
func (m *UserPFXCertificateCollectionResponse) GetOdataNextLink() *string  { return m.odataNextLink }
func (m *UserPFXCertificateCollectionResponse) SetOdataNextLink(value *string) {
	m.odataNextLink = value
}
func (m *UserPFXCertificateCollectionResponse) GetValue() []UserPFXCertificateable {
	return m.value
}
func (m *UserPFXCertificateCollectionResponse) SetValue(value []UserPFXCertificateable) {
	m.value = value
}

// GetFieldDeserializers returns the JSON readers of a page.
func (m *UserPFXCertificateCollectionResponse) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{
		"@odata.count": func(n serialization.ParseNode) error {
			v, err := n.GetInt64Value()
			if err != nil {
				return err
			}
			m.SetOdataCount(v)
			return nil
		},
		"@odata.nextLink": func(n serialization.ParseNode) error {
			v, err := n.GetStringValue()
			if err != nil {
				return err
			}
			m.SetOdataNextLink(v)
			return nil
		},
		"value": func(n serialization.ParseNode) error {
			items, err := n.GetCollectionOfObjectValues(CreateUserPFXCertificateFromDiscriminatorValue)
			if err != nil {
				return err
			}
			value := make([]UserPFXCertificateable, 0, len(items))
			for _, item := range items {
				if r, ok := item.(UserPFXCertificateable); ok {
					value = append(value, r)
				}
			}
			m.SetValue(value)
			return nil
		},
	}
}

// Serialize writes a page (used by tests; the service is the only producer).
func (m *UserPFXCertificateCollectionResponse) Serialize(writer serialization.SerializationWriter) error {
	if err := writer.WriteInt64Value("@odata.count", m.odataCount); err != nil {
		return err
	}
	if err := writer.WriteStringValue("@odata.nextLink", m.odataNextLink); err != nil {
		return err
	}
	if m.value != nil {
		items := make([]serialization.Parsable, len(m.value))
		for i, v := range m.value {
			items[i] = v
		}
		if err := writer.WriteCollectionOfObjectValues("value", items); err != nil {
			return err
		}
	}
	return writer.WriteAdditionalData(m.additionalData)
}
