package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// AuthSettings are the provider's authentication inputs, after the
// configuration and the environment have been merged.
type AuthSettings struct {
	TenantID     string
	ClientID     string
	ClientSecret string
}

// authMethod is one way to get a token: its name for messages, whether its
// inputs are complete, and how to build the credential.
type authMethod struct {
	name  string
	needs string
	ready func(AuthSettings) bool
	build func(AuthSettings, azcore.ClientOptions, bool) (azcore.TokenCredential, error)
}

// authMethods in the order they are tried: the first whose inputs are
// complete is used.
var authMethods = []authMethod{
	{
		name:  "client secret",
		needs: "tenant_id (ARM_TENANT_ID), client_id (ARM_CLIENT_ID) and client_secret (ARM_CLIENT_SECRET)",
		ready: func(s AuthSettings) bool { return s.TenantID != "" && s.ClientID != "" && s.ClientSecret != "" },
		build: func(s AuthSettings, o azcore.ClientOptions, noDiscovery bool) (azcore.TokenCredential, error) {
			return azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret,
				&azidentity.ClientSecretCredentialOptions{ClientOptions: o, DisableInstanceDiscovery: noDiscovery})
		},
	},
}

// newCredential picks the first authentication method whose inputs are
// complete and builds its credential against the cloud's authority.
func newCredential(s AuthSettings, c Cloud) (azcore.TokenCredential, string, error) {
	opts := azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: c.AuthorityHost + "/"}}
	noDiscovery := !IsMicrosoftAuthority(c.AuthorityHost)
	var needs []string
	for _, m := range authMethods {
		if !m.ready(s) {
			needs = append(needs, fmt.Sprintf("  - %s: %s", m.name, m.needs))
			continue
		}
		cred, err := m.build(s, opts, noDiscovery)
		if err != nil {
			return nil, m.name, fmt.Errorf("%s authentication could not be set up: %w", m.name, err)
		}
		return &namedCredential{method: m.name, cred: cred}, m.name, nil
	}
	return nil, "", fmt.Errorf("no authentication method has all its inputs; set one of:\n%s", strings.Join(needs, "\n"))
}

// AuthError is a failed token request: which method, and what Entra ID said.
type AuthError struct {
	Method      string
	Code        string // e.g. invalid_client
	Description string // e.g. AADSTS7000215: Invalid client secret provided...
	Err         error
}

func (e *AuthError) Error() string {
	if e.Code != "" || e.Description != "" {
		return fmt.Sprintf("authentication with %s failed: Entra ID answered %s: %s", e.Method, e.Code, e.Description)
	}
	return fmt.Sprintf("authentication with %s failed: %v", e.Method, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// namedCredential labels a credential's failures with its method and Entra's
// error code, instead of azidentity's multi-line dump.
type namedCredential struct {
	method string
	cred   azcore.TokenCredential
}

func (n *namedCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := n.cred.GetToken(ctx, opts)
	if err == nil {
		return tok, nil
	}
	ae := &AuthError{Method: n.method, Err: err}
	var failed *azidentity.AuthenticationFailedError
	if errors.As(err, &failed) && failed.RawResponse != nil {
		if body, rerr := runtime.Payload(failed.RawResponse); rerr == nil {
			var e struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			if json.Unmarshal(body, &e) == nil {
				ae.Code = e.Error
				ae.Description = firstLine(e.Description)
			}
		}
	}
	return azcore.AccessToken{}, ae
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
