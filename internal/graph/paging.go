package graph

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// ListOptions select what a list returns.
type ListOptions struct {
	Filter string // OData $filter, "" for none
	Top    int32  // at most this many objects overall, 0 for all
	// MaxPageSize asks for at most this many objects per page (Prefer:
	// odata.maxpagesize), 0 for the service's default. Graph may send fewer.
	MaxPageSize int32
}

// DefaultPageTimeout bounds each page of a listing when the caller sets no
// page timeout (WithPageTimeout).
const DefaultPageTimeout = 5 * time.Minute

type pageTimeoutKey struct{}

// WithPageTimeout returns ctx carrying d as the deadline of each page of a
// listing made with it. The listing as a whole has no deadline beyond ctx's
// own: a tenant with many pages takes as long as its pages take, while one
// page that hangs still ends. d <= 0 keeps DefaultPageTimeout.
func WithPageTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, pageTimeoutKey{}, d)
}

// pageTimeout is the deadline of each page of a listing made with ctx.
func pageTimeout(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(pageTimeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return DefaultPageTimeout
}

// requestConfig is what every kiota request configuration carries.
type requestConfig struct {
	Headers *abstractions.RequestHeaders
	Options []abstractions.RequestOption
}

type identified interface {
	serialization.Parsable
	GetId() *string
}

// pageFetcher gets one page of a list: the first when next is "", else the
// page at the @odata.nextLink next.
type pageFetcher[T identified] func(ctx context.Context, next string, cfg requestConfig) (*CollectionResponse[T], error)

// listPages drives a paged list, one page held at a time: fn sees each
// object until it returns false or opts.Top are seen. op names the
// operation in errors. A next link must lead back to the same Graph root, or
// the token would go elsewhere. Each page gets its own deadline
// (WithPageTimeout), within ctx's.
func listPages[T identified](ctx context.Context, c *Client, op string, opts ListOptions, fetch pageFetcher[T], fn func(T) bool) error {
	perPage := pageTimeout(ctx)
	seen, next := 0, ""
	for {
		x := &exchange{}
		cfg := requestConfig{Options: []abstractions.RequestOption{x}}
		if opts.MaxPageSize > 0 {
			// The preference applies per request, so every page repeats it.
			cfg.Headers = abstractions.NewRequestHeaders()
			cfg.Headers.Add("Prefer", fmt.Sprintf("odata.maxpagesize=%d", opts.MaxPageSize))
		}
		pctx, cancel := c.pageContext(ctx, perPage)
		page, err := fetch(pctx, next, cfg)
		cancel() // the page is parsed: its deadline is done with
		if err != nil {
			return wrapError(op, err, x)
		}
		if page == nil {
			return answerError(op, x, "empty response")
		}
		for _, item := range page.GetValue() {
			if id := item.GetId(); id == nil || *id == "" {
				return answerError(op, x, "an object in the response has no id")
			}
			seen++
			if !fn(item) || (opts.Top > 0 && seen >= int(opts.Top)) {
				return nil
			}
		}
		link := page.GetOdataNextLink()
		if link == nil || *link == "" {
			return nil
		}
		if !atGraphRoot(*link, c.cloud.GraphRoot) {
			return &Error{Operation: op, Detail: fmt.Sprintf("@odata.nextLink %q leaves %s", *link, c.cloud.GraphRoot)}
		}
		next = *link
	}
}

// atGraphRoot reports whether link is a URL at root (scheme://host[:port]):
// the same scheme, host (in any case) and port (a default port written out or
// not), and no user info, which only a link meant to mislead would carry.
func atGraphRoot(link, root string) bool {
	l, err := url.Parse(link)
	if err != nil || l.User != nil || l.Opaque != "" {
		return false
	}
	r, err := url.Parse(root)
	if err != nil {
		return false
	}
	return strings.EqualFold(l.Scheme, r.Scheme) && strings.EqualFold(l.Hostname(), r.Hostname()) &&
		portOf(l) == portOf(r) && r.Hostname() != ""
}

// portOf is u's port, the scheme's default when none is written.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// pageContext gives one page its deadline; tests swap in a fake clock
// (Client.pageDeadline).
func (c *Client) pageContext(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if c.pageDeadline != nil {
		return c.pageDeadline(ctx, d)
	}
	return context.WithTimeout(ctx, d)
}

// collectionPages fetches the pages of the collection a builder addresses;
// q goes with the first page only (a next link carries its own query).
func collectionPages[T identified, B interface {
	Get(context.Context, *RequestConfiguration) (*CollectionResponse[T], error)
	WithUrl(string) B
}](builder B, q *QueryParameters) pageFetcher[T] {
	return func(ctx context.Context, next string, cfg requestConfig) (*CollectionResponse[T], error) {
		b, params := builder, q
		if next != "" {
			b, params = builder.WithUrl(next), nil
		}
		return b.Get(ctx, &RequestConfiguration{Headers: cfg.Headers, Options: cfg.Options, QueryParameters: params})
	}
}

// query is the $filter and $top of opts.
func (opts ListOptions) query() *QueryParameters {
	q := &QueryParameters{}
	if opts.Filter != "" {
		q.Filter = &opts.Filter
	}
	if opts.Top > 0 {
		q.Top = &opts.Top
	}
	return q
}
