package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	kauth "github.com/microsoft/kiota-authentication-azure-go"
	khttp "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// sdkVersion is the beta SDK whose conventions (service version, error
// models) this client follows; it is reported in the SdkVersion header.
const sdkVersion = "0.165.0"

// Settings is everything the provider knows about where and how to call Graph.
type Settings struct {
	Environment   string // global (default), usgovernmentl4, usgovernmentl5, china, or an alias
	GraphEndpoint string // overrides the environment's Graph root, e.g. https://graph.example.test:8443
	AuthorityHost string // overrides the environment's Entra authority
	Auth          AuthSettings
	UserAgent     string // product token(s) of the caller, e.g. "terraform-provider-intune/1.0.0"
	// ConsistencyWindow is how long after a write a 404 counts as replication
	// lag (see ReadThroughLag); 0 means DefaultConsistencyWindow. Tests set
	// it long, so a slow machine never turns lag into a deletion.
	ConsistencyWindow time.Duration
	// Budget is how many requests and writes the provider sends to the
	// tenant per window; zero parts take DefaultBudget's (see pacing.go).
	Budget Budget
	// ListLag is how much longer than a GET by id a collection listing may
	// take to show a new object; 0 means DefaultListLag. The lookup after a
	// create whose answer was lost runs at least ConsistencyWindow+ListLag.
	ListLag time.Duration
}

// Client calls Graph beta for the provider. It is safe for concurrent use.
type Client struct {
	adapter *core.GraphRequestAdapterBase
	cloud   Cloud
	method  string
	cred    azcore.TokenCredential
	window  time.Duration
	listLag time.Duration
	// pageDeadline, when set, replaces context.WithTimeout for the deadline
	// of each page of a listing (tests, with a fake clock).
	pageDeadline func(context.Context, time.Duration) (context.Context, context.CancelFunc)
	listings     listingSets // reads served from listings (listing_reads.go)
}

// ConsistencyWindow is how long after a write a 404 is retried.
func (c *Client) ConsistencyWindow() time.Duration {
	if c.window > 0 {
		return c.window
	}
	return DefaultConsistencyWindow
}

// ListLag is how much longer than a GET by id a listing may miss a new
// object.
func (c *Client) ListLag() time.Duration {
	if c.listLag > 0 {
		return c.listLag
	}
	return DefaultListLag
}

// Cloud returns the endpoints the client uses.
func (c *Client) Cloud() Cloud { return c.cloud }

// AuthMethod names the authentication method in use.
func (c *Client) AuthMethod() string { return c.method }

// ResolveCloud applies graph_endpoint and authority_host over the environment.
func ResolveCloud(s Settings) (Cloud, error) {
	c, err := LookupCloud(s.Environment)
	if err != nil {
		return Cloud{}, err
	}
	if s.GraphEndpoint != "" {
		if c.GraphRoot, err = NormalizeRoot("graph_endpoint", s.GraphEndpoint); err != nil {
			return Cloud{}, err
		}
	}
	if s.AuthorityHost != "" {
		if c.AuthorityHost, err = NormalizeRoot("authority_host", s.AuthorityHost); err != nil {
			return Cloud{}, err
		}
	}
	return c, nil
}

var (
	clientsMu sync.Mutex
	clients   = map[string]*Client{}
)

// NewClient returns the client for these settings. Clients are shared within
// the provider process, so one credential (and one token, cached until it
// nears expiry) serves every configure call with the same settings.
func NewClient(s Settings) (*Client, error) {
	key := settingsKey(s)
	clientsMu.Lock()
	defer clientsMu.Unlock()
	if c, ok := clients[key]; ok {
		c.listings.reset() // reads from listings serve one configured provider
		return c, nil
	}
	c, err := newClient(s)
	if err != nil {
		return nil, err
	}
	clients[key] = c
	return c, nil
}

// ambientAuthEnv are environment variables that credentials read themselves
// (managed identity endpoints, the az command's PATH and profile): a change
// there needs a new client too.
var ambientAuthEnv = []string{"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT",
	"MSI_ENDPOINT", "MSI_SECRET", "PATH", "AZURE_CONFIG_DIR"}

// settingsKey hashes the settings, so no secret is kept as a map key.
func settingsKey(s Settings) string {
	b, _ := json.Marshal(s)
	h := sha256.New()
	h.Write(b)
	for _, k := range ambientAuthEnv {
		fmt.Fprintf(h, "\x00%s=%s", k, os.Getenv(k))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// newClient is the one place that builds the request adapter: credential,
// allowed hosts, scope, middleware, transport and base URL.
func newClient(s Settings) (*Client, error) {
	c, err := ResolveCloud(s)
	if err != nil {
		return nil, err
	}
	cred, method, err := newCredential(s.Auth, c)
	if err != nil {
		return nil, err
	}
	// Name the Graph host and scope explicitly: kiota would otherwise send no
	// token to a host outside its built-in list, and derive the scope from
	// each request URL.
	authProvider, err := kauth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(
		cred, []string{c.Scope()}, []string{c.GraphHost()})
	if err != nil {
		return nil, fmt.Errorf("building the Graph authentication provider: %w", err)
	}
	options := core.GraphClientOptions{GraphServiceVersion: "beta", GraphServiceLibraryVersion: sdkVersion}
	adapter, err := core.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		authProvider, options,
		jsonserialization.NewJsonParseNodeFactory(),
		jsonserialization.NewJsonSerializationWriterFactory(),
		newHTTPClient(&options, s, pacerFor(c.GraphRoot, s.Auth.TenantID, s.Budget)))
	if err != nil {
		return nil, fmt.Errorf("building the Graph request adapter: %w", err)
	}
	adapter.SetBaseUrl(c.GraphRoot + "/beta")
	return &Client{adapter: adapter, cloud: c, method: method, cred: cred, window: s.ConsistencyWindow,
		listLag: s.ListLag}, nil
}

// newHTTPClient keeps the Graph middleware chain (telemetry, redirect,
// compression, parameter decoding, user agent, header inspection) with the
// retry handler replaced by one that respects the operation's deadline and
// never blindly re-sends a create, and every attempt paced to the tenant's
// request budget.
func newHTTPClient(options *core.GraphClientOptions, s Settings, p *pacer) *http.Client {
	ua := khttp.NewUserAgentHandlerOptions()
	ua.ProductName = "terraform-provider-intune"
	ua.ProductVersion = "dev"
	if s.UserAgent != "" {
		ua.ProductName, ua.ProductVersion = splitProduct(s.UserAgent)
	}
	middleware := []khttp.Middleware{
		core.NewGraphTelemetryHandler(options),
		logHandler{},
		newRetryHandler(),
		pacingHandler{p},
		khttp.NewRedirectHandler(),
		khttp.NewCompressionHandler(),
		khttp.NewParametersNameDecodingHandler(),
		khttp.NewUserAgentHandlerWithOptions(ua),
		khttp.NewHeadersInspectionHandler(),
		recordHandler{},
	}
	transport := cloneDefaultTransport()
	transport.ForceAttemptHTTP2 = true
	// Terraform runs 10 operations at once by default, and an HTTP/1.1 hop
	// (a proxy) needs one connection per operation in flight: keep that many
	// idle, with room for -parallelism above the default.
	transport.MaxIdleConns = 64
	transport.MaxIdleConnsPerHost = 32
	transport.ResponseHeaderTimeout = 2 * time.Minute
	return &http.Client{
		Transport: khttp.NewCustomTransportWithParentTransport(transport, middleware...),
		// Redirects are the redirect handler's job.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		// No client-wide timeout: every call carries the operation's deadline.
	}
}

// splitProduct splits "name/version" for kiota's user agent handler.
func splitProduct(s string) (string, string) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return s[:i], s[i+1:]
		}
	}
	return s, "dev"
}

// withDeadline gives a call without a deadline a generous one, so a hung
// connection cannot stall Terraform forever.
func withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, 5*time.Minute)
}
