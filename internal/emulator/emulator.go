// Package emulator is an offline stand-in for Microsoft Graph beta (the
// pfxRecryptionRequests entity set) and for the Entra ID token endpoint.
//
// Start serves both over TLS on loopback, each on its own listener, with a CA
// generated for the occasion, beside the token sources workloads use instead
// of a secret: managed identity endpoints (plain http, App Service and IMDS
// style) and CI OIDC token requests (GitHub Actions, Azure DevOps). Tests drive it through its Go API: they read
// and change objects behind the provider's back, inject faults and latency,
// and inspect the request log.
package emulator

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults used when the corresponding Config field is empty.
const (
	DefaultTenantID      = "00000000-0000-0000-0000-0000000000aa"
	DefaultClientID      = "00000000-0000-0000-0000-0000000000bb"
	DefaultClientSecret  = "emulator-secret"
	DefaultPageSize      = 100
	DefaultTokenLifetime = time.Hour
)

// Application permissions Graph checks for this entity set.
const (
	RoleReadWrite = "DeviceManagementConfiguration.ReadWrite.All"
	RoleRead      = "DeviceManagementConfiguration.Read.All"
)

// Config tunes an emulator. The zero value is usable.
type Config struct {
	TenantID     string
	ClientID     string // the app registered at start
	ClientSecret string // its secret
	PageSize     int    // server-side page size of a list
	// TokenLifetime sets exp and expires_in (lifetime minus one second).
	// azidentity never caches a token whose expires_in is 300 or less, so keep
	// it above five minutes unless a test wants a token fetched every time.
	TokenLifetime time.Duration
	Seed          int64 // seeds fault rates, so a run is reproducible
	// ExtraHosts are added to the server certificate and accepted as token
	// audiences (https://host), for names routed here by a proxy.
	ExtraHosts []string
	// GraphAddr and AuthorityAddr are listen addresses; default 127.0.0.1:0.
	GraphAddr     string
	AuthorityAddr string
	DisableHTTP2  bool      // serve HTTP/1.1 only
	Trace         io.Writer // if set, one line per request
}

func (c Config) withDefaults() Config {
	if c.TenantID == "" {
		c.TenantID = DefaultTenantID
	}
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.ClientSecret == "" {
		c.ClientSecret = DefaultClientSecret
	}
	if c.PageSize == 0 {
		c.PageSize = DefaultPageSize
	}
	if c.TokenLifetime == 0 {
		c.TokenLifetime = DefaultTokenLifetime
	}
	if c.GraphAddr == "" {
		c.GraphAddr = "127.0.0.1:0"
	}
	if c.AuthorityAddr == "" {
		c.AuthorityAddr = "127.0.0.1:0"
	}
	c.ExtraHosts = append([]string(nil), c.ExtraHosts...)
	return c
}

// Emulator is a running Graph and Entra emulator. All methods are safe for
// concurrent use.
type Emulator struct {
	cfg          Config
	graphURL     string
	authorityURL string
	graphSrv     *http.Server
	loginSrv     *http.Server
	caPEM        []byte
	tmpDir       string
	caFile       string
	key          *rsa.PrivateKey
	kid          string
	audiences    map[string]bool // accepted resource hosts, lower case

	appsMu sync.RWMutex
	apps   map[string]App // by lower-case client id

	ident identityServers // managed identity and CI token endpoints

	mu       sync.Mutex // guards the store and the behaviour switches
	objs     map[string]*record
	ids      []string       // sorted keys of objs, for paging without sorting
	hidden   map[string]int // reads of an object still hidden by lag
	behavior Behavior

	configs    configurationStore // imported-PFX certificate profiles
	lagging    listLag            // new objects listings still leave out, every entity set
	connectors connectorStore     // certificate and NDES connectors
	budget     budgetState        // the request budget's windows and counts

	logMu   sync.Mutex
	entries []LogEntry

	faultMu  sync.Mutex
	faults   []*activeFault
	rng      *rand.Rand
	injected map[string]int

	latency        atomic.Int64
	patchNoContent atomic.Bool
	tokens         atomic.Int64

	upfxOnce sync.Once
	upfx     *userPfxState // /deviceManagement/userPfxCertificates and the connector key

	closeOnce sync.Once
}

// Start generates the CA and listens for Graph and for the authority.
func Start(cfg Config) (*Emulator, error) {
	cfg = cfg.withDefaults()
	if cfg.PageSize < 1 {
		return nil, fmt.Errorf("emulator: page size must be positive, got %d", cfg.PageSize)
	}
	if cfg.TokenLifetime < 2*time.Second {
		return nil, fmt.Errorf("emulator: token lifetime %s is too short", cfg.TokenLifetime)
	}
	key, kid, err := signingKey()
	if err != nil {
		return nil, err
	}
	e := &Emulator{
		cfg:       cfg,
		key:       key,
		kid:       kid,
		apps:      map[string]App{},
		objs:      map[string]*record{},
		hidden:    map[string]int{},
		injected:  map[string]int{},
		rng:       rand.New(rand.NewPCG(uint64(cfg.Seed), 0x9e3779b97f4a7c15)),
		audiences: map[string]bool{},
	}

	graphLn, err := net.Listen("tcp", cfg.GraphAddr)
	if err != nil {
		return nil, fmt.Errorf("emulator: graph listener: %w", err)
	}
	loginLn, err := net.Listen("tcp", cfg.AuthorityAddr)
	if err != nil {
		graphLn.Close()
		return nil, fmt.Errorf("emulator: authority listener: %w", err)
	}
	graphHost, graphPort := advertised(graphLn.Addr())
	loginHost, loginPort := advertised(loginLn.Addr())
	e.graphURL = "https://" + net.JoinHostPort(graphHost, graphPort)
	e.authorityURL = "https://" + net.JoinHostPort(loginHost, loginPort)

	hosts := []string{"localhost", "127.0.0.1", "::1", graphHost, loginHost}
	hosts = append(hosts, cfg.ExtraHosts...)
	for _, h := range []string{"localhost", "127.0.0.1", "::1", graphHost} {
		e.audiences[hostKey(net.JoinHostPort(h, graphPort))] = true
	}
	for _, h := range cfg.ExtraHosts {
		// a proxy in front presents the name on 443 or on our port
		e.audiences[hostKey(net.JoinHostPort(h, "443"))] = true
		e.audiences[hostKey(net.JoinHostPort(h, graphPort))] = true
	}

	fail := func(err error) (*Emulator, error) {
		graphLn.Close()
		loginLn.Close()
		if e.tmpDir != "" {
			os.RemoveAll(e.tmpDir)
		}
		return nil, err
	}
	certs, err := newCertificates(hosts)
	if err != nil {
		return fail(err)
	}
	e.caPEM = certs.caPEM
	if e.tmpDir, err = os.MkdirTemp("", "intune-emulator-"); err != nil {
		return fail(err)
	}
	e.caFile = filepath.Join(e.tmpDir, "ca.pem")
	if err := os.WriteFile(e.caFile, e.caPEM, 0o644); err != nil {
		return fail(err)
	}

	e.RegisterApp(App{ClientID: cfg.ClientID, Secret: cfg.ClientSecret})

	e.graphSrv = e.newServer(http.HandlerFunc(e.serveGraph), certs.server)
	e.loginSrv = e.newServer(http.HandlerFunc(e.serveLogin), certs.server)
	if err := e.startIdentityServers(certs.server); err != nil {
		return fail(err)
	}
	// Serve returns http.ErrServerClosed once Close shuts the servers down.
	go func() { _ = e.graphSrv.ServeTLS(graphLn, "", "") }()
	go func() { _ = e.loginSrv.ServeTLS(loginLn, "", "") }()
	return e, nil
}

// advertised turns a listen address into the host and port a client dials.
func advertised(a net.Addr) (string, string) {
	host, port, _ := net.SplitHostPort(a.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return host, port
}

type connKey struct{}

func (e *Emulator) newServer(h http.Handler, cert tls.Certificate) *http.Server {
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetHTTP2(!e.cfg.DisableHTTP2)
	return &http.Server{
		Handler:           h,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		Protocols:         p,
		ReadHeaderTimeout: 30 * time.Second,
		// clients dropping connections (and injected resets) are expected here
		ErrorLog: log.New(io.Discard, "", 0),
		// kept so a reset fault can close the TCP connection under HTTP/2 too
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
}

// GraphURL is the Graph root, without /beta.
func (e *Emulator) GraphURL() string { return e.graphURL }

// AuthorityURL is the Entra authority host.
func (e *Emulator) AuthorityURL() string { return e.authorityURL }

// CACertPEM is the CA that signed both servers' certificate.
func (e *Emulator) CACertPEM() []byte { return append([]byte(nil), e.caPEM...) }

// CACertFile is a PEM file holding the CA; Close removes it.
func (e *Emulator) CACertFile() string { return e.caFile }

// Config returns the effective configuration, defaults filled in.
func (e *Emulator) Config() Config {
	c := e.cfg
	c.ExtraHosts = append([]string(nil), c.ExtraHosts...)
	return c
}

// Close stops both servers and removes the CA file.
func (e *Emulator) Close() {
	e.closeOnce.Do(func() {
		e.graphSrv.Close()
		e.loginSrv.Close()
		e.closeIdentityServers()
		os.RemoveAll(e.tmpDir)
	})
}

// TokenRequests counts successful token issuances.
func (e *Emulator) TokenRequests() int { return int(e.tokens.Load()) }

// SetLatency delays every Graph request by d before it is handled.
func (e *Emulator) SetLatency(d time.Duration) { e.latency.Store(int64(d)) }

// SetPatchReturnsNoContent makes PATCH answer 204 without a body.
func (e *Emulator) SetPatchReturnsNoContent(v bool) { e.patchNoContent.Store(v) }

// LogEntry is one request as the emulator saw it.
type LogEntry struct {
	Time      time.Time
	Server    string // "graph", "login", "msi" (managed identity) or "ci" (pipeline OIDC tokens)
	Host      string // the Host the client asked for, e.g. graph.microsoft.us behind a proxy
	Method    string
	Path      string
	RawQuery  string
	Header    http.Header // credentials redacted
	Body      []byte      // decompressed; secrets redacted in token requests
	Status    int         // 0 when the connection was dropped
	GrantType string      // token requests
	ClientID  string      // token requests
	Fault     string      // injected fault, if any

	// How the client proved its identity on a token request: "client_secret",
	// "certificate", "federated" or "managed_identity"; ClientAuthDetail says
	// with what (thumbprint, issuer and subject, endpoint style).
	ClientAuth       string
	ClientAuthDetail string
	// Audience of the token issued (login, msi), or presented (graph).
	Audience string
	// TokenID is the uti of the access token issued (login, msi) or presented
	// (graph), so a test can tell which token served which request.
	TokenID string
	AppID   string // graph: the appid of the presented token
}

func (e *Emulator) addLog(le LogEntry) {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	e.entries = append(e.entries, le)
	if e.cfg.Trace != nil {
		q := ""
		if le.RawQuery != "" {
			q = "?" + le.RawQuery
		}
		f := ""
		if le.Fault != "" {
			f = " fault=" + le.Fault
		}
		fmt.Fprintf(e.cfg.Trace, "%s %-5s %s %s%s -> %d%s\n",
			le.Time.Format("15:04:05.000"), le.Server, le.Method, le.Path, q, le.Status, f)
	}
}

// Log returns a copy of the request log, oldest first.
func (e *Emulator) Log() []LogEntry {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return append([]LogEntry(nil), e.entries...)
}

// ResetLog empties the request log.
func (e *Emulator) ResetLog() {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	e.entries = nil
}

func redactedHeader(h http.Header) http.Header {
	c := h.Clone()
	if v := c.Get("Authorization"); v != "" {
		scheme, _, _ := strings.Cut(v, " ")
		c.Set("Authorization", scheme+" <redacted>")
	}
	return c
}

// statusWriter remembers the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// discardWriter swallows a response whose operation still has to happen, for
// faults injected after commit.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(code int)        { d.status = code }

// hardClose drops a connection with a TCP reset rather than an orderly close.
func hardClose(c net.Conn) {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tcp, ok := c.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0) // best effort: the Close below drops the connection either way
	}
	c.Close()
}

// abortConnection resets the connection the request came on. Under HTTP/2
// that fails every stream multiplexed on it, as a real reset would.
func abortConnection(w http.ResponseWriter, r *http.Request) {
	if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
		hardClose(c)
		return
	}
	if c, ok := r.Context().Value(connKey{}).(net.Conn); ok {
		hardClose(c)
	}
	panic(http.ErrAbortHandler)
}
