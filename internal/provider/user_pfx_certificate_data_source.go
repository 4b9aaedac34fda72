package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ datasource.DataSourceWithConfigure = (*userPfxCertificateDataSource)(nil)

// NewUserPfxCertificateDataSource is the constructor the provider registers.
func NewUserPfxCertificateDataSource() datasource.DataSource {
	return &userPfxCertificateDataSource{}
}

type userPfxCertificateDataSource struct {
	client *graph.Client
}

func (d *userPfxCertificateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_pfx_certificate"
}

func (d *userPfxCertificateDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userPfxCertificateComputedAttributes()
	attrs["id"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The id of the certificate to read: `{user object id without dashes}-{thumbprint}`, the `id` " +
			"of an `intune_user_pfx_certificate` resource or of an `intune_user_pfx_certificates` result.",
		Validators: []validator.String{graphKeyValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user PFX certificate imported into Intune (Graph beta " +
			"`/deviceManagement/userPfxCertificates/{id}`). Fails when none has that id. Graph never returns the PFX or its " +
			"password. Needs `DeviceManagementConfiguration.Read.All`.\n\n" + lagWaitDescription,
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

// userPfxCertificateComputedAttributes are a certificate's non-secret
// attributes as the data sources report them.
func userPfxCertificateComputedAttributes() map[string]schema.Attribute {
	str := func(d string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
	ts := func(d string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: timestampType{}, Computed: true, MarkdownDescription: d + ", an RFC 3339 timestamp."}
	}
	return map[string]schema.Attribute{
		"id":                      str("The certificate's id: the user's object id without dashes, a dash, and the thumbprint."),
		"user_principal_name":     str("The user principal name of the certificate's owner."),
		"thumbprint":              str("The certificate's SHA-1 thumbprint."),
		"provider_name":           str("The key storage provider on the connector host that holds the encryption key."),
		"key_name":                str("The encryption key's name in that key storage provider."),
		"padding_scheme":          str("The RSA padding the password was encrypted with, e.g. `oaepSha512`."),
		"intended_purpose":        str("What the certificate is for: " + intendedPurposesMarkdown() + "."),
		"start_date_time":         ts("The certificate's NotBefore"),
		"expiration_date_time":    ts("The certificate's NotAfter"),
		"created_date_time":       ts("When Intune imported the certificate"),
		"last_modified_date_time": ts("When Intune last changed the record"),
	}
}

func (d *userPfxCertificateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *userPfxCertificateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := dataSourceReadTimeout(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	obj, waited, err := readByID(ctx, d.client, func(ctx context.Context) (graph.UserPFXCertificateable, error) {
		return d.client.UserPfxCertificateSet().Get(ctx, id.ValueString())
	})
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "User PFX certificate not found",
			notFoundAfterLag("user PFX certificate", id.ValueString(), waited, err)+"\n\nThe "+
				"intune_user_pfx_certificates data source lists the imported certificates.")
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read user PFX certificate", userPfxErrorDetail(err, id.ValueString(), "read"))
		return
	}
	vals := userPfxValues(obj)
	vals["id"] = id // as configured
	for name, v := range vals {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// userPfxValues are a certificate's attribute values as Graph returns them.
func userPfxValues(o graph.UserPFXCertificateable) map[string]attr.Value {
	var m userPfxCertificateModel
	m.fromGraph(o)
	return map[string]attr.Value{
		"id": m.ID, "user_principal_name": m.UserPrincipalName, "thumbprint": m.Thumbprint,
		"provider_name": m.ProviderName, "key_name": m.KeyName, "padding_scheme": m.PaddingScheme,
		"intended_purpose": m.IntendedPurpose, "start_date_time": m.StartDateTime,
		"expiration_date_time": m.ExpirationDateTime, "created_date_time": m.CreatedDateTime,
		"last_modified_date_time": m.LastModifiedDateTime,
	}
}
