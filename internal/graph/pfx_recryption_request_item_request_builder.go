package graph

import (
	"context"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// PfxRecryptionRequestItemRequestBuilder builds requests for
// /pfxRecryptionRequests/{pfxRecryptionRequest-id}.
type PfxRecryptionRequestItemRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// PfxRecryptionRequestItemRequestBuilderGetQueryParameters are the OData options of a get.
type PfxRecryptionRequestItemRequestBuilderGetQueryParameters struct {
	Select []string `uriparametername:"%24select"`
}

// PfxRecryptionRequestItemRequestBuilderGetRequestConfiguration configures a get.
type PfxRecryptionRequestItemRequestBuilderGetRequestConfiguration struct {
	Headers         *abstractions.RequestHeaders
	Options         []abstractions.RequestOption
	QueryParameters *PfxRecryptionRequestItemRequestBuilderGetQueryParameters
}

// PfxRecryptionRequestItemRequestBuilderPatchRequestConfiguration configures an update.
type PfxRecryptionRequestItemRequestBuilderPatchRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// PfxRecryptionRequestItemRequestBuilderDeleteRequestConfiguration configures a delete.
type PfxRecryptionRequestItemRequestBuilderDeleteRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// NewPfxRecryptionRequestItemRequestBuilderInternal instantiates the builder from path parameters.
func NewPfxRecryptionRequestItemRequestBuilderInternal(pathParameters map[string]string, requestAdapter abstractions.RequestAdapter) *PfxRecryptionRequestItemRequestBuilder {
	return &PfxRecryptionRequestItemRequestBuilder{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(requestAdapter,
			"{+baseurl}/pfxRecryptionRequests/{pfxRecryptionRequest%2Did}{?%24select}", pathParameters),
	}
}

// Get reads the entity.
func (m *PfxRecryptionRequestItemRequestBuilder) Get(ctx context.Context, requestConfiguration *PfxRecryptionRequestItemRequestBuilderGetRequestConfiguration) (PfxRecryptionRequestable, error) {
	requestInfo, err := m.ToGetRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return nil, err
	}
	return sendAs[PfxRecryptionRequestable](ctx, m.RequestAdapter, requestInfo, CreatePfxRecryptionRequestFromDiscriminatorValue)
}

// Patch updates the entity. The service answers 200 with the entity, or 204
// with no body, in which case the result is nil.
func (m *PfxRecryptionRequestItemRequestBuilder) Patch(ctx context.Context, body PfxRecryptionRequestable, requestConfiguration *PfxRecryptionRequestItemRequestBuilderPatchRequestConfiguration) (PfxRecryptionRequestable, error) {
	requestInfo, err := m.ToPatchRequestInformation(ctx, body, requestConfiguration)
	if err != nil {
		return nil, err
	}
	return sendAs[PfxRecryptionRequestable](ctx, m.RequestAdapter, requestInfo, CreatePfxRecryptionRequestFromDiscriminatorValue)
}

// Delete deletes the entity (204 No Content).
func (m *PfxRecryptionRequestItemRequestBuilder) Delete(ctx context.Context, requestConfiguration *PfxRecryptionRequestItemRequestBuilderDeleteRequestConfiguration) error {
	requestInfo, err := m.ToDeleteRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return err
	}
	return m.RequestAdapter.SendNoContent(ctx, requestInfo, errorMapping)
}

// ToGetRequestInformation builds the get request.
func (m *PfxRecryptionRequestItemRequestBuilder) ToGetRequestInformation(ctx context.Context, requestConfiguration *PfxRecryptionRequestItemRequestBuilderGetRequestConfiguration) (*abstractions.RequestInformation, error) {
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

// ToPatchRequestInformation builds the update request.
func (m *PfxRecryptionRequestItemRequestBuilder) ToPatchRequestInformation(ctx context.Context, body PfxRecryptionRequestable, requestConfiguration *PfxRecryptionRequestItemRequestBuilderPatchRequestConfiguration) (*abstractions.RequestInformation, error) {
	requestInfo := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.PATCH, m.UrlTemplate, m.PathParameters)
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

// ToDeleteRequestInformation builds the delete request.
func (m *PfxRecryptionRequestItemRequestBuilder) ToDeleteRequestInformation(ctx context.Context, requestConfiguration *PfxRecryptionRequestItemRequestBuilderDeleteRequestConfiguration) (*abstractions.RequestInformation, error) {
	requestInfo := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.DELETE, m.UrlTemplate, m.PathParameters)
	if requestConfiguration != nil {
		requestInfo.Headers.AddAll(requestConfiguration.Headers)
		requestInfo.AddRequestOptions(requestConfiguration.Options)
	}
	requestInfo.Headers.TryAdd("Accept", "application/json")
	return requestInfo, nil
}
