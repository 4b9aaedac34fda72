package graph

import (
	"context"
	"net/http"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// Operations on imported-PFX certificate profiles
// (/deviceManagement/deviceConfigurations), their assignments and their
// delivery states. Each returns an *Error carrying Graph's answer.

func exchangeConfig(x *exchange, q *QueryParameters) *RequestConfiguration {
	return &RequestConfiguration{Options: []abstractions.RequestOption{x}, QueryParameters: q}
}

// GetImportedPfxProfile reads one profile with its assignments.
func (c *Client) GetImportedPfxProfile(ctx context.Context, id string) (*ImportedPfxCertificateProfile, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Get(ctx,
		exchangeConfig(x, &QueryParameters{Expand: []string{"assignments"}}))
	if err != nil {
		return nil, wrapError("read", err, x)
	}
	return checkEntity("read", res, x)
}

// CreateImportedPfxProfile posts a new profile. The service documents 201
// Created; any 2xx that carries the profile with an id is a created object,
// and a 2xx without one an unknown outcome (IsOutcomeUnknown).
func (c *Client) CreateImportedPfxProfile(ctx context.Context, body *ImportedPfxCertificateProfile) (*ImportedPfxCertificateProfile, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.DeviceConfigurations().Post(ctx, body, exchangeConfig(x, nil))
	if err != nil {
		return nil, wrapError("create", err, x)
	}
	return checkEntity("create", res, x)
}

// UpdateImportedPfxProfile patches a profile. It returns nil, nil when the
// service answers 204.
func (c *Client) UpdateImportedPfxProfile(ctx context.Context, id string, body *ImportedPfxCertificateProfile) (*ImportedPfxCertificateProfile, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Patch(ctx, body, exchangeConfig(x, nil))
	if err != nil {
		return nil, wrapError("update", err, x)
	}
	if x.status == http.StatusNoContent {
		return nil, nil
	}
	return checkEntity("update", res, x)
}

// DeleteDeviceConfiguration deletes a configuration; Graph deletes its
// assignments with it.
func (c *Client) DeleteDeviceConfiguration(ctx context.Context, id string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Delete(ctx, exchangeConfig(x, nil))
	return wrapError("delete", err, x)
}

// AssignDeviceConfiguration replaces the configuration's assignments with
// the whole set given (an empty set removes them all).
func (c *Client) AssignDeviceConfiguration(ctx context.Context, id string, assignments []*DeviceConfigurationAssignment) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	_, err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Assign().Post(ctx, assignments, exchangeConfig(x, nil))
	return wrapError("assign", err, x)
}

// ListDeviceConfigurationAssignments reads every assignment of a configuration.
func (c *Client) ListDeviceConfigurationAssignments(ctx context.Context, id string) ([]*DeviceConfigurationAssignment, error) {
	var out []*DeviceConfigurationAssignment
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).Assignments()
	err := listPages(ctx, c, "list assignments", ListOptions{}, collectionPages[*DeviceConfigurationAssignment](b, nil),
		func(a *DeviceConfigurationAssignment) bool { out = append(out, a); return true })
	return out, err
}

// ListImportedPfxProfiles pages through device configurations matching
// filter ("" for all) and hands each to fn; fn returns false to stop. Only
// the common properties of a configuration of another type are decoded.
func (c *Client) ListImportedPfxProfiles(ctx context.Context, filter string, fn func(*ImportedPfxCertificateProfile) bool) error {
	q := &QueryParameters{}
	if filter != "" {
		q.Filter = &filter
	}
	b := c.DeviceConfigurations()
	return listPages(ctx, c, "list", ListOptions{}, collectionPages[*ImportedPfxCertificateProfile](b, q), fn)
}

// ListManagedDeviceCertificateStates pages through the delivery states of
// the certificate profile id, whose @odata.type is odataType.
func (c *Client) ListManagedDeviceCertificateStates(ctx context.Context, id, odataType string, fn func(*ManagedDeviceCertificateState) bool) error {
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).ManagedDeviceCertificateStates(odataType)
	return listPages(ctx, c, "list certificate states", ListOptions{}, collectionPages[*ManagedDeviceCertificateState](b, nil), fn)
}
