package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// How configuration and environment merge into the authentication settings.
func TestAuthSettingsFromEnvironment(t *testing.T) {
	cases := []struct {
		name string
		cfg  authModel
		env  map[string]string
		want graph.AuthSettings
	}{
		{"defaults", authModel{}, nil, graph.AuthSettings{UseCLI: true}},
		{"ARM variables", authModel{}, map[string]string{
			"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_ID_FILE_PATH": "/c", "ARM_CLIENT_SECRET": "s",
			"ARM_CLIENT_SECRET_FILE_PATH": "/s", "ARM_CLIENT_CERTIFICATE": "b64", "ARM_CLIENT_CERTIFICATE_PATH": "/p",
			"ARM_CLIENT_CERTIFICATE_PASSWORD": "pw", "ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "o",
			"ARM_OIDC_TOKEN_FILE_PATH": "/o", "ARM_OIDC_REQUEST_URL": "https://u", "ARM_OIDC_REQUEST_TOKEN": "r",
			"ARM_USE_MSI": "1", "ARM_MSI_ENDPOINT": "http://m", "ARM_USE_CLI": "false",
		}, graph.AuthSettings{TenantID: "t", ClientID: "c", ClientIDFilePath: "/c", ClientSecret: "s", ClientSecretFilePath: "/s",
			ClientCertificate: "b64", ClientCertificatePath: "/p", ClientCertificatePassword: "pw", UseOIDC: true, OIDCToken: "o",
			OIDCTokenFilePath: "/o", OIDCRequestURL: "https://u", OIDCRequestToken: "r", UseMSI: true, MSIEndpoint: "http://m"}},
		{"configuration wins", authModel{TenantID: types.StringValue("cfg"), UseCLI: types.BoolValue(true), UseOIDC: types.BoolValue(false)},
			map[string]string{"ARM_TENANT_ID": "env", "ARM_USE_CLI": "false", "ARM_USE_OIDC": "true"},
			graph.AuthSettings{TenantID: "cfg", UseCLI: true}},
		{"GitHub Actions", authModel{}, map[string]string{
			"ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ght",
			"SYSTEM_OIDCREQUESTURI": "https://ado", "SYSTEM_ACCESSTOKEN": "adot"},
			graph.AuthSettings{OIDCRequestURL: "https://gh", OIDCRequestToken: "ght", UseCLI: true}},
		{"ARM request variables before GitHub's", authModel{}, map[string]string{
			"ARM_OIDC_REQUEST_URL": "https://arm", "ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh",
			"ARM_OIDC_REQUEST_TOKEN": "armt", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ght"},
			graph.AuthSettings{OIDCRequestURL: "https://arm", OIDCRequestToken: "armt", UseCLI: true}},
		{"Azure DevOps", authModel{}, map[string]string{
			"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc", "ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh",
			"SYSTEM_OIDCREQUESTURI": "https://ado", "SYSTEM_ACCESSTOKEN": "adot"},
			graph.AuthSettings{ADOServiceConnectionID: "sc", OIDCRequestURL: "https://ado", OIDCRequestToken: "adot", UseCLI: true}},
		{"Azure DevOps, AzureCLI task's name", authModel{}, map[string]string{
			"ARM_OIDC_AZURE_SERVICE_CONNECTION_ID": "sc2", "SYSTEM_OIDCREQUESTURI": "https://ado", "SYSTEM_ACCESSTOKEN": "adot"},
			graph.AuthSettings{ADOServiceConnectionID: "sc2", OIDCRequestURL: "https://ado", OIDCRequestToken: "adot", UseCLI: true}},
		{"HCP Terraform", authModel{}, map[string]string{"TFC_WORKLOAD_IDENTITY_TOKEN": "tfc"},
			graph.AuthSettings{TFCWorkloadIdentityToken: "tfc", UseCLI: true}},
		{"AKS webhook variables", authModel{}, map[string]string{
			"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_TENANT_ID": "at", "AZURE_CLIENT_ID": "ac", "AZURE_FEDERATED_TOKEN_FILE": "/f"},
			graph.AuthSettings{UseAKSWorkloadIdentity: true, TenantID: "at", ClientID: "ac", FederatedTokenFile: "/f", UseCLI: true}},
		{"AKS: ARM variables before the webhook's", authModel{UseAKSWorkloadIdentity: types.BoolValue(true)}, map[string]string{
			"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "AZURE_TENANT_ID": "at", "AZURE_CLIENT_ID": "ac"},
			graph.AuthSettings{UseAKSWorkloadIdentity: true, TenantID: "t", ClientID: "c", UseCLI: true}},
		{"webhook variables ignored without AKS", authModel{}, map[string]string{"AZURE_CLIENT_ID": "ac", "AZURE_FEDERATED_TOKEN_FILE": "/f"},
			graph.AuthSettings{UseCLI: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := tc.cfg.settings(func(k string) string { return tc.env[k] })
			if diags.HasError() {
				t.Fatal(diags)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestAuthSettingsBadFlag(t *testing.T) {
	_, diags := authModel{}.settings(func(k string) string {
		if k == "ARM_USE_OIDC" {
			return "yes please"
		}
		return ""
	})
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), `ARM_USE_OIDC is "yes please"; use true or false`) {
		t.Fatalf("%v", diags)
	}
}

// TestSecretsAreSensitive: Terraform hides these in plans and logs only if
// the schema says so.
func TestSecretsAreSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, name := range []string{"client_secret", "client_certificate", "client_certificate_password", "oidc_token", "oidc_request_token"} {
		a, ok := resp.Schema.Attributes[name].(schema.StringAttribute)
		if !ok || !a.Sensitive {
			t.Errorf("%s is not a sensitive string attribute", name)
		}
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s has no description", name)
		}
	}
}

// TestConfigureReadsTheProvidersEnvironment: every provider attribute falls
// back to the provider's own environment (getenv), not the process's.
func TestConfigureReadsTheProvidersEnvironment(t *testing.T) {
	for k, v := range map[string]string{"ARM_ENVIRONMENT": "china", "ARM_GRAPH_ENDPOINT": "https://process.example.test",
		"ARM_AUTHORITY_HOST": "https://login.process.example.test", "ARM_CLIENT_SECRET": "process-secret"} {
		t.Setenv(k, v)
	}
	env := map[string]string{
		"ARM_ENVIRONMENT":    "usgovernmentl4",
		"ARM_GRAPH_ENDPOINT": "https://graph.example.test:8443",
		"ARM_AUTHORITY_HOST": "https://login.example.test",
		"ARM_TENANT_ID":      "00000000-0000-0000-0000-0000000000aa",
		"ARM_CLIENT_ID":      "00000000-0000-0000-0000-0000000000bb",
		"ARM_CLIENT_SECRET":  "injected-secret",
	}
	p := &intuneProvider{version: "test", getenv: func(k string) string { return env[k] }}
	ctx := context.Background()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	nulls := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		nulls[name] = tftypes.NewValue(at, nil)
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, nulls)}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("Configure: %v", resp.Diagnostics)
	}
	c, ok := resp.ResourceData.(*graph.Client)
	if !ok {
		t.Fatalf("ResourceData is %T, want *graph.Client", resp.ResourceData)
	}
	cloud := c.Cloud()
	if cloud.Name != "usgovernmentl4" || cloud.GraphRoot != env["ARM_GRAPH_ENDPOINT"] || cloud.AuthorityHost != env["ARM_AUTHORITY_HOST"] {
		t.Errorf("cloud %+v, want usgovernmentl4 with the injected endpoints", cloud)
	}
	if c.AuthMethod() != "client secret" {
		t.Errorf("auth method %q, want client secret (from the injected ARM_* variables)", c.AuthMethod())
	}
}
