package emulator

import (
	"crypto/subtle"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The token sources a workload uses instead of a secret: the managed identity
// endpoints of an Azure host (plain http on loopback, as App Service and IMDS
// serve them) and the OIDC token requests of CI systems (GitHub Actions,
// Azure DevOps), which issue federated tokens.

// ManagedIdentity is an identity the emulated Azure host can use.
type ManagedIdentity struct {
	ClientID       string
	SystemAssigned bool     // the host's own identity, used when a request names none
	Roles          []string // nil means RoleReadWrite, empty means none
}

// CIJob is a pipeline job that may ask for an OIDC token.
type CIJob struct {
	// RequestToken is the bearer the job presents: GitHub's
	// ACTIONS_ID_TOKEN_REQUEST_TOKEN or Azure DevOps' SYSTEM_ACCESSTOKEN.
	RequestToken string
	Issuer       string // iss of the issued token
	Subject      string // sub of the issued token
	// ServiceConnectionID is the Azure DevOps service connection the job may
	// use; "" for a GitHub job.
	ServiceConnectionID string
}

// Issuers the CI endpoints use when a job names none.
const (
	GitHubIssuer      = "https://token.actions.githubusercontent.com"
	AzureDevOpsIssuer = "https://vstoken.dev.azure.com/00000000-0000-0000-0000-0000000000ad"
)

// identityServers holds the managed identity listener (plain http) and the
// CI token listener (TLS).
type identityServers struct {
	mu     sync.RWMutex
	msi    map[string]ManagedIdentity // by lower-case client id
	system string                     // client id of the system-assigned identity
	jobs   map[string]CIJob           // by request token
	header string                     // IDENTITY_HEADER
	msiURL string
	ciURL  string
	msiSrv *http.Server
	ciSrv  *http.Server
}

func (e *Emulator) startIdentityServers(cert tls.Certificate) error {
	id := &e.ident
	id.msi = map[string]ManagedIdentity{}
	id.jobs = map[string]CIJob{}
	id.header = newGUID()
	msiLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("emulator: managed identity listener: %w", err)
	}
	ciLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		msiLn.Close()
		return fmt.Errorf("emulator: CI listener: %w", err)
	}
	id.msiURL = "http://" + msiLn.Addr().String()
	id.ciURL = "https://" + ciLn.Addr().String()
	id.msiSrv = &http.Server{Handler: http.HandlerFunc(e.serveMSI), ReadHeaderTimeout: 30 * time.Second}
	id.ciSrv = e.newServer(http.HandlerFunc(e.serveCI), cert)
	// Serve returns http.ErrServerClosed once Close shuts the servers down.
	go func() { _ = id.msiSrv.Serve(msiLn) }()
	go func() { _ = id.ciSrv.ServeTLS(ciLn, "", "") }()
	return nil
}

func (e *Emulator) closeIdentityServers() {
	if e.ident.msiSrv != nil {
		e.ident.msiSrv.Close()
		e.ident.ciSrv.Close()
	}
}

// AddManagedIdentity makes an identity available on the managed identity
// endpoints. A system-assigned one replaces the previous system identity.
func (e *Emulator) AddManagedIdentity(mi ManagedIdentity) {
	e.RegisterApp(App{ClientID: mi.ClientID, Roles: mi.Roles})
	id := &e.ident
	id.mu.Lock()
	defer id.mu.Unlock()
	id.msi[strings.ToLower(mi.ClientID)] = mi
	if mi.SystemAssigned {
		id.system = strings.ToLower(mi.ClientID)
	}
}

// AddCIJob lets a pipeline job request OIDC tokens with its request token.
func (e *Emulator) AddCIJob(j CIJob) {
	id := &e.ident
	id.mu.Lock()
	defer id.mu.Unlock()
	id.jobs[j.RequestToken] = j
}

// ManagedIdentityEndpoint is the App Service style endpoint (IDENTITY_ENDPOINT).
func (e *Emulator) ManagedIdentityEndpoint() string { return e.ident.msiURL + "/msi/token" }

// IdentityHeader is the secret the App Service endpoint expects in
// X-IDENTITY-HEADER (IDENTITY_HEADER).
func (e *Emulator) IdentityHeader() string { return e.ident.header }

// IMDSEndpoint is the IMDS style endpoint of an Azure VM (Metadata: true).
func (e *Emulator) IMDSEndpoint() string {
	return e.ident.msiURL + "/metadata/identity/oauth2/token"
}

// GitHubTokenRequestURL is ACTIONS_ID_TOKEN_REQUEST_URL for a job.
func (e *Emulator) GitHubTokenRequestURL() string {
	return e.ident.ciURL + "/github/idtoken?api-version=2.0"
}

// AzureDevOpsOIDCRequestURI is SYSTEM_OIDCREQUESTURI for a job.
func (e *Emulator) AzureDevOpsOIDCRequestURI() string {
	return e.ident.ciURL + "/ado/oidctoken"
}

// serveMSI answers managed identity token requests, App Service style
// (api-version 2019-08-01, X-IDENTITY-HEADER) and IMDS style (api-version
// 2018-02-01, Metadata: true).
func (e *Emulator) serveMSI(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	entry := LogEntry{Time: time.Now(), Server: "msi", Host: r.Host, Method: r.Method, Path: r.URL.Path,
		RawQuery: r.URL.RawQuery, Header: redactedIdentityHeader(r.Header)}
	defer func() {
		entry.Status = sw.status
		e.addLog(entry)
	}()
	q := r.URL.Query()
	var style string
	switch r.URL.Path {
	case "/msi/token":
		style = "app_service"
		got := r.Header.Get("X-IDENTITY-HEADER")
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(e.ident.header)) != 1 {
			writeMSIError(sw, style, 401, "unauthorized", "The X-IDENTITY-HEADER is missing or wrong.")
			return
		}
		if q.Get("api-version") != "2019-08-01" {
			writeMSIError(sw, style, 400, "invalid_request", "The api-version must be 2019-08-01.")
			return
		}
	case "/metadata/identity/oauth2/token":
		style = "imds"
		if r.Header.Get("Metadata") != "true" {
			writeMSIError(sw, style, 400, "invalid_request", "Required metadata header not specified")
			return
		}
		if q.Get("api-version") == "" {
			writeMSIError(sw, style, 400, "invalid_request", "Required query variable 'api-version' is missing")
			return
		}
	default:
		http.NotFound(sw, r)
		return
	}
	if r.Method != http.MethodGet {
		writeMSIError(sw, style, 405, "invalid_request", "Only GET is allowed.")
		return
	}
	mi, ok := e.managedIdentity(q.Get("client_id"))
	if !ok {
		writeMSIError(sw, style, 400, "invalid_request", "Identity not found: no managed identity with client id '"+q.Get("client_id")+"' is assigned to this host.")
		return
	}
	resource := q.Get("resource")
	if resource == "" || !e.knownResource(strings.TrimSuffix(resource, "/")) {
		writeMSIError(sw, style, 400, "invalid_resource",
			fmt.Sprintf("AADSTS500011: The resource principal named %s was not found in the tenant named %s.", resource, e.cfg.TenantID))
		return
	}
	tok, err := e.mintToken(App{ClientID: mi.ClientID, Roles: mi.Roles}, strings.TrimSuffix(resource, "/"), "2", e.cfg.TokenLifetime)
	if err != nil {
		writeMSIError(sw, style, 500, "server_error", "Token signing failed.")
		return
	}
	e.tokens.Add(1)
	entry.ClientID, entry.ClientAuth, entry.ClientAuthDetail = mi.ClientID, "managed_identity", style
	entry.Audience, entry.TokenID = strings.TrimSuffix(resource, "/"), tokenID(tok)
	t := time.Now()
	expiresOn := strconv.FormatInt(t.Add(e.cfg.TokenLifetime).Unix(), 10)
	body := map[string]any{"access_token": tok, "expires_on": expiresOn, "resource": resource, "token_type": "Bearer"}
	if style == "app_service" {
		body["client_id"] = mi.ClientID
	} else {
		body["expires_in"] = strconv.Itoa(int(e.cfg.TokenLifetime/time.Second) - 1)
		body["not_before"] = strconv.FormatInt(t.Unix(), 10)
		body["refresh_token"] = ""
	}
	writeEntraJSON(sw, 200, body)
}

// writeMSIError answers in the shape of the endpoint style: App Service
// sends statusCode and message, IMDS sends OAuth's error and error_description.
func writeMSIError(w http.ResponseWriter, style string, status int, code, msg string) {
	if style == "app_service" {
		writeEntraJSON(w, status, map[string]any{"statusCode": status, "message": msg})
		return
	}
	writeEntraJSON(w, status, map[string]any{"error": code, "error_description": msg})
}

// managedIdentity picks the identity a request names, or the system one.
func (e *Emulator) managedIdentity(clientID string) (ManagedIdentity, bool) {
	id := &e.ident
	id.mu.RLock()
	defer id.mu.RUnlock()
	key := strings.ToLower(clientID)
	if key == "" {
		key = id.system
	}
	mi, ok := id.msi[key]
	return mi, ok && key != ""
}

func redactedIdentityHeader(h http.Header) http.Header {
	c := redactedHeader(h)
	if c.Get("X-IDENTITY-HEADER") != "" {
		c.Set("X-IDENTITY-HEADER", "<redacted>")
	}
	return c
}

// serveCI answers the OIDC token requests of GitHub Actions
// (GET ...&audience=A, Authorization: Bearer <request token>, answer
// {"value": jwt}) and Azure DevOps (POST ...?api-version=7.1&serviceConnectionId=ID,
// Authorization: Bearer <System.AccessToken>, answer {"oidcToken": jwt}).
func (e *Emulator) serveCI(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	entry := LogEntry{Time: time.Now(), Server: "ci", Host: r.Host, Method: r.Method, Path: r.URL.Path,
		RawQuery: r.URL.RawQuery, Header: redactedHeader(r.Header)}
	defer func() {
		entry.Status = sw.status
		e.addLog(entry)
	}()
	scheme, bearer, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	e.ident.mu.RLock()
	job, ok := e.ident.jobs[strings.TrimSpace(bearer)]
	e.ident.mu.RUnlock()
	if !strings.EqualFold(scheme, "Bearer") || !ok {
		writeEntraJSON(sw, 401, map[string]any{"message": "The request token is missing or not valid for this job."})
		return
	}
	q := r.URL.Query()
	switch r.URL.Path {
	case "/github/idtoken":
		if r.Method != http.MethodGet {
			writeEntraJSON(sw, 405, map[string]any{"message": "Use GET."})
			return
		}
		// GitHub's default audience is the repository owner's URL, which
		// Entra ID rejects: a client must ask for api://AzureADTokenExchange.
		aud := q.Get("audience")
		if aud == "" {
			aud = "https://github.com/emulator"
		}
		tok, err := e.IssueFederatedToken(FederatedToken{Issuer: orDefault(job.Issuer, GitHubIssuer), Subject: job.Subject, Audience: aud})
		if err != nil {
			writeEntraJSON(sw, 500, map[string]any{"message": err.Error()})
			return
		}
		writeEntraJSON(sw, 200, map[string]any{"count": 1, "value": tok})
	case "/ado/oidctoken":
		if r.Method != http.MethodPost {
			writeEntraJSON(sw, 405, map[string]any{"message": "The OIDC token endpoint only accepts POST."})
			return
		}
		if q.Get("api-version") == "" {
			writeEntraJSON(sw, 400, map[string]any{"message": "No api-version was supplied for the POST request."})
			return
		}
		sc := q.Get("serviceConnectionId")
		if sc == "" || !strings.EqualFold(sc, job.ServiceConnectionID) {
			writeEntraJSON(sw, 404, map[string]any{"message": fmt.Sprintf("Service connection '%s' was not found or the pipeline is not authorized to use it.", sc)})
			return
		}
		tok, err := e.IssueFederatedToken(FederatedToken{Issuer: orDefault(job.Issuer, AzureDevOpsIssuer), Subject: job.Subject})
		if err != nil {
			writeEntraJSON(sw, 500, map[string]any{"message": err.Error()})
			return
		}
		writeEntraJSON(sw, 200, map[string]any{"oidcToken": tok})
	default:
		http.NotFound(sw, r)
	}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
