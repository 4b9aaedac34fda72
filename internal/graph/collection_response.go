package graph

import (
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// CollectionResponse is one page of an entity collection whose items the
// factory makes.
type CollectionResponse[T serialization.Parsable] struct {
	item     serialization.ParsableFactory
	count    *int64
	nextLink *string
	value    []T
}

// collectionFactory is the kiota factory of a page of T.
func collectionFactory[T serialization.Parsable](item serialization.ParsableFactory) serialization.ParsableFactory {
	return func(serialization.ParseNode) (serialization.Parsable, error) {
		return &CollectionResponse[T]{item: item}, nil
	}
}

// NewCollectionResponse returns a page holding value (used by tests).
func NewCollectionResponse[T serialization.Parsable](value []T, nextLink *string) *CollectionResponse[T] {
	return &CollectionResponse[T]{value: value, nextLink: nextLink}
}

func (m *CollectionResponse[T]) GetOdataCount() *int64     { return m.count }
func (m *CollectionResponse[T]) GetOdataNextLink() *string { return m.nextLink }
func (m *CollectionResponse[T]) GetValue() []T             { return m.value }

func (m *CollectionResponse[T]) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{
		"@odata.count": func(n serialization.ParseNode) error {
			v, err := n.GetInt64Value()
			m.count = v
			return err
		},
		"@odata.nextLink": readString(func(v *string) { m.nextLink = v }),
		"value": func(n serialization.ParseNode) error {
			items, err := n.GetCollectionOfObjectValues(m.item)
			if err != nil {
				return err
			}
			m.value = make([]T, 0, len(items))
			for _, it := range items {
				if v, ok := it.(T); ok {
					m.value = append(m.value, v)
				}
			}
			return nil
		},
	}
}

func (m *CollectionResponse[T]) Serialize(writer serialization.SerializationWriter) error {
	if err := writer.WriteInt64Value("@odata.count", m.count); err != nil {
		return err
	}
	if err := writer.WriteStringValue("@odata.nextLink", m.nextLink); err != nil {
		return err
	}
	items := make([]serialization.Parsable, len(m.value))
	for i, v := range m.value {
		items[i] = v
	}
	return writer.WriteCollectionOfObjectValues("value", items)
}
