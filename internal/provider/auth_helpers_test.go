package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// Helpers for the authentication acceptance tests. Each test registers its
// own app (or managed identity) in the emulator, so its token requests and
// Graph calls can be told apart in the shared log by client id, and its
// provider settings differ from every other test's: the provider process
// caches one client per settings. Each test gives its provider its own
// environment, so the tests run side by side; only those whose credential
// reads the process environment itself (App Service managed identity, the
// az command on PATH) change it, and run alone.

// authTest prepares an authentication test against the emulator and gives
// it a fresh client id.
func authTest(t *testing.T) (*emulator.Emulator, string) {
	t.Helper()
	requireEmulator(t)
	return testEmulator, uuid.NewString()
}

// withEnv serves a provider whose authentication environment is env alone
// (the process's ARM_* credentials for the emulator do not leak in). The
// endpoints, unless env sets them, come from the process, where TestMain
// points them at the emulator.
func withEnv(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch k {
		case "ARM_ENVIRONMENT", "ARM_GRAPH_ENDPOINT", "ARM_AUTHORITY_HOST":
			return os.Getenv(k)
		}
		return ""
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"intune": providerserver.NewProtocol6WithError(&intuneProvider{version: "test", getenv: getenv}),
	}
}

// authConfig is a provider block with body and one PFX recryption request.
func authConfig(providerBody string) string {
	c := newPfxConfig()
	return fmt.Sprintf(`
provider "intune" {
%s
}

resource "intune_pfx_recryption_request" "test" {
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = %q
}
`, providerBody, c.UserID, c.DeviceID, c.ProfileID, c.Thumbprint)
}

// tokenRun is what the emulator saw of one test run for one client.
type tokenRun struct {
	issued []emulator.LogEntry // successful token issuances (login or msi)
	graph  []emulator.LogEntry // Graph calls made with this client's tokens
}

func runOf(e *emulator.Emulator, clientID string) tokenRun {
	var r tokenRun
	for _, le := range e.Log() {
		switch {
		case (le.Server == "login" || le.Server == "msi") && strings.EqualFold(le.ClientID, clientID) && le.TokenID != "":
			r.issued = append(r.issued, le)
		case le.Server == "graph" && strings.EqualFold(le.AppID, clientID):
			r.graph = append(r.graph, le)
		}
	}
	return r
}

// oneToken checks that exactly one token was issued to clientID, how the
// client authenticated (ClientAuth, and a ClientAuthDetail containing
// detail), for Graph, and that every Graph call of the run carried that
// token: create, reads and delete.
func oneToken(e *emulator.Emulator, clientID, server, auth, detail string) error {
	r := runOf(e, clientID)
	if len(r.issued) != 1 {
		return fmt.Errorf("%d tokens were issued to %s during the run, want 1: %+v", len(r.issued), clientID, r.issued)
	}
	is := r.issued[0]
	if is.Server != server || is.ClientAuth != auth || !strings.Contains(is.ClientAuthDetail, detail) {
		return fmt.Errorf("token issued by %s with %s (%s), want %s with %s (%s)", is.Server, is.ClientAuth, is.ClientAuthDetail, server, auth, detail)
	}
	if server == "login" && is.GrantType != "client_credentials" {
		return fmt.Errorf("grant %q, want client_credentials", is.GrantType)
	}
	if is.Audience != e.GraphURL() {
		return fmt.Errorf("token audience %q, want the Graph root %q", is.Audience, e.GraphURL())
	}
	return sameTokenOnGraph(r.graph, is.TokenID)
}

// sameTokenOnGraph checks that a run made Graph calls, all with one token.
func sameTokenOnGraph(graph []emulator.LogEntry, tokenID string) error {
	methods := map[string]bool{}
	for _, g := range graph {
		if g.TokenID != tokenID {
			return fmt.Errorf("%s %s carried token %s, not the run's token %s", g.Method, g.Path, g.TokenID, tokenID)
		}
		methods[g.Method] = true
	}
	for _, m := range []string{"POST", "GET", "DELETE"} {
		if !methods[m] {
			return fmt.Errorf("no Graph %s was made with the run's token (%d calls)", m, len(graph))
		}
	}
	return nil
}

// afterDestroy runs check once Terraform has destroyed everything, so it
// sees the whole run.
func afterDestroy(check func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return check() }
}

// testCert is one RSA certificate for the run; RSA key generation is slow.
var testCert = sync.OnceValues(func() (*x509.Certificate, *rsa.PrivateKey) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "terraform-provider-intune test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return cert, key
})

// otherCert is a second certificate, never registered on any app.
var otherCert = sync.OnceValues(func() (*x509.Certificate, *rsa.PrivateKey) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "unregistered"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	cert, _ := x509.ParseCertificate(der)
	return cert, key
})

func certPEM(cert *x509.Certificate, key *rsa.PrivateKey) string {
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	return string(append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})...))
}

func thumbprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// tokenIDOf reads the uti claim of an access token the emulator issued.
func tokenIDOf(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		UTI string `json:"uti"`
	}
	if err := json.Unmarshal(payload, &c); err != nil || c.UTI == "" {
		t.Fatalf("no uti in the token: %v", err)
	}
	return c.UTI
}
