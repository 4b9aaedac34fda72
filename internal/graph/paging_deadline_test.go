package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock hands out page deadlines that expire when the test advances it,
// so no test waits on the machine's clock.
type fakeClock struct {
	mu        sync.Mutex
	now       time.Duration
	deadlines []fakeDeadline
	asked     []time.Duration // the timeout of each deadline handed out
}

type fakeDeadline struct {
	at     time.Duration
	cancel context.CancelCauseFunc
}

func (f *fakeClock) withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deadlines = append(f.deadlines, fakeDeadline{at: f.now + d, cancel: cancel})
	f.asked = append(f.asked, d)
	return ctx, func() { cancel(context.Canceled) }
}

// advance moves the clock on and expires every deadline it passes.
func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	f.now += d
	var due []context.CancelCauseFunc
	for _, x := range f.deadlines {
		if x.at <= f.now {
			due = append(due, x.cancel)
		}
	}
	f.mu.Unlock()
	for _, cancel := range due {
		cancel(context.DeadlineExceeded)
	}
}

// slowPages is a listing of n pages of one object each, every page taking
// took on the fake clock; a page whose deadline passed meanwhile fails as
// the HTTP client would.
func slowPages(c *Client, clock *fakeClock, n int, took func(page int) time.Duration) pageFetcher[PfxRecryptionRequestable] {
	return func(ctx context.Context, next string, _ requestConfig) (*CollectionResponse[PfxRecryptionRequestable], error) {
		page := 0
		if next != "" {
			if _, err := fmt.Sscanf(next[strings.LastIndex(next, "=")+1:], "%d", &page); err != nil {
				return nil, fmt.Errorf("next link %q carries no page number: %w", next, err)
			}
		}
		clock.advance(took(page))
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		o := NewPfxRecryptionRequest()
		id := fmt.Sprintf("r%d", page)
		o.SetId(&id)
		var link *string
		if page+1 < n {
			l := fmt.Sprintf("%s/beta/pfxRecryptionRequests?$skiptoken=%d", c.cloud.GraphRoot, page+1)
			link = &l
		}
		return NewCollectionResponse([]PfxRecryptionRequestable{o}, link), nil
	}
}

func pagingClient(clock *fakeClock) *Client {
	return &Client{cloud: Cloud{GraphRoot: "https://graph.test"}, pageDeadline: clock.withTimeout}
}

// Every page gets its own deadline: ten pages that each take 60% of the page
// timeout all arrive, although together they take six times that timeout.
func TestListPages_DeadlinePerPage(t *testing.T) {
	clock := &fakeClock{}
	c := pagingClient(clock)
	const perPage = time.Minute
	ctx := WithPageTimeout(context.Background(), perPage)
	var ids []string
	err := listPages(ctx, c, "list", ListOptions{}, slowPages(c, clock, 10, func(int) time.Duration { return perPage * 6 / 10 }),
		func(o PfxRecryptionRequestable) bool {
			ids = append(ids, *o.GetId())
			return true
		})
	if err != nil {
		t.Fatalf("listing of pages each within the page timeout failed: %v", err)
	}
	if len(ids) != 10 {
		t.Fatalf("got %d objects, want 10: %v", len(ids), ids)
	}
	if clock.now <= perPage {
		t.Fatalf("the listing took %s on the fake clock; the test needs it to exceed one page timeout (%s)", clock.now, perPage)
	}
	if len(clock.asked) != 10 {
		t.Fatalf("%d page deadlines were set, want one per page (10)", len(clock.asked))
	}
	for i, d := range clock.asked {
		if d != perPage {
			t.Errorf("page %d got a deadline of %s, want the page timeout %s", i, d, perPage)
		}
	}
}

// One page that takes longer than the page timeout ends the listing with a
// timeout error, after the pages before it arrived.
func TestListPages_SlowPageTimesOut(t *testing.T) {
	clock := &fakeClock{}
	c := pagingClient(clock)
	const perPage = time.Minute
	ctx := WithPageTimeout(context.Background(), perPage)
	seen := 0
	err := listPages(ctx, c, "list", ListOptions{}, slowPages(c, clock, 5, func(page int) time.Duration {
		if page == 3 {
			return perPage + time.Second
		}
		return time.Second
	}), func(PfxRecryptionRequestable) bool {
		seen++
		return true
	})
	if err == nil {
		t.Fatal("a page slower than the page timeout did not fail the listing")
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timeout expired") {
		t.Fatalf("error = %v, want a timeout error", err)
	}
	if seen != 3 {
		t.Fatalf("saw %d objects before the slow page, want 3", seen)
	}
}

// Without WithPageTimeout each page gets DefaultPageTimeout.
func TestListPages_DefaultPageTimeout(t *testing.T) {
	clock := &fakeClock{}
	c := pagingClient(clock)
	err := listPages(context.Background(), c, "list", ListOptions{}, slowPages(c, clock, 2, func(int) time.Duration { return 0 }),
		func(PfxRecryptionRequestable) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(clock.asked) != 2 || clock.asked[0] != DefaultPageTimeout || clock.asked[1] != DefaultPageTimeout {
		t.Fatalf("page deadlines = %v, want [%s %s]", clock.asked, DefaultPageTimeout, DefaultPageTimeout)
	}
}
