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
	err := listProfilePages(ctx, c, "list assignments", b.Get,
		func(u string) pageGetter[*DeviceConfigurationAssignment] { return b.WithUrl(u).Get }, nil,
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
	return listProfilePages(ctx, c, "list", b.Get,
		func(u string) pageGetter[*ImportedPfxCertificateProfile] { return b.WithUrl(u).Get }, q, fn)
}

// ListManagedDeviceCertificateStates pages through the delivery states of
// the certificate profile id, whose @odata.type is odataType.
func (c *Client) ListManagedDeviceCertificateStates(ctx context.Context, id, odataType string, fn func(*ManagedDeviceCertificateState) bool) error {
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).ManagedDeviceCertificateStates(odataType)
	return listProfilePages(ctx, c, "list certificate states", b.Get,
		func(u string) pageGetter[*ManagedDeviceCertificateState] { return b.WithUrl(u).Get }, nil, fn)
}

type pageGetter[T serialization.Parsable] func(context.Context, *DeviceConfigurationsRequestConfiguration) (*CollectionResponse[T], error)

type identified interface {
	serialization.Parsable
	GetId() *string
}

// listProfilePages follows @odata.nextLink from the first page, handing each item to
// fn, one page held at a time. A link that leaves the Graph root is refused,
// or the token would go elsewhere.
func listProfilePages[T identified](ctx context.Context, c *Client, op string, get pageGetter[T],
	next func(string) pageGetter[T], q *DeviceConfigurationsQueryParameters, fn func(T) bool) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	for page := 1; ; page++ {
		x := &exchange{}
		cfg := exchangeConfig(x, nil)
		if page == 1 {
			cfg.QueryParameters = q
		}
		res, err := get(ctx, cfg)
		if err != nil {
			return wrapError(op, err, x)
		}
		if res == nil {
			return answerError(op, x, "empty response")
		}
		for _, item := range res.GetValue() {
			if id := item.GetId(); id == nil || *id == "" {
				return answerError(op, x, "an object in the response has no id")
			}
			if !fn(item) {
				return nil
			}
		}
		link := res.GetOdataNextLink()
		if link == nil || *link == "" {
			return nil
		}
		if !strings.HasPrefix(*link, c.cloud.GraphRoot+"/") {
			return &Error{Operation: op, Detail: fmt.Sprintf("@odata.nextLink %q leaves %s", *link, c.cloud.GraphRoot)}
		}
		get = next(*link)
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
