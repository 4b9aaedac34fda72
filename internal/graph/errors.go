package graph

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

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
	StatusCode      int    // 0 when no response arrived
	Code            string // Graph's error code, e.g. "ResourceNotFound"
	Message         string
	RequestID       string
	ClientRequestID string
	Attempts        int    // HTTP attempts made, retries included
	OutcomeUnknown  bool   // the request may have been carried out (504, reset after send)
	Detail          string // a short excerpt of a non-JSON body, or the transport error
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
	return b.String()
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
// response the exchange recorded. It reads ODataError through its getters only:
// ODataError.Error() dereferences error.message and panics when it is absent.
func wrapError(op string, err error, x *exchange) error {
	if err == nil {
		return nil
	}
	ge := &Error{Operation: op, Err: err}
	if x != nil {
		ge.StatusCode = x.status
		ge.RequestID = x.header.Get("request-id")
		ge.ClientRequestID = x.header.Get("client-request-id")
		ge.Attempts = x.attempts
		ge.OutcomeUnknown = x.outcomeUnknown
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
			if inner := main.GetInnerError(); inner != nil && ge.RequestID == "" {
				ge.RequestID = deref(inner.GetRequestId())
			}
		}
		if ge.Code == "" && ge.Message == "" && x != nil {
			ge.Detail = x.excerpt()
		}
	case errors.As(err, &api):
		if ge.StatusCode == 0 {
			ge.StatusCode = api.ResponseStatusCode
		}
		if x != nil && x.status != 0 {
			ge.Detail = x.excerpt()
		}
		if ge.Detail == "" {
			ge.Detail = "no response body"
		}
	default:
		// A transport error, a timeout, or a body that could not be decoded.
		if x != nil && x.status >= 400 {
			ge.Detail = fmt.Sprintf("unreadable error body: %s", x.excerpt())
		} else if x != nil && x.status != 0 {
			ge.Detail = fmt.Sprintf("could not decode the response: %v", err)
		} else {
			ge.Detail = err.Error()
		}
		if x != nil && x.lastTransportErr != nil && ge.StatusCode == 0 {
			ge.Detail = x.lastTransportErr.Error()
		}
	}
	if ge.StatusCode >= 400 && ge.Code == "" && ge.Message == "" && ge.Detail == "" {
		ge.Detail = "no error details in the response"
	}
	return ge
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
