package provider

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ datasource.DataSourceWithConfigure = (*pfxRecryptionRequestsDataSource)(nil)

// NewPfxRecryptionRequestsDataSource is the constructor the provider registers.
func NewPfxRecryptionRequestsDataSource() datasource.DataSource {
	return &pfxRecryptionRequestsDataSource{}
}

type pfxRecryptionRequestsDataSource struct {
	client *graph.Client
}

func (d *pfxRecryptionRequestsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pfx_recryption_requests"
}

func (d *pfxRecryptionRequestsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	guid := func(name string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: guidType{}, Optional: true, MarkdownDescription: filterDescriptions[name]}
	}
	int32Filter := func(name string) schema.Int64Attribute {
		return schema.Int64Attribute{Optional: true, MarkdownDescription: filterDescriptions[name], Validators: int32Validators()}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists existing PFX recryption requests (Graph beta `/pfxRecryptionRequests`), optionally " +
			"filtered. The filters combine with `and`; leave them all out to list every request. Every page Graph " +
			"returns is followed, and the results are sorted by `id`, so the order is the same on every read. " +
			"Needs `DeviceManagementConfiguration.Read.All`.\n\n" + pageTimeoutDescription,
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
		Attributes: map[string]schema.Attribute{
			"tenant_id":   guid("tenant_id"),
			"user_id":     guid("user_id"),
			"device_id":   guid("device_id"),
			"profile_id":  guid("profile_id"),
			"thumbprint":  schema.StringAttribute{CustomType: thumbprintType{}, Optional: true, MarkdownDescription: filterDescriptions["thumbprint"], Validators: []validator.String{thumbprintValidator{}}},
			"status":      int32Filter("status"),
			"source_type": int32Filter("source_type"),
			"is_deleted":  schema.BoolAttribute{Optional: true, MarkdownDescription: filterDescriptions["is_deleted"]},
			"odata_filter": schema.StringAttribute{Optional: true, MarkdownDescription: filterDescriptions["odata_filter"],
				Validators: odataFilterValidators()},
			"page_size": schema.Int64Attribute{Optional: true, MarkdownDescription: filterDescriptions["page_size"],
				Validators: pageSizeValidators()},
			"top": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Return at most this many requests, at least 1. Which ones is up to Graph (it decides " +
					"which come first); they are then sorted by `id`. Leave it out to return every match.",
				Validators: []validator.Int64{int64validator.Between(1, math.MaxInt32)},
			},
			"ids": schema.ListAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "The ids of the matching requests, sorted; empty when none match.",
			},
			"requests": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The matching requests with all their attributes, in the order of `ids`; " +
					"empty when none match.",
				NestedObject: schema.NestedAttributeObject{Attributes: pfxRecryptionRequestComputedAttributes()},
			},
		},
	}
}

func (d *pfxRecryptionRequestsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *pfxRecryptionRequestsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m pfxRecryptionRequestsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := dataSourceReadTimeout(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	requests, err := readPfxRecryptionRequests(graph.WithPageTimeout(ctx, timeout), d.client, m.listOptions(m.Top.ValueInt64()))
	if err != nil {
		p, detail := listErrorDetail(err, m.pfxRecryptionRequestFilter)
		resp.Diagnostics.AddAttributeError(p, "Unable to list PFX recryption requests", detail)
		return
	}
	var diags diag.Diagnostics
	m.Requests, diags = requestsList(requests)
	resp.Diagnostics.Append(diags...)
	m.IDs = make([]string, len(requests))
	for i, r := range requests {
		m.IDs[i] = r.ID.ValueString()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readPfxRecryptionRequests lists the matches sorted by id. Each object is
// converted as it arrives, so apart from the result only one page is in
// memory.
func readPfxRecryptionRequests(ctx context.Context, client *graph.Client, opts graph.ListOptions) ([]pfxRecryptionRequestAttributes, error) {
	out := []pfxRecryptionRequestAttributes{} // empty, not null, when none match
	err := client.PfxRecryptionRequestSet().List(ctx, opts, func(o graph.PfxRecryptionRequestable) bool {
		var a pfxRecryptionRequestAttributes
		a.fromGraph(o)
		out = append(out, a)
		return true
	})
	if err != nil {
		return nil, err
	}
	return sortedByID(out), nil
}

// sortedByID sorts requests by id, for an order that does not depend on how
// Graph pages, and drops repeats: an object that moved between pages while
// they were read can come twice.
func sortedByID(rs []pfxRecryptionRequestAttributes) []pfxRecryptionRequestAttributes {
	byID := func(a, b pfxRecryptionRequestAttributes) int {
		return strings.Compare(a.ID.ValueString(), b.ID.ValueString())
	}
	slices.SortFunc(rs, byID)
	return slices.CompactFunc(rs, func(a, b pfxRecryptionRequestAttributes) bool { return byID(a, b) == 0 })
}

// pfxRecryptionRequestsModel is the data source's configuration and state.
type pfxRecryptionRequestsModel struct {
	pfxRecryptionRequestFilter
	Top      types.Int64    `tfsdk:"top"`
	IDs      []string       `tfsdk:"ids"`
	Requests types.List     `tfsdk:"requests"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// requestsList builds the requests attribute by hand rather than through the
// framework's reflection, which for thousands of requests costs several times
// the Graph listing itself.
func requestsList(rs []pfxRecryptionRequestAttributes) (types.List, diag.Diagnostics) {
	attrTypes := map[string]attr.Type{}
	for name, a := range pfxRecryptionRequestComputedAttributes() {
		attrTypes[name] = a.GetType()
	}
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(rs))
	for _, r := range rs {
		o, d := types.ObjectValue(attrTypes, map[string]attr.Value{
			"id": r.ID, "tenant_id": r.TenantID, "user_id": r.UserID, "device_id": r.DeviceID, "profile_id": r.ProfileID,
			"thumbprint": r.Thumbprint, "device_key_thumbprint": r.DeviceKeyThumbprint, "status": r.Status,
			"source_type": r.SourceType, "created_time": r.CreatedTime, "last_modified_time": r.LastModifiedTime,
			"is_deleted": r.IsDeleted, "e_tag": r.ETag,
		})
		if diags.Append(d...); diags.HasError() {
			return types.ListNull(types.ObjectType{AttrTypes: attrTypes}), diags
		}
		elems = append(elems, o)
	}
	l, d := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, elems)
	return l, append(diags, d...)
}
