package graph

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// AuthSettings are the provider's authentication inputs, after the
// configuration and the environment have been merged. Files named by
// *_file_path and client_certificate_path are read when the client is built;
// an OIDC token file is read again for every token request, since CI systems
// and Kubernetes rotate it.
type AuthSettings struct {
	TenantID         string
	ClientID         string
	ClientIDFilePath string

	ClientSecret         string
	ClientSecretFilePath string

	ClientCertificate         string // base64 PKCS#12
	ClientCertificatePath     string // PKCS#12 or PEM file
	ClientCertificatePassword string

	UseOIDC           bool
	OIDCToken         string
	OIDCTokenFilePath string
	// OIDCRequestURL and OIDCRequestToken ask GitHub Actions for a token, or
	// Azure DevOps when ADOServiceConnectionID is set.
	OIDCRequestURL           string
	OIDCRequestToken         string
	ADOServiceConnectionID   string
	TFCWorkloadIdentityToken string // HCP Terraform's TFC_WORKLOAD_IDENTITY_TOKEN

	UseAKSWorkloadIdentity bool
	FederatedTokenFile     string // AZURE_FEDERATED_TOKEN_FILE

	UseMSI      bool
	MSIEndpoint string // an IMDS style endpoint; "" lets the host's environment decide

	UseCLI bool
}

// requirement is one input a method needs, named as the user sets it.
type requirement struct {
	name string
	set  func(AuthSettings) bool
}

var (
	needTenant  = requirement{label("tenant_id"), func(s AuthSettings) bool { return s.TenantID != "" }}
	needClient  = requirement{label("client_id") + " or " + label("client_id_file_path"), func(s AuthSettings) bool { return s.ClientID != "" }}
	needOIDC    = requirement{"use_oidc = true (ARM_USE_OIDC)", func(s AuthSettings) bool { return s.UseOIDC }}
	needRequest = requirement{label("oidc_request_url") + " and " + label("oidc_request_token"),
		func(s AuthSettings) bool { return s.OIDCRequestURL != "" && s.OIDCRequestToken != "" }}
)

// authMethod is one way to get a token: its name for messages, the inputs it
// needs, whether the user asked for it, and how to build the credential.
type authMethod struct {
	name  string
	needs []requirement
	// asked reports that the user configured this method; a method asked for
	// but incomplete is an error rather than a silent fall-through to the
	// Azure CLI. nil for the CLI, which is on by default.
	asked func(AuthSettings) bool
	build func(AuthSettings, credentialOptions) (azcore.TokenCredential, error)
}

func (m authMethod) ready(s AuthSettings) bool { return len(m.missing(s)) == 0 }

func (m authMethod) missing(s AuthSettings) []string {
	var out []string
	for _, r := range m.needs {
		if !r.set(s) {
			out = append(out, r.name)
		}
	}
	return out
}

func (m authMethod) describe(s AuthSettings) string {
	names := make([]string, len(m.needs))
	for i, r := range m.needs {
		names[i] = r.name
	}
	d := fmt.Sprintf("  - %s: needs %s", m.name, strings.Join(names, "; "))
	if miss := m.missing(s); len(miss) > 0 && len(miss) < len(m.needs) {
		d += fmt.Sprintf(" (missing %s)", strings.Join(miss, "; "))
	}
	return d
}

// credentialOptions are what every credential is built with.
type credentialOptions struct {
	client      azcore.ClientOptions // the cloud's authority
	noDiscovery bool                 // the authority is not a Microsoft host MSAL knows
}

// authMethods in the order they are tried: the first whose inputs are
// complete is used.
var authMethods = []authMethod{
	{
		name:  "client certificate",
		needs: []requirement{needTenant, needClient, {label("client_certificate") + " or " + label("client_certificate_path"), hasCertificate}},
		asked: hasCertificate,
		build: buildCertificate,
	},
	{
		name:  "client secret",
		needs: []requirement{needTenant, needClient, {label("client_secret") + " or " + label("client_secret_file_path"), hasSecret}},
		asked: hasSecret,
		build: func(s AuthSettings, o credentialOptions) (azcore.TokenCredential, error) {
			return azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret,
				&azidentity.ClientSecretCredentialOptions{ClientOptions: o.client, DisableInstanceDiscovery: o.noDiscovery})
		},
	},
	{
		name:  "OIDC token",
		needs: []requirement{needOIDC, needTenant, needClient, {label("oidc_token"), func(s AuthSettings) bool { return s.OIDCToken != "" }}},
		asked: usesOIDC,
		build: assertionBuilder(func(s AuthSettings) assertionFunc { return staticToken(s.OIDCToken) }),
	},
	{
		name:  "OIDC token file",
		needs: []requirement{needOIDC, needTenant, needClient, {label("oidc_token_file_path"), func(s AuthSettings) bool { return s.OIDCTokenFilePath != "" }}},
		asked: usesOIDC,
		build: assertionBuilder(func(s AuthSettings) assertionFunc { return tokenFile("oidc_token_file_path", s.OIDCTokenFilePath) }),
	},
	{
		name:  "HCP Terraform workload identity",
		needs: []requirement{needOIDC, needTenant, needClient, {"TFC_WORKLOAD_IDENTITY_TOKEN", func(s AuthSettings) bool { return s.TFCWorkloadIdentityToken != "" }}},
		asked: usesOIDC,
		build: assertionBuilder(func(s AuthSettings) assertionFunc { return staticToken(s.TFCWorkloadIdentityToken) }),
	},
	{
		name: "Azure DevOps OIDC",
		needs: []requirement{needOIDC, needTenant, needClient,
			{label("ado_pipeline_service_connection_id"), func(s AuthSettings) bool { return s.ADOServiceConnectionID != "" }},
			{label("oidc_request_url") + " or SYSTEM_OIDCREQUESTURI", func(s AuthSettings) bool { return s.OIDCRequestURL != "" }},
			{label("oidc_request_token") + " or SYSTEM_ACCESSTOKEN", func(s AuthSettings) bool { return s.OIDCRequestToken != "" }}},
		asked: usesOIDC,
		build: assertionBuilder(func(s AuthSettings) assertionFunc {
			return azureDevOpsToken(s.OIDCRequestURL, s.OIDCRequestToken, s.ADOServiceConnectionID)
		}),
	},
	{
		name:  "GitHub Actions OIDC",
		needs: []requirement{needOIDC, needTenant, needClient, needRequest},
		asked: usesOIDC,
		build: assertionBuilder(func(s AuthSettings) assertionFunc { return gitHubToken(s.OIDCRequestURL, s.OIDCRequestToken) }),
	},
	{
		name: "AKS workload identity",
		needs: []requirement{
			{"use_aks_workload_identity = true (ARM_USE_AKS_WORKLOAD_IDENTITY)", func(s AuthSettings) bool { return s.UseAKSWorkloadIdentity }},
			{label("tenant_id") + " or AZURE_TENANT_ID", func(s AuthSettings) bool { return s.TenantID != "" }},
			{label("client_id") + " or AZURE_CLIENT_ID", func(s AuthSettings) bool { return s.ClientID != "" }},
			{"AZURE_FEDERATED_TOKEN_FILE", func(s AuthSettings) bool { return s.FederatedTokenFile != "" }}},
		asked: func(s AuthSettings) bool { return s.UseAKSWorkloadIdentity },
		build: func(s AuthSettings, o credentialOptions) (azcore.TokenCredential, error) {
			return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
				ClientOptions: o.client, DisableInstanceDiscovery: o.noDiscovery,
				TenantID: s.TenantID, ClientID: s.ClientID, TokenFilePath: s.FederatedTokenFile,
			})
		},
	},
	{
		name:  "managed identity",
		needs: []requirement{{"use_msi = true (ARM_USE_MSI)", func(s AuthSettings) bool { return s.UseMSI }}},
		asked: func(s AuthSettings) bool { return s.UseMSI },
		build: buildManagedIdentity,
	},
	{
		name: "Azure CLI",
		needs: []requirement{
			{"use_cli = true (ARM_USE_CLI, the default)", func(s AuthSettings) bool { return s.UseCLI }},
			{"the az command on PATH, logged in with az login", func(AuthSettings) bool { _, err := exec.LookPath("az"); return err == nil }}},
		build: func(s AuthSettings, _ credentialOptions) (azcore.TokenCredential, error) {
			// The CLI knows its own cloud (az cloud set); tenant_id picks the tenant.
			return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: s.TenantID})
		},
	},
}

func hasCertificate(s AuthSettings) bool {
	return s.ClientCertificate != "" || s.ClientCertificatePath != ""
}

func hasSecret(s AuthSettings) bool { return s.ClientSecret != "" }

func usesOIDC(s AuthSettings) bool { return s.UseOIDC }

// newCredential picks the first authentication method whose inputs are
// complete and builds its credential against the cloud's authority.
func newCredential(s AuthSettings, c Cloud) (azcore.TokenCredential, string, error) {
	s, err := readAuthFiles(s)
	if err != nil {
		return nil, "", err
	}
	var asked []string
	for _, m := range authMethods {
		if m.asked != nil && m.asked(s) && !m.ready(s) {
			asked = append(asked, m.describe(s))
		}
		if !m.ready(s) {
			continue
		}
		if m.asked == nil && len(asked) > 0 {
			break // the CLI would hide a method the user set up but left incomplete
		}
		opts := credentialOptions{
			client:      azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: c.AuthorityHost + "/"}},
			noDiscovery: !IsMicrosoftAuthority(c.AuthorityHost),
		}
		cred, err := m.build(s, opts)
		if err != nil {
			return nil, m.name, fmt.Errorf("%s authentication could not be set up: %w", m.name, err)
		}
		return newNamedCredential(m.name, cred), m.name, nil
	}
	if len(asked) > 0 {
		return nil, "", fmt.Errorf("authentication is configured but incomplete:\n%s", strings.Join(asked, "\n"))
	}
	all := make([]string, len(authMethods))
	for i, m := range authMethods {
		all[i] = m.describe(s)
	}
	return nil, "", fmt.Errorf("no authentication method has all its inputs. Set up one of these (provider attribute, then environment variable), tried in this order:\n%s",
		strings.Join(all, "\n"))
}

// envNames are the environment variables behind each attribute, for messages.
var envNames = map[string]string{ //nolint:gosec // G101: environment variable names, not credentials
	"tenant_id":                          "ARM_TENANT_ID",
	"client_id":                          "ARM_CLIENT_ID",
	"client_id_file_path":                "ARM_CLIENT_ID_FILE_PATH",
	"client_secret":                      "ARM_CLIENT_SECRET",
	"client_secret_file_path":            "ARM_CLIENT_SECRET_FILE_PATH",
	"client_certificate":                 "ARM_CLIENT_CERTIFICATE",
	"client_certificate_path":            "ARM_CLIENT_CERTIFICATE_PATH",
	"client_certificate_password":        "ARM_CLIENT_CERTIFICATE_PASSWORD",
	"oidc_token":                         "ARM_OIDC_TOKEN",
	"oidc_token_file_path":               "ARM_OIDC_TOKEN_FILE_PATH",
	"oidc_request_url":                   "ARM_OIDC_REQUEST_URL",
	"oidc_request_token":                 "ARM_OIDC_REQUEST_TOKEN",
	"ado_pipeline_service_connection_id": "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
	"msi_endpoint":                       "ARM_MSI_ENDPOINT",
}

// label names an attribute with its environment variable: "tenant_id (ARM_TENANT_ID)".
func label(attribute string) string {
	return fmt.Sprintf("%s (%s)", attribute, envNames[attribute])
}
