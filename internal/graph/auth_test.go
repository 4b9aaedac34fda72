package graph

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"software.sslmate.com/src/go-pkcs12"
)

const (
	testTenant = "00000000-0000-0000-0000-0000000000aa"
	testClient = "00000000-0000-0000-0000-0000000000bb"
)

var (
	testKeyOnce sync.Once
	testKey     *rsa.PrivateKey
	testCert    *x509.Certificate
)

// testCertificate returns one self-signed RSA certificate and key per run.
func testCertificate(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	testKeyOnce.Do(func() {
		testKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "intune-provider-test"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
		der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &testKey.PublicKey, testKey)
		testCert, _ = x509.ParseCertificate(der)
	})
	if testCert == nil {
		t.Fatal("could not make a test certificate")
	}
	return testCert, testKey
}

func pemBundle(t *testing.T) []byte {
	cert, key := testCertificate(t)
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
}

func pfx(t *testing.T, enc *pkcs12.Encoder, password string) []byte {
	cert, key := testCertificate(t)
	b, err := enc.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pathWithAz puts a stand-in az command on PATH, or none.
func pathWithAz(t *testing.T, withAz bool) {
	dir := t.TempDir()
	if withAz {
		if err := os.WriteFile(filepath.Join(dir, "az"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
}

func TestMethodSelection(t *testing.T) {
	// Managed identity must not find an App Service endpoint from the machine.
	t.Setenv("IDENTITY_ENDPOINT", "")
	t.Setenv("IDENTITY_HEADER", "")
	certFile := writeFile(t, "cert.pem", pemBundle(t))
	tokenFile := writeFile(t, "token", []byte("eyJ.token.file"))
	app := AuthSettings{TenantID: testTenant, ClientID: testClient, UseCLI: true}
	with := func(f func(*AuthSettings)) AuthSettings {
		s := app
		f(&s)
		return s
	}
	cases := []struct {
		name   string
		s      AuthSettings
		az     bool
		method string // "" means an error containing every want
		want   []string
	}{
		{"secret", with(func(s *AuthSettings) { s.ClientSecret = "x" }), true, "client secret", nil},
		{"certificate before secret", with(func(s *AuthSettings) { s.ClientSecret = "x"; s.ClientCertificatePath = certFile }), true, "client certificate", nil},
		{"secret before OIDC", with(func(s *AuthSettings) { s.ClientSecret = "x"; s.UseOIDC = true; s.OIDCToken = "t" }), true, "client secret", nil},
		{"OIDC token", with(func(s *AuthSettings) {
			s.UseOIDC = true
			s.OIDCToken = "eyJ.token.file"
			s.OIDCTokenFilePath = tokenFile
		}), true, "OIDC token", nil},
		{"OIDC token file", with(func(s *AuthSettings) { s.UseOIDC = true; s.OIDCTokenFilePath = tokenFile }), true, "OIDC token file", nil},
		{"HCP Terraform", with(func(s *AuthSettings) {
			s.UseOIDC = true
			s.TFCWorkloadIdentityToken = "t"
			s.OIDCRequestURL = "https://x"
			s.OIDCRequestToken = "r"
		}), true, "HCP Terraform workload identity", nil},
		{"Azure DevOps", with(func(s *AuthSettings) {
			s.UseOIDC = true
			s.ADOServiceConnectionID = "sc"
			s.OIDCRequestURL = "https://x"
			s.OIDCRequestToken = "r"
		}), true, "Azure DevOps OIDC", nil},
		{"GitHub Actions", with(func(s *AuthSettings) { s.UseOIDC = true; s.OIDCRequestURL = "https://x"; s.OIDCRequestToken = "r" }), true, "GitHub Actions OIDC", nil},
		{"OIDC token without use_oidc", with(func(s *AuthSettings) { s.OIDCToken = "t" }), true, "Azure CLI", nil},
		{"AKS", with(func(s *AuthSettings) { s.UseAKSWorkloadIdentity = true; s.FederatedTokenFile = tokenFile }), true, "AKS workload identity", nil},
		{"managed identity", AuthSettings{UseMSI: true, UseCLI: true}, true, "managed identity", nil},
		{"managed identity with endpoint", AuthSettings{UseMSI: true, MSIEndpoint: "http://127.0.0.1:1/token"}, false, "managed identity", nil},
		{"CLI", AuthSettings{UseCLI: true}, true, "Azure CLI", nil},
		{"CLI in a tenant", AuthSettings{TenantID: testTenant, UseCLI: true}, true, "Azure CLI", nil},
		{"nothing", AuthSettings{UseCLI: true}, false, "", []string{
			"no authentication method has all its inputs",
			"client certificate: needs tenant_id (ARM_TENANT_ID); client_id (ARM_CLIENT_ID) or client_id_file_path (ARM_CLIENT_ID_FILE_PATH); client_certificate (ARM_CLIENT_CERTIFICATE) or client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)",
			"client secret: needs", "OIDC token: needs use_oidc = true (ARM_USE_OIDC)", "OIDC token file:", "TFC_WORKLOAD_IDENTITY_TOKEN",
			"Azure DevOps OIDC: needs", "SYSTEM_OIDCREQUESTURI", "GitHub Actions OIDC:", "AZURE_FEDERATED_TOKEN_FILE",
			"managed identity: needs use_msi = true (ARM_USE_MSI)", "Azure CLI: needs use_cli = true (ARM_USE_CLI, the default); the az command on PATH",
			"(missing the az command on PATH, logged in with az login)"}},
		{"CLI turned off", AuthSettings{}, true, "", []string{"no authentication method has all its inputs"}},
		{"secret without tenant", AuthSettings{ClientID: testClient, ClientSecret: "x", UseCLI: true}, true, "", []string{
			"authentication is configured but incomplete", "client secret: needs", "(missing tenant_id (ARM_TENANT_ID))"}},
		{"certificate without client", AuthSettings{TenantID: testTenant, ClientCertificatePath: certFile, UseCLI: true}, true, "", []string{
			"client certificate", "(missing client_id (ARM_CLIENT_ID) or client_id_file_path (ARM_CLIENT_ID_FILE_PATH))"}},
		{"use_oidc without a token", with(func(s *AuthSettings) { s.UseOIDC = true }), true, "", []string{
			"configured but incomplete", "OIDC token: needs", "missing oidc_token (ARM_OIDC_TOKEN)", "GitHub Actions OIDC"}},
		{"AKS without token file", with(func(s *AuthSettings) { s.UseAKSWorkloadIdentity = true }), true, "", []string{
			"AKS workload identity", "missing AZURE_FEDERATED_TOKEN_FILE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pathWithAz(t, tc.az)
			cred, method, err := newCredential(tc.s, clouds["global"])
			if tc.method != "" {
				if err != nil || method != tc.method || cred == nil {
					t.Fatalf("got %q, %v; want %q", method, err, tc.method)
				}
				return
			}
			if err == nil {
				t.Fatalf("got method %q, want an error", method)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestAuthFiles(t *testing.T) {
	pathWithAz(t, false)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clientFile := write("client", testClient+"\n")
	secretFile := write("secret", " s3cret\n")
	pfxBytes := pfx(t, pkcs12.Modern, "pw")
	pfxFile := writeFile(t, "cert.pfx", pfxBytes)
	base := AuthSettings{TenantID: testTenant}
	cases := []struct {
		name    string
		s       AuthSettings
		wantErr string
		check   func(AuthSettings) bool
	}{
		{"client id and secret from files", AuthSettings{ClientIDFilePath: clientFile, ClientSecretFilePath: secretFile}, "",
			func(s AuthSettings) bool { return s.ClientID == testClient && s.ClientSecret == "s3cret" }},
		{"file agrees with inline", AuthSettings{ClientID: testClient, ClientIDFilePath: clientFile, ClientSecret: "s3cret", ClientSecretFilePath: secretFile}, "",
			func(s AuthSettings) bool { return s.ClientSecret == "s3cret" }},
		{"client id disagrees", AuthSettings{ClientID: "other", ClientIDFilePath: clientFile}, "client_id (ARM_CLIENT_ID) and client_id_file_path (ARM_CLIENT_ID_FILE_PATH) are both set and disagree", nil},
		{"secret disagrees", AuthSettings{ClientSecret: "other", ClientSecretFilePath: secretFile}, "client_secret (ARM_CLIENT_SECRET) and client_secret_file_path (ARM_CLIENT_SECRET_FILE_PATH) are both set and disagree", nil},
		{"oidc token disagrees", AuthSettings{OIDCToken: "a", OIDCTokenFilePath: write("tok", "b")}, "oidc_token (ARM_OIDC_TOKEN) and oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH) are both set and disagree", nil},
		{"certificate agrees", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfxBytes), ClientCertificatePath: pfxFile}, "", func(AuthSettings) bool { return true }},
		{"certificate disagrees", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.LegacyDES, "pw")), ClientCertificatePath: pfxFile},
			"client_certificate (ARM_CLIENT_CERTIFICATE) and client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH) are both set and disagree", nil},
		{"certificate not base64", AuthSettings{ClientCertificate: "%%%", ClientCertificatePath: pfxFile}, "client_certificate (ARM_CLIENT_CERTIFICATE) is not base64", nil},
		{"missing file", AuthSettings{ClientSecretFilePath: filepath.Join(dir, "nope")}, "reading client_secret_file_path (ARM_CLIENT_SECRET_FILE_PATH)", nil},
		{"empty file", AuthSettings{ClientIDFilePath: write("empty", "\n")}, "client_id_file_path (ARM_CLIENT_ID_FILE_PATH) names the empty file", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.s.TenantID = base.TenantID
			got, err := readAuthFiles(tc.s)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Fatalf("the error shows the secret: %v", err)
				}
				return
			}
			if err != nil || !tc.check(got) {
				t.Fatalf("%+v, %v", got, err)
			}
		})
	}
}

func TestCertificateFormats(t *testing.T) {
	cert, _ := testCertificate(t)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	ecDER, _ := x509.CreateCertificate(rand.Reader, ecTmpl, ecTmpl, &ecKey.PublicKey, ecKey)
	ecCert, _ := x509.ParseCertificate(ecDER)
	ecPFX, _ := pkcs12.Modern.Encode(ecKey, ecCert, nil, "pw")
	cases := []struct {
		name     string
		s        AuthSettings
		wantErr  string
		wantCert *x509.Certificate
	}{
		{"PEM path", AuthSettings{ClientCertificatePath: writeFile(t, "c.pem", pemBundle(t))}, "", cert},
		{"legacy PKCS#12 path", AuthSettings{ClientCertificatePath: writeFile(t, "legacy.pfx", pfx(t, pkcs12.LegacyDES, "pw")), ClientCertificatePassword: "pw"}, "", cert},
		{"legacy RC2 PKCS#12 inline", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.LegacyRC2, "pw")), ClientCertificatePassword: "pw"}, "", cert},
		{"AES PKCS#12 inline", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.Modern, "pw")), ClientCertificatePassword: "pw"}, "", cert},
		{"PKCS#12 without password", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.Modern, "")), ClientCertificatePassword: ""}, "", cert},
		{"wrong password", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.Modern, "pw")), ClientCertificatePassword: "nope"},
			"client_certificate_password (ARM_CLIENT_CERTIFICATE_PASSWORD) does not open the PKCS#12 file", nil},
		{"password missing", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(pfx(t, pkcs12.Modern, "pw"))},
			"protected by a password: set client_certificate_password", nil},
		{"EC key", AuthSettings{ClientCertificate: base64.StdEncoding.EncodeToString(ecPFX), ClientCertificatePassword: "pw"}, "accepts only RSA keys", nil},
		{"garbage", AuthSettings{ClientCertificatePath: writeFile(t, "x", []byte("not a certificate"))}, "client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH): not a PKCS#12 file or PEM certificate", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			certs, key, err := loadCertificate(tc.s)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if tc.s.ClientCertificatePassword != "" && strings.Contains(err.Error(), tc.s.ClientCertificatePassword) {
					t.Fatalf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(certs) == 0 || !certs[0].Equal(tc.wantCert) || key == nil {
				t.Fatalf("got %d certificates, key %T", len(certs), key)
			}
		})
	}
}

// countingCredential hands out numbered tokens and counts requests. When
// started is set, each request sends on it as it begins; when hold is set,
// each request then waits until hold is closed or its caller's context ends,
// so that tests decide the order of events instead of sleeping.
type countingCredential struct {
	calls    atomic.Int32
	lifetime time.Duration
	err      error
	started  chan struct{}
	hold     chan struct{}
}

func (c *countingCredential) GetToken(ctx context.Context, _ policy.TokenRequestOptions) (azcore.AccessToken, error) {
	n := c.calls.Add(1)
	if c.started != nil {
		c.started <- struct{}{}
	}
	if c.hold != nil {
		select {
		case <-c.hold:
		case <-ctx.Done():
			return azcore.AccessToken{}, ctx.Err()
		}
	}
	if c.err != nil {
		return azcore.AccessToken{}, c.err
	}
	return azcore.AccessToken{Token: "token-" + string('0'+n), ExpiresOn: time.Now().Add(c.lifetime)}, nil
}

// heldCredential is a countingCredential whose requests wait for release.
func heldCredential(lifetime time.Duration, err error) (c *countingCredential, release func()) {
	c = &countingCredential{lifetime: lifetime, err: err, started: make(chan struct{}, 16), hold: make(chan struct{})}
	return c, sync.OnceFunc(func() { close(c.hold) })
}

// callConcurrently calls n.GetToken from ten goroutines while the first token
// request is held, and releases it once every goroutine has been started.
func callConcurrently(t *testing.T, n *namedCredential, inner *countingCredential, release func(), check func(azcore.AccessToken, error)) {
	t.Helper()
	opts := policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			check(n.GetToken(context.Background(), opts))
		}()
	}
	<-inner.started // one caller holds the lock and is asking; the others queue behind it
	release()
	wg.Wait()
}

func TestTokenCache(t *testing.T) {
	opts := policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}
	t.Run("one token for concurrent callers", func(t *testing.T) {
		inner, release := heldCredential(time.Hour, nil)
		n := newNamedCredential("test", inner)
		callConcurrently(t, n, inner, release, func(tok azcore.AccessToken, err error) {
			if err != nil || tok.Token != "token-1" {
				t.Errorf("%v %v", tok.Token, err)
			}
		})
		if got := inner.calls.Load(); got != 1 {
			t.Fatalf("%d token requests, want 1", got)
		}
	})
	t.Run("renewed near expiry", func(t *testing.T) {
		inner := &countingCredential{lifetime: 4 * time.Minute}
		n := newNamedCredential("test", inner)
		for range 2 {
			if _, err := n.GetToken(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
		}
		if got := inner.calls.Load(); got != 2 {
			t.Fatalf("%d token requests, want 2 (a token within five minutes of expiry is renewed)", got)
		}
	})
	t.Run("claims challenge bypasses the cache", func(t *testing.T) {
		inner := &countingCredential{lifetime: time.Hour}
		n := newNamedCredential("test", inner)
		if _, err := n.GetToken(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		challenged := opts
		challenged.Claims = `{"access_token":{"nbf":{"essential":true,"value":"1"}}}`
		if _, err := n.GetToken(context.Background(), challenged); err != nil {
			t.Fatal(err)
		}
		if got := inner.calls.Load(); got != 2 {
			t.Fatalf("%d token requests, want 2", got)
		}
	})
	t.Run("a passing failure is not held", func(t *testing.T) {
		for _, err := range []error{
			errors.New("dial tcp: connection refused"),
			&AuthError{Code: "temporarily_unavailable", Description: "AADSTS90033: A transient error has occurred"},
		} {
			inner := &countingCredential{err: err, lifetime: time.Hour}
			n := newNamedCredential("client secret", inner)
			if _, gerr := n.GetToken(context.Background(), opts); gerr == nil {
				t.Fatal("want the failure")
			}
			inner.err = nil
			if _, gerr := n.GetToken(context.Background(), opts); gerr != nil {
				t.Fatalf("after %v, the next caller got %v; want it to ask again and succeed", err, gerr)
			}
			if got := inner.calls.Load(); got != 2 {
				t.Fatalf("%d token requests, want 2", got)
			}
		}
	})
	t.Run("errors name the method and a rejection is held for a while", func(t *testing.T) {
		inner, release := heldCredential(0, &AuthError{Code: "invalid_client", Description: "boom", Rejected: true})
		n := newNamedCredential("client secret", inner)
		callConcurrently(t, n, inner, release, func(_ azcore.AccessToken, err error) {
			var ae *AuthError
			if !errors.As(err, &ae) || ae.Method != "client secret" || err.Error() != "authentication with client secret failed: boom (invalid_client)" {
				t.Errorf("%v", err)
			}
		})
		if got := inner.calls.Load(); got != 1 {
			t.Fatalf("%d token requests from 10 callers, want 1: the failure answers the callers after it", got)
		}
		n.failedAt = n.failedAt.Add(-failureHold)
		if _, err := n.GetToken(context.Background(), opts); err == nil {
			t.Fatal("the call after the hold succeeded; want the error again")
		}
		if got := inner.calls.Load(); got != 2 {
			t.Fatalf("%d token requests, want 2: a failure older than the hold is asked again", got)
		}
		inner.err = nil
		n.failedAt = n.failedAt.Add(-failureHold)
		if _, err := n.GetToken(context.Background(), opts); err != nil {
			t.Fatalf("after the hold, with the credential fixed: %v", err)
		}
	})
	t.Run("a failure cut short by the caller's context is not held", func(t *testing.T) {
		inner, release := heldCredential(time.Hour, nil)
		n := newNamedCredential("test", inner)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-inner.started; cancel() }()
		if _, err := n.GetToken(ctx, opts); err == nil {
			t.Fatal("want the error of the cancelled request")
		}
		release()
		if _, err := n.GetToken(context.Background(), opts); err != nil {
			t.Fatalf("the next caller got %v; want a token", err)
		}
		if got := inner.calls.Load(); got != 2 {
			t.Fatalf("%d token requests, want 2", got)
		}
	})
	t.Run("a waiting caller honours its context", func(t *testing.T) {
		inner, release := heldCredential(time.Hour, nil)
		defer release()
		n := newNamedCredential("test", inner)
		first := make(chan error, 1)
		go func() { _, err := n.GetToken(context.Background(), opts); first <- err }()
		<-inner.started // the first caller holds the lock until release
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := n.GetToken(ctx, opts); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want the waiting caller's cancellation", err)
		}
		if got := inner.calls.Load(); got != 1 {
			t.Fatalf("%d token requests, want 1: the waiting caller must not ask", got)
		}
		release()
		if err := <-first; err != nil {
			t.Fatalf("the first caller: %v", err)
		}
	})
}

func TestAuthErrorText(t *testing.T) {
	opts := policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}}
	for in, want := range map[string]string{
		"ClientAssertionCredential: GitHub Actions' token request: HTTP 401": "authentication with m failed: GitHub Actions' token request: HTTP 401",
		"no such file\nPOST https://login...\n--- RESPONSE":                  "authentication with m failed: no such file",
		"open /x: no such file: Credential: x":                               "authentication with m failed: open /x: no such file: Credential: x",
	} {
		_, err := newNamedCredential("m", &countingCredential{err: errors.New(in)}).GetToken(context.Background(), opts)
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
}
