package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// buildManagedIdentity uses the host's managed identity: system-assigned, or
// user-assigned when client_id is set. Without msi_endpoint, azidentity finds
// the endpoint from the environment (App Service's IDENTITY_ENDPOINT and
// IDENTITY_HEADER, Azure Arc, Cloud Shell, else the VM's IMDS).
func buildManagedIdentity(s AuthSettings, _ credentialOptions) (azcore.TokenCredential, error) {
	if s.MSIEndpoint != "" {
		u, err := url.Parse(s.MSIEndpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s %q is not an http(s) URL", label("msi_endpoint"), s.MSIEndpoint)
		}
		return &imdsCredential{endpoint: u, clientID: s.ClientID}, nil
	}
	opts := azidentity.ManagedIdentityCredentialOptions{ClientOptions: azcore.ClientOptions{Transport: msiHTTP}}
	if s.ClientID != "" {
		opts.ID = azidentity.ClientID(s.ClientID)
	}
	return azidentity.NewManagedIdentityCredential(&opts)
}

// imdsCredential asks an IMDS style endpoint (msi_endpoint) for a token:
// GET ?api-version=2018-02-01&resource=R[&client_id=C] with Metadata: true.
type imdsCredential struct {
	endpoint *url.URL
	clientID string
}

// msiHTTP carries every managed identity token request, azidentity's too.
var msiHTTP = &http.Client{
	Transport: msiTransport(),
	Timeout:   30 * time.Second,
}

// msiTransport goes direct to an endpoint on the host itself: the instance
// metadata address 169.254.169.254 (link-local) and the App Service and Arc
// endpoints (loopback). HTTP_PROXY and HTTPS_PROXY are meant for Graph and
// Entra; a proxy cannot reach the host's own endpoint, and must not see its
// tokens. Other endpoints follow the environment as before.
func msiTransport() *http.Transport {
	t := cloneDefaultTransport()
	t.Proxy = func(r *http.Request) (*url.URL, error) {
		if ip := net.ParseIP(r.URL.Hostname()); ip != nil && (ip.IsLinkLocalUnicast() || ip.IsLoopback()) {
			return nil, nil
		}
		return http.ProxyFromEnvironment(r)
	}
	return t
}

func (c *imdsCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if len(opts.Scopes) != 1 {
		return azcore.AccessToken{}, fmt.Errorf("managed identity needs exactly one scope, got %d", len(opts.Scopes))
	}
	u := *c.endpoint
	q := u.Query()
	q.Set("api-version", "2018-02-01")
	q.Set("resource", strings.TrimSuffix(opts.Scopes[0], "/.default"))
	if c.clientID != "" {
		q.Set("client_id", c.clientID)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return azcore.AccessToken{}, err
	}
	req.Header.Set("Metadata", "true")
	resp, err := msiHTTP.Do(req)
	if err != nil {
		return azcore.AccessToken{}, fmt.Errorf("calling %s: %w", label("msi_endpoint"), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return azcore.AccessToken{}, err
	}
	if resp.StatusCode != http.StatusOK {
		code, desc := parseErrorBody(body)
		if code == "" && desc == "" {
			return azcore.AccessToken{}, fmt.Errorf("%s answered HTTP %d", label("msi_endpoint"), resp.StatusCode)
		}
		return azcore.AccessToken{}, &AuthError{Code: code, Description: desc}
	}
	var tok struct {
		AccessToken string      `json:"access_token"`
		ExpiresOn   json.Number `json:"expires_on"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return azcore.AccessToken{}, fmt.Errorf("%s answered without a token", label("msi_endpoint"))
	}
	exp, err := strconv.ParseInt(tok.ExpiresOn.String(), 10, 64)
	if err != nil {
		return azcore.AccessToken{}, fmt.Errorf("%s answered an unreadable expires_on %q", label("msi_endpoint"), tok.ExpiresOn)
	}
	return azcore.AccessToken{Token: tok.AccessToken, ExpiresOn: time.Unix(exp, 0)}, nil
}
