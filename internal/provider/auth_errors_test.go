package provider

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// Authentication that must fail, and how: the method named, with Entra ID's
// AADSTS code and description. Inputs that are missing or contradict each
// other fail when Terraform configures the provider; a credential Entra ID
// rejects fails the first operation that needs a token (here the create),
// before any Graph request is sent.

// expectAuthError plans cfg and expects an error containing every phrase
// (Terraform wraps long lines, so spaces match any whitespace).
func expectAuthError(t *testing.T, providers map[string]func() (tfprotov6.ProviderServer, error), cfg string, phrases ...string) {
	t.Helper()
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`)),
		}},
	})
}

func TestAccAuth_wrongSecret(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID, Secret: "right"})
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id     = %q
  client_id     = %q
  client_secret = "wrong"`, e.Config().TenantID, clientID)),
		"Unable to authenticate to Microsoft Graph, so no request was sent:", "authentication with client secret failed:",
		"AADSTS7000215: Invalid client secret provided", "(invalid_client)")
}

// TestAccAuth_rejectedCredentialAskedOnce plans and applies five resources
// with a secret Entra ID rejects: the plan of new resources needs no token, so
// it asks for none; the apply asks once, and every create reports that one
// failure without a second token request or any Graph request.
func TestAccAuth_rejectedCredentialAskedOnce(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID, Secret: "right"})
	c := newPfxConfig()
	cfg := fmt.Sprintf(`
provider "intune" {
  tenant_id     = %q
  client_id     = %q
  client_secret = "wrong"
}

resource "intune_pfx_recryption_request" "test" {
  count      = 5
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = "${count.index}%s"
}
`, e.Config().TenantID, clientID, c.UserID, c.DeviceID, c.ProfileID, c.Thumbprint)
	tokenRequests := func() (n int) {
		for _, le := range e.Log() {
			if le.Server == "login" && le.Method == http.MethodPost && strings.EqualFold(le.ClientID, clientID) {
				n++
			}
		}
		return n
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: withEnv(nil),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					if n := tokenRequests(); n != 0 {
						t.Errorf("the plan of new resources sent %d token requests, want 0", n)
					}
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`AADSTS7000215`),
			},
		},
	})
	if n := tokenRequests(); n != 1 {
		t.Errorf("%d token requests for the rejected secret, want 1 for the five creates", n)
	}
	if r := runOf(e, clientID); len(r.graph) != 0 {
		t.Errorf("%d Graph requests without a token, want 0", len(r.graph))
	}
}

func TestAccAuth_wrongCertificate(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	registered, _ := testCert()
	e.RegisterApp(emulator.App{ClientID: clientID, Certificates: []*x509.Certificate{registered}})
	cert, key := otherCert()
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id               = %q
  client_id               = %q
  client_certificate_path = %q`, e.Config().TenantID, clientID, writeTempFile(t, "other.pem", certPEM(cert, key)))),
		"authentication with client certificate failed:", "AADSTS700027:", "is not registered on application", "(invalid_client)")
}

func TestAccAuth_expiredAssertion(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	const issuer, subject = "https://oidc.example.test", "pipeline:expired"
	e.RegisterApp(emulator.App{ClientID: clientID, Federations: []emulator.Federation{{Issuer: issuer, Subject: subject}}})
	expired, err := e.IssueFederatedToken(emulator.FederatedToken{Issuer: issuer, Subject: subject, Lifetime: -time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id  = %q
  client_id  = %q
  use_oidc   = true
  oidc_token = %q`, e.Config().TenantID, clientID, expired)),
		"authentication with OIDC token failed:", "AADSTS700024: Client assertion is not within its valid time range")
}

// TestAccAuth_federationMismatch presents a GitHub token for another branch
// than the federation trusts.
func TestAccAuth_federationMismatch(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID, Federations: []emulator.Federation{
		{Issuer: emulator.GitHubIssuer, Subject: "repo:openintune/infra:ref:refs/heads/main"}}})
	requestToken := "gh-" + uuid.NewString()
	e.AddCIJob(emulator.CIJob{RequestToken: requestToken, Subject: "repo:openintune/infra:ref:refs/heads/feature"})
	expectAuthError(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		"ACTIONS_ID_TOKEN_REQUEST_URL": e.GitHubTokenRequestURL(), "ACTIONS_ID_TOKEN_REQUEST_TOKEN": requestToken,
	}), authConfig(""), "authentication with GitHub Actions OIDC failed:", "AADSTS70021: No matching federated identity record found",
		"Assertion Subject: 'repo:openintune/infra:ref:refs/heads/feature'")
}

// TestAccAuth_wrongRequestToken: GitHub refuses the token request itself.
func TestAccAuth_wrongRequestToken(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID})
	expectAuthError(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		"ACTIONS_ID_TOKEN_REQUEST_URL": e.GitHubTokenRequestURL(), "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "not-a-job-token",
	}), authConfig(""), "authentication with GitHub Actions OIDC failed:", "GitHub Actions' token request: HTTP 401")
}

func TestAccAuth_unknownApp(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id     = %q
  client_id     = %q
  client_secret = "anything"`, e.Config().TenantID, clientID)),
		"authentication with client secret failed:", "AADSTS700016: Application with identifier '"+clientID+"' was not found")
}

func TestAccAuth_unknownTenant(t *testing.T) {
	t.Parallel()
	_, clientID := authTest(t)
	tenant := uuid.NewString()
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id     = %q
  client_id     = %q
  client_secret = "anything"`, tenant, clientID)),
		"authentication with client secret failed:", "AADSTS90002: Tenant '"+tenant+"' not found")
}

func TestAccAuth_missingTenant(t *testing.T) {
	t.Parallel()
	_, clientID := authTest(t)
	expectAuthError(t, withEnv(nil), authConfig(fmt.Sprintf(`
  client_id     = %q
  client_secret = "anything"`, clientID)),
		"Unable to configure the Intune provider", "authentication is configured but incomplete:",
		"client secret: needs", "(missing tenant_id (ARM_TENANT_ID))")
}

func TestAccAuth_contradictoryFileAndInline(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	expectAuthError(t, withEnv(map[string]string{
		"ARM_CLIENT_SECRET_FILE_PATH": writeTempFile(t, "secret", "from-the-file"),
	}), authConfig(fmt.Sprintf(`
  tenant_id     = %q
  client_id     = %q
  client_secret = "inline"`, e.Config().TenantID, clientID)),
		"client_secret (ARM_CLIENT_SECRET) and client_secret_file_path (ARM_CLIENT_SECRET_FILE_PATH) are both set and disagree: set only one of them")
}

func TestAccAuth_nothingConfigured(t *testing.T) {
	t.Parallel()
	requireEmulator(t)
	expectAuthError(t, withEnv(nil), authConfig(`  use_cli = false`),
		"no authentication method has all its inputs", "tried in this order:",
		"client certificate: needs", "client secret: needs", "OIDC token: needs", "OIDC token file: needs",
		"HCP Terraform workload identity: needs", "Azure DevOps OIDC: needs", "GitHub Actions OIDC: needs",
		"AKS workload identity: needs", "managed identity: needs", "Azure CLI: needs")
}
