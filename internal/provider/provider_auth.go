package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The provider's authentication attributes. Names and environment variables
// follow the azuread provider, so existing pipelines work unchanged.

// authModel is the authentication part of the provider configuration.
type authModel struct {
	TenantID                  types.String `tfsdk:"tenant_id"`
	ClientID                  types.String `tfsdk:"client_id"`
	ClientIDFilePath          types.String `tfsdk:"client_id_file_path"`
	ClientSecret              types.String `tfsdk:"client_secret"`
	ClientSecretFilePath      types.String `tfsdk:"client_secret_file_path"`
	ClientCertificate         types.String `tfsdk:"client_certificate"`
	ClientCertificatePath     types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword types.String `tfsdk:"client_certificate_password"`
	UseOIDC                   types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                 types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath         types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL            types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken          types.String `tfsdk:"oidc_request_token"`
	ADOServiceConnectionID    types.String `tfsdk:"ado_pipeline_service_connection_id"`
	UseAKSWorkloadIdentity    types.Bool   `tfsdk:"use_aks_workload_identity"`
	UseMSI                    types.Bool   `tfsdk:"use_msi"`
	MSIEndpoint               types.String `tfsdk:"msi_endpoint"`
	UseCLI                    types.Bool   `tfsdk:"use_cli"`
}

// withAuthAttributes adds the authentication attributes to the schema's.
func withAuthAttributes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	str := func(desc string, sensitive bool) schema.Attribute {
		return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: desc}
	}
	flag := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	for name, a := range map[string]schema.Attribute{
		"tenant_id": str("The Entra ID tenant (directory) ID, a GUID. Environment: `ARM_TENANT_ID` "+
			"(with `use_aks_workload_identity`, also `AZURE_TENANT_ID`).", false),
		"client_id": str("The application (client) ID of the Entra app registration, or of a user-assigned managed "+
			"identity with `use_msi`. Environment: `ARM_CLIENT_ID` (with `use_aks_workload_identity`, also `AZURE_CLIENT_ID`).", false),
		"client_id_file_path": str("A file holding the client ID, as HCP Terraform's dynamic credentials provide. "+
			"It must agree with `client_id` when both are set. Environment: `ARM_CLIENT_ID_FILE_PATH`.", false),
		"client_secret": str("A client secret of the app registration. Environment: `ARM_CLIENT_SECRET`.", true),
		"client_secret_file_path": str("A file holding the client secret. It must agree with `client_secret` when "+
			"both are set. Environment: `ARM_CLIENT_SECRET_FILE_PATH`.", false),
		"client_certificate": str("A base64-encoded PKCS#12 (PFX) bundle with the app's certificate and RSA private key. "+
			"Environment: `ARM_CLIENT_CERTIFICATE`.", true),
		"client_certificate_path": str("A PKCS#12 (PFX) file, or a PEM file with the certificate and unencrypted RSA key. "+
			"Environment: `ARM_CLIENT_CERTIFICATE_PATH`.", false),
		"client_certificate_password": str("The password of the PKCS#12 bundle. "+
			"Environment: `ARM_CLIENT_CERTIFICATE_PASSWORD`.", true),
		"use_oidc": flag("Authenticate with workload identity federation: an OIDC token from `oidc_token`, " +
			"`oidc_token_file_path`, HCP Terraform (`TFC_WORKLOAD_IDENTITY_TOKEN`), Azure DevOps " +
			"(`ado_pipeline_service_connection_id`) or GitHub Actions (`oidc_request_url` and `oidc_request_token`), " +
			"tried in that order. Environment: `ARM_USE_OIDC`."),
		"oidc_token": str("An OIDC token to exchange for an access token. Environment: `ARM_OIDC_TOKEN`.", true),
		"oidc_token_file_path": str("A file holding an OIDC token, read again for every token request. "+
			"Environment: `ARM_OIDC_TOKEN_FILE_PATH`.", false),
		"oidc_request_url": str("The URL to request an OIDC token from. Environment: `ARM_OIDC_REQUEST_URL`, then "+
			"`ACTIONS_ID_TOKEN_REQUEST_URL` (GitHub Actions), or `SYSTEM_OIDCREQUESTURI` (Azure DevOps) when "+
			"`ado_pipeline_service_connection_id` is set.", false),
		"oidc_request_token": str("The bearer token for `oidc_request_url`. Environment: `ARM_OIDC_REQUEST_TOKEN`, then "+
			"`ACTIONS_ID_TOKEN_REQUEST_TOKEN` (GitHub Actions), or `SYSTEM_ACCESSTOKEN` (Azure DevOps) when "+
			"`ado_pipeline_service_connection_id` is set.", true),
		"ado_pipeline_service_connection_id": str("The ID of the Azure DevOps service connection (workload identity "+
			"federation) whose OIDC token to use. Environment: `ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID`, then "+
			"`ARM_OIDC_AZURE_SERVICE_CONNECTION_ID`.", false),
		"use_aks_workload_identity": flag("Authenticate with AKS workload identity: the service account token in " +
			"`AZURE_FEDERATED_TOKEN_FILE`, for `AZURE_CLIENT_ID` in `AZURE_TENANT_ID` unless `client_id` and `tenant_id` " +
			"are set. Environment: `ARM_USE_AKS_WORKLOAD_IDENTITY`."),
		"use_msi": flag("Authenticate with the managed identity of the Azure host: system-assigned, or user-assigned " +
			"when `client_id` is set. Environment: `ARM_USE_MSI`."),
		"msi_endpoint": str("A custom managed identity endpoint (IMDS style); by default it is found from the host's "+
			"environment. Environment: `ARM_MSI_ENDPOINT`.", false),
		"use_cli": flag("Authenticate as the user or identity logged in to the Azure CLI (`az login`), in `tenant_id` " +
			"when set. On by default and tried last. Environment: `ARM_USE_CLI`."),
	} {
		attrs[name] = a
	}
	return attrs
}

// settings merges the configuration with the environment, read through
// getenv: a configured value wins over the environment.
func (m authModel) settings(getenv func(string) string) (graph.AuthSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	pick := func(v types.String, envs ...string) string { return pickFrom(getenv, v, envs...) }
	flag := func(attr string, v types.Bool, def bool, envs ...string) bool {
		b, err := pickBool(getenv, v, def, envs...)
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid provider configuration value", err.Error())
		}
		return b
	}
	s := graph.AuthSettings{
		TenantID:                  pick(m.TenantID, "ARM_TENANT_ID"),
		ClientID:                  pick(m.ClientID, "ARM_CLIENT_ID"),
		ClientIDFilePath:          pick(m.ClientIDFilePath, "ARM_CLIENT_ID_FILE_PATH"),
		ClientSecret:              pick(m.ClientSecret, "ARM_CLIENT_SECRET"),
		ClientSecretFilePath:      pick(m.ClientSecretFilePath, "ARM_CLIENT_SECRET_FILE_PATH"),
		ClientCertificate:         pick(m.ClientCertificate, "ARM_CLIENT_CERTIFICATE"),
		ClientCertificatePath:     pick(m.ClientCertificatePath, "ARM_CLIENT_CERTIFICATE_PATH"),
		ClientCertificatePassword: pick(m.ClientCertificatePassword, "ARM_CLIENT_CERTIFICATE_PASSWORD"),
		UseOIDC:                   flag("use_oidc", m.UseOIDC, false, "ARM_USE_OIDC"),
		OIDCToken:                 pick(m.OIDCToken, "ARM_OIDC_TOKEN"),
		OIDCTokenFilePath:         pick(m.OIDCTokenFilePath, "ARM_OIDC_TOKEN_FILE_PATH"),
		ADOServiceConnectionID:    pick(m.ADOServiceConnectionID, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"),
		TFCWorkloadIdentityToken:  pick(types.StringNull(), "TFC_WORKLOAD_IDENTITY_TOKEN"),
		UseAKSWorkloadIdentity:    flag("use_aks_workload_identity", m.UseAKSWorkloadIdentity, false, "ARM_USE_AKS_WORKLOAD_IDENTITY"),
		UseMSI:                    flag("use_msi", m.UseMSI, false, "ARM_USE_MSI"),
		MSIEndpoint:               pick(m.MSIEndpoint, "ARM_MSI_ENDPOINT"),
		UseCLI:                    flag("use_cli", m.UseCLI, true, "ARM_USE_CLI"),
	}
	// Azure DevOps and GitHub Actions each publish their token request under
	// their own names.
	if s.ADOServiceConnectionID != "" {
		s.OIDCRequestURL = pick(m.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "SYSTEM_OIDCREQUESTURI")
		s.OIDCRequestToken = pick(m.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN")
	} else {
		s.OIDCRequestURL = pick(m.OIDCRequestURL, "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL")
		s.OIDCRequestToken = pick(m.OIDCRequestToken, "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN")
	}
	// The AKS workload identity webhook sets the AZURE_* variables.
	if s.UseAKSWorkloadIdentity {
		s.FederatedTokenFile = pick(types.StringNull(), "AZURE_FEDERATED_TOKEN_FILE")
		if s.TenantID == "" {
			s.TenantID = pick(types.StringNull(), "AZURE_TENANT_ID")
		}
		if s.ClientID == "" && s.ClientIDFilePath == "" {
			s.ClientID = pick(types.StringNull(), "AZURE_CLIENT_ID")
		}
	}
	return s, diags
}

// env is how the provider reads its environment: os.Getenv, unless the
// provider was built with its own (tests that run side by side).
func (p *intuneProvider) env() func(string) string {
	if p.getenv != nil {
		return p.getenv
	}
	return os.Getenv
}

// unknown lists the authentication attributes whose value is not yet known.
func (m authModel) unknown() []string {
	var out []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"tenant_id": m.TenantID, "client_id": m.ClientID, "client_id_file_path": m.ClientIDFilePath,
		"client_secret": m.ClientSecret, "client_secret_file_path": m.ClientSecretFilePath,
		"client_certificate": m.ClientCertificate, "client_certificate_path": m.ClientCertificatePath,
		"client_certificate_password": m.ClientCertificatePassword, "use_oidc": m.UseOIDC, "oidc_token": m.OIDCToken,
		"oidc_token_file_path": m.OIDCTokenFilePath, "oidc_request_url": m.OIDCRequestURL,
		"oidc_request_token": m.OIDCRequestToken, "ado_pipeline_service_connection_id": m.ADOServiceConnectionID,
		"use_aks_workload_identity": m.UseAKSWorkloadIdentity, "use_msi": m.UseMSI, "msi_endpoint": m.MSIEndpoint,
		"use_cli": m.UseCLI,
	} {
		if v.IsUnknown() {
			out = append(out, name)
		}
	}
	return out
}

// pickFrom returns the configured value, else the first environment variable set.
func pickFrom(getenv func(string) string, v types.String, envs ...string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return strings.TrimSpace(v.ValueString())
	}
	for _, e := range envs {
		if s := strings.TrimSpace(getenv(e)); s != "" {
			return s
		}
	}
	return ""
}

// pickBool returns the configured flag, else the first environment variable
// set, else def.
func pickBool(getenv func(string) string, v types.Bool, def bool, envs ...string) (bool, error) {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool(), nil
	}
	for _, e := range envs {
		s := strings.TrimSpace(getenv(e))
		if s == "" {
			continue
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return def, fmt.Errorf("the environment variable %s is %q; use true or false", e, s)
		}
		return b, nil
	}
	return def, nil
}
