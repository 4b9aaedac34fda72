package graph

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sync"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Request plumbing every builder in this package shares: build the request
// information, send it through the adapter, type the answer.

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
var pathVariable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([^+?}][^}]*)\}`) })

// checkPathParameters refuses a request with an empty id: the template would
// expand to the collection's URL, and a GET, PATCH or DELETE would go to the
// collection instead of one object. A raw URL (a next link) has no variables.
func checkPathParameters(b *abstractions.BaseRequestBuilder) error {
	if _, raw := b.PathParameters["request-raw-url"]; raw {
		return nil
	}
	for _, m := range pathVariable().FindAllStringSubmatch(b.UrlTemplate, -1) {
		if b.PathParameters[m[1]] == "" {
			name, _ := url.PathUnescape(m[1])
			return fmt.Errorf("empty %s: the request's URL would address the collection, not one object", name)
		}
	}
	return nil
}
