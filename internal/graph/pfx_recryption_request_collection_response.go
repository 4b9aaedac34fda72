package graph

import (
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// PfxRecryptionRequestCollectionResponse is one page of the entity set.
type PfxRecryptionRequestCollectionResponse struct {
	additionalData map[string]any
	odataCount     *int64
	odataNextLink  *string
	value          []PfxRecryptionRequestable
}

// PfxRecryptionRequestCollectionResponseable is the interface of a page.
type PfxRecryptionRequestCollectionResponseable interface {
	serialization.AdditionalDataHolder
	serialization.Parsable
	GetOdataCount() *int64
	GetOdataNextLink() *string
	GetValue() []PfxRecryptionRequestable
}

// NewPfxRecryptionRequestCollectionResponse instantiates an empty page.
func NewPfxRecryptionRequestCollectionResponse() *PfxRecryptionRequestCollectionResponse {
	return &PfxRecryptionRequestCollectionResponse{additionalData: map[string]any{}}
}

// CreatePfxRecryptionRequestCollectionResponseFromDiscriminatorValue is the kiota factory for a page.
func CreatePfxRecryptionRequestCollectionResponseFromDiscriminatorValue(parseNode serialization.ParseNode) (serialization.Parsable, error) {
	return NewPfxRecryptionRequestCollectionResponse(), nil
}

func (m *PfxRecryptionRequestCollectionResponse) GetAdditionalData() map[string]any {
	return m.additionalData
}
func (m *PfxRecryptionRequestCollectionResponse) SetAdditionalData(value map[string]any) {
	m.additionalData = value
}
func (m *PfxRecryptionRequestCollectionResponse) GetOdataCount() *int64      { return m.odataCount }
func (m *PfxRecryptionRequestCollectionResponse) SetOdataCount(value *int64) { m.odataCount = value }
func (m *PfxRecryptionRequestCollectionResponse) GetOdataNextLink() *string  { return m.odataNextLink }
func (m *PfxRecryptionRequestCollectionResponse) SetOdataNextLink(value *string) {
	m.odataNextLink = value
}
func (m *PfxRecryptionRequestCollectionResponse) GetValue() []PfxRecryptionRequestable {
	return m.value
}
func (m *PfxRecryptionRequestCollectionResponse) SetValue(value []PfxRecryptionRequestable) {
	m.value = value
}

// GetFieldDeserializers returns the JSON readers of a page.
func (m *PfxRecryptionRequestCollectionResponse) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
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
			items, err := n.GetCollectionOfObjectValues(CreatePfxRecryptionRequestFromDiscriminatorValue)
			if err != nil {
				return err
			}
			value := make([]PfxRecryptionRequestable, 0, len(items))
			for _, item := range items {
				if r, ok := item.(PfxRecryptionRequestable); ok {
					value = append(value, r)
				}
			}
			m.SetValue(value)
			return nil
		},
	}
}

// Serialize writes a page (used by tests; the service is the only producer).
func (m *PfxRecryptionRequestCollectionResponse) Serialize(writer serialization.SerializationWriter) error {
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
