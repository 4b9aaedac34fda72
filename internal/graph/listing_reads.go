package graph

import (
	"context"
	"sync"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// ListingTTL is how long a listing serves reads after it started: long
// enough for the refresh of a plan to use it, short enough that it is not
// mistaken for a read of the present.
const ListingTTL = 20 * time.Second

// listingReads serves the reads of one entity set from the set's listing
// once that is cheaper than a GET each, so that the refresh of N objects
// costs about N ÷ page size requests instead of N:
//
//   - Reads start as GETs. Once the GETs spent reach the listing's page count
//     (known from @odata.count on its first page, which is fetched once and
//     serves the objects it holds), the next read lists the set. A small
//     configuration keeps one GET per object; a large one spends at most
//     about twice the cheaper of the two.
//   - Reads that arrive while a listing is in flight wait for it.
//   - A listing serves reads for ListingTTL from its start; after that, reads
//     are GETs again until the GETs spent reach the page count once more.
//   - An object this process wrote within the consistency window and list
//     lag is read by GET, as is one missing from the listing (lag, or a
//     deletion the GET's 404 confirms): drift and outside deletes show as
//     they do without listings.
//   - A listed object that lacks what a GET returns (whole: a profile
//     listed without the $expand'ed assignments) is read by GET.
//   - Without a page count (no @odata.count on a first page that is not the
//     whole set), after a listing fails, or after one in which no object was
//     whole, reads stay GETs.
type listingReads[T identified] struct {
	get    func(ctx context.Context, id string) (T, error)
	first  func(ctx context.Context) (*CollectionResponse[T], error) // the first page, with $count=true
	list   func(ctx context.Context, fn func(T) bool) error          // every page
	window time.Duration                                             // after a write, reads are GETs this long
	now    func() time.Time
	// whole reports whether a listed object carries everything a GET
	// returns (nil: every listed object does). One that does not is read by
	// GET; a listing in which none does is not tried again.
	whole func(T) bool

	mu      sync.Mutex
	gets    int // GETs spent since the last listing
	pages   int // the listing's page count: 0 not known yet, -1 not knowable
	last    *listing[T]
	flight  *listing[T]
	written map[string]time.Time
	onWait  func() // tests: called when a read waits for the listing in flight
}

type listing[T identified] struct {
	done     chan struct{}
	started  time.Time
	complete bool // every page, not only the first
	objs     map[string]T
	err      error
}

// wrote records a write (or an attempted one) of id by this process.
func (r *listingReads[T]) wrote(id string) {
	if id == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.written == nil {
		r.written = map[string]time.Time{}
	}
	now := r.now()
	for k, t := range r.written { // keep the map as small as the window
		if now.Sub(t) >= r.window {
			delete(r.written, k)
		}
	}
	r.written[id] = now
}

// writtenAtKey carries the time of the last write to the object read, as
// the resource's private state recorded it (ReadThroughLag sets it): a write
// by an earlier process is as recent as one by this process.
type writtenAtKey struct{}

// read returns the object id, from a listing when one serves it, else by GET.
func (r *listingReads[T]) read(ctx context.Context, id string) (T, error) {
	if at, ok := ctx.Value(writtenAtKey{}).(time.Time); ok && r.now().Sub(at) < r.window {
		return r.get(ctx, id)
	}
	r.mu.Lock()
	for {
		now := r.now()
		w, wrote := r.written[id]
		if wrote && now.Sub(w) < r.window {
			r.mu.Unlock()
			return r.get(ctx, id)
		}
		if l := r.last; l != nil && now.Sub(l.started) >= ListingTTL {
			r.last, r.gets = nil, 0 // expired: back to GETs
		}
		if l := r.last; l != nil {
			if o, ok := l.objs[id]; ok && (!wrote || w.Before(l.started)) {
				r.mu.Unlock()
				return o, nil
			}
			if l.complete {
				r.mu.Unlock()
				return r.get(ctx, id) // missing from the listing
			}
		}
		f := r.flight
		if f == nil {
			break
		}
		r.mu.Unlock()
		if r.onWait != nil {
			r.onWait()
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		r.mu.Lock()
	}
	probe := r.pages == 0
	if r.gets == 0 || r.pages < 0 || (!probe && r.gets < r.pages) {
		r.gets++
		r.mu.Unlock()
		return r.get(ctx, id)
	}
	f := &listing[T]{done: make(chan struct{}), started: r.now(), objs: map[string]T{}}
	r.flight = f
	r.mu.Unlock()

	pages, partial := r.fetch(ctx, f, probe)

	r.mu.Lock()
	r.flight = nil
	switch {
	case f.err != nil, partial && len(f.objs) == 0:
		r.pages = -1 // a listing that fails once, or serves nothing, is not tried again
	case pages != 0:
		r.pages = pages
	}
	if f.err == nil {
		r.last, r.gets = f, 0
	}
	close(f.done)
	r.mu.Unlock()
	if f.err != nil {
		return r.get(ctx, id)
	}
	return r.read(ctx, id)
}

// fetch fills f with the first page (probe) or every page, keeping the
// objects that are whole. It returns the listing's page count when it
// learnt it, and whether it left out a listed object that was not whole.
func (r *listingReads[T]) fetch(ctx context.Context, f *listing[T], probe bool) (pages int, partial bool) {
	keep := func(o T) bool {
		if id := o.GetId(); id != nil {
			if r.whole == nil || r.whole(o) {
				f.objs[*id] = o
			} else {
				partial = true
			}
		}
		return true
	}
	if !probe {
		f.err = r.list(ctx, keep)
		f.complete = true
		return 0, partial
	}
	page, err := r.first(ctx)
	if err != nil {
		f.err = err
		return 0, false
	}
	for _, o := range page.GetValue() {
		keep(o)
	}
	if next := page.GetOdataNextLink(); next == nil || *next == "" {
		f.complete = true
		return 1, partial
	}
	count, size := page.GetOdataCount(), len(page.GetValue())
	if count == nil || size == 0 {
		return -1, partial
	}
	return int((*count + int64(size) - 1) / int64(size)), partial
}

// readFromListings returns e reading from the set's listing when that is
// cheaper than a GET each; the client keeps one listingReads per set. The
// listing asks for e's $expand; whole (nil for every object) tells a listed
// object that carries what a GET returns.
func (e Entities[T]) readFromListings(whole func(T) bool) Entities[T] {
	e.reads = listingReadsOf(e.c, e.set, e.expand, e.get, whole)
	return e
}

// wrote tells the set's listing reads, if any, that this process wrote id.
func (e Entities[T]) wrote(id string) {
	if e.reads != nil {
		e.reads.wrote(id)
	}
}

// reset forgets the listing, the counts and the writes: a configured
// provider (one Terraform command) starts afresh, as a new process does.
func (r *listingReads[T]) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gets, r.pages, r.last, r.written = 0, 0, nil, nil
}

// listingSets holds a client's listingReads, one per entity set.
type listingSets struct {
	mu   sync.Mutex
	sets map[string]interface{ reset() }
}

// reset resets every set's listing reads (NewClient, for each configure).
func (s *listingSets) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.sets {
		r.reset()
	}
}

// listingReadsOf returns the client's listingReads of set (made on first
// use), whose GET is get; its listings ask for expand.
func listingReadsOf[T identified](c *Client, set *EntitySetRequestBuilder[T], expand []string, get func(context.Context, string) (T, error), whole func(T) bool) *listingReads[T] {
	c.listings.mu.Lock()
	defer c.listings.mu.Unlock()
	key := set.path
	if r, ok := c.listings.sets[key].(*listingReads[T]); ok {
		return r
	}
	r := &listingReads[T]{
		get:    get,
		whole:  whole,
		window: c.ConsistencyWindow() + c.ListLag(),
		now:    time.Now,
		first: func(ctx context.Context) (*CollectionResponse[T], error) {
			count := true
			x := &exchange{}
			pctx, cancel := c.pageContext(ctx, pageTimeout(ctx))
			defer cancel()
			page, err := collectionPages[T](set, &QueryParameters{Count: &count, Expand: expand})(pctx, "",
				requestConfig{Options: []abstractions.RequestOption{x}})
			if err != nil {
				return nil, wrapError("list", err, x)
			}
			if page == nil {
				return nil, answerError("list", x, "empty response")
			}
			return page, nil
		},
		list: func(ctx context.Context, fn func(T) bool) error {
			q := ListOptions{}.query()
			q.Expand = expand
			return listPages(ctx, c, "list", ListOptions{}, collectionPages[T](set, q), fn)
		},
	}
	if c.listings.sets == nil {
		c.listings.sets = map[string]interface{ reset() }{}
	}
	c.listings.sets[key] = r
	return r
}
