package graph

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// PfxRecryptionRequests returns the builder for the entity set.
func (c *Client) PfxRecryptionRequests() *EntitySetRequestBuilder[PfxRecryptionRequestable] {
	return newEntitySetRequestBuilder[PfxRecryptionRequestable](c.adapter, "{+baseurl}/pfxRecryptionRequests", "pfxRecryptionRequest%2Did", CreatePfxRecryptionRequestFromDiscriminatorValue)
}

// GetPfxRecryptionRequest reads one request.
func (c *Client) GetPfxRecryptionRequest(ctx context.Context, id string) (PfxRecryptionRequestable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.PfxRecryptionRequests().ById(id).Get(ctx,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("read", err, x)
	}
	return checkEntity("read", res, x)
}

// CreatePfxRecryptionRequest posts a new request. Graph documents 201
// Created, but any 2xx answer that carries an entity with an id is a created
// object; a 2xx without one is an unknown outcome (IsOutcomeUnknown).
func (c *Client) CreatePfxRecryptionRequest(ctx context.Context, body PfxRecryptionRequestable) (PfxRecryptionRequestable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.PfxRecryptionRequests().Post(ctx, body,
		&RequestConfiguration{Options: []abstractions.RequestOption{x}})
	if err != nil {
		return nil, wrapError("create", err, x)
	}
	return checkEntity("create", res, x)
}

// UpdatePfxRecryptionRequest patches a request with If-Match set to eTag
// ("" sends no If-Match). It returns nil, nil when the service answers 204.
func (c *Client) UpdatePfxRecryptionRequest(ctx context.Context, id, eTag string, body PfxRecryptionRequestable) (PfxRecryptionRequestable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	cfg := &RequestConfiguration{Options: []abstractions.RequestOption{x}}
	if eTag != "" {
		cfg.Headers = abstractions.NewRequestHeaders()
		cfg.Headers.Add("If-Match", eTag)
	}
	res, err := c.PfxRecryptionRequests().ById(id).Patch(ctx, body, cfg)
	if err != nil {
		return nil, wrapError("update", err, x)
	}
	if x.status == http.StatusNoContent {
		return nil, nil
	}
	return checkEntity("update", res, x)
}

// DeletePfxRecryptionRequest deletes a request with If-Match set to eTag.
func (c *Client) DeletePfxRecryptionRequest(ctx context.Context, id, eTag string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	cfg := &RequestConfiguration{Options: []abstractions.RequestOption{x}}
	if eTag != "" {
		cfg.Headers = abstractions.NewRequestHeaders()
		cfg.Headers.Add("If-Match", eTag)
	}
	err := c.PfxRecryptionRequests().ById(id).Delete(ctx, cfg)
	return wrapError("delete", err, x)
}

// ListPfxRecryptionRequests pages through the entity set, following
// @odata.nextLink, and hands each object to fn; fn returns false to stop.
// Only one page is held at a time.
func (c *Client) ListPfxRecryptionRequests(ctx context.Context, opts ListOptions, fn func(PfxRecryptionRequestable) bool) error {
	return listPages(ctx, c, "list", opts, collectionPages[PfxRecryptionRequestable](c.PfxRecryptionRequests(), opts.query()), fn)
}

// checkEntity rejects a success answer that carries no object or no id: state
// must never hold an object Terraform cannot address. A create answered with
// success but no usable object may have made one, so its outcome is unknown
// (CreateOrAdopt then looks for it).
func checkEntity[T interface{ GetId() *string }](op string, res T, x *exchange) (T, error) {
	var zero T
	detail := ""
	switch {
	case isNil(res):
		detail = "the response has no body"
	case res.GetId() == nil || strings.TrimSpace(*res.GetId()) == "":
		detail = "the response has no id"
	default:
		return res, nil
	}
	e := answerError(op, x, detail)
	if op == "create" {
		e.Detail += "; the object may have been created"
		e.OutcomeUnknown = true
	}
	return zero, e
}

// isNil reports a nil interface or a typed nil pointer in one.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// answerError describes a success answer that cannot be used.
func answerError(op string, x *exchange, detail string) *Error {
	return &Error{Operation: op, StatusCode: x.status, RequestID: x.header.Get("request-id"),
		ClientRequestID: x.header.Get("client-request-id"), Attempts: x.attempts, Detail: detail}
}
