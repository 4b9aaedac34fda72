package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// UserPfxCertificates returns the builder for /deviceManagement/userPfxCertificates.
func (c *Client) UserPfxCertificates() *UserPfxCertificatesRequestBuilder {
	return NewUserPfxCertificatesRequestBuilderInternal(map[string]string{}, c.adapter)
}

// GetUserPfxCertificate reads one imported PFX certificate.
func (c *Client) GetUserPfxCertificate(ctx context.Context, id string) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().ByUserPFXCertificateId(id).Get(ctx,
		&UserPFXCertificateItemRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("read", err, x)
	}
	return checkUserPfx("read", res, x)
}

// CreateUserPfxCertificate imports a PFX. The service documents 201 Created;
// any 2xx that carries the entity with an id is a created object, and a 2xx
// without one an unknown outcome (IsOutcomeUnknown).
func (c *Client) CreateUserPfxCertificate(ctx context.Context, body UserPFXCertificateable) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().Post(ctx, body,
		&UserPfxCertificatesRequestBuilderPostRequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("create", err, x)
	}
	return checkUserPfx("create", res, x)
}

// UpdateUserPfxCertificate patches an imported PFX. It returns nil, nil when
// the service answers 204 No Content.
func (c *Client) UpdateUserPfxCertificate(ctx context.Context, id string, body UserPFXCertificateable) (UserPFXCertificateable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.UserPfxCertificates().ByUserPFXCertificateId(id).Patch(ctx, body,
		&UserPFXCertificateItemRequestBuilderPatchRequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("update", err, x)
	}
	if x.status == http.StatusNoContent {
		return nil, nil
	}
	return checkUserPfx("update", res, x)
}

// DeleteUserPfxCertificate deletes an imported PFX (204 No Content).
func (c *Client) DeleteUserPfxCertificate(ctx context.Context, id string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	err := c.UserPfxCertificates().ByUserPFXCertificateId(id).Delete(ctx,
		&UserPFXCertificateItemRequestBuilderDeleteRequestConfiguration{Options: []abstractions.RequestOption{x}})
	return wrapError("delete", err, x)
}

// ListUserPfxCertificates pages through the imported PFX certificates,
// following @odata.nextLink, and hands each to fn; fn returns false to stop.
func (c *Client) ListUserPfxCertificates(ctx context.Context, opts ListOptions, fn func(UserPFXCertificateable) bool) error {
	q := &UserPfxCertificatesRequestBuilderGetQueryParameters{}
	if opts.Filter != "" {
		q.Filter = &opts.Filter
	}
	if opts.Top > 0 {
		q.Top = &opts.Top
	}
	builder := c.UserPfxCertificates()
	return listPages(ctx, c, opts, func(ctx context.Context, next string, cfg requestConfig) (*listPage[UserPFXCertificateable], error) {
		b := builder
		params := q
		if next != "" {
			b, params = builder.WithUrl(next), nil
		}
		res, err := b.Get(ctx, &UserPfxCertificatesRequestBuilderGetRequestConfiguration{
			Headers: cfg.Headers, Options: cfg.Options, QueryParameters: params})
		if err != nil || res == nil {
			return nil, err
		}
		return &listPage[UserPFXCertificateable]{items: res.GetValue(), next: res.GetOdataNextLink()}, nil
	}, fn)
}

// requestConfig is what every kiota request configuration carries.
type requestConfig struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

// listPage is one page of a list: its objects and its @odata.nextLink.
type listPage[T any] struct {
	items []T
	next  *string
}

// listPages drives a paged list: fetch gets one page (the first when next is
// ""), and fn sees each object until it returns false or opts.Top are seen.
// A next link must lead back to the same Graph root, or the token would go
// elsewhere.
func listPages[T interface{ GetId() *string }](ctx context.Context, c *Client, opts ListOptions,
	fetch func(ctx context.Context, next string, cfg requestConfig) (*listPage[T], error), fn func(T) bool) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	seen, next := 0, ""
	for {
		x := &exchange{}
		cfg := requestConfig{Options: []abstractions.RequestOption{x}}
		if opts.MaxPageSize > 0 {
			// The preference applies per request, so every page repeats it.
			cfg.Headers = abstractions.NewRequestHeaders()
			cfg.Headers.Add("Prefer", fmt.Sprintf("odata.maxpagesize=%d", opts.MaxPageSize))
		}
		page, err := fetch(ctx, next, cfg)
		if err != nil {
			return wrapError("list", err, x)
		}
		if page == nil {
			return answerError("list", x, "empty response")
		}
		for _, item := range page.items {
			if item.GetId() == nil || *item.GetId() == "" {
				return answerError("list", x, "an object in the response has no id")
			}
			seen++
			if !fn(item) || (opts.Top > 0 && seen >= int(opts.Top)) {
				return nil
			}
		}
		if page.next == nil || *page.next == "" {
			return nil
		}
		if !strings.HasPrefix(*page.next, c.cloud.GraphRoot+"/") {
			return &Error{Operation: "list", Detail: fmt.Sprintf("@odata.nextLink %q leaves %s", *page.next, c.cloud.GraphRoot)}
		}
		next = *page.next
	}
}

// checkUserPfx rejects a success answer without an object or an id.
func checkUserPfx(op string, res UserPFXCertificateable, x *exchange) (UserPFXCertificateable, error) {
	detail := ""
	switch {
	case res == nil:
		detail = "the response has no body"
	case res.GetId() == nil || strings.TrimSpace(*res.GetId()) == "":
		detail = "the response has no id"
	default:
		return res, nil
	}
	e := answerError(op, x, detail)
	// A create answered with success but no usable object may have made one.
	e.OutcomeUnknown = op == "create"
	return nil, e
}
