package graph

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestPacingFailsAtOnceWhenRetryAfterOutlastsTheTimeout: while Graph's
// Retry-After of an hour holds the tenant, a request with a minute left does
// not sleep until its deadline: it fails at once, nothing is sent, and the
// error says how long Intune asked to wait and where to raise the timeout.
func TestPacingFailsAtOnceWhenRetryAfterOutlastsTheTimeout(t *testing.T) {
	s := &script{answers: []func(http.ResponseWriter, *http.Request){entity(200)}}
	p := newPacer(Budget{})
	c := newPacedTestClient(t, s, p)
	done, err := p.acquire(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	done(true, time.Hour)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.PfxRecryptionRequestSet().Get(ctx, "obj-1")
	if ctx.Err() != nil {
		t.Fatal("the call waited for its deadline; it should fail as soon as the wait cannot fit")
	}
	if s.count() != 0 {
		t.Fatalf("the server saw %d requests during the hold, want none", s.count())
	}
	var tooShort *TimeoutTooShortError
	if !errors.As(err, &tooShort) || !tooShort.RetryAfter {
		t.Fatalf("error %T %v, want a TimeoutTooShortError for Retry-After", err, err)
	}
	for _, want := range []string{
		"Intune asked to wait 3600 s before the next request (Retry-After)",
		"s of the operation's timeout is left: the timeout is too short",
		"`timeouts` block",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestPacingFailsAtOnceWhenTheBudgetOutlastsTheTimeout: a full window whose
// oldest request leaves it only after the deadline fails the request at
// once, naming the budget.
func TestPacingFailsAtOnceWhenTheBudgetOutlastsTheTimeout(t *testing.T) {
	p := newPacer(Budget{Requests: 2, Writes: 1, Window: time.Hour})
	for i := 0; i < 2; i++ {
		done, err := p.acquire(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		done(false, 0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := p.acquire(ctx, false)
	var tooShort *TimeoutTooShortError
	if !errors.As(err, &tooShort) || tooShort.RetryAfter || ctx.Err() != nil {
		t.Fatalf("error %T %v (ctx %v), want a TimeoutTooShortError for the budget, at once", err, err, ctx.Err())
	}
	if want := "2 requests in the last 1h0m0s reach the budget of 2"; !strings.Contains(err.Error(), want) {
		t.Errorf("error lacks %q:\n%v", want, err)
	}
}

// TestRetryAfterTooLongNamesTheTimeout: a 429 whose Retry-After outlasts the
// operation's timeout ends the call at once with Graph's answer and the
// reason, naming the timeouts block.
func TestRetryAfterTooLongNamesTheTimeout(t *testing.T) {
	s := &script{answers: []func(http.ResponseWriter, *http.Request){graphError(429, "TooManyRequests", "600")}}
	c := newTestClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.PfxRecryptionRequestSet().Get(ctx, "obj-1")
	if ctx.Err() != nil || s.count() != 1 {
		t.Fatalf("ctx %v after %d requests: want one request and no wait", ctx.Err(), s.count())
	}
	for _, want := range []string{"HTTP 429", "Intune asked to wait 600 s before the next request (Retry-After)",
		"the timeout is too short", "`timeouts` block"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestLongWaitsAreLogged: a wait of seconds is told at WARN with its cause,
// not only at DEBUG, so a long pause is not a silent hang. The waits are
// recorded, not slept.
func TestLongWaitsAreLogged(t *testing.T) {
	var log bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &log)
	s := &script{answers: []func(http.ResponseWriter, *http.Request){graphError(429, "TooManyRequests", "42"), entity(200)}}
	waits, _, status := recordedWaits(t, ctx, s)
	if status != 200 || len(waits) != 1 || waits[0] != 42*time.Second {
		t.Fatalf("status %d, waits %v; want one wait of 42 s", status, waits)
	}
	out := log.String()
	if !strings.Contains(out, `"@level":"warn"`) || !strings.Contains(out, "Waiting 42s before retrying Graph GET") ||
		!strings.Contains(out, "HTTP 429 with Retry-After") {
		t.Fatalf("no WARN line with the wait and its cause:\n%s", out)
	}

	// The pacer's hold is told at WARN as well, and its pacing at DEBUG.
	log.Reset()
	p := newPacer(Budget{})
	done, err := p.acquire(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	done(true, time.Hour)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.acquire(cctx, false); err == nil {
		t.Fatal("want the cancellation")
	}
	out = log.String()
	for _, want := range []string{`"@level":"debug"`, "Pacing Graph requests to the tenant's request budget",
		`"@level":"warn"`, "Waiting 1h0m0s before the next Graph request: Graph answered 429"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
