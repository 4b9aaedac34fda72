package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ datasource.DataSourceWithConfigure = (*pfxRecryptionRequestDataSource)(nil)

// NewPfxRecryptionRequestDataSource is the constructor the provider registers.
func NewPfxRecryptionRequestDataSource() datasource.DataSource {
	return &pfxRecryptionRequestDataSource{}
}

type pfxRecryptionRequestDataSource struct {
	client *graph.Client
}

func (d *pfxRecryptionRequestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pfx_recryption_request"
}

func (d *pfxRecryptionRequestDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := pfxRecryptionRequestComputedAttributes()
	attrs["id"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The identifier of the request to read, as Graph assigned it (the `id` of an " +
			"`intune_pfx_recryption_request` resource or of an `intune_pfx_recryption_requests` result).",
		Validators: []validator.String{
			graphKeyValidator{},
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one existing PFX recryption request (`microsoft.graph.pfxRecryptionRequest`, " +
			"Graph beta `/pfxRecryptionRequests/{id}`) by its id. Fails when no request has that id. " +
			"Needs `DeviceManagementConfiguration.Read.All`.\n\n" + lagWaitDescription,
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

// pfxRecryptionRequestComputedAttributes are a request's attributes as the
// data sources report them: all computed, values as Graph returns them.
func pfxRecryptionRequestComputedAttributes() map[string]schema.Attribute {
	guid := func(description string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: guidType{}, Computed: true, MarkdownDescription: description + ", a GUID in lower case."}
	}
	timestamp := func(description string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: timestampType{}, Computed: true, MarkdownDescription: description + ", an RFC 3339 timestamp in UTC."}
	}
	return map[string]schema.Attribute{
		"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "The identifier Graph assigned to the request."},
		"tenant_id":  guid("The Entra ID tenant the request belongs to"),
		"user_id":    guid("The Entra ID object ID of the user who owns the PFX certificate"),
		"device_id":  guid("The Intune managed device the certificate is re-encrypted for"),
		"profile_id": guid("The imported-PFX certificate profile that delivers the certificate"),
		"thumbprint": schema.StringAttribute{CustomType: thumbprintType{}, Computed: true, MarkdownDescription: "The thumbprint of the PFX certificate."},
		"device_key_thumbprint": schema.StringAttribute{CustomType: thumbprintType{}, Computed: true,
			MarkdownDescription: "The thumbprint of the device's encryption key the certificate is re-encrypted for."},
		"status":             schema.Int64Attribute{Computed: true, MarkdownDescription: "The processing status Intune reports, a whole number (Graph publishes no enumeration)."},
		"source_type":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Where the request comes from, a whole number (Graph publishes no enumeration)."},
		"created_time":       timestamp("When the request was created"),
		"last_modified_time": timestamp("When the request was last changed"),
		"is_deleted":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether Intune has marked the request deleted."},
		"e_tag":              schema.StringAttribute{Computed: true, MarkdownDescription: "The request's current entity tag."},
	}
}

func (d *pfxRecryptionRequestDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *pfxRecryptionRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m pfxRecryptionRequestDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	timeout := dataSourceReadTimeout(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := m.ID.ValueString()
	obj, waited, err := readByID(ctx, d.client, func(ctx context.Context) (graph.PfxRecryptionRequestable, error) {
		return d.client.PfxRecryptionRequestSet().Get(ctx, id)
	})
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "PFX recryption request not found",
			notFoundAfterLag("PFX recryption request", id, waited, err)+"\n\nCheck the id; the "+
				"intune_pfx_recryption_requests data source or terraform query lists the existing requests.")
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read PFX recryption request", graphErrorDetail(err, "PFX recryption request", id, "read"))
		return
	}
	m.fromGraph(obj)
	// Terraform requires the configured id back unchanged, even where Graph
	// spells it differently (a GUID in another letter case).
	m.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// pfxRecryptionRequestDataSourceModel is the data source's configuration and
// state: the request's attributes and the read timeout.
type pfxRecryptionRequestDataSourceModel struct {
	pfxRecryptionRequestAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}
