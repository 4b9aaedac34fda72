package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The certificate profile engine: one resource implementation that every
// family of certificate profiles (trusted, imported PFX, SCEP, PKCS) shares.
// A family is a table (profileFamily): its platforms and their @odata.type,
// and its own attributes with their Graph property. The engine owns what all
// families share: platform, display_name, description, role_scope_tag_ids,
// assignments through /assign, the plan-time platform check, CRUD and import
// through the protocols in internal/graph, timeouts and identity. Which
// platform carries which attribute is not written here: an attribute exists
// on the platforms whose Graph type has its property (graph.ProfileTypes).

// profileFamily is the table the engine reads for one family.
type profileFamily struct {
	typeName    string            // the resource type without the provider's prefix
	entity      string            // what messages call one profile, e.g. "trusted certificate profile"
	description string            // the resource's MarkdownDescription
	platforms   map[string]string // platform attribute value -> @odata.type
	platformDoc string            // MarkdownDescription of the platform attribute
	attributes  []familyAttribute
	// modifyPlan, when set, fills attributes the family computes at plan
	// time and adds its warnings. Called once the engine has planned.
	modifyPlan func(ctx context.Context, plan profileValues, diags *diag.Diagnostics)
	// derive, when set, recomputes those attributes from values read from
	// Graph (Read and import).
	derive func(ctx context.Context, v profileValues, diags *diag.Diagnostics)
}

// familyAttribute is one attribute of a family.
type familyAttribute struct {
	name   string
	schema schema.Attribute
	// property is the Graph property; "" for an attribute the family
	// computes itself (derive, modifyPlan).
	property string
	// createOnly properties are sent on create only: Intune cannot change
	// them, and the schema replaces the profile when they change.
	createOnly bool
	// toGraph and fromGraph convert a value; nil converts by the property's kind.
	toGraph   func(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any
	fromGraph func(v any, prior attr.Value) attr.Value
	// emptyValue is sent when the attribute is removed from the
	// configuration; nil sends null.
	emptyValue any
	// rootLink marks the attribute that holds the rootCertificate link's
	// id (property ""): bound on create, changed by $ref, read from the
	// typed route, on the types whose RootLink is set.
	rootLink bool
}

// profileValues holds a profile's attributes by name, as the schema types them.
type profileValues map[string]attr.Value

func (v profileValues) str(name string) types.String {
	if s, ok := v[name].(types.String); ok {
		return s
	}
	return types.StringNull()
}

func (v profileValues) set(name string) types.Set {
	if s, ok := v[name].(types.Set); ok {
		return s
	}
	return types.SetNull(types.StringType)
}

// odataType is the @odata.type of the planned platform ("" when unknown).
func (f *profileFamily) odataType(v profileValues) string {
	return f.platforms[v.str("platform").ValueString()]
}

// platformsWithLink lists the platforms whose type has the root link.
func (f *profileFamily) platformsWithLink() []string {
	var out []string
	for p, t := range f.platforms {
		if graph.ProfileTypes[t].RootLink {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// platformsWith lists the platforms whose type carries property.
func (f *profileFamily) platformsWith(property string) []string {
	var out []string
	for p, t := range f.platforms {
		if graph.ProfileTypes[t].Has(property) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

var (
	_ resource.ResourceWithConfigure      = (*certificateProfileResource)(nil)
	_ resource.ResourceWithImportState    = (*certificateProfileResource)(nil)
	_ resource.ResourceWithValidateConfig = (*certificateProfileResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*certificateProfileResource)(nil)
	_ resource.ResourceWithIdentity       = (*certificateProfileResource)(nil)
)

// certificateProfileResource is the resource of one family.
type certificateProfileResource struct {
	family *profileFamily
	client *graph.Client
}

func (r *certificateProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.family.typeName
}

func (r *certificateProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	f := r.family
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The profile's id, assigned by Intune.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"platform": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: f.platformDoc + " Changing it creates a new profile.",
			Validators:          []validator.String{stringvalidator.OneOf(keysOf(f.platforms)...)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"display_name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The profile's name in Intune.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"description": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "A description of the profile.",
		},
		"role_scope_tag_ids": schema.SetAttribute{
			ElementType: types.StringType,
			Optional:    true,
			Computed:    true,
			MarkdownDescription: "The ids of the profile's scope tags. Intune sets `[\"0\"]` (the default tag) when " +
				"none is configured.",
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
		},
		"assignments":           assignmentsAttribute(),
		"unmanaged_assignments": unmanagedAssignmentsAttribute,
		"created_date_time": schema.StringAttribute{
			CustomType:          timestampType{},
			Computed:            true,
			MarkdownDescription: "When the profile was created, an RFC 3339 timestamp.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"last_modified_date_time": schema.StringAttribute{
			CustomType:          timestampType{},
			Computed:            true,
			MarkdownDescription: "When the profile was last changed, an RFC 3339 timestamp set by Intune.",
		},
		"version": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The profile's version, which Intune increments on every change.",
		},
	}
	for _, a := range f.attributes {
		attrs[a.name] = a.schema
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: f.description,
		Attributes:          attrs,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *certificateProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true,
			Description: "The profile's id in /deviceManagement/deviceConfigurations."},
	}}
}

func (r *certificateProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerClient(req.ProviderData, "Resource", &resp.Diagnostics)
}

// ValidateConfig refuses, before any request, what Graph would refuse: an
// attribute whose property the platform's type lacks, and assignments whose
// fields do not fit their target.
func (r *certificateProfileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	cfg, diags := profileValuesOf(ctx, req.Config)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	platform := cfg.str("platform")
	if t, ok := r.family.platforms[platform.ValueString()]; ok && known(platform) {
		for _, a := range r.family.attributes {
			if a.rootLink && cfg[a.name] != nil && !cfg[a.name].IsNull() && !graph.ProfileTypes[t].RootLink {
				resp.Diagnostics.AddAttributeError(path.Root(a.name), "Attribute not supported on this platform",
					fmt.Sprintf("%s applies to platform = %s only, and this profile is for platform = %q: Intune's %s has no "+
						"root certificate link. Remove %s from this profile.", a.name, orList(r.family.platformsWithLink()),
						platform.ValueString(), strings.TrimPrefix(t, "#microsoft.graph."), a.name))
			}
			if a.property == "" || cfg[a.name] == nil || cfg[a.name].IsNull() || graph.ProfileTypes[t].Has(a.property) {
				continue
			}
			resp.Diagnostics.AddAttributeError(path.Root(a.name), "Attribute not supported on this platform",
				fmt.Sprintf("%s applies to platform = %s only, and this profile is for platform = %q: Intune's %s has no "+
					"%s. Remove %s from this profile.", a.name, orList(r.family.platformsWith(a.property)),
					platform.ValueString(), strings.TrimPrefix(t, "#microsoft.graph."), a.property, a.name))
		}
	}
	validateAssignments(ctx, cfg.set("assignments"), &resp.Diagnostics)
}

// ModifyPlan plans the family's own computed attributes. When nothing the
// configuration holds changes (an equivalent value was planned as the prior
// one, such as a certificate in another encoding), it keeps the computed
// values the framework marked unknown, so the plan is empty.
func (r *certificateProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	plan, diags := profileValuesOf(ctx, req.Plan)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	if r.family.modifyPlan != nil {
		r.family.modifyPlan(ctx, plan, &resp.Diagnostics)
	}
	if a := r.family.linkAttribute(); a != nil && !req.State.Raw.IsNull() {
		state, _ := profileValuesOf(ctx, req.State)
		if !plan[a.name].Equal(state[a.name]) {
			r.checkRoot(ctx, plan, &resp.Diagnostics)
		}
	} else if a != nil {
		r.checkRoot(ctx, plan, &resp.Diagnostics)
	}
	if !req.State.Raw.IsNull() {
		state, diags := profileValuesOf(ctx, req.State)
		resp.Diagnostics.Append(diags...)
		unchanged := !diags.HasError()
		for name, v := range plan {
			if !v.IsUnknown() && !v.Equal(state[name]) {
				unchanged = false
			}
		}
		if unchanged {
			for name, v := range plan {
				if v.IsUnknown() {
					plan[name] = state[name]
				}
			}
		}
	}
	for name, v := range plan {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}

func (r *certificateProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, diags := profileValuesOf(ctx, req.Plan)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan, "create", defaultCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	f := r.family
	body := r.toGraph(ctx, plan, nil, &resp.Diagnostics)
	assignments := assignmentsToGraph(ctx, plan.set("assignments"), &resp.Diagnostics)
	if a := f.linkAttribute(); a != nil && known(plan[a.name]) && !plan[a.name].IsNull() {
		r.checkRoot(ctx, plan, &resp.Diagnostics) // the id was unknown at plan time
		r.client.BindRootCertificate(body, plan.str(a.name).ValueString())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := graph.CreateOrAdopt(ctx, r.createSpec(body))
	if err != nil {
		resp.Diagnostics.AddError("Unable to create "+f.entity, r.errorDetail(err, "", "create"))
		return
	}
	if res.Adopted {
		resp.Diagnostics.AddWarning("Adopted the "+f.entity+" an interrupted create made", res.Note)
	}
	created, createdAt := res.Object, time.Now()
	id := *created.GetId()
	tflog.Info(ctx, "Created "+f.entity, map[string]any{"id": id, "adopted": res.Adopted})
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
	if len(assignments) > 0 {
		if err := r.assign(ctx, id, assignments, createdAt); err != nil {
			// The profile exists: keep it in state (Terraform marks it
			// tainted) without the assignments it did not get.
			plan["assignments"] = types.SetNull(assignmentObjectType)
			r.fillUnknown(ctx, plan, created)
			resp.Diagnostics.Append(r.setState(ctx, &resp.State, resp.Identity, plan)...)
			resp.Diagnostics.AddError("Unable to assign "+f.entity, r.errorDetail(err, id, "assign"))
			return
		}
		// The version and modification time after the assignment.
		if latest, err := r.readBack(ctx, id); err == nil {
			created = latest
		}
	}
	r.fillUnknown(ctx, plan, created)
	resp.Diagnostics.Append(r.setState(ctx, &resp.State, resp.Identity, plan)...)
}

// createSpec tells graph.CreateOrAdopt how to resolve a create whose answer
// was lost. A profile has no key Graph enforces, so the lookup lists
// configurations with the posted display name and adopts only one that was
// created since the operation began and matches every posted field,
// @odata.type included; two or more such profiles are an error that lists them.
func (r *certificateProfileResource) createSpec(body *graph.DeviceConfiguration) graph.Create[*graph.DeviceConfiguration] {
	name := deref(body.GetDisplayName())
	set := r.client.DeviceConfigurationSet()
	return graph.Create[*graph.DeviceConfiguration]{
		Entity:        r.family.entity,
		NaturalKey:    fmt.Sprintf("display_name = %q, @odata.type = %s", name, deref(body.GetOdataType())),
		ImportCommand: fmt.Sprintf("terraform import intune_%s.<name> <id>", r.family.typeName),
		Post:          func(ctx context.Context) (*graph.DeviceConfiguration, error) { return set.Create(ctx, body) },
		Lookup: func(ctx context.Context) ([]*graph.DeviceConfiguration, error) {
			var out []*graph.DeviceConfiguration
			err := set.List(ctx, graph.ListOptions{Filter: "displayName eq " + odataString(name)}, func(p *graph.DeviceConfiguration) bool {
				out = append(out, p)
				return true
			})
			return out, err
		},
		Window:  r.client.ConsistencyWindow(),
		ListLag: r.client.ListLag(),
		Matches: func(o *graph.DeviceConfiguration) bool { return profileMatches(body, o) },
		ID:      func(o *graph.DeviceConfiguration) string { return *o.GetId() },
		CreatedAt: func(o *graph.DeviceConfiguration) (time.Time, bool) {
			if t := o.GetCreatedDateTime(); t != nil {
				return *t, true
			}
			return time.Time{}, false
		},
	}
}

func (r *certificateProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, diags := profileValuesOf(ctx, req.State)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state, "read", defaultReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.str("id").ValueString()
	obj, ok := readForState(ctx, r.client, req, resp, r.family.entity, id, r.client.DeviceConfigurationSet().Get, r.errorDetail)
	if !ok {
		return
	}
	resp.Diagnostics.Append(r.fromGraph(ctx, state, obj)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.readLink(ctx, state); err != nil {
		resp.Diagnostics.AddError("Unable to read "+r.family.entity, r.errorDetail(err, id, "read the root certificate link of"))
		return
	}
	resp.Diagnostics.Append(r.setState(ctx, &resp.State, resp.Identity, state)...)
}

func (r *certificateProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, diags := profileValuesOf(ctx, req.Plan)
	resp.Diagnostics.Append(diags...)
	state, diags := profileValuesOf(ctx, req.State)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan, "update", defaultUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	f := r.family
	id := state.str("id").ValueString()
	plan["id"] = state["id"]
	patch := r.toGraph(ctx, plan, state, &resp.Diagnostics)
	assignments := assignmentsToGraph(ctx, plan.set("assignments"), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	set := r.client.DeviceConfigurationSet()
	var latest *graph.DeviceConfiguration
	lastWrite := written(ctx, req.Private)
	if r.patchChanges(plan, state) {
		updated, err := graph.UpdateAndVerify(ctx, graph.Update[*graph.DeviceConfiguration]{
			Patch: func(ctx context.Context) (*graph.DeviceConfiguration, bool, error) {
				o, err := set.Update(ctx, id, "", patch)
				return o, err == nil && o == nil, err
			},
			Get:     func(ctx context.Context) (*graph.DeviceConfiguration, error) { return set.Get(ctx, id) },
			Applied: func(o *graph.DeviceConfiguration) bool { return profileMatches(patch, o) },
			ETagOf:  func(*graph.DeviceConfiguration) string { return "" },
			Lag:     graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()},
		})
		if err != nil {
			resp.Diagnostics.AddError("Unable to update "+f.entity, r.errorDetail(err, id, "update"))
			return
		}
		latest, lastWrite = updated, time.Now()
		resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
	}
	if a := f.linkAttribute(); a != nil && !plan[a.name].Equal(state[a.name]) {
		if err := r.updateLink(ctx, plan, state, graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()}); err != nil {
			resp.Diagnostics.AddError("Unable to change the root certificate of "+f.entity, r.errorDetail(err, id, "link"))
			return
		}
		lastWrite, latest = time.Now(), nil
		resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
	}
	if !sameAssignments(ctx, plan.set("assignments"), state.set("assignments")) {
		assignments, err := withUnmanaged(ctx, r.client, id, graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()}, assignments)
		if err == nil {
			err = r.assign(ctx, id, assignments, lastWrite)
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable to assign "+f.entity, r.errorDetail(err, id, "assign"))
			return
		}
		resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
		latest = nil // read the version after the assignment
	}
	if latest == nil {
		var err error
		if latest, err = r.readBack(ctx, id); err != nil {
			resp.Diagnostics.AddError("Unable to read "+f.entity+" after the update", r.errorDetail(err, id, "read"))
			return
		}
	}
	r.fillUnknown(ctx, plan, latest)
	resp.Diagnostics.Append(r.setState(ctx, &resp.State, resp.Identity, plan)...)
}

func (r *certificateProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, diags := profileValuesOf(ctx, req.State)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state, "delete", defaultDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.str("id").ValueString()
	set := r.client.DeviceConfigurationSet()
	// Graph deletes the assignments with the profile.
	err := graph.DeleteAndConfirm(ctx, graph.Delete{
		Entity: r.family.entity, ID: id, Window: r.client.ConsistencyWindow(),
		Delete: func(ctx context.Context) error { return set.Delete(ctx, id, "") },
		Exists: exists(set.Get, id),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete "+r.family.entity, r.errorDetail(err, id, "delete"))
	}
}

func (r *certificateProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	hint := fmt.Sprintf("For example: `terraform import intune_%s.example 0f7e1a2b-...`.", r.family.typeName)
	if req.ID == "" && req.Identity != nil {
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	importID(ctx, req.ID, hint, resp)
}

// errorDetail explains a failed call on a profile.
func (r *certificateProfileResource) errorDetail(err error, id, op string) string {
	return graphErrorDetail(err, r.family.entity, id, op)
}

// assign replaces the profile's assignments. The action sets the whole set,
// so sending it again after an unknown outcome cannot duplicate anything. A
// 404 within the consistency window of the last write (lastWrite) is
// replication lag, and waited out.
func (r *certificateProfileResource) assign(ctx context.Context, id string, assignments []*graph.DeviceConfigurationAssignment, lastWrite time.Time) error {
	lag := graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()}
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		_, err = graph.ReadThroughLag(ctx, lag, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, r.client.AssignDeviceConfiguration(ctx, id, assignments)
		})
		if err == nil || !graph.IsOutcomeUnknown(err) {
			return err
		}
		tflog.Warn(ctx, "Outcome of assign unknown; sending the same set again", map[string]any{"id": id, "attempt": attempt})
	}
	return err
}

// readBack reads the profile just written, through replication lag.
func (r *certificateProfileResource) readBack(ctx context.Context, id string) (*graph.DeviceConfiguration, error) {
	return graph.ReadThroughLag(ctx, graph.Lag{Since: time.Now(), Window: r.client.ConsistencyWindow()},
		func(ctx context.Context) (*graph.DeviceConfiguration, error) {
			return r.client.DeviceConfigurationSet().Get(ctx, id)
		})
}

// profileValuesOf reads a whole plan, state or configuration by attribute name.
func profileValuesOf(ctx context.Context, src interface {
	Get(context.Context, any) diag.Diagnostics
}) (profileValues, diag.Diagnostics) {
	var obj types.Object
	diags := src.Get(ctx, &obj)
	if diags.HasError() {
		return nil, diags
	}
	return profileValues(obj.Attributes()), diags
}

type attributeSetter interface {
	SetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

// setState writes the values and the identity (nil when Terraform has none).
func (r *certificateProfileResource) setState(ctx context.Context, state attributeSetter, identity *tfsdk.ResourceIdentity, v profileValues) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, val := range v {
		diags.Append(state.SetAttribute(ctx, path.Root(name), val)...)
	}
	if identity != nil && known(v.str("id")) {
		diags.Append(identity.SetAttribute(ctx, path.Root("id"), v.str("id"))...)
	}
	return diags
}

// withTimeout bounds ctx by the configured timeout of op.
func withTimeout(ctx context.Context, v profileValues, op string, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	t, _ := v["timeouts"].(timeouts.Value)
	var d time.Duration
	var ds diag.Diagnostics
	switch op {
	case "create":
		d, ds = t.Create(ctx, def)
	case "read":
		d, ds = t.Read(ctx, def)
	case "update":
		d, ds = t.Update(ctx, def)
	default:
		d, ds = t.Delete(ctx, def)
	}
	if diags.Append(ds...); ds.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}
