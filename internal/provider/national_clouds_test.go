package provider

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// The national clouds, as Microsoft publishes them; the expected values are
// written out here rather than read from the provider's table, so the test
// checks the table.
var nationalClouds = []struct {
	environment, login, graph string
}{
	{"global", "login.microsoftonline.com", "graph.microsoft.com"},
	{"usgovernmentl4", "login.microsoftonline.us", "graph.microsoft.us"},
	{"usgovernmentl5", "login.microsoftonline.us", "dod-graph.microsoft.us"},
	{"china", "login.chinacloudapi.cn", "microsoftgraph.chinacloudapi.cn"},
}

const nationalCloudsChild = "INTUNE_TEST_NATIONAL_CLOUDS_CHILD"

// TestAccNationalClouds proves that, for each environment, the token is
// requested from that cloud's authority for that cloud's Graph, and Graph is
// called at that cloud's root, with nothing but `environment` set: the real
// host names reach the emulator through an HTTPS proxy (HTTPS_PROXY), which
// also proves proxies work for token and Graph traffic alike.
//
// Go reads HTTPS_PROXY once per process, and the other tests here must not
// go through a proxy, so the work runs in a child process: this test binary
// again, running only TestAccNationalCloudsChild.
func TestAccNationalClouds(t *testing.T) {
	requireEmulator(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestAccNationalCloudsChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), nationalCloudsChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the national clouds run failed: %v\n%s", err, out)
	}
	for _, c := range nationalClouds {
		if !strings.Contains(string(out), "--- PASS: TestAccNationalCloudsChild/"+c.environment+" ") {
			t.Errorf("the child run did not pass %s:\n%s", c.environment, out)
		}
	}
}

// TestAccNationalCloudsChild is the child process of TestAccNationalClouds.
func TestAccNationalCloudsChild(t *testing.T) {
	if os.Getenv(nationalCloudsChild) == "" {
		t.Skip("runs only in the child process TestAccNationalClouds starts, which routes the clouds' host names through a proxy")
	}
	requireEmulator(t)
	var hosts []string
	for _, c := range nationalClouds {
		hosts = append(hosts, c.login, c.graph)
	}
	e, err := emulator.Start(emulator.Config{ExtraHosts: hosts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	routes := map[string]string{}
	for _, c := range nationalClouds {
		routes[c.login] = hostPort(t, e.AuthorityURL())
		routes[c.graph] = hostPort(t, e.GraphURL())
	}
	proxy := startConnectProxy(t, routes)

	// Nothing in this process has made a TLS or proxied connection yet, so
	// Go still reads these.
	t.Setenv("SSL_CERT_FILE", e.CACertFile())
	t.Setenv("HTTPS_PROXY", proxy.url)
	for _, k := range []string{"https_proxy", "NO_PROXY", "no_proxy", "ARM_GRAPH_ENDPOINT", "ARM_AUTHORITY_HOST", "ARM_ENVIRONMENT"} {
		os.Unsetenv(k)
	}

	for _, c := range nationalClouds {
		t.Run(c.environment, func(t *testing.T) {
			t.Parallel()
			clientID := uuid.NewString()
			e.RegisterApp(emulator.App{ClientID: clientID, Secret: "cloud-secret"})
			applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  environment   = %q
  tenant_id     = %q
  client_id     = %q
  client_secret = "cloud-secret"`, c.environment, e.Config().TenantID, clientID)), func() error {
				graphRoot := "https://" + c.graph
				r := runOf(e, clientID)
				if len(r.issued) != 1 {
					return fmt.Errorf("%d tokens issued, want 1", len(r.issued))
				}
				is := r.issued[0]
				if is.Host != c.login || is.Audience != graphRoot {
					return fmt.Errorf("token requested from %s for %s, want from %s for %s", is.Host, is.Audience, c.login, graphRoot)
				}
				if form, _ := url.ParseQuery(string(is.Body)); !strings.Contains(form.Get("scope"), graphRoot+"/.default") {
					return fmt.Errorf("token scope %q, want %s/.default", form.Get("scope"), graphRoot)
				}
				for _, g := range r.graph {
					if g.Host != c.graph {
						return fmt.Errorf("Graph %s %s went to %s, want %s", g.Method, g.Path, g.Host, c.graph)
					}
				}
				for _, h := range []string{c.login, c.graph} {
					if !proxy.saw(h + ":443") {
						return fmt.Errorf("no CONNECT %s:443 reached the proxy", h)
					}
				}
				return sameTokenOnGraph(r.graph, is.TokenID)
			})
		})
	}
}

func hostPort(t *testing.T, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// connectProxy is an HTTPS proxy: it tunnels CONNECT host:443 to the
// listener that serves host, and remembers every target asked for.
type connectProxy struct {
	url    string
	routes map[string]string
	mu     sync.Mutex
	seen   map[string]bool
}

func startConnectProxy(t *testing.T, routes map[string]string) *connectProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &connectProxy{url: "http://" + ln.Addr().String(), routes: routes, seen: map[string]bool{}}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }() // http.ErrServerClosed after Close
	t.Cleanup(func() { srv.Close() })
	return p
}

func (p *connectProxy) saw(target string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[target]
}

func (p *connectProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "this proxy only tunnels", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	p.seen[r.Host] = true
	p.mu.Unlock()
	host, port, err := net.SplitHostPort(r.Host)
	addr, ok := p.routes[host]
	if err != nil || port != "443" || !ok {
		http.Error(w, "no route to "+r.Host, http.StatusForbidden)
		return
	}
	upstream, err := net.Dial("tcp", addr)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	client, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	if _, err := client.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n")); err != nil {
		client.Close()
		upstream.Close()
		return
	}
	// rw.Reader holds whatever the client sent past the CONNECT already.
	go tunnel(upstream, rw.Reader, client)
	tunnel(client, upstream, upstream)
}

// tunnel copies until src ends, then closes dst and the other end.
func tunnel(dst io.WriteCloser, src io.Reader, other io.Closer) {
	_, _ = io.Copy(dst, src) // ends when either side closes; nothing to report
	dst.Close()
	other.Close()
}
