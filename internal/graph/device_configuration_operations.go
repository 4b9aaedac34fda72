package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Operations on imported-PFX certificate profiles
// (/deviceManagement/deviceConfigurations), their assignments and their
// delivery states. Each returns an *Error carrying Graph's answer.

func exchangeConfig(x *exchange, q *DeviceConfigurationsQueryParameters) *DeviceConfigurationsRequestConfiguration {
	return &DeviceConfigurationsRequestConfiguration{Options: []abstractions.RequestOption{x}, QueryParameters: q}
}

// GetImportedPfxProfile reads one profile with its assignments.
func (c *Client) GetImportedPfxProfile(ctx context.Context, id string) (*ImportedPfxCertificateProfile, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Get(ctx,
		exchangeConfig(x, &DeviceConfigurationsQueryParameters{Expand: []string{"assignments"}}))
	if err != nil {
		return nil, wrapError("read", err, x)
	}
	if err := requireID("read", res, x); err != nil {
		return nil, err
	}
	return res, nil
}

// CreateImportedPfxProfile posts a new profile and expects 201 Created.
func (c *Client) CreateImportedPfxProfile(ctx context.Context, body *ImportedPfxCertificateProfile) (*ImportedPfxCertificateProfile, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.DeviceConfigurations().Post(ctx, body, exchangeConfig(x, nil))
	if err != nil {
		return nil, wrapError("create", err, x)
	}
	if x.status != http.StatusCreated {
		return nil, answerError("create", x, fmt.Sprintf("expected 201 Created, got %d", x.status))
	}
	if err := requireID("create", res, x); err != nil {
		return nil, err
	}
	return res, nil
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
	if err := requireID("update", res, x); err != nil {
		return nil, err
	}
	return res, nil
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
	err := listPages(ctx, c, ListOptions{}, pages(b.Get, func(u string) pageGetter[*DeviceConfigurationAssignment] { return b.WithUrl(u).Get }, nil),
		func(a *DeviceConfigurationAssignment) bool { out = append(out, a); return true })
	return out, err
}

// ListImportedPfxProfiles pages through device configurations matching
// filter ("" for all) and hands each to fn; fn returns false to stop. Only
// the common properties of a configuration of another type are decoded.
func (c *Client) ListImportedPfxProfiles(ctx context.Context, filter string, fn func(*ImportedPfxCertificateProfile) bool) error {
	q := &DeviceConfigurationsQueryParameters{}
	if filter != "" {
		q.Filter = &filter
	}
	b := c.DeviceConfigurations()
	return listPages(ctx, c, ListOptions{}, pages(b.Get, func(u string) pageGetter[*ImportedPfxCertificateProfile] { return b.WithUrl(u).Get }, q), fn)
}

// ListManagedDeviceCertificateStates pages through the delivery states of
// the certificate profile id, whose @odata.type is odataType.
func (c *Client) ListManagedDeviceCertificateStates(ctx context.Context, id, odataType string, fn func(*ManagedDeviceCertificateState) bool) error {
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).ManagedDeviceCertificateStates(odataType)
	return listPages(ctx, c, ListOptions{}, pages(b.Get, func(u string) pageGetter[*ManagedDeviceCertificateState] { return b.WithUrl(u).Get }, nil), fn)
}

// pageGetter gets one page of a collection.
type pageGetter[T serialization.Parsable] func(context.Context, *DeviceConfigurationsRequestConfiguration) (*CollectionResponse[T], error)

// pages adapts a builder's Get (first, with the query q) and its WithUrl
// (for each @odata.nextLink) to listPages.
func pages[T serialization.Parsable](first pageGetter[T], next func(string) pageGetter[T], q *DeviceConfigurationsQueryParameters) func(context.Context, string, requestConfig) (*listPage[T], error) {
	return func(ctx context.Context, link string, cfg requestConfig) (*listPage[T], error) {
		get, params := first, q
		if link != "" {
			get, params = next(link), nil
		}
		res, err := get(ctx, &DeviceConfigurationsRequestConfiguration{Headers: cfg.Headers, Options: cfg.Options, QueryParameters: params})
		if err != nil || res == nil {
			return nil, err
		}
		return &listPage[T]{items: res.GetValue(), next: res.GetOdataNextLink()}, nil
	}
}

// requireID rejects a success answer without an object or an id: state must
// never hold an object Terraform cannot address.
func requireID(op string, res interface{ GetId() *string }, x *exchange) error {
	detail := ""
	switch {
	case res == nil || isNilPointer(res):
		detail = "the response has no body"
	case res.GetId() == nil || strings.TrimSpace(*res.GetId()) == "":
		detail = "the response has no id"
	default:
		return nil
	}
	if op == "create" {
		detail += "; the object may have been created: look for it in Intune and import it"
	}
	return answerError(op, x, detail)
}

func isNilPointer(v interface{ GetId() *string }) bool {
	p, ok := v.(*ImportedPfxCertificateProfile)
	return ok && p == nil
}
