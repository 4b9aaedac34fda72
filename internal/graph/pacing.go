package graph

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	khttp "github.com/microsoft/kiota-http-go"
)

// Pacing: the requests of one process to one tenant are spread over time so
// that a bulk apply runs at Intune's request budget instead of into its 429s.
// Intune counts all requests and writes separately, per app and tenant, over
// a sliding window (DESIGN.md, "Requests paced to the budget"). Every attempt
// of every request passes the pacer, retries included.
//
// A request holds its place in the window from the moment it is sent until
// its answer arrives plus the window: Graph counts the request when it
// arrives, which is between the two, so no window Graph can measure holds
// more requests than the budget, however slow the network or the machine.

// Budget is how many requests the provider sends to one tenant per Window.
type Budget struct {
	Requests int           // every request; 0: DefaultBudget's
	Writes   int           // POST, PUT, PATCH and DELETE; 0: DefaultBudget's
	Window   time.Duration // 0: DefaultBudget's
}

// DefaultBudget is Intune's published per-app limit for its device
// configuration service: 1,000 requests and 100 writes per 20 seconds per app
// and tenant (Graph's "Intune service limits").
var DefaultBudget = Budget{Requests: 1000, Writes: 100, Window: 20 * time.Second}

// withDefaults fills the unset parts of b from DefaultBudget.
func (b Budget) withDefaults() Budget {
	if b.Requests <= 0 {
		b.Requests = DefaultBudget.Requests
	}
	if b.Writes <= 0 {
		b.Writes = DefaultBudget.Writes
	}
	if b.Window <= 0 {
		b.Window = DefaultBudget.Window
	}
	return b
}

// slidingWindow counts the requests of one kind: those in flight and those
// answered less than span ago. Its cap starts at limit, halves on a 429 that
// gives no Retry-After (at most once per span: the 429s of one burst are one
// signal) and grows back by a tenth of limit for each span without one.
type slidingWindow struct {
	kind     string
	limit    int
	cap      int
	span     time.Duration
	ends     []time.Time // answer times within the last span, oldest first
	inflight int
	calmFrom time.Time // the last cut, or the last step of recovery
	cut      time.Time // the last time the cap was halved
}

func newSlidingWindow(kind string, limit int, span time.Duration) *slidingWindow {
	return &slidingWindow{kind: kind, limit: limit, cap: limit, span: span}
}

// wait returns 0 when a request may be sent at now, or how long to wait
// before looking again (-1: until an answer arrives).
func (w *slidingWindow) wait(now time.Time) time.Duration {
	drop := 0
	for drop < len(w.ends) && !now.Before(w.ends[drop].Add(w.span)) {
		drop++
	}
	w.ends = append(w.ends[:0], w.ends[drop:]...)
	for w.cap < w.limit && !w.calmFrom.IsZero() && now.Sub(w.calmFrom) >= w.span {
		w.cap = min(w.limit, w.cap+max(1, w.limit/10))
		w.calmFrom = w.calmFrom.Add(w.span)
	}
	switch {
	case w.inflight+len(w.ends) < w.cap:
		return 0
	case len(w.ends) == 0:
		return -1
	}
	return w.ends[0].Add(w.span).Sub(now)
}

// answered records an answer at now; lower says it was a 429 that leaves
// the pace to the provider.
func (w *slidingWindow) answered(now time.Time, lower bool) {
	w.inflight--
	w.ends = append(w.ends, now)
	if lower && (w.cut.IsZero() || now.Sub(w.cut) >= w.span) {
		w.cap = max(1, w.cap/2)
		w.cut = now
	}
	if lower {
		w.calmFrom = now
	}
}

// pacer paces the requests to one tenant.
type pacer struct {
	budget Budget
	mu     sync.Mutex
	all    *slidingWindow
	writes *slidingWindow
	hold   time.Time     // no request before this: Graph's last Retry-After
	change chan struct{} // closed and replaced whenever a request is answered
}

func newPacer(b Budget) *pacer {
	b = b.withDefaults()
	return &pacer{budget: b, all: newSlidingWindow("requests", b.Requests, b.Window),
		writes: newSlidingWindow("writes", b.Writes, b.Window), change: make(chan struct{})}
}

var (
	pacersMu sync.Mutex
	pacers   = map[string]*pacer{}
)

// pacerFor returns the process's pacer for a tenant on a Graph root and a
// budget: every client of the process that reaches the same tenant with the
// same budget shares one.
func pacerFor(root, tenant string, b Budget) *pacer {
	b = b.withDefaults()
	pacersMu.Lock()
	defer pacersMu.Unlock()
	key := fmt.Sprintf("%s\x00%s\x00%d/%d/%s", root, tenant, b.Requests, b.Writes, b.Window)
	p, ok := pacers[key]
	if !ok {
		p = newPacer(b)
		pacers[key] = p
	}
	return p
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// longWait is the wait from which the provider tells the user (INFO or
// WARN) rather than only DEBUG: past it, a pause looks like a hang.
const longWait = 5 * time.Second

// acquire waits until the budget has room for one request and takes it. It
// returns the function that records the answer, or an error when ctx ends
// first, or at once (a *TimeoutTooShortError) when the wait cannot end before
// ctx's deadline.
func (p *pacer) acquire(ctx context.Context, write bool) (func(throttled bool, retryAfter time.Duration), error) {
	var waited time.Duration
	logged := false
	for {
		p.mu.Lock()
		now := time.Now()
		d, why, held := p.waitLocked(now, write)
		if d == 0 {
			p.all.inflight++
			if write {
				p.writes.inflight++
			}
			p.mu.Unlock()
			if waited > 0 {
				tflog.Debug(ctx, "Graph request paced", map[string]any{"waited_ms": waited.Milliseconds()})
			}
			return func(throttled bool, retryAfter time.Duration) { p.answered(write, throttled, retryAfter) }, nil
		}
		change := p.change
		p.mu.Unlock()
		if deadline, ok := ctx.Deadline(); ok && d > 0 && !now.Add(d).Before(deadline) {
			return nil, &TimeoutTooShortError{Wait: d, Left: deadline.Sub(now), RetryAfter: held, Cause: why}
		}
		if !logged {
			fields := map[string]any{"reason": why, "budget_requests": p.budget.Requests,
				"budget_writes": p.budget.Writes, "window_s": p.budget.Window.Seconds()}
			if d > 0 {
				fields["wait_ms"] = d.Milliseconds()
			}
			tflog.Debug(ctx, "Pacing Graph requests to the tenant's request budget", fields)
			switch {
			case d >= longWait && held:
				tflog.Warn(ctx, fmt.Sprintf("Waiting %s before the next Graph request: %s", d.Round(time.Second), why))
			case d >= longWait:
				tflog.Info(ctx, fmt.Sprintf("Waiting %s before the next Graph request: %s", d.Round(time.Second), why))
			}
			logged = true
		}
		start := time.Now()
		if err := p.pause(ctx, d, change); err != nil {
			return nil, fmt.Errorf("waiting for room in the tenant's request budget (%s) when the operation ended: %w", why, err)
		}
		waited += time.Since(start)
	}
}

// TimeoutTooShortError is a wait that Graph (Retry-After) or the request
// budget asks for and that would end after the operation's deadline. The
// provider fails at once rather than sleep until the deadline and fail then.
type TimeoutTooShortError struct {
	Wait       time.Duration
	Left       time.Duration // of the operation's timeout
	RetryAfter bool          // Graph asked for the wait; otherwise the request budget
	Cause      string        // the budget's reason, when RetryAfter is false
}

func (e *TimeoutTooShortError) Error() string {
	wait, left := ceilSeconds(e.Wait), ceilSeconds(e.Left)
	why := fmt.Sprintf("Intune asked to wait %d s before the next request (Retry-After)", wait)
	if !e.RetryAfter {
		why = fmt.Sprintf("the request budget has no room for %d s (%s)", wait, e.Cause)
	}
	return fmt.Sprintf("%s, but only %d s of the operation's timeout is left: the timeout is too short. Raise it "+
		"above %d s in the resource's or data source's `timeouts` block, or run again once the wait is over", why, left, wait)
}

func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// waitLocked is how long a request must wait at now, why, and whether it is
// Graph's Retry-After that holds it.
func (p *pacer) waitLocked(now time.Time, write bool) (time.Duration, string, bool) {
	if now.Before(p.hold) {
		return p.hold.Sub(now), fmt.Sprintf("Graph answered 429 and asked to retry after %s", p.hold.Sub(now).Round(time.Second)), true
	}
	ws := []*slidingWindow{p.all}
	if write {
		ws = append(ws, p.writes)
	}
	for _, w := range ws {
		if d := w.wait(now); d != 0 {
			why := fmt.Sprintf("%d %s in the last %s reach the budget of %d", w.inflight+len(w.ends), w.kind, w.span, w.cap)
			if w.cap < w.limit {
				why += fmt.Sprintf(" (lowered from %d after a 429)", w.limit)
			}
			return d, why, false
		}
	}
	return 0, "", false
}

// pause waits d (d < 0: until an answer arrives), or until an answer arrives
// when that may free room sooner.
func (p *pacer) pause(ctx context.Context, d time.Duration, change <-chan struct{}) error {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-timer:
	case <-change:
	}
	return nil
}

func (p *pacer) answered(write, throttled bool, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	// A 429 with Retry-After says when to resume: hold the tenant until then.
	// One without (or with 0) leaves the pace to the provider: slow down.
	lower := throttled && retryAfter <= 0
	p.all.answered(now, lower)
	if write {
		p.writes.answered(now, lower)
	}
	if throttled && retryAfter > 0 && now.Add(retryAfter).After(p.hold) {
		// Graph throttles the app in the tenant, not the request: hold them all.
		p.hold = now.Add(retryAfter)
	}
	close(p.change)
	p.change = make(chan struct{})
}

// pacingHandler passes every attempt through the tenant's pacer. It sits
// inside the retry handler, so retries are paced too.
type pacingHandler struct{ p *pacer }

func (h pacingHandler) Intercept(pl khttp.Pipeline, i int, req *http.Request) (*http.Response, error) {
	done, err := h.p.acquire(req.Context(), isWrite(req.Method))
	if err != nil {
		return nil, err
	}
	resp, err := pl.Next(req, i)
	throttled, retryAfter := false, time.Duration(0)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		throttled = true
		retryAfter, _ = ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	done(throttled, retryAfter)
	return resp, err
}
