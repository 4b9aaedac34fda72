package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Workload identity federation: a token from GitHub Actions, Azure DevOps,
// HCP Terraform or a file is sent to Entra ID as the client assertion.

// federationAudience is the audience Entra ID expects in a federated token.
const federationAudience = "api://AzureADTokenExchange"

// assertionFunc returns the OIDC token to present; it is called for every
// token request, so a rotated file or a fresh CI token is picked up.
type assertionFunc func(context.Context) (string, error)

func assertionBuilder(source func(AuthSettings) assertionFunc) func(AuthSettings, credentialOptions) (azcore.TokenCredential, error) {
	return func(s AuthSettings, o credentialOptions) (azcore.TokenCredential, error) {
		return azidentity.NewClientAssertionCredential(s.TenantID, s.ClientID, source(s),
			&azidentity.ClientAssertionCredentialOptions{ClientOptions: o.client, DisableInstanceDiscovery: o.noDiscovery})
	}
}

func staticToken(tok string) assertionFunc {
	return func(context.Context) (string, error) { return tok, nil }
}

func tokenFile(attribute, path string) assertionFunc {
	return func(context.Context) (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("reading the OIDC token from %s: %w", label(attribute), err)
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", fmt.Errorf("the OIDC token file %q (%s) is empty", path, label(attribute))
		}
		return tok, nil
	}
}

// oidcHTTP requests CI tokens: the default transport (proxy settings, system
// roots), no redirects (a sign-in redirect must not look like success).
var oidcHTTP = &http.Client{
	Transport:     cloneDefaultTransport(),
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// gitHubToken asks GitHub Actions for an ID token for Entra ID:
// GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange.
func gitHubToken(requestURL, requestToken string) assertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("%s is not a URL: %w", label("oidc_request_url"), err)
		}
		q := u.Query()
		q.Set("audience", federationAudience)
		u.RawQuery = q.Encode()
		var out struct {
			Value string `json:"value"`
		}
		if err := requestCIToken(ctx, http.MethodGet, u.String(), requestToken, nil, &out); err != nil {
			return "", fmt.Errorf("GitHub Actions' token request: %w", err)
		}
		if out.Value == "" {
			return "", fmt.Errorf("GitHub Actions' token request: the answer holds no token")
		}
		return out.Value, nil
	}
}

// azureDevOpsToken asks Azure DevOps for the service connection's ID token:
// POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=ID with
// $SYSTEM_ACCESSTOKEN. (GitHub's GET with an audience does not work there.)
func azureDevOpsToken(requestURL, accessToken, connectionID string) assertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("%s is not a URL: %w", "SYSTEM_OIDCREQUESTURI", err)
		}
		q := u.Query()
		q.Set("api-version", "7.1")
		q.Set("serviceConnectionId", connectionID)
		u.RawQuery = q.Encode()
		header := http.Header{
			"Content-Type": {"application/json"},
			// answer 401 instead of redirecting to a sign-in page
			"X-Tfs-Fedauthredirect": {"Suppress"},
		}
		var out struct {
			OIDCToken string `json:"oidcToken"`
		}
		if err := requestCIToken(ctx, http.MethodPost, u.String(), accessToken, header, &out); err != nil {
			return "", fmt.Errorf("Azure DevOps' token request for service connection %s: %w", connectionID, err) //nolint:staticcheck // ST1005: begins with the proper noun Azure DevOps
		}
		if out.OIDCToken == "" {
			return "", fmt.Errorf("Azure DevOps' token request for service connection %s: the answer holds no token", connectionID) //nolint:staticcheck // ST1005: begins with the proper noun Azure DevOps
		}
		return out.OIDCToken, nil
	}
}

// requestCIToken sends a token request with the pipeline's bearer token and
// decodes the answer. An error carries the status and the start of the body,
// redacted, so never a token the answer echoes.
func requestCIToken(ctx context.Context, method, u, bearer string, header http.Header, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Accept", "application/json")
	resp, err := oidcHTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, excerpt(body))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("the answer is not the expected JSON: %w", err)
	}
	return nil
}
