package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var _ list.ListResourceWithConfigure = (*pfxRecryptionRequestListResource)(nil)

// NewPfxRecryptionRequestListResource is the constructor the provider registers.
func NewPfxRecryptionRequestListResource() list.ListResource {
	return &pfxRecryptionRequestListResource{}
}

// pfxRecryptionRequestListResource lists existing requests for terraform
// query, so they can be imported with generated configuration.
type pfxRecryptionRequestListResource struct {
	client *graph.Client
}

func (l *pfxRecryptionRequestListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pfx_recryption_request"
}

func (l *pfxRecryptionRequestListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	guid := func(name string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: guidType{}, Optional: true, MarkdownDescription: filterDescriptions[name]}
	}
	int32Filter := func(name string) schema.Int64Attribute {
		return schema.Int64Attribute{Optional: true, MarkdownDescription: filterDescriptions[name], Validators: int32Validators()}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds existing PFX recryption requests for `terraform query` (Terraform 1.14 or later), " +
			"optionally filtered; the filters combine with `and`. Each result carries the request's identity (`id`) " +
			"and, with `include_resource = true`, all its attributes, so `terraform query -generate-config-out=FILE` " +
			"writes `import` and `resource` blocks that plan with no changes. The list block's `limit` (Terraform's " +
			"default: 100) caps the results. Results stream in the order Graph returns them.",
		Attributes: map[string]schema.Attribute{
			"tenant_id":    guid("tenant_id"),
			"user_id":      guid("user_id"),
			"device_id":    guid("device_id"),
			"profile_id":   guid("profile_id"),
			"thumbprint":   schema.StringAttribute{CustomType: thumbprintType{}, Optional: true, MarkdownDescription: filterDescriptions["thumbprint"], Validators: []validator.String{thumbprintValidator{}}},
			"status":       int32Filter("status"),
			"source_type":  int32Filter("source_type"),
			"is_deleted":   schema.BoolAttribute{Optional: true, MarkdownDescription: filterDescriptions["is_deleted"]},
			"odata_filter": schema.StringAttribute{Optional: true, MarkdownDescription: filterDescriptions["odata_filter"], Validators: odataFilterValidators()},
			"page_size":    schema.Int64Attribute{Optional: true, MarkdownDescription: filterDescriptions["page_size"], Validators: pageSizeValidators()},
		},
	}
}

func (l *pfxRecryptionRequestListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = providerClient(req.ProviderData, "List Resource", &resp.Diagnostics)
}

func (l *pfxRecryptionRequestListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if l.client == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", "The intune provider has no Graph client to list with; "+
			"check the provider block and its environment variables, then run terraform query again.")
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var f pfxRecryptionRequestFilter
	if diags := req.Config.Get(ctx, &f); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	opts := f.listOptions(req.Limit)
	// Each object is pushed as its page arrives; Terraform stops the stream
	// (push returns false) once it has enough.
	stream.Results = func(push func(list.ListResult) bool) {
		stopped := false
		err := l.client.PfxRecryptionRequestSet().List(ctx, opts, func(o graph.PfxRecryptionRequestable) bool {
			stopped = !push(listResult(ctx, req, o))
			return !stopped
		})
		if err != nil && !stopped {
			p, detail := listErrorDetail(err, f)
			var result list.ListResult
			result.Diagnostics.AddAttributeError(p, "Unable to list PFX recryption requests", detail)
			push(result)
		}
	}
}

// listResult is one listed request: its identity, a display name and, when
// Terraform asks, the resource as a refresh would leave it in state.
func listResult(ctx context.Context, req list.ListRequest, o graph.PfxRecryptionRequestable) list.ListResult {
	result := req.NewListResult(ctx)
	var m pfxRecryptionRequestModel
	m.fromGraph(o)
	// No timeouts block, typed as the resource schema has it.
	result.Diagnostics.Append(result.Resource.GetAttribute(ctx, path.Root("timeouts"), &m.Timeouts)...)
	result.DisplayName = fmt.Sprintf("thumbprint %s for user %s on device %s",
		m.Thumbprint.ValueString(), m.UserID.ValueString(), m.DeviceID.ValueString())
	result.Diagnostics.Append(result.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: m.ID})...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}
