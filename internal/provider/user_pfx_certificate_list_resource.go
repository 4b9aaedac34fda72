package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ list.ListResourceWithConfigure = (*userPfxCertificateListResource)(nil)

// NewUserPfxCertificateListResource is the constructor the provider registers.
func NewUserPfxCertificateListResource() list.ListResource {
	return &userPfxCertificateListResource{}
}

// userPfxCertificateListResource lists imported user PFX certificates for
// terraform query. The PFX, its password and the connector key it was
// encrypted with are not readable from Graph: generated configuration needs
// them added by hand (the list's description says which).
type userPfxCertificateListResource struct {
	client *graph.Client
}

func (l *userPfxCertificateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_pfx_certificate"
}

func (l *userPfxCertificateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds users' imported PFX certificates for `terraform query` (Terraform 1.14 or later). Each " +
			"result carries the certificate's identity (`id`) and, with `include_resource = true`, the attributes Graph " +
			"returns. Graph never returns the PFX, its password or the connector key the password was encrypted with, so " +
			"configuration written by `terraform query -generate-config-out=FILE` does not plan as it is: add `pfx_wo` and " +
			"`pfx_password_wo` (the same PFX file and password) and set `encryption_public_key` (written as `null`) by hand. " +
			"The first apply then imports the certificate and updates it in place once, re-sending the password encrypted " +
			"with that key. The list block's `limit` (Terraform's default: 100) caps the results.",
		Attributes: map[string]schema.Attribute{
			"user_principal_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the certificates of this user. Letter case does not matter.",
				Validators:          []validator.String{stringvalidator.RegexMatches(upnPattern(), "must be a user principal name such as alice@contoso.com")},
			},
		},
	}
}

func (l *userPfxCertificateListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = providerClient(req.ProviderData, "List Resource", &resp.Diagnostics)
}

func (l *userPfxCertificateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if l.client == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", "The intune provider has no Graph client to list with; "+
			"check the provider block and its environment variables, then run terraform query again.")
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var upn types.String
	if diags := req.Config.GetAttribute(ctx, path.Root("user_principal_name"), &upn); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var opts graph.ListOptions
	if known(upn) {
		opts.Filter = "tolower(userPrincipalName) eq " + odataString(strings.ToLower(upn.ValueString()))
	}
	if req.Limit > 0 {
		opts.Top = int32(min(req.Limit, 1<<30))
	}
	stream.Results = func(push func(list.ListResult) bool) {
		stopped := false
		err := l.client.UserPfxCertificateSet().List(ctx, opts, func(o graph.UserPFXCertificateable) bool {
			stopped = !push(userPfxListResult(ctx, req, o))
			return !stopped
		})
		if err != nil && !stopped {
			var result list.ListResult
			result.Diagnostics.AddError("Unable to list user PFX certificates", userPfxErrorDetail(err, "", "list"))
			push(result)
		}
	}
}

// userPfxListResult is one listed certificate: its identity, a display name
// and, when Terraform asks, the resource as an import reads it.
func userPfxListResult(ctx context.Context, req list.ListRequest, o graph.UserPFXCertificateable) list.ListResult {
	result := req.NewListResult(ctx)
	m := userPfxCertificateModel{EncryptionPublicKey: types.StringNull()}
	m.fromGraph(o)
	result.Diagnostics.Append(result.Resource.GetAttribute(ctx, path.Root("timeouts"), &m.Timeouts)...)
	result.DisplayName = fmt.Sprintf("%s, thumbprint %s", m.UserPrincipalName.ValueString(), m.Thumbprint.ValueString())
	result.Diagnostics.Append(setUserPfxIdentity(ctx, result.Identity, m.ID)...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}
