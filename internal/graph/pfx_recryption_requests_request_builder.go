package graph

import (
	"context"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// PfxRecryptionRequestsRequestBuilder builds requests for the entity set
// /pfxRecryptionRequests at the service root.
type PfxRecryptionRequestsRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// PfxRecryptionRequestsRequestBuilderGetQueryParameters are the OData options of a list.
type PfxRecryptionRequestsRequestBuilderGetQueryParameters struct {
	Count  *bool    `uriparametername:"%24count"`
	Filter *string  `uriparametername:"%24filter"`
	Select []string `uriparametername:"%24select"`
	Skip   *int32   `uriparametername:"%24skip"`
	Top    *int32   `uriparametername:"%24top"`
}

// PfxRecryptionRequestsRequestBuilderGetRequestConfiguration configures a list request.
type PfxRecryptionRequestsRequestBuilderGetRequestConfiguration struct {
	Headers         *abstractions.RequestHeaders
	Options         []abstractions.RequestOption
	QueryParameters *PfxRecryptionRequestsRequestBuilderGetQueryParameters
}

// PfxRecryptionRequestsRequestBuilderPostRequestConfiguration configures a create request.
type PfxRecryptionRequestsRequestBuilderPostRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// NewPfxRecryptionRequestsRequestBuilderInternal instantiates the builder from path parameters.
func NewPfxRecryptionRequestsRequestBuilderInternal(pathParameters map[string]string, requestAdapter abstractions.RequestAdapter) *PfxRecryptionRequestsRequestBuilder {
	return &PfxRecryptionRequestsRequestBuilder{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(requestAdapter,
			"{+baseurl}/pfxRecryptionRequests{?%24count,%24filter,%24select,%24skip,%24top}", pathParameters),
	}
}

// NewPfxRecryptionRequestsRequestBuilder instantiates the builder for a raw URL
// (an @odata.nextLink).
func NewPfxRecryptionRequestsRequestBuilder(rawUrl string, requestAdapter abstractions.RequestAdapter) *PfxRecryptionRequestsRequestBuilder {
	return NewPfxRecryptionRequestsRequestBuilderInternal(map[string]string{"request-raw-url": rawUrl}, requestAdapter)
}

// ByPfxRecryptionRequestId addresses one entity of the set.
func (m *PfxRecryptionRequestsRequestBuilder) ByPfxRecryptionRequestId(id string) *PfxRecryptionRequestItemRequestBuilder {
	params := make(map[string]string, len(m.PathParameters)+1)
	for k, v := range m.PathParameters {
		params[k] = v
	}
	if id != "" {
		params["pfxRecryptionRequest%2Did"] = id
	}
	return NewPfxRecryptionRequestItemRequestBuilderInternal(params, m.RequestAdapter)
}

// Get lists one page of the entity set.
func (m *PfxRecryptionRequestsRequestBuilder) Get(ctx context.Context, requestConfiguration *PfxRecryptionRequestsRequestBuilderGetRequestConfiguration) (*CollectionResponse[PfxRecryptionRequestable], error) {
	requestInfo, err := m.ToGetRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return nil, err
	}
	return sendAs[*CollectionResponse[PfxRecryptionRequestable]](ctx, m.RequestAdapter, requestInfo, collectionFactory[PfxRecryptionRequestable](CreatePfxRecryptionRequestFromDiscriminatorValue))
}

// Post creates a new entity; the service answers 201 Created with the entity.
func (m *PfxRecryptionRequestsRequestBuilder) Post(ctx context.Context, body PfxRecryptionRequestable, requestConfiguration *PfxRecryptionRequestsRequestBuilderPostRequestConfiguration) (PfxRecryptionRequestable, error) {
	requestInfo, err := m.ToPostRequestInformation(ctx, body, requestConfiguration)
	if err != nil {
		return nil, err
	}
	return sendAs[PfxRecryptionRequestable](ctx, m.RequestAdapter, requestInfo, CreatePfxRecryptionRequestFromDiscriminatorValue)
}

// ToGetRequestInformation builds the list request.
func (m *PfxRecryptionRequestsRequestBuilder) ToGetRequestInformation(ctx context.Context, requestConfiguration *PfxRecryptionRequestsRequestBuilderGetRequestConfiguration) (*abstractions.RequestInformation, error) {
	requestInfo := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.GET, m.UrlTemplate, m.PathParameters)
	if requestConfiguration != nil {
		if requestConfiguration.QueryParameters != nil {
			requestInfo.AddQueryParameters(*requestConfiguration.QueryParameters)
		}
		requestInfo.Headers.AddAll(requestConfiguration.Headers)
		requestInfo.AddRequestOptions(requestConfiguration.Options)
	}
	requestInfo.Headers.TryAdd("Accept", "application/json")
	return requestInfo, nil
}

// ToPostRequestInformation builds the create request.
func (m *PfxRecryptionRequestsRequestBuilder) ToPostRequestInformation(ctx context.Context, body PfxRecryptionRequestable, requestConfiguration *PfxRecryptionRequestsRequestBuilderPostRequestConfiguration) (*abstractions.RequestInformation, error) {
	requestInfo := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.POST, m.UrlTemplate, m.PathParameters)
	if requestConfiguration != nil {
		requestInfo.Headers.AddAll(requestConfiguration.Headers)
		requestInfo.AddRequestOptions(requestConfiguration.Options)
	}
	requestInfo.Headers.TryAdd("Accept", "application/json")
	if err := requestInfo.SetContentFromParsable(ctx, m.RequestAdapter, "application/json", body); err != nil {
		return nil, err
	}
	return requestInfo, nil
}

// WithUrl returns a builder for a raw URL, such as an @odata.nextLink.
func (m *PfxRecryptionRequestsRequestBuilder) WithUrl(rawUrl string) *PfxRecryptionRequestsRequestBuilder {
	return NewPfxRecryptionRequestsRequestBuilder(rawUrl, m.RequestAdapter)
}
