package graph

import (
	"context"
	"fmt"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// UserPFXCertificateItemRequestBuilder builds requests for
// /deviceManagement/userPfxCertificates/{userPFXCertificate-id}.
type UserPFXCertificateItemRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// UserPFXCertificateItemRequestBuilderGetQueryParameters are the OData options of a get.
type UserPFXCertificateItemRequestBuilderGetQueryParameters struct {
	Select []string `uriparametername:"%24select"`
}

// UserPFXCertificateItemRequestBuilderGetRequestConfiguration configures a get.
type UserPFXCertificateItemRequestBuilderGetRequestConfiguration struct {
	Headers         *abstractions.RequestHeaders
	Options         []abstractions.RequestOption
	QueryParameters *UserPFXCertificateItemRequestBuilderGetQueryParameters
}

// UserPFXCertificateItemRequestBuilderPatchRequestConfiguration configures an update.
type UserPFXCertificateItemRequestBuilderPatchRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// UserPFXCertificateItemRequestBuilderDeleteRequestConfiguration configures a delete.
type UserPFXCertificateItemRequestBuilderDeleteRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// NewUserPFXCertificateItemRequestBuilderInternal instantiates the builder from path parameters.
func NewUserPFXCertificateItemRequestBuilderInternal(pathParameters map[string]string, requestAdapter abstractions.RequestAdapter) *UserPFXCertificateItemRequestBuilder {
	return &UserPFXCertificateItemRequestBuilder{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(requestAdapter,
			"{+baseurl}/deviceManagement/userPfxCertificates/{userPFXCertificate%2Did}{?%24select}", pathParameters),
	}
}

// Get reads the entity.
func (m *UserPFXCertificateItemRequestBuilder) Get(ctx context.Context, requestConfiguration *UserPFXCertificateItemRequestBuilderGetRequestConfiguration) (UserPFXCertificateable, error) {
	requestInfo, err := m.ToGetRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return nil, err
	}
	res, err := m.RequestAdapter.Send(ctx, requestInfo, CreateUserPFXCertificateFromDiscriminatorValue, errorMapping)
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, nil
	}
	v, ok := res.(UserPFXCertificateable)
	if !ok {
		return nil, fmt.Errorf("unexpected response type %T", res)
	}
	return v, nil
}

// Patch updates the entity. The service answers 200 with the entity, or 204
// with no body, in which case the result is nil.
func (m *UserPFXCertificateItemRequestBuilder) Patch(ctx context.Context, body UserPFXCertificateable, requestConfiguration *UserPFXCertificateItemRequestBuilderPatchRequestConfiguration) (UserPFXCertificateable, error) {
	requestInfo, err := m.ToPatchRequestInformation(ctx, body, requestConfiguration)
	if err != nil {
		return nil, err
	}
	res, err := m.RequestAdapter.Send(ctx, requestInfo, CreateUserPFXCertificateFromDiscriminatorValue, errorMapping)
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, nil
	}
	v, ok := res.(UserPFXCertificateable)
	if !ok {
		return nil, fmt.Errorf("unexpected response type %T", res)
	}
	return v, nil
}

// Delete deletes the entity (204 No Content).
func (m *UserPFXCertificateItemRequestBuilder) Delete(ctx context.Context, requestConfiguration *UserPFXCertificateItemRequestBuilderDeleteRequestConfiguration) error {
	requestInfo, err := m.ToDeleteRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return err
	}
	return m.RequestAdapter.SendNoContent(ctx, requestInfo, errorMapping)
}

// ToGetRequestInformation builds the get request.
func (m *UserPFXCertificateItemRequestBuilder) ToGetRequestInformation(ctx context.Context, requestConfiguration *UserPFXCertificateItemRequestBuilderGetRequestConfiguration) (*abstractions.RequestInformation, error) {
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
func (m *UserPFXCertificateItemRequestBuilder) ToPatchRequestInformation(ctx context.Context, body UserPFXCertificateable, requestConfiguration *UserPFXCertificateItemRequestBuilderPatchRequestConfiguration) (*abstractions.RequestInformation, error) {
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
func (m *UserPFXCertificateItemRequestBuilder) ToDeleteRequestInformation(ctx context.Context, requestConfiguration *UserPFXCertificateItemRequestBuilderDeleteRequestConfiguration) (*abstractions.RequestInformation, error) {
	requestInfo := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.DELETE, m.UrlTemplate, m.PathParameters)
	if requestConfiguration != nil {
		requestInfo.Headers.AddAll(requestConfiguration.Headers)
		requestInfo.AddRequestOptions(requestConfiguration.Options)
	}
	requestInfo.Headers.TryAdd("Accept", "application/json")
	return requestInfo, nil
}
