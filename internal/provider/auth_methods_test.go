package provider

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// One acceptance test per authentication method: the real CLI applies and
// destroys a resource, and the emulator's log shows how the client proved
// itself, that one token was issued, and that this token served every Graph
// call of the run.

// applyAndDestroy runs one create/destroy cycle and then check.
func applyAndDestroy(t *testing.T, providers map[string]func() (tfprotov6.ProviderServer, error), cfg string, check func() error) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providers,
		CheckDestroy:             afterDestroy(check),
		Steps:                    []resource.TestStep{{Config: cfg}},
	})
}

func TestAccAuth_clientSecret(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID, Secret: "secret-" + clientID})
	applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id     = %q
  client_id     = %q
  client_secret = %q`, e.Config().TenantID, clientID, "secret-"+clientID)),
		func() error { return oneToken(e, clientID, "login", "client_secret", "") })
}

// TestAccAuth_clientSecretFiles reads the client id and the secret from the
// files the environment names.
func TestAccAuth_clientSecretFiles(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID, Secret: "secret-" + clientID})
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_TENANT_ID":               e.Config().TenantID,
		"ARM_CLIENT_ID_FILE_PATH":     writeTempFile(t, "client_id", clientID+"\n"),
		"ARM_CLIENT_SECRET_FILE_PATH": writeTempFile(t, "secret", "secret-"+clientID+"\n"),
	}), authConfig(""), func() error { return oneToken(e, clientID, "login", "client_secret", "") })
}

func TestAccAuth_clientCertificatePEM(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	cert, key := testCert()
	e.RegisterApp(emulator.App{ClientID: clientID, Certificates: []*x509.Certificate{cert}})
	applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id               = %q
  client_id               = %q
  client_certificate_path = %q`, e.Config().TenantID, clientID, writeTempFile(t, "cert.pem", certPEM(cert, key)))),
		func() error { return oneToken(e, clientID, "login", "certificate", thumbprint(cert)) })
}

// TestAccAuth_clientCertificatePKCS12 passes an AES-256 PKCS#12 bundle inline,
// as current Windows, Key Vault and OpenSSL 3 export it.
func TestAccAuth_clientCertificatePKCS12(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	cert, key := testCert()
	e.RegisterApp(emulator.App{ClientID: clientID, Certificates: []*x509.Certificate{cert}})
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, "pfx-password")
	if err != nil {
		t.Fatal(err)
	}
	applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id                   = %q
  client_id                   = %q
  client_certificate          = %q
  client_certificate_password = "pfx-password"`, e.Config().TenantID, clientID, base64.StdEncoding.EncodeToString(pfx))),
		func() error { return oneToken(e, clientID, "login", "certificate", thumbprint(cert)) })
}

// federatedApp registers an app that trusts issuer's tokens about subject,
// and returns such a token.
func federatedApp(t *testing.T, e *emulator.Emulator, clientID, issuer, subject string) string {
	t.Helper()
	e.RegisterApp(emulator.App{ClientID: clientID, Federations: []emulator.Federation{{Issuer: issuer, Subject: subject}}})
	tok, err := e.IssueFederatedToken(emulator.FederatedToken{Issuer: issuer, Subject: subject})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestAccAuth_oidcToken(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	const issuer, subject = "https://oidc.example.test", "pipeline:deploy"
	tok := federatedApp(t, e, clientID, issuer, subject)
	applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  tenant_id  = %q
  client_id  = %q
  use_oidc   = true
  oidc_token = %q`, e.Config().TenantID, clientID, tok)),
		func() error { return oneToken(e, clientID, "login", "federated", "iss="+issuer+" sub="+subject) })
}

func TestAccAuth_oidcTokenFile(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	const issuer, subject = "https://oidc.example.test", "pipeline:file"
	tok := federatedApp(t, e, clientID, issuer, subject)
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		"ARM_OIDC_TOKEN_FILE_PATH": writeTempFile(t, "oidc-token", tok),
	}), authConfig(""), func() error { return oneToken(e, clientID, "login", "federated", "iss="+issuer+" sub="+subject) })
}

// TestAccAuth_gitHubActions uses the variables a GitHub Actions job with
// `permissions: id-token: write` has; the provider asks GitHub for a token
// with Entra ID's audience.
func TestAccAuth_gitHubActions(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	subject := "repo:openintune/infra:environment:" + clientID
	e.RegisterApp(emulator.App{ClientID: clientID, Federations: []emulator.Federation{{Issuer: emulator.GitHubIssuer, Subject: subject}}})
	requestToken := "gh-" + uuid.NewString()
	e.AddCIJob(emulator.CIJob{RequestToken: requestToken, Subject: subject})
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		// The job parameter tells this test's requests from those of tests running beside it.
		"ACTIONS_ID_TOKEN_REQUEST_URL":   e.GitHubTokenRequestURL() + "&job=" + clientID,
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": requestToken,
	}), authConfig(""), func() error {
		if err := ciRequests(e, "/github/idtoken", "GET", "job="+clientID, "audience=api%3A%2F%2FAzureADTokenExchange"); err != nil {
			return err
		}
		return oneToken(e, clientID, "login", "federated", "iss="+emulator.GitHubIssuer+" sub="+subject)
	})
}

// TestAccAuth_azureDevOps uses an Azure DevOps service connection with
// workload identity federation: the variables an AzureCLI@2 or a script task
// with System.AccessToken mapped has.
func TestAccAuth_azureDevOps(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	connection := uuid.NewString()
	subject := "sc://openintune/infra/intune-" + clientID
	e.RegisterApp(emulator.App{ClientID: clientID, Federations: []emulator.Federation{{Issuer: emulator.AzureDevOpsIssuer, Subject: subject}}})
	accessToken := "ado-" + uuid.NewString()
	e.AddCIJob(emulator.CIJob{RequestToken: accessToken, Subject: subject, ServiceConnectionID: connection})
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": connection,
		"SYSTEM_OIDCREQUESTURI":                  e.AzureDevOpsOIDCRequestURI(), "SYSTEM_ACCESSTOKEN": accessToken,
	}), authConfig(""), func() error {
		if err := ciRequests(e, "/ado/oidctoken", "POST", "serviceConnectionId="+connection); err != nil {
			return err
		}
		return oneToken(e, clientID, "login", "federated", "iss="+emulator.AzureDevOpsIssuer+" sub="+subject)
	})
}

// ciRequests checks that the CI token endpoint was asked exactly once, with
// the method and query the CI system requires.
func ciRequests(e *emulator.Emulator, path, method string, query ...string) error {
	var hits []emulator.LogEntry
	for _, le := range e.Log() {
		if le.Server == "ci" && le.Path == path && containsAll(le.RawQuery, query) {
			hits = append(hits, le)
		}
	}
	if len(hits) != 1 || hits[0].Method != method || hits[0].Status != 200 {
		return fmt.Errorf("want one successful %s %s with %v in the query, got %+v", method, path, query, hits)
	}
	return nil
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

const hcpIssuer = "https://app.terraform.io"

// TestAccAuth_hcpTerraform uses the workload identity token HCP Terraform
// puts in TFC_WORKLOAD_IDENTITY_TOKEN.
func TestAccAuth_hcpTerraform(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	subject := "organization:openintune:project:infra:workspace:intune-" + clientID + ":run_phase:apply"
	tok := federatedApp(t, e, clientID, hcpIssuer, subject)
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_TENANT_ID": e.Config().TenantID, "ARM_CLIENT_ID": clientID, "ARM_USE_OIDC": "true",
		"TFC_WORKLOAD_IDENTITY_TOKEN": tok,
	}), authConfig(""), func() error { return oneToken(e, clientID, "login", "federated", "iss="+hcpIssuer+" sub="+subject) })
}

// TestAccAuth_hcpTerraformTokenPath uses the files of HCP Terraform's Azure
// dynamic credentials, which it hands to the configuration in the
// tfc_azure_dynamic_credentials variable.
func TestAccAuth_hcpTerraformTokenPath(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	subject := "organization:openintune:project:infra:workspace:paths-" + clientID + ":run_phase:apply"
	tok := federatedApp(t, e, clientID, hcpIssuer, subject)
	paths := config.ObjectVariable(map[string]config.Variable{
		"client_id_file_path":  config.StringVariable(writeTempFile(t, "client-id", clientID)),
		"oidc_token_file_path": config.StringVariable(writeTempFile(t, "token", tok)),
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: withEnv(map[string]string{"ARM_TENANT_ID": e.Config().TenantID}),
		CheckDestroy: afterDestroy(func() error {
			return oneToken(e, clientID, "login", "federated", "iss="+hcpIssuer+" sub="+subject)
		}),
		Steps: []resource.TestStep{{
			ConfigVariables: config.Variables{"tfc_azure_dynamic_credentials": config.ObjectVariable(map[string]config.Variable{
				"default": paths, "aliases": config.MapVariable(map[string]config.Variable{}),
			})},
			Config: `
variable "tfc_azure_dynamic_credentials" {
  type = object({
    default = object({ client_id_file_path = string, oidc_token_file_path = string })
    aliases = map(object({ client_id_file_path = string, oidc_token_file_path = string }))
  })
}
` + authConfig(`
  use_oidc             = true
  client_id_file_path  = var.tfc_azure_dynamic_credentials.default.client_id_file_path
  oidc_token_file_path = var.tfc_azure_dynamic_credentials.default.oidc_token_file_path`),
		}},
	})
}

// TestAccAuth_aksWorkloadIdentity uses what the AKS workload identity webhook
// injects into a pod.
func TestAccAuth_aksWorkloadIdentity(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	const issuer = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-0000000000aa/11111111-2222-3333-4444-555555555555/"
	subject := "system:serviceaccount:intune:terraform-" + clientID
	tok := federatedApp(t, e, clientID, issuer, subject)
	applyAndDestroy(t, withEnv(map[string]string{
		"ARM_USE_AKS_WORKLOAD_IDENTITY": "true",
		"AZURE_TENANT_ID":               e.Config().TenantID, "AZURE_CLIENT_ID": clientID,
		"AZURE_FEDERATED_TOKEN_FILE": writeTempFile(t, "azure-identity-token", tok),
	}), authConfig(""), func() error { return oneToken(e, clientID, "login", "federated", "iss="+issuer+" sub="+subject) })
}

// TestAccAuth_managedIdentityAppService uses the system-assigned identity of
// an App Service or Functions host (IDENTITY_ENDPOINT, IDENTITY_HEADER),
// which azidentity reads from the process environment: this test runs alone.
func TestAccAuth_managedIdentityAppService(t *testing.T) {
	e, clientID := authTest(t)
	e.AddManagedIdentity(emulator.ManagedIdentity{ClientID: clientID, SystemAssigned: true})
	t.Setenv("IDENTITY_ENDPOINT", e.ManagedIdentityEndpoint())
	t.Setenv("IDENTITY_HEADER", e.IdentityHeader())
	applyAndDestroy(t, withEnv(map[string]string{"ARM_USE_MSI": "true"}), authConfig(""),
		func() error { return oneToken(e, clientID, "msi", "managed_identity", "app_service") })
}

// TestAccAuth_managedIdentityEndpoint uses a user-assigned identity through
// an IMDS style endpoint named by msi_endpoint.
func TestAccAuth_managedIdentityEndpoint(t *testing.T) {
	t.Parallel()
	e, clientID := authTest(t)
	e.AddManagedIdentity(emulator.ManagedIdentity{ClientID: clientID})
	applyAndDestroy(t, withEnv(nil), authConfig(fmt.Sprintf(`
  use_msi      = true
  client_id    = %q
  msi_endpoint = %q`, clientID, e.IMDSEndpoint())),
		func() error { return oneToken(e, clientID, "msi", "managed_identity", "imds") })
}

// TestAccAuth_azureCLI puts a stand-in az on PATH (the process's: this test
// runs alone) that answers as `az account get-access-token` does for the
// arguments the provider must pass, and records every call.
func TestAccAuth_azureCLI(t *testing.T) {
	e, clientID := authTest(t)
	e.RegisterApp(emulator.App{ClientID: clientID})
	tok, err := e.IssueToken(clientID, e.GraphURL(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	answer, _ := json.Marshal(map[string]any{
		"accessToken": tok, "expiresOn": time.Now().Add(time.Hour).Format("2006-01-02 15:04:05.000000"),
		"expires_on": time.Now().Add(time.Hour).Unix(), "tenant": e.Config().TenantID, "tokenType": "Bearer",
	})
	calls := filepath.Join(dir, "calls")
	want := fmt.Sprintf("account get-access-token -o json --resource %s --tenant %s", e.GraphURL(), e.Config().TenantID)
	script := fmt.Sprintf(`#!/bin/sh
echo "$*" >> %q
if [ "$*" != %q ]; then echo "ERROR: unexpected arguments: $*" >&2; exit 2; fi
cat %q
`, calls, want, writeTempFile(t, "answer.json", string(answer)))
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	applyAndDestroy(t, withEnv(map[string]string{"ARM_TENANT_ID": e.Config().TenantID}), authConfig(""), func() error {
		b, err := os.ReadFile(calls)
		if err != nil {
			return fmt.Errorf("az was never run: %w", err)
		}
		if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 1 || lines[0] != want {
			return fmt.Errorf("az was run %d times, want once as %q: %q", len(lines), want, lines)
		}
		r := runOf(e, clientID)
		if len(r.issued) != 0 {
			return fmt.Errorf("the emulator issued %d tokens to the CLI's identity; the CLI's token should serve", len(r.issued))
		}
		return sameTokenOnGraph(r.graph, tokenIDOf(t, tok))
	})
}
