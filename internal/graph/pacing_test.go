package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSlidingWindow walks a window of 3 per 10 s through explicit instants:
// a request holds its place from its start until its answer plus the window,
// a 429 halves the cap, and each calm window gives back a tenth of the limit.
func TestSlidingWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	w := newSlidingWindow("requests", 3, 10*time.Second)
	for i := 0; i < 3; i++ {
		if d := w.wait(at(0)); d != 0 {
			t.Fatalf("request %d waits %v in an empty window", i+1, d)
		}
		w.inflight++
	}
	if d := w.wait(at(1)); d != -1 {
		t.Fatalf("with 3 in flight the 4th waits %v, want -1 (until an answer)", d)
	}
	w.answered(at(2), false)
	if d := w.wait(at(3)); d != 9*time.Second {
		t.Fatalf("after an answer at 2 s the 4th waits %v at 3 s, want 9s", d)
	}
	if d := w.wait(at(12)); d != 0 {
		t.Fatalf("at 12 s the answer of 2 s has left the window, but the request waits %v", d)
	}
	w.inflight++
	w.answered(at(12), true) // throttled: cap 3 -> 1
	w.answered(at(12), false)
	w.answered(at(12), false)
	if w.cap != 1 {
		t.Fatalf("cap %d after a 429, want 1", w.cap)
	}
	if d := w.wait(at(21)); d != time.Second {
		t.Fatalf("at 21 s the answers of 12 s still count: wait %v, want 1s", d)
	}
	if d := w.wait(at(22)); d != 0 || w.cap != 2 {
		t.Fatalf("one calm window later: wait %v cap %d, want 0 and 2", d, w.cap)
	}
	if w.wait(at(52)); w.cap != 3 {
		t.Fatalf("cap %d after calm windows, want back at the limit 3", w.cap)
	}
}

// budgetServer answers 429 to any request that would make more than limit
// arrivals within window (measured at arrival, as Graph does), 200 otherwise.
type budgetServer struct {
	mu        sync.Mutex
	window    time.Duration
	limit     int
	arrivals  []time.Time
	served    int
	throttled int
}

func (s *budgetServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	s.mu.Lock()
	kept := s.arrivals[:0]
	for _, a := range s.arrivals {
		if now.Sub(a) < s.window {
			kept = append(kept, a)
		}
	}
	s.arrivals = kept
	over := len(s.arrivals) >= s.limit
	if over {
		s.throttled++
	} else {
		s.arrivals = append(s.arrivals, now)
		s.served++
	}
	s.mu.Unlock()
	if over {
		graphError(http.StatusTooManyRequests, "TooManyRequests", "")(w, r)
		return
	}
	entity(200)(w, r)
}

// TestPacingKeepsTheBudget: twenty concurrent reads through a client paced
// to the server's own budget get no 429, whatever the machine's speed: a
// request's place is held until its answer plus the window, and the server
// counts it on arrival, before the answer.
func TestPacingKeepsTheBudget(t *testing.T) {
	srv := &budgetServer{window: 300 * time.Millisecond, limit: 4}
	c := newPacedTestClient(t, srv, newPacer(Budget{Requests: 4, Writes: 2, Window: srv.window}))
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	// get, not Get: one GET each (no listing reads), so 20 reads are 20
	// requests.
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.DeviceConfigurationSet().get(context.Background(), "obj-1"); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.throttled != 0 || srv.served != 20 {
		t.Fatalf("server served %d and throttled %d; want 20 served and no 429", srv.served, srv.throttled)
	}
}

// TestPacingHoldsForRetryAfter: a 429's Retry-After holds every request to
// the tenant, not only the one retried, and a request that cannot get room
// before its deadline ends with an error that says so.
func TestPacingHoldsForRetryAfter(t *testing.T) {
	p := newPacer(Budget{})
	done, err := p.acquire(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	done(true, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = p.acquire(ctx, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a read during the hold: %v, want the cancellation", err)
	}
	if want := "Graph answered 429 and asked to retry after 1h0m0s"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q lacks %q", err, want)
	}
	if p.all.cap != DefaultBudget.Requests || p.writes.cap != DefaultBudget.Writes {
		t.Fatalf("caps %d and %d after a 429 with Retry-After, want the defaults: the hold paces", p.all.cap, p.writes.cap)
	}
}

// TestPacingSlowsWithoutRetryAfter: a 429 without Retry-After halves the
// caps, once for a burst of them within a window.
func TestPacingSlowsWithoutRetryAfter(t *testing.T) {
	p := newPacer(Budget{})
	for i := 0; i < 3; i++ {
		done, err := p.acquire(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		done(true, 0)
	}
	if p.all.cap != DefaultBudget.Requests/2 || p.writes.cap != DefaultBudget.Writes/2 {
		t.Fatalf("caps %d and %d after a burst of 429s without Retry-After, want half the defaults once",
			p.all.cap, p.writes.cap)
	}
	if !p.hold.IsZero() {
		t.Fatalf("hold %v without Retry-After, want none", p.hold)
	}
}

// TestPacerPerTenant: clients of one tenant with one budget share a pacer;
// another tenant, or another budget, has its own.
func TestPacerPerTenant(t *testing.T) {
	a := pacerFor("https://graph.test", "tenant-pacer-a", Budget{})
	b := pacerFor("https://graph.test", "tenant-pacer-a", DefaultBudget)
	c := pacerFor("https://graph.test", "tenant-pacer-b", Budget{})
	d := pacerFor("https://graph.test", "tenant-pacer-a", Budget{Requests: 500, Writes: 50})
	if a != b || a == c || a == d {
		t.Fatal("clients of one tenant and budget must share one pacer, other tenants and budgets not")
	}
	if d.all.limit != 500 || d.writes.limit != 50 || a.all.limit != DefaultBudget.Requests {
		t.Fatalf("limits %d/%d and %d", d.all.limit, d.writes.limit, a.all.limit)
	}
}
