package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
)

// script answers requests in turn from its answers; after the last one it
// repeats the last. It counts the requests it saw.
type script struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter, r *http.Request)
	hits    int
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	i := min(s.hits, len(s.answers)-1)
	s.hits++
	s.mu.Unlock()
	s.answers[i](w, r)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// graphError answers status with Graph's error body and an optional Retry-After.
func graphError(status int, code, retryAfter string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", jsonType)
		w.Header().Set("request-id", "rid-"+code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"code":%q,"message":"Graph says %s.","innerError":{"date":"2025-01-22T19:17:04"}}}`, code, code)
	}
}

func entity(status int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", jsonType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"id":"obj-1","thumbprint":"AA","eTag":"W/\"1\""}`)
	}
}

// reset drops the connection after reading the request, as a gateway that
// dies mid-request does.
func reset(w http.ResponseWriter, _ *http.Request) {
	c, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	_ = c.Close()
}

// cutOff starts a success answer and drops the connection in the middle of
// its body, as when a reset hits a response in flight.
func cutOff(status int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", jsonType)
		w.Header().Set("Content-Length", "200")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"id":"obj-1",`)
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
}

// recordedWaits runs one GET through the retry handler alone, recording the
// waits it asks for instead of sleeping. Like a Client call, the request has
// a deadline (ctx's, else withDeadline's). It returns the final status, 0
// when no response arrived.
func recordedWaits(t *testing.T, ctx context.Context, s *script) ([]time.Duration, *exchange, int) {
	t.Helper()
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var waits []time.Duration
	h := newRetryHandler()
	h.wait = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	client := &http.Client{Transport: khttp.NewCustomTransportWithParentTransport(
		http.DefaultTransport.(*http.Transport).Clone(), h, recordHandler{})}
	x := &exchange{}
	req, err := http.NewRequestWithContext(context.WithValue(ctx, exchangeKey, x), http.MethodGet, srv.URL, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return waits, x, 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return waits, x, resp.StatusCode
}

// TestRetryAfter: 429, 503 and 504 are retried after exactly the wait
// Retry-After asks for, seconds with fractions kept, "0" meaning at once.
func TestRetryAfter(t *testing.T) {
	cases := []struct {
		status int
		value  string
		want   time.Duration
	}{
		{429, "1.5", 1500 * time.Millisecond},
		{429, "0.25", 250 * time.Millisecond},
		{503, "0", 0},
		{503, "2", 2 * time.Second},
		{504, " 0.5 ", 500 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d %q", tc.status, tc.value), func(t *testing.T) {
			s := &script{answers: []func(http.ResponseWriter, *http.Request){graphError(tc.status, "Busy", tc.value), entity(200)}}
			waits, x, status := recordedWaits(t, context.Background(), s)
			if status != 200 {
				t.Fatalf("status %d, want the 200 after one retry", status)
			}
			if len(waits) != 1 || waits[0] != tc.want {
				t.Fatalf("waits %v, want [%v]", waits, tc.want)
			}
			if s.count() != 2 || x.attempts != 2 {
				t.Fatalf("%d requests, %d attempts recorded; want 2", s.count(), x.attempts)
			}
		})
	}
}

// TestRetryAfterDate: an HTTP date is a point in time. One an hour away lies
// beyond the request's deadline, so the handler stops at once and says why.
func TestRetryAfterDate(t *testing.T) {
	when := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	s := &script{answers: []func(http.ResponseWriter, *http.Request){graphError(503, "ServiceUnavailable", when), entity(200)}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	waits, x, status := recordedWaits(t, ctx, s)
	if status != 503 || len(waits) != 0 || s.count() != 1 {
		t.Fatalf("status %d, waits %v, %d requests; want the 503 at once", status, waits, s.count())
	}
	if !strings.Contains(x.stoppedRetrying, "due in 59m") && !strings.Contains(x.stoppedRetrying, "due in 1h0m0s") {
		t.Fatalf("stoppedRetrying = %q, want the hour Retry-After asked for", x.stoppedRetrying)
	}

	// The same date without a deadline close by is waited for.
	s = &script{answers: []func(http.ResponseWriter, *http.Request){graphError(429, "TooManyRequests", when), entity(200)}}
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	waits, _, status = recordedWaits(t, ctx, s)
	if status != 200 || len(waits) != 1 || waits[0] < 59*time.Minute || waits[0] > time.Hour {
		t.Fatalf("status %d, waits %v; want one wait of about an hour", status, waits)
	}
}

// TestRetryBackoff: without Retry-After the waits grow exponentially from
// one second, each drawn at random from the upper half of its step.
func TestRetryBackoff(t *testing.T) {
	unavailable := graphError(503, "ServiceUnavailable", "")
	run := func() []time.Duration {
		s := &script{answers: []func(http.ResponseWriter, *http.Request){
			unavailable, unavailable, unavailable, unavailable, unavailable, entity(200)}}
		waits, _, status := recordedWaits(t, context.Background(), s)
		if status != 200 || s.count() != len(waits)+1 {
			t.Fatalf("status %d, %d requests for %d waits", status, s.count(), len(waits))
		}
		return waits
	}
	a, b := run(), run()
	if len(a) != 5 {
		t.Fatalf("waits %v: want 5 (five 503s, then the 200)", a)
	}
	for i, d := range a {
		step := time.Second << i
		if d < step/2 || d > step {
			t.Errorf("wait %d = %v, want between %v and %v", i+1, d, step/2, step)
		}
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	if same == len(a) {
		t.Errorf("two runs waited exactly the same %v: no jitter", a)
	}
}

// TestRetryStopsAtTimeout goes through the real client: Graph throttles
// twice, the second time asking for a wait that would end after the call's
// deadline, and the call ends at once with an error that says how many
// attempts were made, what Graph said last, and why it stopped.
func TestRetryStopsAtTimeout(t *testing.T) {
	s := &script{answers: []func(http.ResponseWriter, *http.Request){
		graphError(429, "TooManyRequests", "0"), graphError(429, "TooManyRequests", "120")}}
	c := newTestClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.PfxRecryptionRequestSet().Get(ctx, "obj-1")
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %T %v, want *graph.Error", err, err)
	}
	if ge.Attempts != 2 || s.count() != 2 {
		t.Fatalf("Attempts = %d, server saw %d; want 2", ge.Attempts, s.count())
	}
	if ctx.Err() != nil {
		t.Fatal("the call waited for its deadline; it should stop as soon as the wait cannot fit")
	}
	msg := err.Error()
	for _, want := range []string{
		"HTTP 429", "code TooManyRequests", "Graph says TooManyRequests.", "request-id rid-TooManyRequests",
		"2 attempts",
		"stopped retrying: the next attempt, due in 2m0s, would start after the operation's timeout",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// TestRetryByMethod: a throttled write is re-sent (Graph did not act on it),
// but a write that timed out at the gateway or lost its connection after
// sending is not: it is reported as outcome unknown. Reads and deletes are
// re-sent in every case.
func TestRetryByMethod(t *testing.T) {
	type call func(c *Client) error
	create := func(c *Client) error {
		_, err := c.PfxRecryptionRequestSet().Create(context.Background(), NewPfxRecryptionRequest())
		return err
	}
	update := func(c *Client) error {
		_, err := c.PfxRecryptionRequestSet().Update(context.Background(), "obj-1", `W/"1"`, NewPfxRecryptionRequest())
		return err
	}
	read := func(c *Client) error {
		_, err := c.PfxRecryptionRequestSet().Get(context.Background(), "obj-1")
		return err
	}
	del := func(c *Client) error {
		return c.PfxRecryptionRequestSet().Delete(context.Background(), "obj-1", `W/"1"`)
	}
	noContent := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }

	cases := []struct {
		name    string
		call    call
		first   func(http.ResponseWriter, *http.Request)
		then    func(http.ResponseWriter, *http.Request)
		hits    int
		unknown bool
	}{
		{"create throttled", create, graphError(429, "TooManyRequests", "0"), entity(201), 2, false},
		{"create unavailable", create, graphError(503, "ServiceUnavailable", "0"), entity(201), 2, false},
		{"create gateway timeout", create, graphError(504, "GatewayTimeout", "0"), entity(201), 1, true},
		{"create reset", create, reset, entity(201), 1, true},
		{"create answer cut off", create, cutOff(201), entity(201), 1, true},
		{"update answer cut off", update, cutOff(200), entity(200), 1, true},
		{"read answer cut off", read, cutOff(200), entity(200), 2, false},
		{"update gateway timeout", update, graphError(504, "GatewayTimeout", "0"), entity(200), 1, true},
		{"update reset", update, reset, entity(200), 1, true},
		{"read gateway timeout", read, graphError(504, "GatewayTimeout", "0"), entity(200), 2, false},
		{"read reset", read, reset, entity(200), 2, false},
		{"delete gateway timeout", del, graphError(504, "GatewayTimeout", "0"), noContent, 2, false},
		{"delete reset", del, reset, noContent, 2, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{answers: []func(http.ResponseWriter, *http.Request){tc.first, tc.then}}
			err := tc.call(newTestClient(t, s))
			if s.count() != tc.hits {
				t.Errorf("%d requests, want %d", s.count(), tc.hits)
			}
			if IsOutcomeUnknown(err) != tc.unknown {
				t.Errorf("outcome unknown = %v, want %v (error %v)", IsOutcomeUnknown(err), tc.unknown, err)
			}
			if !tc.unknown && err != nil {
				t.Errorf("error %v, want success after the retry", err)
			}
			if tc.unknown && (err == nil || !strings.Contains(err.Error(), "may have been carried out")) {
				t.Errorf("message does not say the outcome is unknown: %v", err)
			}
		})
	}
}

// TestParseRetryAfter covers the header's forms and its nonsense.
func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 22, 19, 17, 4, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{"0", 0, true},
		{"Wed, 22 Jan 2025 19:17:34 GMT", 30 * time.Second, true},
		{"Wed, 22 Jan 2025 19:16:04 GMT", 0, true}, // in the past: at once
		{"", 0, false},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"1e9", 0, false},
		{"soon", 0, false},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
