package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// PfxRecryptionRequests returns the builder for the entity set.
func (c *Client) PfxRecryptionRequests() *PfxRecryptionRequestsRequestBuilder {
	return NewPfxRecryptionRequestsRequestBuilderInternal(map[string]string{}, c.adapter)
}

// GetPfxRecryptionRequest reads one request.
func (c *Client) GetPfxRecryptionRequest(ctx context.Context, id string) (PfxRecryptionRequestable, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := c.PfxRecryptionRequests().ByPfxRecryptionRequestId(id).Get(ctx,
		&PfxRecryptionRequestItemRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{x}})
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
		&PfxRecryptionRequestsRequestBuilderPostRequestConfiguration{Options: []abstractions.RequestOption{x}})
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
	cfg := &PfxRecryptionRequestItemRequestBuilderPatchRequestConfiguration{Options: []abstractions.RequestOption{x}}
	if eTag != "" {
		cfg.Headers = abstractions.NewRequestHeaders()
		cfg.Headers.Add("If-Match", eTag)
	}
	res, err := c.PfxRecryptionRequests().ByPfxRecryptionRequestId(id).Patch(ctx, body, cfg)
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
	cfg := &PfxRecryptionRequestItemRequestBuilderDeleteRequestConfiguration{Options: []abstractions.RequestOption{x}}
	if eTag != "" {
		cfg.Headers = abstractions.NewRequestHeaders()
		cfg.Headers.Add("If-Match", eTag)
	}
	err := c.PfxRecryptionRequests().ByPfxRecryptionRequestId(id).Delete(ctx, cfg)
	return wrapError("delete", err, x)
}

// ListOptions select what a list returns.
type ListOptions struct {
	Filter string // OData $filter, "" for none
	Top    int32  // at most this many objects overall, 0 for all
	// MaxPageSize asks for at most this many objects per page (Prefer:
	// odata.maxpagesize), 0 for the service's default. Graph may send fewer.
	MaxPageSize int32
}

// ListPfxRecryptionRequests pages through the entity set, following
// @odata.nextLink, and hands each object to fn; fn returns false to stop.
// Only one page is held at a time.
func (c *Client) ListPfxRecryptionRequests(ctx context.Context, opts ListOptions, fn func(PfxRecryptionRequestable) bool) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	q := &PfxRecryptionRequestsRequestBuilderGetQueryParameters{}
	if opts.Filter != "" {
		q.Filter = &opts.Filter
	}
	if opts.Top > 0 {
		q.Top = &opts.Top
	}
	builder := c.PfxRecryptionRequests()
	seen := 0
	for page := 1; ; page++ {
		x := &exchange{}
		cfg := &PfxRecryptionRequestsRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{x}}
		if page == 1 {
			cfg.QueryParameters = q
		}
		if opts.MaxPageSize > 0 {
			// The preference applies per request, so every page repeats it.
			cfg.Headers = abstractions.NewRequestHeaders()
			cfg.Headers.Add("Prefer", fmt.Sprintf("odata.maxpagesize=%d", opts.MaxPageSize))
		}
		res, err := builder.Get(ctx, cfg)
		if err != nil {
			return wrapError("list", err, x)
		}
		if res == nil {
			return answerError("list", x, "empty response")
		}
		for _, item := range res.GetValue() {
			if item.GetId() == nil || *item.GetId() == "" {
				return answerError("list", x, "an object in the response has no id")
			}
			seen++
			if !fn(item) || (opts.Top > 0 && seen >= int(opts.Top)) {
				return nil
			}
		}
		next := res.GetOdataNextLink()
		if next == nil || *next == "" {
			return nil
		}
		// The link must lead back to the same Graph root, or the token would go elsewhere.
		if !strings.HasPrefix(*next, c.cloud.GraphRoot+"/") {
			return &Error{Operation: "list", Detail: fmt.Sprintf("@odata.nextLink %q leaves %s", *next, c.cloud.GraphRoot)}
		}
		builder = builder.WithUrl(*next)
	}
}

// checkEntity rejects a success answer that carries no object or no id: state
// must never hold an object Terraform cannot address.
func checkEntity(op string, res PfxRecryptionRequestable, x *exchange) (PfxRecryptionRequestable, error) {
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

// answerError describes a success answer that cannot be used.
func answerError(op string, x *exchange, detail string) *Error {
	return &Error{Operation: op, StatusCode: x.status, RequestID: x.header.Get("request-id"),
		ClientRequestID: x.header.Get("client-request-id"), Attempts: x.attempts, Detail: detail}
}
