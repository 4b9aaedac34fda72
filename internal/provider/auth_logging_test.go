package provider

import (
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// jwtPattern matches any JSON Web Token: client assertions, OIDC tokens and
// Graph access tokens all are.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// TestAccAuth_traceLogHoldsNoSecrets applies with TF_LOG=TRACE, with a client
// secret, then a password-protected certificate, then an OIDC token, and
// reads everything Terraform and the provider logged: none of the secret,
// the password, the certificate, the OIDC token, a client assertion or a
// bearer token may appear. (It sets the process's TF_LOG: it runs alone.)
func TestAccAuth_traceLogHoldsNoSecrets(t *testing.T) {
	e, clientID := authTest(t)
	cert, key := testCert()
	const issuer, subject = "https://oidc.example.test", "pipeline:logging"
	secret := "log-secret-" + uuid.NewString()
	password := "log-password-" + uuid.NewString()
	e.RegisterApp(emulator.App{ClientID: clientID, Secret: secret, Certificates: []*x509.Certificate{cert},
		Federations: []emulator.Federation{{Issuer: issuer, Subject: subject}}})
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	pfx64 := base64.StdEncoding.EncodeToString(pfx)
	oidcToken, err := e.IssueFederatedToken(emulator.FederatedToken{Issuer: issuer, Subject: subject})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(dir, "%s.log"))
	t.Setenv("TF_LOG_CORE", "")
	t.Setenv("TF_LOG_PROVIDER", "")

	// The credentials come in as variables, as they would from a pipeline's
	// secret store (the test framework logs the configuration text itself, so
	// no literal may stand in it). The variables are not marked sensitive:
	// the provider's schema alone must keep the values out of the log.
	vars := config.Variables{
		"client_secret": config.StringVariable(secret), "certificate": config.StringVariable(pfx64),
		"password": config.StringVariable(password), "oidc_token": config.StringVariable(oidcToken),
	}
	base := fmt.Sprintf("  tenant_id = %q\n  client_id = %q\n", e.Config().TenantID, clientID)
	res := newPfxConfig()
	step := func(body string) resource.TestStep {
		return resource.TestStep{ConfigVariables: vars, Config: fmt.Sprintf(`
variable "client_secret" {}
variable "certificate" {}
variable "password" {}
variable "oidc_token" {}

provider "intune" {
%s%s
}

resource "intune_pfx_recryption_request" "test" {
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = %q
}
`, base, body, res.UserID, res.DeviceID, res.ProfileID, res.Thumbprint)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: withEnv(nil),
		CheckDestroy: afterDestroy(func() error {
			var auths []string
			for _, le := range runOf(e, clientID).issued {
				auths = append(auths, le.ClientAuth)
			}
			if strings.Join(auths, ",") != "client_secret,certificate,federated" {
				return fmt.Errorf("the run authenticated with %v, want the secret, the certificate and the OIDC token in turn", auths)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			step("  client_secret = var.client_secret"),
			step("  client_certificate = var.certificate\n  client_certificate_password = var.password"),
			step("  use_oidc = true\n  oidc_token = var.oidc_token"),
		},
	})

	logs, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no log was written to %s: %v", dir, err)
	}
	var all strings.Builder
	for _, f := range logs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	log := all.String()
	// The capture must hold the provider's and Terraform's trace output, or
	// finding nothing proves nothing.
	for _, want := range []string{"Configured Microsoft Graph client", `auth_method="client secret"`,
		`auth_method="client certificate"`, `auth_method="OIDC token"`, "Graph request", "[TRACE]"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q; the capture did not work", want)
		}
	}
	for name, s := range map[string]string{
		"the client secret": secret, "the certificate password": password,
		"the certificate": pfx64[:40], "the OIDC token": oidcToken,
	} {
		if strings.Contains(log, s) {
			t.Errorf("the TRACE log contains %s", name)
		}
	}
	if m := jwtPattern.FindString(log); m != "" {
		t.Errorf("the TRACE log contains a token (assertion, OIDC or bearer): %.40s...", m)
	}
	t.Logf("checked %d bytes of TRACE log", len(log))
}
