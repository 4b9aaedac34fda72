package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ datasource.DataSourceWithConfigure = (*userPfxCertificatesDataSource)(nil)

// NewUserPfxCertificatesDataSource is the constructor the provider registers.
func NewUserPfxCertificatesDataSource() datasource.DataSource {
	return &userPfxCertificatesDataSource{}
}

type userPfxCertificatesDataSource struct {
	client *graph.Client
}

func (d *userPfxCertificatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_pfx_certificates"
}

func (d *userPfxCertificatesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the user PFX certificates imported into Intune (Graph beta " +
			"`/deviceManagement/userPfxCertificates`), optionally filtered. The filters combine with `and`; leave them all " +
			"out to list every certificate. Results are sorted by `id`. Needs `DeviceManagementConfiguration.Read.All`.\n\n" +
			pageTimeoutDescription,
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
		Attributes: map[string]schema.Attribute{
			"user_principal_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the certificates of this user. Letter case does not matter.",
				Validators:          []validator.String{stringvalidator.RegexMatches(upnPattern(), "must be a user principal name such as alice@contoso.com")},
			},
			"thumbprint": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the certificate with this SHA-1 thumbprint (40 hexadecimal digits, any letter case).",
				Validators:          []validator.String{stringvalidator.RegexMatches(thumbprintHexPattern(), "must be 40 hexadecimal digits, without spaces or colons")},
			},
			"intended_purpose": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the certificates with this intended purpose: " + intendedPurposesMarkdown() + ".",
				Validators:          []validator.String{intendedPurposeValidator()},
			},
			"ids": schema.ListAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "The ids of the matching certificates, sorted; empty when none match.",
			},
			"certificates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching certificates with their non-secret attributes, in the order of `ids`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: userPfxCertificateComputedAttributes()},
			},
		},
	}
}

var thumbprintHexPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{40}$`) })

func (d *userPfxCertificatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

type userPfxCertificatesModel struct {
	UserPrincipalName types.String   `tfsdk:"user_principal_name"`
	Thumbprint        types.String   `tfsdk:"thumbprint"`
	IntendedPurpose   types.String   `tfsdk:"intended_purpose"`
	IDs               []string       `tfsdk:"ids"`
	Certificates      types.List     `tfsdk:"certificates"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// filter joins the set filters with and, in the form the IntunePfxImport
// module uses (tolower on the user and the thumbprint).
func (m userPfxCertificatesModel) filter() string {
	var parts []string
	if known(m.UserPrincipalName) {
		parts = append(parts, "tolower(userPrincipalName) eq "+odataString(strings.ToLower(m.UserPrincipalName.ValueString())))
	}
	if known(m.Thumbprint) {
		parts = append(parts, "tolower(thumbprint) eq "+odataString(strings.ToLower(m.Thumbprint.ValueString())))
	}
	if known(m.IntendedPurpose) {
		parts = append(parts, "intendedPurpose eq "+odataString(m.IntendedPurpose.ValueString()))
	}
	return strings.Join(parts, " and ")
}

func (d *userPfxCertificatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userPfxCertificatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := dataSourceReadTimeout(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var objs []map[string]attr.Value
	err := d.client.UserPfxCertificateSet().List(graph.WithPageTimeout(ctx, timeout), graph.ListOptions{Filter: m.filter()}, func(o graph.UserPFXCertificateable) bool {
		objs = append(objs, userPfxValues(o))
		return true
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Empty(), "Unable to list user PFX certificates",
			fmt.Sprintf("%s\n\nThe filter sent was: %q", userPfxErrorDetail(err, "", "list"), m.filter()))
		return
	}
	idOf := func(o map[string]attr.Value) string { return o["id"].(types.String).ValueString() } //nolint:forcetypeassert // userPfxValues sets it
	slices.SortFunc(objs, func(a, b map[string]attr.Value) int { return strings.Compare(idOf(a), idOf(b)) })
	objs = slices.CompactFunc(objs, func(a, b map[string]attr.Value) bool { return idOf(a) == idOf(b) })

	attrTypes := map[string]attr.Type{}
	for name, a := range userPfxCertificateComputedAttributes() {
		attrTypes[name] = a.GetType()
	}
	elems := make([]attr.Value, 0, len(objs))
	m.IDs = make([]string, 0, len(objs))
	for _, o := range objs {
		v, diags := types.ObjectValue(attrTypes, o)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
		elems = append(elems, v)
		m.IDs = append(m.IDs, idOf(o))
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	m.Certificates = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
