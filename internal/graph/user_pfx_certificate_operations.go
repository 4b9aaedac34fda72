package graph

import (
	"context"
	"net/http"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// UserPfxCertificates returns the builder for /deviceManagement/userPfxCertificates.
func (c *Client) UserPfxCertificates() *EntitySetRequestBuilder[UserPFXCertificateable] {
	return newEntitySetRequestBuilder[UserPFXCertificateable](c.adapter, "{+baseurl}/deviceManagement/userPfxCertificates", "userPFXCertificate%2Did", CreateUserPFXCertificateFromDiscriminatorValue)
}

// GetUserPfxCertificate reads one imported PFX certificate.
func (c *Client) GetUserPfxCertificate(ctx context.Context, id string) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().ById(id).Get(ctx,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("read", err, x)
	}
	return checkEntity("read", res, x)
}

// CreateUserPfxCertificate imports a PFX. The service documents 201 Created;
// any 2xx that carries the entity with an id is a created object, and a 2xx
// without one an unknown outcome (IsOutcomeUnknown).
func (c *Client) CreateUserPfxCertificate(ctx context.Context, body UserPFXCertificateable) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().Post(ctx, body,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("create", err, x)
	}
	return checkEntity("create", res, x)
}

// UpdateUserPfxCertificate patches an imported PFX. It returns nil, nil when
// the service answers 204 No Content.
func (c *Client) UpdateUserPfxCertificate(ctx context.Context, id string, body UserPFXCertificateable) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().ById(id).Patch(ctx, body,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("update", err, x)
	}
	if x.status == http.StatusNoContent {
		return nil, nil
	}
	return checkEntity("update", res, x)
}

// DeleteUserPfxCertificate deletes an imported PFX (204 No Content).
func (c *Client) DeleteUserPfxCertificate(ctx context.Context, id string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	err := c.UserPfxCertificates().ById(id).Delete(ctx,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	return wrapError("delete", err, x)
}

// ListUserPfxCertificates pages through the imported PFX certificates,
// following @odata.nextLink, and hands each to fn; fn returns false to stop.
func (c *Client) ListUserPfxCertificates(ctx context.Context, opts ListOptions, fn func(UserPFXCertificateable) bool) error {
	return listPages(ctx, c, "list", opts, collectionPages[UserPFXCertificateable](c.UserPfxCertificates(), opts.query()), fn)
}
