package graph

import (
	"context"
	"fmt"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// UserPfxCertificatesRequestBuilder builds requests for the entity set
// /deviceManagement/userPfxCertificates.
type UserPfxCertificatesRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// UserPfxCertificatesRequestBuilderGetQueryParameters are the OData options of a list.
type UserPfxCertificatesRequestBuilderGetQueryParameters struct {
	Count  *bool    `uriparametername:"%24count"`
	Filter *string  `uriparametername:"%24filter"`
	Select []string `uriparametername:"%24select"`
	Skip   *int32   `uriparametername:"%24skip"`
	Top    *int32   `uriparametername:"%24top"`
}

// UserPfxCertificatesRequestBuilderGetRequestConfiguration configures a list request.
type UserPfxCertificatesRequestBuilderGetRequestConfiguration struct {
	Headers         *abstractions.RequestHeaders
	Options         []abstractions.RequestOption
	QueryParameters *UserPfxCertificatesRequestBuilderGetQueryParameters
}

// UserPfxCertificatesRequestBuilderPostRequestConfiguration configures a create request.
type UserPfxCertificatesRequestBuilderPostRequestConfiguration struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// NewUserPfxCertificatesRequestBuilderInternal instantiates the builder from path parameters.
func NewUserPfxCertificatesRequestBuilderInternal(pathParameters map[string]string, requestAdapter abstractions.RequestAdapter) *UserPfxCertificatesRequestBuilder {
	return &UserPfxCertificatesRequestBuilder{
		BaseRequestBuilder: *abstractions.NewBaseRequestBuilder(requestAdapter,
			"{+baseurl}/deviceManagement/userPfxCertificates{?%24count,%24filter,%24select,%24skip,%24top}", pathParameters),
	}
}

// NewUserPfxCertificatesRequestBuilder instantiates the builder for a raw URL
// (an @odata.nextLink).
func NewUserPfxCertificatesRequestBuilder(rawUrl string, requestAdapter abstractions.RequestAdapter) *UserPfxCertificatesRequestBuilder {
	return NewUserPfxCertificatesRequestBuilderInternal(map[string]string{"request-raw-url": rawUrl}, requestAdapter)
}

// ByUserPFXCertificateId addresses one entity of the set.
func (m *UserPfxCertificatesRequestBuilder) ByUserPFXCertificateId(id string) *UserPFXCertificateItemRequestBuilder {
	params := make(map[string]string, len(m.PathParameters)+1)
	for k, v := range m.PathParameters {
		params[k] = v
	}
	if id != "" {
		params["userPFXCertificate%2Did"] = id
	}
	return NewUserPFXCertificateItemRequestBuilderInternal(params, m.RequestAdapter)
}

// Get lists one page of the entity set.
func (m *UserPfxCertificatesRequestBuilder) Get(ctx context.Context, requestConfiguration *UserPfxCertificatesRequestBuilderGetRequestConfiguration) (UserPFXCertificateCollectionResponseable, error) {
	requestInfo, err := m.ToGetRequestInformation(ctx, requestConfiguration)
	if err != nil {
		return nil, err
	}
	res, err := m.RequestAdapter.Send(ctx, requestInfo, CreateUserPFXCertificateCollectionResponseFromDiscriminatorValue, errorMapping)
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, nil
	}
	v, ok := res.(UserPFXCertificateCollectionResponseable)
	if !ok {
		return nil, fmt.Errorf("unexpected response type %T", res)
	}
	return v, nil
}

// Post creates a new entity; the service answers 201 Created with the entity.
func (m *UserPfxCertificatesRequestBuilder) Post(ctx context.Context, body UserPFXCertificateable, requestConfiguration *UserPfxCertificatesRequestBuilderPostRequestConfiguration) (UserPFXCertificateable, error) {
	requestInfo, err := m.ToPostRequestInformation(ctx, body, requestConfiguration)
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

// ToGetRequestInformation builds the list request.
func (m *UserPfxCertificatesRequestBuilder) ToGetRequestInformation(ctx context.Context, requestConfiguration *UserPfxCertificatesRequestBuilderGetRequestConfiguration) (*abstractions.RequestInformation, error) {
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
func (m *UserPfxCertificatesRequestBuilder) ToPostRequestInformation(ctx context.Context, body UserPFXCertificateable, requestConfiguration *UserPfxCertificatesRequestBuilderPostRequestConfiguration) (*abstractions.RequestInformation, error) {
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
func (m *UserPfxCertificatesRequestBuilder) WithUrl(rawUrl string) *UserPfxCertificatesRequestBuilder {
	return NewUserPfxCertificatesRequestBuilder(rawUrl, m.RequestAdapter)
}
