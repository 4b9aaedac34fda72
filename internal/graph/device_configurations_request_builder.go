package graph

import (
	"context"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// Request builders for the parts of one device configuration that are not
// the entity itself (its assign action, assignments and delivery states), in
// the style of the beta SDK's devicemanagement package (which the provider
// does not import). The entity's own requests are DeviceConfigurationSet's.

const deviceConfigurationsPath = "{+baseurl}/deviceManagement/deviceConfigurations"

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

// DeviceConfigurationItemRequestBuilder builds requests for one configuration.
type DeviceConfigurationItemRequestBuilder struct {
	abstractions.BaseRequestBuilder
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
