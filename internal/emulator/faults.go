package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// Fault makes Graph misbehave for matching requests. Faults are checked in
// the order added; the first that fires wins.
type Fault struct {
	Name       string // key in FaultsInjected and the log; derived if empty
	Method     string // "" matches any method
	PathPrefix string // "" matches any path, e.g. "/beta/pfxRecryptionRequests"
	Status     int    // e.g. 429, 503, 504, 502; 503 if zero
	RetryAfter string // Retry-After value ("1", "0.5", an HTTP date); "" sends none
	// Count limits the fault to that many injections. With Rate 0 it fires
	// on the next Count matching requests; Count 0 never runs out.
	Count int
	// Rate is the chance (0..1) that a matching request is hit; 0 means always.
	Rate float64
	// AfterCommit performs the operation first, then answers the fault, as
	// when a gateway times out on a request the service completed.
	AfterCommit bool
	Reset       bool   // reset the TCP connection instead of answering
	Body        string // raw body instead of Graph's JSON error
	EmptyBody   bool   // answer with no body at all
	ContentType string // for Body or EmptyBody
}

type activeFault struct {
	Fault
	fired int
}

func (f *Fault) name() string {
	if f.Name != "" {
		return f.Name
	}
	n := fmt.Sprintf("status-%d", f.status())
	if f.Reset {
		n = "reset"
	}
	if f.AfterCommit {
		n += "-after-commit"
	}
	return n
}

func (f *Fault) status() int {
	if f.Status == 0 {
		return http.StatusServiceUnavailable
	}
	return f.Status
}

// AddFault arms a fault.
func (e *Emulator) AddFault(f Fault) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = append(e.faults, &activeFault{Fault: f})
}

// ClearFaults disarms all faults; FaultsInjected keeps counting.
func (e *Emulator) ClearFaults() {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = nil
}

// FaultsInjected counts injections by fault name.
func (e *Emulator) FaultsInjected() map[string]int {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	out := make(map[string]int, len(e.injected))
	for k, v := range e.injected {
		out[k] = v
	}
	return out
}

// pickFault decides whether this request gets a fault.
func (e *Emulator) pickFault(r *http.Request) *Fault {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	for i, f := range e.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if f.PathPrefix != "" && !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		if f.Rate > 0 && e.rng.Float64() >= f.Rate {
			continue
		}
		f.fired++
		if f.Count > 0 && f.fired >= f.Count {
			e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
		}
		e.injected[f.name()]++
		out := f.Fault
		return &out
	}
	return nil
}

// writeFault answers a request with the fault instead of the result.
func (c *call) writeFault(f *Fault) {
	if f.Reset {
		abortConnection(c.w, c.r)
		return
	}
	h := c.w.Header()
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	status := f.status()
	switch {
	case f.EmptyBody:
		if f.ContentType != "" {
			h.Set("Content-Type", f.ContentType)
		}
		h.Set("Content-Length", "0")
		c.w.WriteHeader(status)
	case f.Body != "":
		ct := f.ContentType
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Length", fmt.Sprint(len(f.Body)))
		c.w.WriteHeader(status)
		_, _ = c.w.Write([]byte(f.Body)) // a failed write means the client left
	default:
		code, msg := faultError(status)
		c.fail(status, code, msg)
	}
}

func faultError(status int) (string, string) {
	switch status {
	case 429:
		return "TooManyRequests", "Too many requests. Retry after the interval given in the Retry-After header."
	case 500:
		return "InternalServerError", "An internal server error occurred."
	case 502:
		return "BadGateway", "The gateway received an invalid response from the service."
	case 503:
		return "ServiceUnavailable", "The service is temporarily unavailable. Please retry later."
	case 504:
		return "GatewayTimeout", "The gateway did not receive a response from the service in time."
	}
	return codeFor(status), http.StatusText(status)
}

// codeFor is Graph's error code for a status.
func codeFor(status int) string {
	switch status {
	case 400:
		return "BadRequest"
	case 401:
		return "InvalidAuthenticationToken"
	case 403:
		return "Forbidden"
	case 404:
		return "ResourceNotFound"
	case 405:
		return "MethodNotAllowed"
	case 409:
		return "Conflict"
	case 412:
		return "PreconditionFailed"
	case 413:
		return "RequestEntityTooLarge"
	case 415:
		return "UnsupportedMediaType"
	}
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}
