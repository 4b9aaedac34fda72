package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	khttp "github.com/microsoft/kiota-http-go"
)

// exchange travels with one logical Graph call (as a kiota request option, so
// the middleware finds it in the request context) and records what the wire
// saw: the last status and headers, an excerpt of an error body, the number of
// attempts. Errors are built from it, so a body kiota cannot parse (an HTML
// 502, an empty body) still yields a status and a request-id.
type exchange struct {
	mu               sync.Mutex
	status           int
	header           http.Header
	body             []byte
	attempts         int
	outcomeUnknown   bool
	lastTransportErr error
	stoppedRetrying  string // why the retry handler gave up, if it did
}

var exchangeKey = abstractions.RequestOptionKey{Key: "IntuneProviderExchange"}

func (x *exchange) GetKey() abstractions.RequestOptionKey { return exchangeKey }

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey).(*exchange)
	return x
}

// recordHandler is the innermost middleware: it sees every attempt's raw
// answer. It reads each body whole, so a connection lost in the middle of an
// answer is a transport failure the retry handler sees (a read is repeated, a
// write's outcome is unknown) instead of a decoding error after a 201.
type recordHandler struct{}

const maxRecordedBody = 64 << 10

func (recordHandler) Intercept(p khttp.Pipeline, i int, req *http.Request) (*http.Response, error) {
	if err := rewindable(req); err != nil {
		return nil, err
	}
	resp, err := p.Next(req, i)
	var body []byte
	if err == nil {
		if body, err = bufferBody(resp); err != nil {
			resp = nil
		}
	}
	x := exchangeFrom(req.Context())
	if x == nil {
		return resp, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.attempts++
	if err != nil {
		x.status, x.header, x.body, x.lastTransportErr = 0, http.Header{}, nil, err
		return nil, err
	}
	x.status, x.header, x.body, x.lastTransportErr = resp.StatusCode, resp.Header.Clone(), nil, nil
	if resp.StatusCode >= 400 {
		// Keep the start of an error body for the diagnostic.
		x.body = body[:min(len(body), maxRecordedBody)]
	}
	return resp, nil
}

// rewindable makes req's GetBody give the body as it leaves: Go's transport
// sends a request again by itself through GetBody when a connection fails
// before the request was taken (an HTTP/2 GOAWAY, a reused connection found
// closed), and the compression handler replaces Body with the gzip body but
// leaves GetBody to the retry handler's uncompressed one, so such a resend
// would carry the uncompressed body under the gzip length and encoding.
func rewindable(req *http.Request) error {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return err
	}
	setBody(req, b)
	return nil
}

// setBody makes b req's body, its length and what GetBody gives.
func setBody(req *http.Request, b []byte) {
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.ContentLength = int64(len(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

// bufferBody replaces resp's body with an in-memory copy and returns it.
func bufferBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("the HTTP %d answer was cut off: %w", resp.StatusCode, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// retryHandler replaces kiota's retry handler, which truncates fractional
// Retry-After values, gives up after a fixed count regardless of the
// operation's timeout, and re-sends a POST after a 504 (which can duplicate
// the object). This one retries 429/503/504 and transport failures until the
// request's deadline, but never re-sends a write whose outcome is unknown: it
// marks the exchange instead so the caller can look for the object first.
type retryHandler struct {
	baseDelay time.Duration
	maxDelay  time.Duration
	// wait pauses between attempts; nil waits on a timer. Tests record the
	// delays instead of sleeping through them.
	wait func(ctx context.Context, d time.Duration) error
}

func newRetryHandler() retryHandler {
	return retryHandler{baseDelay: time.Second, maxDelay: 30 * time.Second}
}

func (h retryHandler) Intercept(p khttp.Pipeline, i int, req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	for attempt := 1; ; attempt++ {
		r := req.Clone(ctx)
		if body != nil {
			setBody(r, body)
		}
		if attempt > 1 {
			r.Header.Set("Retry-Attempt", strconv.Itoa(attempt-1))
		}
		resp, err := p.Next(r, i)

		var delay time.Duration
		asked := false // Graph's Retry-After set the delay
		var tooShort *TimeoutTooShortError
		switch {
		case errors.As(err, &tooShort):
			// The pacer refused to wait past the deadline; nothing was sent.
			return nil, err
		case err != nil:
			if ctx.Err() != nil {
				return nil, err
			}
			if !replayable(req.Method) && mayHaveBeenSent(err) {
				markUnknown(ctx)
				return nil, err
			}
			delay = h.backoff(attempt)
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
			// Both mean the service did not act on the request: safe to re-send any method.
			delay, asked = h.retryAfter(resp, attempt)
		case resp.StatusCode == http.StatusGatewayTimeout:
			if !replayable(req.Method) {
				markUnknown(ctx)
				return resp, nil
			}
			delay, asked = h.retryAfter(resp, attempt)
		default:
			return resp, nil
		}

		if why := cannotWait(ctx, delay, asked); why != "" {
			if x := exchangeFrom(ctx); x != nil {
				x.mu.Lock()
				x.stoppedRetrying = why
				x.mu.Unlock()
			}
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxRecordedBody))
			_ = resp.Body.Close()
		}
		cause := "transport failure"
		switch {
		case resp != nil && asked:
			cause = fmt.Sprintf("HTTP %d with Retry-After", resp.StatusCode)
		case resp != nil:
			cause = fmt.Sprintf("HTTP %d without Retry-After (or 0): backing off with jitter", resp.StatusCode)
		}
		tflog.Debug(ctx, "Retrying Graph request", map[string]any{
			"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1, "delay_ms": delay.Milliseconds(),
			"reason": cause,
		})
		if delay >= longWait {
			tflog.Warn(ctx, fmt.Sprintf("Waiting %s before retrying Graph %s %s: %s", delay.Round(time.Second),
				req.Method, req.URL.Path, cause))
		}
		if err := h.pause(ctx, delay); err != nil {
			return nil, err
		}
	}
}

func (h retryHandler) pause(ctx context.Context, d time.Duration) error {
	if h.wait != nil {
		return h.wait(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep pauses for d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// replayable methods may be re-sent whatever happened to the first attempt.
// DELETE is: a repeat of a delete that went through answers 404, which counts
// as done.
func replayable(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete:
		return true
	}
	return false
}

// mayHaveBeenSent is false only for failures that happen before a byte leaves
// the machine (DNS, connection refused); anything later may have reached Graph.
func mayHaveBeenSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	var dns *net.DNSError
	return !errors.As(err, &dns)
}

func markUnknown(ctx context.Context) {
	if x := exchangeFrom(ctx); x != nil {
		x.mu.Lock()
		x.outcomeUnknown = true
		x.mu.Unlock()
	}
}

// cannotWait says why no further attempt after delay is possible: it would
// start after the request's deadline (the operation's timeout). It returns ""
// when one is possible. Every Client call has a deadline (withDeadline); a
// request without one is not retried. asked says Graph's Retry-After asked
// for the delay.
func cannotWait(ctx context.Context, delay time.Duration, asked bool) string {
	deadline, ok := ctx.Deadline()
	now := time.Now()
	switch {
	case ok && now.Add(delay).Before(deadline):
		return ""
	case ok && asked:
		return (&TimeoutTooShortError{Wait: delay, Left: deadline.Sub(now), RetryAfter: true}).Error()
	}
	return fmt.Sprintf("the next attempt, due in %s, would start after the operation's timeout", delay.Round(time.Millisecond))
}

// retryAfter honours Retry-After in seconds (fractions kept) or as an HTTP
// date, whatever its size: the caller stops when it passes the deadline.
// Without it, or with "0" (which some Intune endpoints send with a 429), it
// backs off exponentially with jitter: retrying at once would only spend
// budget, and every client retrying at the same moment would collide again.
// asked is true when the delay is Graph's.
func (h retryHandler) retryAfter(resp *http.Response, attempt int) (d time.Duration, asked bool) {
	if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > 0 {
		return d, true
	}
	return h.backoff(attempt), false
}

// ParseRetryAfter reads a Retry-After value: seconds (possibly fractional) or
// an HTTP date. It returns false when the header is absent or unreadable.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs != secs || secs > 24*3600 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// backoff is base * 2^(attempt-1), capped, with jitter over its upper half.
func (h retryHandler) backoff(attempt int) time.Duration {
	d := h.baseDelay << min(attempt-1, 16)
	if d > h.maxDelay || d <= 0 {
		d = h.maxDelay
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // G404: retry jitter, not security-sensitive
}

// logHandler writes one structured line per call (each retry logs its own),
// without headers or bodies: the Authorization header never reaches a log.
type logHandler struct{}

func (logHandler) Intercept(p khttp.Pipeline, i int, req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := p.Next(req, i)
	fields := map[string]any{
		"method":      req.Method,
		"url":         req.URL.Redacted(),
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
		fields["request_id"] = resp.Header.Get("request-id")
		fields["client_request_id"] = resp.Header.Get("client-request-id")
	}
	tflog.Debug(req.Context(), "Graph request", fields)
	return resp, err
}

// cloneDefaultTransport copies http.DefaultTransport: proxy settings from the
// environment, the system roots, the standard timeouts. Should a program have
// replaced http.DefaultTransport with another RoundTripper, it builds a
// transport with the standard library's default settings instead.
func cloneDefaultTransport() *http.Transport {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
}
