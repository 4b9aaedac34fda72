package graph

import (
	"reflect"
	"strings"
)

// PfxRecryptionRequests returns the builder for the entity set.
func (c *Client) PfxRecryptionRequests() *EntitySetRequestBuilder[PfxRecryptionRequestable] {
	return newEntitySetRequestBuilder[PfxRecryptionRequestable](c.adapter, "{+baseurl}/pfxRecryptionRequests", "pfxRecryptionRequest%2Did", CreatePfxRecryptionRequestFromDiscriminatorValue)
}

// checkEntity rejects a success answer that carries no object or no id: state
// must never hold an object Terraform cannot address. A create answered with
// success but no usable object may have made one, so its outcome is unknown
// (CreateOrAdopt then looks for it).
func checkEntity[T interface{ GetId() *string }](op string, res T, x *exchange) (T, error) {
	var zero T
	detail := ""
	switch {
	case isNil(res):
		detail = "the response has no body"
	case res.GetId() == nil || strings.TrimSpace(*res.GetId()) == "":
		detail = "the response has no id"
	default:
		return res, nil
	}
	e := answerError(op, x, detail)
	if op == "create" {
		e.Detail += "; the object may have been created"
		e.OutcomeUnknown = true
	}
	return zero, e
}

// isNil reports a nil interface or a typed nil pointer in one.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// answerError describes a success answer that cannot be used.
func answerError(op string, x *exchange, detail string) *Error {
	return &Error{Operation: op, StatusCode: x.status, RequestID: x.header.Get("request-id"),
		ClientRequestID: x.header.Get("client-request-id"), Attempts: x.attempts, Detail: detail}
}
