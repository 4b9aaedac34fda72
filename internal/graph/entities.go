package graph

import (
	"context"
	"net/http"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// Entities are the operations on one entity set, the same for every set the
// provider manages: read, create, update and delete one object, and list the
// set. Each returns an *Error carrying Graph's answer (code, message,
// request-id), and refuses a success answer that carries no object with an
// id (checkEntity).
type Entities[T identified] struct {
	c      *Client
	set    *EntitySetRequestBuilder[T]
	expand []string         // $expand of every read of one object
	reads  *listingReads[T] // when set, reads may come from the set's listing (listing_reads.go)
}

// PfxRecryptionRequestSet is /pfxRecryptionRequests.
func (c *Client) PfxRecryptionRequestSet() Entities[PfxRecryptionRequestable] {
	return Entities[PfxRecryptionRequestable]{c: c, set: c.PfxRecryptionRequests()}.readFromListings(nil)
}

// UserPfxCertificateSet is /deviceManagement/userPfxCertificates.
func (c *Client) UserPfxCertificateSet() Entities[UserPFXCertificateable] {
	return Entities[UserPFXCertificateable]{c: c, set: c.UserPfxCertificates()}.readFromListings(nil)
}

// DeviceConfigurationSet is /deviceManagement/deviceConfigurations, read
// with the configuration's assignments, from its listing (with
// $expand=assignments) when that is cheaper.
func (c *Client) DeviceConfigurationSet() Entities[*DeviceConfiguration] {
	set := newEntitySetRequestBuilder[*DeviceConfiguration](c.adapter, "{+baseurl}/deviceManagement/deviceConfigurations",
		"deviceConfiguration%2Did", CreateDeviceConfigurationFromDiscriminatorValue)
	return Entities[*DeviceConfiguration]{c: c, set: set, expand: []string{"assignments"}}.readFromListings((*DeviceConfiguration).Whole)
}

func exchangeConfig(x *exchange, q *QueryParameters) *RequestConfiguration {
	return &RequestConfiguration{Options: []abstractions.RequestOption{x}, QueryParameters: q}
}

// ifMatch is the configuration of a write with If-Match set to eTag ("" sends none).
func ifMatch(x *exchange, eTag string) *RequestConfiguration {
	cfg := exchangeConfig(x, nil)
	if eTag != "" {
		cfg.Headers = abstractions.NewRequestHeaders()
		cfg.Headers.Add("If-Match", eTag)
	}
	return cfg
}

// Get reads one object: by GET, or from the set's listing when the set
// reads from listings and that is cheaper (listing_reads.go).
func (e Entities[T]) Get(ctx context.Context, id string) (T, error) {
	if e.reads != nil {
		return e.reads.read(ctx, id)
	}
	return e.get(ctx, id)
}

// get reads one object by GET.
func (e Entities[T]) get(ctx context.Context, id string) (T, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	var q *QueryParameters
	if len(e.expand) > 0 {
		q = &QueryParameters{Expand: e.expand}
	}
	res, err := e.set.ById(id).Get(ctx, exchangeConfig(x, q))
	if err != nil {
		var zero T
		return zero, wrapError("read", err, x)
	}
	return checkEntity("read", res, x)
}

// Create posts a new object. Graph documents 201 Created; any 2xx that
// carries the object with an id is a created object, and a 2xx without one
// an unknown outcome (IsOutcomeUnknown).
func (e Entities[T]) Create(ctx context.Context, body T) (T, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	res, err := e.set.Post(ctx, body, exchangeConfig(x, nil))
	if err != nil {
		var zero T
		return zero, wrapError("create", err, x)
	}
	o, err := checkEntity("create", res, x)
	if err == nil {
		e.wrote(*o.GetId())
	}
	return o, err
}

// Update patches an object, with If-Match set to eTag ("" sends none). It
// returns the zero T and no error when the service answers 204.
func (e Entities[T]) Update(ctx context.Context, id, eTag string, body T) (T, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	var zero T
	e.wrote(id)
	res, err := e.set.ById(id).Patch(ctx, body, ifMatch(x, eTag))
	if err != nil {
		return zero, wrapError("update", err, x)
	}
	if x.status == http.StatusNoContent {
		return zero, nil
	}
	return checkEntity("update", res, x)
}

// Delete deletes an object (204 No Content), with If-Match set to eTag (""
// sends none).
func (e Entities[T]) Delete(ctx context.Context, id, eTag string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	e.wrote(id)
	return wrapError("delete", e.set.ById(id).Delete(ctx, ifMatch(x, eTag)), x)
}

// List pages through the set, following @odata.nextLink, and hands each
// object to fn; fn returns false to stop. Only one page is held at a time.
// The listing asks for the $expand of a read of one object.
func (e Entities[T]) List(ctx context.Context, opts ListOptions, fn func(T) bool) error {
	q := opts.query()
	q.Expand = e.expand
	return listPages(ctx, e.c, "list", opts, collectionPages[T](e.set, q), fn)
}
