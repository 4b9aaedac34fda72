package graph

import (
	"context"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Generic kiota-style request builders for a plain entity set and one of its
// entities. The entity sets the provider manages (pfxRecryptionRequests,
// deviceManagement/userPfxCertificates) differ only in their path, the name
// of their id parameter and their model, so one builder of each kind serves
// them all; a Client accessor gives each its path and model factory.

// QueryParameters are the OData options a request may carry. Only those the
// builder's URL template names go on the wire.
type QueryParameters struct {
	Count  *bool    `uriparametername:"%24count"`
	Expand []string `uriparametername:"%24expand"`
	Filter *string  `uriparametername:"%24filter"`
	Select []string `uriparametername:"%24select"`
	Skip   *int32   `uriparametername:"%24skip"`
	Top    *int32   `uriparametername:"%24top"`
}

// RequestConfiguration configures any request of the builders in this package.
type RequestConfiguration struct {
	Headers         *abstractions.RequestHeaders
	Options         []abstractions.RequestOption
	QueryParameters *QueryParameters
}

// EntitySetRequestBuilder builds requests for the entity set at path, whose
// items the factory makes as T.
type EntitySetRequestBuilder[T serialization.Parsable] struct {
	abstractions.BaseRequestBuilder
	path    string
	idParam string
	factory serialization.ParsableFactory
}

// newEntitySetRequestBuilder returns the builder for the set at path (a URL
// template such as "{+baseurl}/pfxRecryptionRequests"); idParam names the
// path parameter of one item, such as "pfxRecryptionRequest%2Did".
func newEntitySetRequestBuilder[T serialization.Parsable](adapter abstractions.RequestAdapter, path, idParam string,
	factory serialization.ParsableFactory) *EntitySetRequestBuilder[T] {
	return &EntitySetRequestBuilder[T]{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(adapter,
			path+"{?%24count,%24expand,%24filter,%24select,%24skip,%24top}", map[string]string{}),
		path: path, idParam: idParam, factory: factory,
	}
}

// WithUrl returns a builder for a raw URL, such as an @odata.nextLink.
func (m *EntitySetRequestBuilder[T]) WithUrl(rawUrl string) *EntitySetRequestBuilder[T] {
	b := *m
	b.BaseRequestBuilder = *abstractions.NewBaseRequestBuilder(m.RequestAdapter, m.UrlTemplate,
		map[string]string{"request-raw-url": rawUrl})
	return &b
}

// ById addresses one entity of the set.
func (m *EntitySetRequestBuilder[T]) ById(id string) *EntityItemRequestBuilder[T] {
	return &EntityItemRequestBuilder[T]{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(m.RequestAdapter,
			m.path+"/{"+m.idParam+"}{?%24expand,%24select}", childParams(m.PathParameters, m.idParam, id)),
		factory: m.factory,
	}
}

// ToGetRequestInformation builds the list request.
func (m *EntitySetRequestBuilder[T]) ToGetRequestInformation(ctx context.Context, cfg *RequestConfiguration) (*abstractions.RequestInformation, error) {
	return newRequest(ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil)
}

// ToPostRequestInformation builds the create request.
func (m *EntitySetRequestBuilder[T]) ToPostRequestInformation(ctx context.Context, body T, cfg *RequestConfiguration) (*abstractions.RequestInformation, error) {
	return newRequest(ctx, &m.BaseRequestBuilder, abstractions.POST, cfg, body)
}

// Get lists one page of the entity set.
func (m *EntitySetRequestBuilder[T]) Get(ctx context.Context, cfg *RequestConfiguration) (*CollectionResponse[T], error) {
	return send[*CollectionResponse[T]](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil, collectionFactory[T](m.factory))
}

// Post creates a new entity; the service answers 201 Created with the entity.
func (m *EntitySetRequestBuilder[T]) Post(ctx context.Context, body T, cfg *RequestConfiguration) (T, error) {
	return send[T](ctx, &m.BaseRequestBuilder, abstractions.POST, cfg, body, m.factory)
}

// EntityItemRequestBuilder builds requests for one entity of a set.
type EntityItemRequestBuilder[T serialization.Parsable] struct {
	abstractions.BaseRequestBuilder
	factory serialization.ParsableFactory
}

// ToGetRequestInformation builds the get request.
func (m *EntityItemRequestBuilder[T]) ToGetRequestInformation(ctx context.Context, cfg *RequestConfiguration) (*abstractions.RequestInformation, error) {
	return newRequest(ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil)
}

// ToPatchRequestInformation builds the update request.
func (m *EntityItemRequestBuilder[T]) ToPatchRequestInformation(ctx context.Context, body T, cfg *RequestConfiguration) (*abstractions.RequestInformation, error) {
	return newRequest(ctx, &m.BaseRequestBuilder, abstractions.PATCH, cfg, body)
}

// ToDeleteRequestInformation builds the delete request.
func (m *EntityItemRequestBuilder[T]) ToDeleteRequestInformation(ctx context.Context, cfg *RequestConfiguration) (*abstractions.RequestInformation, error) {
	return newRequest(ctx, &m.BaseRequestBuilder, abstractions.DELETE, cfg, nil)
}

// Get reads the entity.
func (m *EntityItemRequestBuilder[T]) Get(ctx context.Context, cfg *RequestConfiguration) (T, error) {
	return send[T](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil, m.factory)
}

// Patch updates the entity. The service answers 200 with the entity, or 204
// with no body, in which case the result is the zero T.
func (m *EntityItemRequestBuilder[T]) Patch(ctx context.Context, body T, cfg *RequestConfiguration) (T, error) {
	return send[T](ctx, &m.BaseRequestBuilder, abstractions.PATCH, cfg, body, m.factory)
}

// Delete deletes the entity (204 No Content).
func (m *EntityItemRequestBuilder[T]) Delete(ctx context.Context, cfg *RequestConfiguration) error {
	info, err := m.ToDeleteRequestInformation(ctx, cfg)
	if err != nil {
		return err
	}
	return m.RequestAdapter.SendNoContent(ctx, info, errorMapping)
}
