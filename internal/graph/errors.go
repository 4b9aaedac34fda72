package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
)

// errorMapping turns every 4XX/5XX answer into the beta SDK's ODataError.
var errorMapping = abstractions.ErrorMappings{
	"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue,
}

// Error is a failed Graph call, with what Graph said about it. It never holds
// request headers, so no token can end up in a message.
type Error struct {
	Operation       string // "create", "read", ...
	StatusCode      int    // of the last answer; 0 when none arrived
	Code            string // Graph's error code, e.g. "ResourceNotFound"
	Message         string
	RequestID       string
	ClientRequestID string
	Attempts        int    // HTTP attempts made, retries included
	OutcomeUnknown  bool   // the request may have been carried out (504, reset after send)
	Detail          string // a short excerpt of a non-JSON body, or the transport error
	StoppedRetrying string // why retries stopped before the service answered well
	Err             error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Graph %s failed", e.Operation)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
		if t := http.StatusText(e.StatusCode); t != "" {
			fmt.Fprintf(&b, " %s", t)
		}
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, " (%s)", e.Detail)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "; request-id %s", e.RequestID)
	}
	if e.ClientRequestID != "" {
		fmt.Fprintf(&b, ", client-request-id %s", e.ClientRequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "; %d attempts", e.Attempts)
	}
	if e.StoppedRetrying != "" {
		fmt.Fprintf(&b, "; stopped retrying: %s", e.StoppedRetrying)
	}
	if e.OutcomeUnknown {
		b.WriteString("; the request may have been carried out")
	}
	// A body or a transport error can quote anything, a token included.
	return redactSecrets(b.String())
}

func (e *Error) Unwrap() error { return e.Err }

// StatusOf returns the HTTP status of a Graph error, or 0.
func StatusOf(err error) int {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.StatusCode
	}
	return 0
}

// IsNotFound reports a 404: the only answer that means the object is gone.
func IsNotFound(err error) bool { return StatusOf(err) == http.StatusNotFound }

// IsPreconditionFailed reports a 412: the eTag sent in If-Match is stale.
func IsPreconditionFailed(err error) bool { return StatusOf(err) == http.StatusPreconditionFailed }

// IsOutcomeUnknown reports a write that may have been carried out although no
// success answer arrived (504, connection reset after sending, timeout).
func IsOutcomeUnknown(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.OutcomeUnknown
}

// wrapError turns whatever the adapter returned into an *Error, using the raw
// answer the exchange recorded, so a body kiota cannot parse (an HTML page,
// invalid JSON, an innerError.date in an odd format) still yields the status,
// Graph's code and the request-id. It reads ODataError through its getters
// only: ODataError.Error() dereferences error.message and panics without it.
func wrapError(op string, err error, x *exchange) error {
	if err == nil {
		return nil
	}
	ge := &Error{Operation: op, Err: err}
	var body []byte
	var transportErr error
	if x != nil {
		x.mu.Lock()
		ge.StatusCode = x.status
		ge.RequestID = x.header.Get("request-id")
		ge.ClientRequestID = x.header.Get("client-request-id")
		ge.Attempts = x.attempts
		ge.OutcomeUnknown = x.outcomeUnknown
		ge.StoppedRetrying = x.stoppedRetrying
		body, transportErr = x.body, x.lastTransportErr
		x.mu.Unlock()
	}
	var odata *odataerrors.ODataError
	var api *abstractions.ApiError
	switch {
	case errors.As(err, &odata):
		if ge.StatusCode == 0 {
			ge.StatusCode = odata.ResponseStatusCode
		}
		if main := odata.GetErrorEscaped(); main != nil {
			ge.Code = deref(main.GetCode())
			ge.Message = deref(main.GetMessage())
			if inner := main.GetInnerError(); inner != nil {
				ge.RequestID = firstOf(ge.RequestID, deref(inner.GetRequestId()))
				ge.ClientRequestID = firstOf(ge.ClientRequestID, deref(inner.GetClientRequestId()))
			}
		}
	case errors.As(err, &api):
		if ge.StatusCode == 0 {
			ge.StatusCode = api.ResponseStatusCode
		}
	}
	if ge.Code == "" && ge.Message == "" && len(body) > 0 {
		g := lenientGraphError(body)
		ge.Code, ge.Message = g.Code, g.Message
		ge.RequestID = firstOf(ge.RequestID, g.RequestID)
		ge.ClientRequestID = firstOf(ge.ClientRequestID, g.ClientRequestID)
	}

	var tooShort *TimeoutTooShortError
	switch {
	case errors.As(err, &tooShort):
		ge.Detail = tooShort.Error()
	case errors.Is(err, context.DeadlineExceeded):
		ge.Detail = "the operation's timeout expired"
		if ge.StatusCode != 0 {
			ge.Detail += "; the status and code are of Graph's last answer"
		}
	case errors.Is(err, context.Canceled):
		ge.Detail = "the operation was cancelled"
	case ge.StatusCode == 0:
		if transportErr != nil {
			err = transportErr
		}
		ge.Detail = err.Error()
	case ge.StatusCode < 400:
		ge.Detail = fmt.Sprintf("could not decode the response: %v", err)
	case ge.Code != "" || ge.Message != "":
	case len(body) > 0:
		ge.Detail = "body: " + excerpt(body)
	default:
		ge.Detail = "no response body"
	}
	return ge
}

// graphErrorBody is Graph's error document, read with no expectations about
// types beyond strings where strings belong.
type graphErrorBody struct {
	Code            string
	Message         string
	RequestID       string
	ClientRequestID string
}

// lenientGraphError reads code, message and request ids from an error body
// that kiota could not parse. Anything unreadable is left empty.
func lenientGraphError(body []byte) graphErrorBody {
	var doc struct {
		Error struct {
			Code       any            `json:"code"`
			Message    any            `json:"message"`
			InnerError map[string]any `json:"innerError"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return graphErrorBody{}
	}
	str := func(v any) string { s, _ := v.(string); return s }
	return graphErrorBody{
		Code:            str(doc.Error.Code),
		Message:         str(doc.Error.Message),
		RequestID:       str(doc.Error.InnerError["request-id"]),
		ClientRequestID: str(doc.Error.InnerError["client-request-id"]),
	}
}

// excerpt returns the start of a body on one line, for an error message:
// secrets redacted before the cut, so no part of a token survives it.
func excerpt(body []byte) string {
	s := redactSecrets(strings.Join(strings.Fields(string(body)), " "))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// secretPattern matches what must never be echoed: bearer tokens, JWTs (access
// tokens, client assertions), the secret fields of token requests, and the
// PFX and its encrypted password in a user PFX certificate body.
var secretPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(bearer\s+)[^\s"',;]+|eyJ[\w-]*\.[\w-]+\.[\w-]*|((?:client_secret|client_assertion|access_token|refresh_token|id_token|password|pfxblob)["']?\s*[=:]\s*["']?)[^\s"'&,;]+`)
})

// redactSecrets replaces tokens and secrets in s with "<redacted>".
func redactSecrets(s string) string {
	return secretPattern().ReplaceAllString(s, "${1}${2}<redacted>")
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
