package provider

import (
	"context"
	"fmt"

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

// The list resource of every certificate profile family, for terraform
// query: one implementation over the family's table, so a family gets its
// list resource with one line in certificateProfileFamilies.

// certificateProfileFamilies are the families that have a list resource
// (built on first use, not at start-up).
func certificateProfileFamilies() []*profileFamily {
	return []*profileFamily{trustedFamily(), importedPfxFamily(), scepFamily(), pkcsFamily()}
}

var _ list.ListResourceWithConfigure = (*certificateProfileListResource)(nil)

// certificateProfileLister is the constructor the provider registers for a
// family's list resource.
func certificateProfileLister(f *profileFamily) func() list.ListResource {
	return func() list.ListResource { return &certificateProfileListResource{family: f} }
}

type certificateProfileListResource struct {
	family *profileFamily
	client *graph.Client
}

type certificateProfileListFilter struct {
	Platform    types.String `tfsdk:"platform"`
	DisplayName types.String `tfsdk:"display_name"`
}

func (l *certificateProfileListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.family.typeName
}

func (l *certificateProfileListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	f := l.family
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds existing %ss for `terraform query` (Terraform 1.14 or later), "+
			"optionally filtered; the filters combine with `and`. Each result carries the profile's identity (`id`) "+
			"and, with `include_resource = true`, all its attributes as a refresh reads them, so "+
			"`terraform query -generate-config-out=FILE` writes `import` and `resource` blocks that plan with no "+
			"changes. The list block's `limit` (Terraform's default: 100) caps the results. Results stream in the "+
			"order Graph returns them.", f.entity),
		Attributes: map[string]schema.Attribute{
			"platform": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only profiles of this platform, as the resource names it: " + orList(keysOf(f.platforms)) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(keysOf(f.platforms)...)},
			},
			"display_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only profiles with exactly this name. The match is exact and case-sensitive: " +
					"`Contoso Root` does not find `contoso root`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (l *certificateProfileListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = providerClient(req.ProviderData, "List Resource", &resp.Diagnostics)
}

func (l *certificateProfileListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if l.client == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", "The intune provider has no Graph client to list with; "+
			"check the provider block and its environment variables, then run terraform query again.")
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var f certificateProfileListFilter
	if diags := req.Config.Get(ctx, &f); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// Graph's $filter cannot select by type (isof() is not reliable on this
	// collection), so the family and the platform are chosen here; the
	// name is filtered by Graph and checked again here, case-sensitively.
	var opts graph.ListOptions
	if known(f.DisplayName) {
		opts.Filter = "displayName eq " + odataString(f.DisplayName.ValueString())
	}
	wanted := func(o *graph.DeviceConfiguration) bool {
		t := deref(o.GetOdataType())
		platform, ok := l.platformOf(t)
		return ok && (!known(f.Platform) || f.Platform.ValueString() == platform) &&
			(!known(f.DisplayName) || f.DisplayName.ValueString() == deref(o.GetDisplayName()))
	}
	stream.Results = func(push func(list.ListResult) bool) {
		stopped, n := false, int64(0)
		err := l.client.DeviceConfigurationSet().List(ctx, opts, func(o *graph.DeviceConfiguration) bool {
			if !wanted(o) {
				return true
			}
			n++
			stopped = !push(l.result(ctx, req, o)) || (req.Limit > 0 && n >= req.Limit)
			return !stopped
		})
		if err != nil && !stopped {
			var result list.ListResult
			result.Diagnostics.AddError("Unable to list "+l.family.entity+"s", graphErrorDetail(err, l.family.entity, "", "list"))
			push(result)
		}
	}
}

// platformOf is the platform of a profile of type t, false when t is not of
// this family.
func (l *certificateProfileListResource) platformOf(t string) (string, bool) {
	for p, pt := range l.family.platforms {
		if pt == t {
			return p, true
		}
	}
	return "", false
}

// result is one listed profile: its identity, a display name and, when
// Terraform asks, the resource as an import then a refresh would read it,
// through the engine's own fromGraph.
func (l *certificateProfileListResource) result(ctx context.Context, req list.ListRequest, o *graph.DeviceConfiguration) list.ListResult {
	result := req.NewListResult(ctx)
	platform, _ := l.platformOf(deref(o.GetOdataType()))
	result.DisplayName = fmt.Sprintf("%s (%s)", deref(o.GetDisplayName()), platform)
	result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), types.StringPointerValue(o.GetId()))...)
	if !req.IncludeResource {
		return result
	}
	// The listing asked for the assignments; a profile listed without them
	// (or without its certificate) is read as an import reads it.
	full := o
	if !o.Whole() {
		var err error
		if full, err = l.client.DeviceConfigurationSet().Get(ctx, deref(o.GetId())); err != nil {
			result.Diagnostics.AddError("Unable to read "+l.family.entity, graphErrorDetail(err, l.family.entity, deref(o.GetId()), "read"))
			return result
		}
	}
	r := &certificateProfileResource{family: l.family, client: l.client}
	// No prior state: nothing is spelt yet, as at an import.
	v := profileValues{"assignments": types.SetNull(assignmentObjectType)}
	result.Diagnostics.Append(r.fromGraph(ctx, v, full)...)
	if result.Diagnostics.HasError() {
		return result
	}
	// The root link is in no listing or read of the profile: its own route.
	if err := r.readLink(ctx, v); err != nil {
		result.Diagnostics.AddError("Unable to read the root certificate of "+l.family.entity,
			graphErrorDetail(err, l.family.entity, deref(o.GetId()), "read"))
		return result
	}
	result.Diagnostics.Append(r.setState(ctx, result.Resource, nil, v)...)
	return result
}
