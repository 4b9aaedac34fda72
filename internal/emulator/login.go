package emulator

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// App is an application registration in the emulated tenant.
type App struct {
	ClientID string
	Secret   string // "" means the app has no secret
	// Certificates accepted for client assertions (private_key_jwt).
	Certificates []*x509.Certificate
	// Federations are federated identity credentials: tokens from other
	// issuers (GitHub Actions, Azure DevOps, HCP Terraform, Kubernetes)
	// accepted in place of a secret.
	Federations []Federation
	// Roles granted to the app; nil means RoleReadWrite, empty means none.
	Roles []string
}

// RegisterApp adds or replaces an app registration.
func (e *Emulator) RegisterApp(app App) {
	e.appsMu.Lock()
	defer e.appsMu.Unlock()
	app.Certificates = append([]*x509.Certificate(nil), app.Certificates...)
	app.Federations = append([]Federation(nil), app.Federations...)
	if app.Roles != nil {
		app.Roles = append([]string{}, app.Roles...)
	}
	e.apps[strings.ToLower(app.ClientID)] = app
}

func (e *Emulator) app(clientID string) (App, bool) {
	e.appsMu.RLock()
	defer e.appsMu.RUnlock()
	a, ok := e.apps[strings.ToLower(clientID)]
	return a, ok
}

func (e *Emulator) knownTenant(t string) bool { return strings.EqualFold(t, e.cfg.TenantID) }

// entraError is an OAuth error in Entra's shape.
type entraError struct {
	status int
	err    string // OAuth error code
	code   int    // AADSTS number
	desc   string
}

func newEntraError(status int, err string, code int, format string, args ...any) *entraError {
	return &entraError{status: status, err: err, code: code, desc: fmt.Sprintf(format, args...)}
}

func missingParam(name string) *entraError {
	return newEntraError(400, "invalid_request", 900144,
		"The request body must contain the following parameter: '%s'.", name)
}

func (e *Emulator) writeEntraError(w http.ResponseWriter, corr string, ee *entraError) {
	trace := newGUID()
	t := time.Now().UTC()
	ts := t.Format("2006-01-02 15:04:05Z")
	body := struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
		ErrorCodes       []int  `json:"error_codes"`
		Timestamp        string `json:"timestamp"`
		TraceID          string `json:"trace_id"`
		CorrelationID    string `json:"correlation_id"`
		ErrorURI         string `json:"error_uri"`
	}{
		Error: ee.err,
		ErrorDescription: fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
			ee.code, ee.desc, trace, corr, ts),
		ErrorCodes:    []int{ee.code},
		Timestamp:     ts,
		TraceID:       trace,
		CorrelationID: corr,
		ErrorURI:      fmt.Sprintf("%s/error?code=%d", e.authorityURL, ee.code),
	}
	writeEntraJSON(w, ee.status, body)
}

func writeEntraJSON(w http.ResponseWriter, status int, v any) {
	b := marshal(v)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Pragma", "no-cache")
	h.Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b) // a failed write means the client left
}

// serveLogin handles the authority listener.
func (e *Emulator) serveLogin(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	entry := LogEntry{
		Time:     time.Now(),
		Server:   "login",
		Host:     r.Host,
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   redactedHeader(r.Header),
		Body:     redactForm(body),
	}
	defer func() {
		entry.Status = sw.status
		e.addLog(entry)
	}()
	corr := r.Header.Get("client-request-id")
	if corr == "" {
		corr = newGUID()
	}
	sw.Header().Set("x-ms-request-id", newGUID())
	sw.Header().Set("client-request-id", corr)
	sw.Header().Set("x-ms-ests-server", "emulator")

	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(seg) == 4 && seg[1] == "v2.0" && seg[2] == ".well-known" && seg[3] == "openid-configuration":
		e.serveOpenIDConfig(sw, e.authorityFor(r), seg[0], corr)
	case len(seg) == 4 && seg[1] == "oauth2" && seg[2] == "v2.0" && seg[3] == "token":
		e.serveToken(sw, r, seg[0], body, corr, &entry)
	case len(seg) == 4 && seg[1] == "discovery" && seg[2] == "v2.0" && seg[3] == "keys":
		writeEntraJSON(sw, 200, e.jwks())
	case len(seg) == 3 && seg[0] == "common" && seg[1] == "discovery" && seg[2] == "instance":
		e.serveInstanceDiscovery(sw, e.authorityFor(r))
	default:
		http.NotFound(sw, r)
	}
}

// redactForm hides credentials in a logged token request.
func redactForm(body []byte) []byte {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return body
	}
	changed := false
	for _, k := range []string{"client_secret", "client_assertion", "assertion"} {
		if v.Has(k) {
			v.Set(k, "<redacted>")
			changed = true
		}
	}
	if !changed {
		return body
	}
	return []byte(v.Encode())
}

// authorityFor is the authority a request addressed: a national cloud's host
// name routed here by a proxy (one of Config.ExtraHosts), else the listener's
// own URL. Discovery documents and assertion audiences name it.
func (e *Emulator) authorityFor(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	for _, x := range e.cfg.ExtraHosts {
		if strings.EqualFold(x, host) {
			return "https://" + strings.ToLower(r.Host)
		}
	}
	return e.authorityURL
}

func (e *Emulator) serveOpenIDConfig(w http.ResponseWriter, authority, tenant, corr string) {
	if !e.knownTenant(tenant) {
		e.writeEntraError(w, corr, newEntraError(400, "invalid_tenant", 90002,
			"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", tenant))
		return
	}
	base := authority + "/" + e.cfg.TenantID
	writeEntraJSON(w, 200, map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                base + "/v2.0",
		"request_uri_parameter_supported":       false,
		"userinfo_endpoint":                     e.graphURL + "/oidc/userinfo",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"},
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "emulator",
		"msgraph_host":                          strings.TrimPrefix(e.graphURL, "https://"),
	})
}

// serveInstanceDiscovery answers MSAL's instance discovery for this host.
func (e *Emulator) serveInstanceDiscovery(w http.ResponseWriter, authority string) {
	host := strings.TrimPrefix(authority, "https://")
	writeEntraJSON(w, 200, map[string]any{
		"tenant_discovery_endpoint": authority + "/" + e.cfg.TenantID + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{
			"preferred_network": host,
			"preferred_cache":   host,
			"aliases":           []string{host},
		}},
	})
}

// tokenRequest is a parsed request to the token endpoint.
type tokenRequest struct {
	tenant       string
	authority    string // the authority host the client addressed
	form         url.Values
	grantType    string
	clientID     string
	clientSecret string
}

// issued is what a grant produces.
type issued struct {
	app      App
	audience string
	acr      string // appidacr: 1 secret, 2 certificate or federated
	auth     string // how the client authenticated, for the log
	detail   string
}

// tokenGrants maps grant_type to its handler; other grants (on-behalf-of,
// federated credentials) plug in here.
var tokenGrants = map[string]func(*Emulator, *tokenRequest) (*issued, *entraError){
	"client_credentials": (*Emulator).grantClientCredentials,
}

const jwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

func (e *Emulator) serveToken(w http.ResponseWriter, r *http.Request, tenant string, body []byte, corr string, entry *LogEntry) {
	if r.Method != http.MethodPost {
		e.writeEntraError(w, corr, newEntraError(400, "invalid_request", 900561,
			"The endpoint only accepts POST, OPTIONS requests. Received a %s request.", r.Method))
		return
	}
	if !e.knownTenant(tenant) {
		e.writeEntraError(w, corr, newEntraError(400, "invalid_request", 90002,
			"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", tenant))
		return
	}
	form := url.Values{}
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		var err error
		if form, err = url.ParseQuery(string(body)); err != nil {
			e.writeEntraError(w, corr, newEntraError(400, "invalid_request", 900144, "The request body is not a valid form."))
			return
		}
	}
	tr := &tokenRequest{
		tenant:       tenant,
		authority:    e.authorityFor(r),
		form:         form,
		grantType:    form.Get("grant_type"),
		clientID:     form.Get("client_id"),
		clientSecret: form.Get("client_secret"),
	}
	// client_secret_basic
	if id, secret, ok := r.BasicAuth(); ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		if tr.clientID == "" {
			tr.clientID = id
		}
		tr.clientSecret = secret
	}
	entry.GrantType, entry.ClientID = tr.grantType, tr.clientID

	if tr.grantType == "" {
		e.writeEntraError(w, corr, missingParam("grant_type"))
		return
	}
	grant, ok := tokenGrants[tr.grantType]
	if !ok {
		e.writeEntraError(w, corr, newEntraError(400, "unsupported_grant_type", 70003,
			"The app requested an unsupported grant type '%s'.", tr.grantType))
		return
	}
	is, ee := grant(e, tr)
	if ee != nil {
		e.writeEntraError(w, corr, ee)
		return
	}
	tok, err := e.mintToken(is.app, is.audience, is.acr, e.cfg.TokenLifetime)
	if err != nil {
		e.writeEntraError(w, corr, newEntraError(500, "server_error", 90100, "Token signing failed."))
		return
	}
	e.tokens.Add(1)
	entry.ClientAuth, entry.ClientAuthDetail, entry.Audience = is.auth, is.detail, is.audience
	entry.TokenID = tokenID(tok)
	expires := int(e.cfg.TokenLifetime/time.Second) - 1
	writeEntraJSON(w, 200, struct {
		TokenType    string `json:"token_type"`
		ExpiresIn    int    `json:"expires_in"`
		ExtExpiresIn int    `json:"ext_expires_in"`
		AccessToken  string `json:"access_token"`
	}{"Bearer", expires, expires, tok})
}

// grantClientCredentials is the app-only flow, with a secret or a signed
// client assertion.
func (e *Emulator) grantClientCredentials(tr *tokenRequest) (*issued, *entraError) {
	if tr.clientID == "" {
		return nil, missingParam("client_id")
	}
	app, ok := e.app(tr.clientID)
	if !ok {
		return nil, newEntraError(400, "unauthorized_client", 700016,
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
			tr.clientID, tr.tenant)
	}
	audience, ee := e.resolveScope(tr.form.Get("scope"))
	if ee != nil {
		return nil, ee
	}
	is, ee := e.authenticateClient(app, tr)
	if ee != nil {
		return nil, ee
	}
	is.app, is.audience = app, audience
	return is, nil
}

// authenticateClient checks the client's credential: a secret, a certificate
// assertion (signed by the app itself: iss = client id) or a federated token
// (signed by another issuer).
func (e *Emulator) authenticateClient(app App, tr *tokenRequest) (*issued, *entraError) {
	at, assertion := tr.form.Get("client_assertion_type"), tr.form.Get("client_assertion")
	switch {
	case at != "" || assertion != "":
		if at != jwtBearerAssertion {
			return nil, newEntraError(400, "invalid_request", 50027,
				"Invalid client_assertion_type '%s'; expected '%s'.", at, jwtBearerAssertion)
		}
		if assertion == "" {
			return nil, missingParam("client_assertion")
		}
		if !selfSigned(assertion, app.ClientID) {
			detail, ee := e.verifyFederatedAssertion(app, assertion)
			if ee != nil {
				return nil, ee
			}
			return &issued{acr: "2", auth: "federated", detail: detail}, nil
		}
		thumbprint, ee := e.verifyClientAssertion(app, tr, assertion)
		if ee != nil {
			return nil, ee
		}
		return &issued{acr: "2", auth: "certificate", detail: thumbprint}, nil
	case tr.clientSecret != "":
		if app.Secret == "" || subtle.ConstantTimeCompare([]byte(app.Secret), []byte(tr.clientSecret)) != 1 {
			return nil, newEntraError(401, "invalid_client", 7000215,
				"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", app.ClientID)
		}
		return &issued{acr: "1", auth: "client_secret"}, nil
	default:
		return nil, newEntraError(401, "invalid_client", 7000216,
			"'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
	}
}

// resolveScope checks a client-credentials scope and returns the audience.
func (e *Emulator) resolveScope(scope string) (string, *entraError) {
	fields := strings.Fields(scope)
	if len(fields) == 0 {
		return "", missingParam("scope")
	}
	var resources []string
	for _, f := range fields {
		switch {
		case f == "openid" || f == "offline_access" || f == "profile" || f == "email":
		case strings.HasSuffix(f, "/.default"):
			resources = append(resources, strings.TrimSuffix(f, "/.default"))
		default:
			return "", newEntraError(400, "invalid_scope", 1002012,
				"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", f)
		}
	}
	switch len(resources) {
	case 0:
		return "", newEntraError(400, "invalid_scope", 1002012,
			"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)
	case 1:
	default:
		return "", newEntraError(400, "invalid_scope", 28000,
			"Provided value for the input parameter scope is not valid because it contains more than one resource. Scope %s is not valid.", scope)
	}
	res := resources[0]
	if !e.knownResource(res) {
		return "", newEntraError(400, "invalid_resource", 500011,
			"The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
			res, e.cfg.TenantID)
	}
	return res, nil
}

// knownResource reports whether a resource names this emulator's Graph.
func (e *Emulator) knownResource(res string) bool {
	if res == graphAppID {
		return true
	}
	u, err := url.Parse(res)
	if err != nil || u.Scheme != "https" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return false
	}
	return e.audiences[hostKey(u.Host)]
}

// verifyClientAssertion checks a certificate-signed client assertion and
// returns the certificate's SHA-256 thumbprint.
func (e *Emulator) verifyClientAssertion(app App, tr *tokenRequest, assertion string) (string, *entraError) {
	var h struct {
		Alg     string `json:"alg"`
		X5t     string `json:"x5t"`
		X5tS256 string `json:"x5t#S256"`
	}
	var c struct {
		Aud audience `json:"aud"`
		Iss string   `json:"iss"`
		Sub string   `json:"sub"`
		Exp int64    `json:"exp"`
		Nbf int64    `json:"nbf"`
	}
	signing, sig, err := parseJWT(assertion, &h, &c)
	if err != nil {
		return "", newEntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.")
	}
	cert := findCertificate(app.Certificates, h.X5t, h.X5tS256)
	if cert == nil {
		return "", newEntraError(401, "invalid_client", 700027,
			"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '%s%s']", h.X5t, h.X5tS256)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return "", newEntraError(401, "invalid_client", 700027, "Client assertion failed signature validation. Only RSA keys are supported.")
	}
	sum := sha256.Sum256([]byte(signing))
	switch h.Alg {
	case "PS256":
		err = rsa.VerifyPSS(pub, crypto.SHA256, sum[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
	case "RS256":
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
	default:
		err = fmt.Errorf("unsupported alg %q", h.Alg)
	}
	if err != nil {
		return "", newEntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.")
	}
	if !strings.EqualFold(c.Iss, app.ClientID) || !strings.EqualFold(c.Sub, app.ClientID) {
		return "", newEntraError(400, "invalid_client", 700021,
			"Client assertion application identifier doesn't match 'client_id' parameter.")
	}
	endpoints := []string{
		tr.authority + "/" + tr.tenant + "/oauth2/v2.0/token",
		tr.authority + "/" + tr.tenant + "/oauth2/token",
	}
	if !c.Aud.matchesAny(endpoints) {
		return "", newEntraError(400, "invalid_client", 700212,
			"The audience of the client assertion (%s) is not the token endpoint %s.", strings.Join(c.Aud, ","), endpoints[0])
	}
	t := time.Now().Unix()
	if c.Exp == 0 || t > c.Exp || c.Nbf > t+300 {
		return "", newEntraError(400, "invalid_client", 700024,
			"Client assertion is not within its valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s.",
			time.Unix(t, 0).UTC().Format(time.RFC3339), time.Unix(c.Nbf, 0).UTC().Format(time.RFC3339), time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))
	}
	sum256 := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum256[:]), nil
}

// audience is a JWT aud claim, a string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = audience{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	*a = l
	return nil
}

func (a audience) matchesAny(want []string) bool {
	for _, x := range a {
		for _, w := range want {
			if strings.EqualFold(strings.TrimSuffix(x, "/"), w) {
				return true
			}
		}
	}
	return false
}

// findCertificate picks the certificate a JWS header's thumbprint names.
func findCertificate(certs []*x509.Certificate, x5t, x5tS256 string) *x509.Certificate {
	for _, c := range certs {
		s1 := sha1.Sum(c.Raw)
		s256 := sha256.Sum256(c.Raw)
		if x5tS256 != "" && bytes.Equal(decodeB64(x5tS256), s256[:]) {
			return c
		}
		if x5t != "" && bytes.Equal(decodeB64(x5t), s1[:]) {
			return c
		}
	}
	return nil
}

// decodeB64 accepts base64 with either alphabet, padded or not.
func decodeB64(s string) []byte {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b
	}
	b, _ := base64.RawStdEncoding.DecodeString(s)
	return b
}
