package graph

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Request builders for /deviceManagement/deviceConfigurations and the parts
// of one configuration the imported-PFX profiles use, in the style of the
// beta SDK's devicemanagement package (which the provider does not import).

const deviceConfigurationsPath = "{+baseurl}/deviceManagement/deviceConfigurations"

// newRequest builds the request information every builder in this package sends.
func newRequest(ctx context.Context, b *abstractions.BaseRequestBuilder, method abstractions.HttpMethod,
	cfg *RequestConfiguration, body serialization.Parsable) (*abstractions.RequestInformation, error) {
	if err := checkPathParameters(b); err != nil {
		return nil, err
	}
	info := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(method, b.UrlTemplate, b.PathParameters)
	if cfg != nil {
		if cfg.QueryParameters != nil {
			info.AddQueryParameters(*cfg.QueryParameters)
		}
		info.Headers.AddAll(cfg.Headers)
		info.AddRequestOptions(cfg.Options)
	}
	info.Headers.TryAdd("Accept", "application/json")
	if body != nil {
		if err := info.SetContentFromParsable(ctx, b.RequestAdapter, "application/json", body); err != nil {
			return nil, err
		}
	}
	return info, nil
}

// send sends a request and returns its answer as T (the zero T for no body).
func send[T serialization.Parsable](ctx context.Context, b *abstractions.BaseRequestBuilder, method abstractions.HttpMethod,
	cfg *RequestConfiguration, body serialization.Parsable, factory serialization.ParsableFactory) (T, error) {
	var zero T
	info, err := newRequest(ctx, b, method, cfg, body)
	if err != nil {
		return zero, err
	}
	return sendAs[T](ctx, b.RequestAdapter, info, factory)
}

// sendAs sends a built request and returns its answer as T (the zero T for
// no body): the part every builder's Get, Post and Patch share.
func sendAs[T serialization.Parsable](ctx context.Context, adapter abstractions.RequestAdapter,
	info *abstractions.RequestInformation, factory serialization.ParsableFactory) (T, error) {
	var zero T
	res, err := adapter.Send(ctx, info, factory, errorMapping)
	if err != nil || res == nil {
		return zero, err
	}
	v, ok := res.(T)
	if !ok {
		return zero, fmt.Errorf("unexpected response type %T", res)
	}
	return v, nil
}

func childParams(parent map[string]string, key, value string) map[string]string {
	params := make(map[string]string, len(parent)+1)
	for k, v := range parent {
		params[k] = v
	}
	if key != "" {
		params[key] = value // even empty: checkPathParameters refuses it
	}
	return params
}

// pathVariable matches a path variable of a URL template, such as
// {deviceConfiguration%2Did}; not {+baseurl} and not the query {?...}.
var pathVariable = regexp.MustCompile(`\{([^+?}][^}]*)\}`)

// checkPathParameters refuses a request with an empty id: the template would
// expand to the collection's URL, and a GET, PATCH or DELETE would go to the
// collection instead of one object. A raw URL (a next link) has no variables.
func checkPathParameters(b *abstractions.BaseRequestBuilder) error {
	if _, raw := b.PathParameters["request-raw-url"]; raw {
		return nil
	}
	for _, m := range pathVariable.FindAllStringSubmatch(b.UrlTemplate, -1) {
		if b.PathParameters[m[1]] == "" {
			name, _ := url.PathUnescape(m[1])
			return fmt.Errorf("empty %s: the request's URL would address the collection, not one object", name)
		}
	}
	return nil
}

// DeviceConfigurationsRequestBuilder builds requests for the collection.
type DeviceConfigurationsRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// DeviceConfigurations returns the builder for /deviceManagement/deviceConfigurations.
func (c *Client) DeviceConfigurations() *DeviceConfigurationsRequestBuilder {
	return NewDeviceConfigurationsRequestBuilderInternal(map[string]string{}, c.adapter)
}

// NewDeviceConfigurationsRequestBuilderInternal instantiates the builder from path parameters.
func NewDeviceConfigurationsRequestBuilderInternal(pathParameters map[string]string, requestAdapter abstractions.RequestAdapter) *DeviceConfigurationsRequestBuilder {
	return &DeviceConfigurationsRequestBuilder{*abstractions.NewBaseRequestBuilder(requestAdapter,
		deviceConfigurationsPath+"{?%24filter,%24select,%24top}", pathParameters)}
}

// WithUrl returns a builder for a raw URL, such as an @odata.nextLink.
func (m *DeviceConfigurationsRequestBuilder) WithUrl(rawUrl string) *DeviceConfigurationsRequestBuilder {
	return NewDeviceConfigurationsRequestBuilderInternal(map[string]string{"request-raw-url": rawUrl}, m.RequestAdapter)
}

// ByDeviceConfigurationId addresses one configuration.
func (m *DeviceConfigurationsRequestBuilder) ByDeviceConfigurationId(id string) *DeviceConfigurationItemRequestBuilder {
	return &DeviceConfigurationItemRequestBuilder{*abstractions.NewBaseRequestBuilder(m.RequestAdapter,
		deviceConfigurationsPath+"/{deviceConfiguration%2Did}{?%24expand,%24select}",
		childParams(m.PathParameters, "deviceConfiguration%2Did", id))}
}

// Get lists one page of imported-PFX profiles (other types decode with only
// their common properties).
func (m *DeviceConfigurationsRequestBuilder) Get(ctx context.Context, cfg *RequestConfiguration) (*CollectionResponse[*ImportedPfxCertificateProfile], error) {
	return send[*CollectionResponse[*ImportedPfxCertificateProfile]](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil,
		collectionFactory[*ImportedPfxCertificateProfile](CreateImportedPfxCertificateProfileFromDiscriminatorValue))
}

// Post creates a profile; the service answers 201 Created with it.
func (m *DeviceConfigurationsRequestBuilder) Post(ctx context.Context, body *ImportedPfxCertificateProfile, cfg *RequestConfiguration) (*ImportedPfxCertificateProfile, error) {
	return send[*ImportedPfxCertificateProfile](ctx, &m.BaseRequestBuilder, abstractions.POST, cfg, body,
		CreateImportedPfxCertificateProfileFromDiscriminatorValue)
}

// DeviceConfigurationItemRequestBuilder builds requests for one configuration.
type DeviceConfigurationItemRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// Get reads the configuration ($expand=assignments through the query parameters).
func (m *DeviceConfigurationItemRequestBuilder) Get(ctx context.Context, cfg *RequestConfiguration) (*ImportedPfxCertificateProfile, error) {
	return send[*ImportedPfxCertificateProfile](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil,
		CreateImportedPfxCertificateProfileFromDiscriminatorValue)
}

// Patch updates the configuration; nil when the service answers 204.
func (m *DeviceConfigurationItemRequestBuilder) Patch(ctx context.Context, body *ImportedPfxCertificateProfile, cfg *RequestConfiguration) (*ImportedPfxCertificateProfile, error) {
	return send[*ImportedPfxCertificateProfile](ctx, &m.BaseRequestBuilder, abstractions.PATCH, cfg, body,
		CreateImportedPfxCertificateProfileFromDiscriminatorValue)
}

// Delete deletes the configuration (204 No Content).
func (m *DeviceConfigurationItemRequestBuilder) Delete(ctx context.Context, cfg *RequestConfiguration) error {
	info, err := newRequest(ctx, &m.BaseRequestBuilder, abstractions.DELETE, cfg, nil)
	if err != nil {
		return err
	}
	return m.RequestAdapter.SendNoContent(ctx, info, errorMapping)
}

func (m *DeviceConfigurationItemRequestBuilder) child(template string) abstractions.BaseRequestBuilder {
	return *abstractions.NewBaseRequestBuilder(m.RequestAdapter,
		deviceConfigurationsPath+"/{deviceConfiguration%2Did}"+template, childParams(m.PathParameters, "", ""))
}

// Assign returns the builder for the assign action.
func (m *DeviceConfigurationItemRequestBuilder) Assign() *DeviceConfigurationAssignRequestBuilder {
	return &DeviceConfigurationAssignRequestBuilder{m.child("/assign")}
}

// Assignments returns the builder for the assignments collection.
func (m *DeviceConfigurationItemRequestBuilder) Assignments() *DeviceConfigurationAssignmentsRequestBuilder {
	return &DeviceConfigurationAssignmentsRequestBuilder{m.child("/assignments{?%24top}")}
}

// ManagedDeviceCertificateStates returns the builder for the delivery states
// of a certificate profile. The collection belongs to the derived type, so
// the path casts to it: .../{id}/microsoft.graph.<type>/managedDeviceCertificateStates.
func (m *DeviceConfigurationItemRequestBuilder) ManagedDeviceCertificateStates(odataType string) *ManagedDeviceCertificateStatesRequestBuilder {
	b := m.child("/{type%2Dcast}/managedDeviceCertificateStates{?%24top}")
	b.PathParameters["type%2Dcast"] = strings.TrimPrefix(odataType, "#")
	return &ManagedDeviceCertificateStatesRequestBuilder{b}
}

// DeviceConfigurationAssignRequestBuilder builds POST .../{id}/assign.
type DeviceConfigurationAssignRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// Post replaces the configuration's assignments with the whole set given.
// The service answers with the assignments it stored.
func (m *DeviceConfigurationAssignRequestBuilder) Post(ctx context.Context, assignments []*DeviceConfigurationAssignment, cfg *RequestConfiguration) (*CollectionResponse[*DeviceConfigurationAssignment], error) {
	if assignments == nil {
		assignments = []*DeviceConfigurationAssignment{}
	}
	return send[*CollectionResponse[*DeviceConfigurationAssignment]](ctx, &m.BaseRequestBuilder, abstractions.POST, cfg,
		&assignRequestBody{assignments: assignments},
		collectionFactory[*DeviceConfigurationAssignment](CreateDeviceConfigurationAssignmentFromDiscriminatorValue))
}

// DeviceConfigurationAssignmentsRequestBuilder builds GET .../{id}/assignments.
type DeviceConfigurationAssignmentsRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// Get lists one page of assignments.
func (m *DeviceConfigurationAssignmentsRequestBuilder) Get(ctx context.Context, cfg *RequestConfiguration) (*CollectionResponse[*DeviceConfigurationAssignment], error) {
	return send[*CollectionResponse[*DeviceConfigurationAssignment]](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil,
		collectionFactory[*DeviceConfigurationAssignment](CreateDeviceConfigurationAssignmentFromDiscriminatorValue))
}

// WithUrl returns a builder for an @odata.nextLink.
func (m *DeviceConfigurationAssignmentsRequestBuilder) WithUrl(rawUrl string) *DeviceConfigurationAssignmentsRequestBuilder {
	return &DeviceConfigurationAssignmentsRequestBuilder{*abstractions.NewBaseRequestBuilder(m.RequestAdapter,
		m.UrlTemplate, map[string]string{"request-raw-url": rawUrl})}
}

// ManagedDeviceCertificateStatesRequestBuilder builds GET of the delivery states.
type ManagedDeviceCertificateStatesRequestBuilder struct {
	abstractions.BaseRequestBuilder
}

// Get lists one page of certificate states.
func (m *ManagedDeviceCertificateStatesRequestBuilder) Get(ctx context.Context, cfg *RequestConfiguration) (*CollectionResponse[*ManagedDeviceCertificateState], error) {
	return send[*CollectionResponse[*ManagedDeviceCertificateState]](ctx, &m.BaseRequestBuilder, abstractions.GET, cfg, nil,
		collectionFactory[*ManagedDeviceCertificateState](CreateManagedDeviceCertificateStateFromDiscriminatorValue))
}

// WithUrl returns a builder for an @odata.nextLink.
func (m *ManagedDeviceCertificateStatesRequestBuilder) WithUrl(rawUrl string) *ManagedDeviceCertificateStatesRequestBuilder {
	return &ManagedDeviceCertificateStatesRequestBuilder{*abstractions.NewBaseRequestBuilder(m.RequestAdapter,
		m.UrlTemplate, map[string]string{"request-raw-url": rawUrl})}
}
