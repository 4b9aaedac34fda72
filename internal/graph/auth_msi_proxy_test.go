package graph

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

const msiProxyChild = "INTUNE_TEST_MSI_PROXY_CHILD"

// TestManagedIdentityBypassesProxy: with HTTP_PROXY and HTTPS_PROXY set for
// Graph, a managed identity token still comes straight from the instance
// metadata address, through azidentity and through msi_endpoint alike; an
// endpoint elsewhere still goes through the proxy.
//
// Go reads the proxy variables once per process, so the work runs in a child
// process: this test binary again, running only the child test.
func TestManagedIdentityBypassesProxy(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestManagedIdentityBypassesProxyChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), msiProxyChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestManagedIdentityBypassesProxyChild") {
		t.Fatalf("the child run failed (%v):\n%s", err, out)
	}
}

// tokenRecorder answers every request with a token and records its host.
type tokenRecorder struct {
	mu    sync.Mutex
	hosts []string
}

func (r *tokenRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.hosts = append(r.hosts, req.Host)
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	exp := time.Now().Add(time.Hour).Unix()
	fmt.Fprintf(w, `{"access_token":"tok","expires_in":"3600","expires_on":"%d","resource":"https://graph.microsoft.com","token_type":"Bearer"}`, exp)
}

func (r *tokenRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.hosts
	r.hosts = nil
	return out
}

// TestManagedIdentityBypassesProxyChild is the child process of
// TestManagedIdentityBypassesProxy.
func TestManagedIdentityBypassesProxyChild(t *testing.T) {
	if os.Getenv(msiProxyChild) == "" {
		t.Skip("runs only in the child process TestManagedIdentityBypassesProxy starts, with a proxy in the environment")
	}
	proxy, imds := &tokenRecorder{}, &tokenRecorder{}
	proxySrv, imdsSrv := httptest.NewServer(proxy), httptest.NewServer(imds)
	defer proxySrv.Close()
	defer imdsSrv.Close()
	// Nothing in this process has looked at the proxy variables yet.
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY"} {
		t.Setenv(k, proxySrv.URL)
	}
	for _, k := range []string{"http_proxy", "https_proxy", "NO_PROXY", "no_proxy", "IDENTITY_ENDPOINT", "IDENTITY_HEADER",
		"IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET", "IDENTITY_SERVER_THUMBPRINT", "AZURE_CLIENT_ID"} {
		os.Unsetenv(k)
	}
	// The instance metadata address is this test's IMDS; every other
	// address (the proxy's) is dialled as it is.
	tr := msiHTTP.Transport.(*http.Transport) //nolint:forcetypeassert // msiTransport's type
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "169.254.169.254:80" {
			addr = imdsSrv.Listener.Addr().String()
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}

	cases := []struct {
		name, endpoint string
		via            *tokenRecorder
		host           string
	}{
		{"azidentity's IMDS", "", imds, "169.254.169.254"},
		{"msi_endpoint at IMDS", "http://169.254.169.254/metadata/identity/oauth2/token", imds, "169.254.169.254"},
		{"msi_endpoint elsewhere", "http://msi.example.invalid/token", proxy, "msi.example.invalid"},
	}
	for _, tc := range cases {
		cred, err := buildManagedIdentity(AuthSettings{UseMSI: true, MSIEndpoint: tc.endpoint}, credentialOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if _, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		other := proxy
		if tc.via == proxy {
			other = imds
		}
		if got := tc.via.take(); len(got) == 0 || got[0] != tc.host {
			t.Errorf("%s: the expected server saw %v, want a request for %s", tc.name, got, tc.host)
		}
		if got := other.take(); len(got) != 0 {
			t.Errorf("%s: the other server saw %v, want nothing", tc.name, got)
		}
	}
}
