package emulator

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RequestBudget throttles Graph requests the way Intune's service limits do:
// at most Requests requests, and Writes writes (POST, PUT, PATCH, DELETE),
// per app and tenant within any Window (sliding), counted on arrival. A
// request over either answers 429 with Graph's error body; it is not counted
// against the budget. ASSUMPTIONS.md, "Request budget", gives the source.
type RequestBudget struct {
	Requests int           // 0: no limit on all requests
	Writes   int           // 0: no limit on writes
	Window   time.Duration // 0: 20 s, Intune's
	// RetryAfter is the 429's Retry-After: "" sends the whole seconds until
	// the oldest counted request leaves the window (at least 1), "none" sends
	// no header, any other value is sent as is ("0", "3600").
	RetryAfter string
}

func (b RequestBudget) enabled() bool { return b.Requests > 0 || b.Writes > 0 }

func (b RequestBudget) window() time.Duration {
	if b.Window > 0 {
		return b.Window
	}
	return 20 * time.Second
}

// BudgetCounts is what the request budget saw since the behaviour was last
// set: requests and writes it let through, and the 429s it answered.
type BudgetCounts struct {
	Requests  int
	Writes    int
	Throttled int
}

// budgetState is the budget's sliding windows, per app and tenant.
type budgetState struct {
	mu     sync.Mutex
	all    map[string][]time.Time // arrivals within the window, oldest first
	writes map[string][]time.Time
	counts BudgetCounts
}

// reset forgets the windows and the counts (SetBehavior).
func (s *budgetState) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all, s.writes, s.counts = nil, nil, BudgetCounts{}
}

// BudgetCounts returns the request budget's counters.
func (e *Emulator) BudgetCounts() BudgetCounts {
	e.budget.mu.Lock()
	defer e.budget.mu.Unlock()
	return e.budget.counts
}

// overBudget counts an authenticated request against the budget of its app
// and tenant. When the budget has no room it answers the 429 and returns true.
func (c *call) overBudget(cl *accessClaims) bool {
	b := c.e.behaviorNow().Budget
	if !b.enabled() {
		return false
	}
	s := &c.e.budget
	key := strings.ToLower(cl.TID + "/" + cl.AppID)
	write := isWriteMethod(c.r.Method)
	now := time.Now()
	span := b.window()

	s.mu.Lock()
	if s.all == nil {
		s.all, s.writes = map[string][]time.Time{}, map[string][]time.Time{}
	}
	all := inWindow(s.all[key], now, span)
	writes := inWindow(s.writes[key], now, span)
	var full []time.Time
	switch {
	case b.Requests > 0 && len(all) >= b.Requests:
		full = all
	case write && b.Writes > 0 && len(writes) >= b.Writes:
		full = writes
	}
	if full == nil {
		all = append(all, now)
		s.counts.Requests++
		if write {
			writes = append(writes, now)
			s.counts.Writes++
		}
	} else {
		s.counts.Throttled++
	}
	s.all[key], s.writes[key] = all, writes
	s.mu.Unlock()

	if full == nil {
		return false
	}
	switch b.RetryAfter {
	case "":
		wait := full[0].Add(span).Sub(now).Seconds()
		c.w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait)))))
	case "none":
	default:
		c.w.Header().Set("Retry-After", b.RetryAfter)
	}
	code, msg := faultError(http.StatusTooManyRequests)
	c.fail(http.StatusTooManyRequests, code, msg)
	return true
}

// inWindow drops the arrivals older than span.
func inWindow(ts []time.Time, now time.Time, span time.Duration) []time.Time {
	drop := 0
	for drop < len(ts) && now.Sub(ts[drop]) >= span {
		drop++
	}
	return ts[drop:]
}

func isWriteMethod(m string) bool {
	switch m {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}
