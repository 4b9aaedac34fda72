package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// refreshMargin is how long before expiry a cached token is replaced, as
// azidentity does; Graph rejects a token that expires in flight.
const refreshMargin = 5 * time.Minute

// AuthError is a failed token request: which method, and what Entra ID (or
// the token source) said.
type AuthError struct {
	Method      string
	Code        string // e.g. invalid_client
	Description string // e.g. AADSTS7000215: Invalid client secret provided...
	// Rejected is set when Entra ID answered that it refuses the credential
	// itself (invalid client, wrong secret, unknown app or tenant): asking
	// again with the same settings cannot succeed.
	Rejected bool
	Err      error
}

func (e *AuthError) Error() string {
	switch {
	case e.Description != "" && e.Code != "":
		return fmt.Sprintf("authentication with %s failed: %s (%s)", e.Method, e.Description, e.Code)
	case e.Description != "" || e.Code != "":
		return fmt.Sprintf("authentication with %s failed: %s%s", e.Method, e.Description, e.Code)
	}
	return fmt.Sprintf("authentication with %s failed: %v", e.Method, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// failureHold is how long a token request that Entra ID definitively
// rejected answers for the operations that start after it. Such a credential
// fails every operation of the run the same way; holding the rejection keeps
// a plan of 1,000 resources from sending 1,000 doomed token requests. Any
// other failure (a network error, a 5xx, a timeout) is not held: the next
// caller asks again, so a passing fault does not fail the rest of an apply.
const failureHold = 30 * time.Second

// rejectionCodes are the OAuth errors with which Entra ID refuses a
// credential for good: invalid_client (wrong or expired secret, unknown
// certificate), unauthorized_client (unknown app in the tenant), invalid_request
// (unknown tenant, AADSTS90002) and invalid_grant (a federated assertion it
// does not accept).
var rejectionCodes = map[string]bool{"invalid_client": true, "unauthorized_client": true, "invalid_request": true, "invalid_grant": true}

// namedCredential labels a credential's failures with its method and Entra's
// error code, instead of azidentity's multi-line dump, and keeps its token
// until it nears expiry: one token serves the provider process, however many
// operations start at once. (The CLI and managed identity credentials of
// azidentity do not all cache.) The first token is requested by the first
// Graph call, not when Terraform configures the provider: Terraform configures
// it in processes that never call Graph (the plan of new resources, the
// planning walk of destroy), and each would otherwise pay a token request.
type namedCredential struct {
	method   string
	cred     azcore.TokenCredential
	lock     chan struct{} // one token request at a time; honours the caller's context
	tokens   map[string]azcore.AccessToken
	failed   error // the last rejected token request, answered until failedAt + failureHold
	failedAt time.Time
}

func newNamedCredential(method string, cred azcore.TokenCredential) *namedCredential {
	return &namedCredential{method: method, cred: cred, lock: make(chan struct{}, 1), tokens: map[string]azcore.AccessToken{}}
}

func (n *namedCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if opts.Claims != "" {
		// A claims challenge (continuous access evaluation) needs a new token.
		return n.fetch(ctx, opts)
	}
	select {
	case n.lock <- struct{}{}:
		defer func() { <-n.lock }()
	case <-ctx.Done():
		return azcore.AccessToken{}, ctx.Err()
	}
	key := opts.TenantID + "|" + strings.Join(opts.Scopes, " ")
	if tok, ok := n.tokens[key]; ok && time.Until(tok.ExpiresOn) > refreshMargin {
		return tok, nil
	}
	if n.failed != nil && time.Since(n.failedAt) < failureHold {
		return azcore.AccessToken{}, n.failed
	}
	tok, err := n.fetch(ctx, opts)
	if err != nil {
		// Only Entra's definitive rejection is held; a request cut short by
		// its caller's deadline, a network error or a 5xx says nothing about
		// the credential.
		var ae *AuthError
		if ctx.Err() == nil && errors.As(err, &ae) && ae.Rejected {
			n.failed, n.failedAt = err, time.Now()
		}
		return tok, err
	}
	n.failed = nil
	n.tokens[key] = tok
	return tok, nil
}

func (n *namedCredential) fetch(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := n.cred.GetToken(ctx, opts)
	if err == nil {
		return tok, nil
	}
	var ae *AuthError
	if errors.As(err, &ae) {
		ae.Method = n.method
		return azcore.AccessToken{}, ae
	}
	ae = &AuthError{Method: n.method, Err: err}
	var failed *azidentity.AuthenticationFailedError
	if errors.As(err, &failed) && failed.RawResponse != nil {
		if body, rerr := runtime.Payload(failed.RawResponse); rerr == nil {
			ae.Code, ae.Description = parseErrorBody(body)
		}
		status := failed.RawResponse.StatusCode
		ae.Rejected = (status == 400 || status == 401) && rejectionCodes[ae.Code]
	}
	if ae.Code == "" && ae.Description == "" {
		ae.Err = errors.New(withoutCredentialName(firstLine(err.Error())))
	}
	return azcore.AccessToken{}, ae
}

// parseErrorBody reads an OAuth error ({"error","error_description"}) or an
// App Service managed identity error ({"message"}).
func parseErrorBody(body []byte) (code, description string) {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		Message     string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	if e.Description == "" {
		e.Description = e.Message
	}
	return e.Error, firstLine(e.Description)
}

// withoutCredentialName drops azidentity's "ClientAssertionCredential: "
// prefix; the method's name says it better.
func withoutCredentialName(s string) string {
	if name, rest, ok := strings.Cut(s, "Credential: "); ok && !strings.Contains(name, " ") {
		return rest
	}
	return s
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
