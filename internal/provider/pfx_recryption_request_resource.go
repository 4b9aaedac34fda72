package provider

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = (*pfxRecryptionRequestResource)(nil)
	_ resource.ResourceWithImportState = (*pfxRecryptionRequestResource)(nil)
	_ resource.ResourceWithIdentity    = (*pfxRecryptionRequestResource)(nil)
)

// NewPfxRecryptionRequestResource is the constructor the provider registers.
func NewPfxRecryptionRequestResource() resource.Resource {
	return &pfxRecryptionRequestResource{}
}

type pfxRecryptionRequestResource struct {
	client *graph.Client
}

func (r *pfxRecryptionRequestResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pfx_recryption_request"
}

func (r *pfxRecryptionRequestResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A PFX recryption request (`microsoft.graph.pfxRecryptionRequest`, Graph beta " +
			"`/pfxRecryptionRequests`): asks Intune to re-encrypt an imported PFX certificate of a user for one " +
			"device's key, so the device can install it through an imported-PFX certificate profile.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The identifier Graph assigned to the request.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"tenant_id": guidAttribute(false,
				"The Entra ID tenant the request belongs to, a GUID. Optional: when it is not set, Intune records "+
					"the tenant of the caller. Changing it creates a new request."),
			"user_id": guidAttribute(true,
				"The Entra ID object ID of the user who owns the PFX certificate, a GUID. Required: a recryption "+
					"request is always for one user's certificate. Changing it creates a new request."),
			"device_id": guidAttribute(true,
				"The Intune managed device ID whose key the certificate is re-encrypted for, a GUID. Required. "+
					"Changing it creates a new request."),
			"profile_id": guidAttribute(true,
				"The ID of the imported-PFX certificate profile that delivers the certificate, a GUID. Required. "+
					"Changing it creates a new request."),
			"thumbprint": schema.StringAttribute{
				CustomType: thumbprintType{},
				Required:   true,
				MarkdownDescription: "The thumbprint of the PFX certificate to re-encrypt, as Intune shows it " +
					"(usually 40 hexadecimal characters). Required: it identifies the certificate, so an empty or " +
					"whitespace-only value is an error. Letter case does not matter. Changing it otherwise creates a " +
					"new request. Any other string is accepted, as Graph accepts any; whitespace inside it gets a " +
					"warning, since Intune compares thumbprints exactly.",
				Validators: []validator.String{thumbprintValidator{identifier: true}},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !sameThumbprint(req.StateValue.ValueString(), req.PlanValue.ValueString())
					}, "Changing the thumbprint, other than its letter case, creates a new request.",
						"Changing the thumbprint, other than its letter case, creates a new request."),
				},
			},
			"device_key_thumbprint": schema.StringAttribute{
				CustomType: thumbprintType{},
				Optional:   true,
				Computed:   true,
				MarkdownDescription: "The thumbprint of the device's encryption key the certificate is re-encrypted " +
					"for. Optional: Intune fills it in from the device when it is not set. Letter case does not " +
					"matter; another value is sent as an update.",
				Validators:    []validator.String{thumbprintValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			// status and source_type stay settable: Graph's create and update
			// requests carry them, and no other API sets them. Plan-first state
			// keeps a value the service replaces from failing the apply.
			"status": int32Attribute(
				"The processing status of the request, a whole number (Graph publishes no enumeration for it). " +
					"Intune sets the initial status and advances it by itself as the request is processed, so leave " +
					"it out unless you mean to set a status. A configured value is sent on create and whenever it " +
					"differs from the last refreshed one; when Intune answers with another status, the apply " +
					"succeeds with a warning naming both values and the next plan shows the difference."),
			"source_type": int32Attribute(
				"Where the request comes from, a whole number (Graph publishes no enumeration for it). Optional: " +
					"Intune sets it when it is not set. A configured value is sent on create and whenever it differs " +
					"from the last refreshed one; when Intune answers with another value, the apply succeeds with a " +
					"warning naming both values."),
			"created_time": schema.StringAttribute{
				CustomType: timestampType{},
				Optional:   true,
				Computed:   true,
				MarkdownDescription: "When the request was created, an RFC 3339 timestamp such as " +
					"`2017-01-01T00:03:18.9597073-08:00`. Optional: Intune stamps the creation time when it is not " +
					"set; leave it out unless the request is carried over from elsewhere (Graph's create request " +
					"carries the property). A value Graph returns in another offset or precision for the same instant " +
					"is not a change; another instant gives a warning naming both values.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_time": schema.StringAttribute{
				CustomType: timestampType{},
				Computed:   true,
				MarkdownDescription: "When the request was last changed, an RFC 3339 timestamp. Read-only: Intune " +
					"sets it on every change, its own included.",
			},
			"is_deleted": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the request is marked deleted. Optional: Graph documents it in the create " +
					"request (Microsoft's own example sets it), so a configured value is sent on create and whenever it " +
					"differs from the last refreshed one; when it is not set, Intune sets it. When Intune answers with " +
					"another value, the apply succeeds with a warning naming both values and the next plan shows the " +
					"difference. Removing the request from the configuration deletes it (a DELETE); this flag does not.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"e_tag": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The entity tag Graph returned last. Updates send it in `If-Match`, so a change " +
					"made outside Terraform since the last refresh is never overwritten. Deletes do not: a destroy " +
					"removes the request whatever Intune has changed in it since.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func guidAttribute(required bool, description string) schema.StringAttribute {
	a := schema.StringAttribute{
		CustomType:          guidType{},
		MarkdownDescription: description + " Letter case does not matter.",
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
				// A GUID in other letter case is the same GUID.
				resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
			}, "Changing the value creates a new request.", "Changing the value creates a new request."),
		},
	}
	if required {
		a.Required = true
	} else {
		a.Optional = true
		a.Computed = true
		a.PlanModifiers = append([]planmodifier.String{stringplanmodifier.UseStateForUnknown()}, a.PlanModifiers...)
	}
	return a
}

func int32Attribute(description string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:            true,
		Computed:            true,
		MarkdownDescription: description + fmt.Sprintf(" Range: %d to %d (Int32).", math.MinInt32, math.MaxInt32),
		Validators:          []validator.Int64{int64validator.Between(math.MinInt32, math.MaxInt32)},
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
	}
}

func (r *pfxRecryptionRequestResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The identifier Graph assigned to the PFX recryption request.",
			},
		},
	}
}

func (r *pfxRecryptionRequestResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerClient(req.ProviderData, "Resource", &resp.Diagnostics)
}

func (r *pfxRecryptionRequestResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pfxRecryptionRequestModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body, diags := plan.toGraph()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := graph.CreateOrAdopt(ctx, r.createSpec(body))
	if err != nil {
		resp.Diagnostics.AddError("Unable to create PFX recryption request", graphErrorDetail(err, "PFX recryption request", "", "create"))
		return
	}
	created := res.Object
	if res.Adopted {
		resp.Diagnostics.AddWarning("Adopted the PFX recryption request an interrupted create made", res.Note)
	}
	tflog.Info(ctx, "Created PFX recryption request", map[string]any{"id": *created.GetId(), "adopted": res.Adopted})
	resp.Diagnostics.Append(plan.fromAnswer(ctx, created)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: plan.ID})...)
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
}

func (r *pfxRecryptionRequestResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pfxRecryptionRequestModel
	resp.Diagnostics.Append(state.getState(ctx, req.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	// The identity is the id, whatever Graph answers. The framework wants one
	// after every successful read, also one that removes the resource, and
	// Terraform before 1.12 sends none. (SetAttribute, not Set of the identity
	// struct: see stateFields.)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
	obj, ok := readForState(ctx, r.client, req, resp, "PFX recryption request", id, r.client.PfxRecryptionRequestSet().Get, func(err error, id, op string) string { return graphErrorDetail(err, "PFX recryption request", id, op) })
	if !ok {
		return
	}
	state.fromGraph(obj)
	resp.Diagnostics.Append(state.setState(ctx, &resp.State)...)
}

func (r *pfxRecryptionRequestResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pfxRecryptionRequestModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	patch, changed, diags := plan.toGraphPatch(state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !changed {
		// Only letter case or timestamp notation changed, or only timeouts:
		// nothing to send.
		plan.copyComputed(state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: state.ID})...)
		return
	}
	updated, err := graph.UpdateAndVerify(ctx, r.updateSpec(id, state.ETag.ValueString(), patch, written(ctx, req.Private)))
	if err != nil {
		resp.Diagnostics.AddError("Unable to update PFX recryption request", graphErrorDetail(err, "PFX recryption request", id, "update"))
		return
	}
	resp.Diagnostics.Append(plan.fromAnswer(ctx, updated)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: plan.ID})...)
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
}

// Delete sends no If-Match. Intune changes a request by itself as it
// processes it (its status, its modification time), and every such change
// moves the eTag; a destroy that sent the refreshed eTag could then fail with
// 412 for bookkeeping nobody asked it to protect, and a destroy means to
// remove the request whatever it holds now. Updates keep If-Match: they must
// not overwrite someone else's change.
func (r *pfxRecryptionRequestResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pfxRecryptionRequestModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	err := graph.DeleteAndConfirm(ctx, graph.Delete{
		Entity: "PFX recryption request", ID: id, Window: r.client.ConsistencyWindow(),
		Delete: func(ctx context.Context) error { return r.client.PfxRecryptionRequestSet().Delete(ctx, id, "") },
		Exists: func(ctx context.Context) (bool, error) {
			// One Intune marks deleted is gone too, should it still read.
			o, err := r.client.PfxRecryptionRequestSet().Get(ctx, id)
			return err == nil && (o.GetIsDeleted() == nil || !*o.GetIsDeleted()), err
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete PFX recryption request", graphErrorDetail(err, "PFX recryption request", id, "delete"))
	}
}

func (r *pfxRecryptionRequestResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if req.Identity != nil && id == "" {
		var ident pfxRecryptionRequestIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = ident.ID.ValueString()
	}
	importID(ctx, id, "For example: `terraform import intune_pfx_recryption_request.example 0f7e1a2b-...`.", resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// pfxRecryptionRequestModel is the resource's state.
type pfxRecryptionRequestModel struct {
	pfxRecryptionRequestAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// pfxRecryptionRequestAttributes are the request's own attributes, shared by
// the resource, the data sources and the list resource.
type pfxRecryptionRequestAttributes struct {
	ID                  types.String    `tfsdk:"id"`
	TenantID            guidValue       `tfsdk:"tenant_id"`
	UserID              guidValue       `tfsdk:"user_id"`
	DeviceID            guidValue       `tfsdk:"device_id"`
	ProfileID           guidValue       `tfsdk:"profile_id"`
	Thumbprint          thumbprintValue `tfsdk:"thumbprint"`
	DeviceKeyThumbprint thumbprintValue `tfsdk:"device_key_thumbprint"`
	Status              types.Int64     `tfsdk:"status"`
	SourceType          types.Int64     `tfsdk:"source_type"`
	CreatedTime         timestampValue  `tfsdk:"created_time"`
	LastModifiedTime    timestampValue  `tfsdk:"last_modified_time"`
	IsDeleted           types.Bool      `tfsdk:"is_deleted"`
	ETag                types.String    `tfsdk:"e_tag"`
}

// stateFields points at each field of the model under its attribute name.
// Read, which runs for every resource on every plan, converts state through
// it: the framework's State.Get and State.Set reflect over the struct and
// compile a regular expression for each field on each call (the figures are
// in DESIGN.md). TestModelStateConversion checks that both give what
// State.Get and State.Set give.
func (m *pfxRecryptionRequestModel) stateFields() map[string]any {
	return map[string]any{
		"id": &m.ID, "tenant_id": &m.TenantID, "user_id": &m.UserID, "device_id": &m.DeviceID,
		"profile_id": &m.ProfileID, "thumbprint": &m.Thumbprint, "device_key_thumbprint": &m.DeviceKeyThumbprint,
		"status": &m.Status, "source_type": &m.SourceType, "created_time": &m.CreatedTime,
		"last_modified_time": &m.LastModifiedTime, "is_deleted": &m.IsDeleted, "e_tag": &m.ETag,
		"timeouts": &m.Timeouts,
	}
}

// getState fills the model from state, as state.Get(ctx, m) does.
func (m *pfxRecryptionRequestModel) getState(ctx context.Context, state tfsdk.State) diag.Diagnostics {
	return getStateFields(ctx, state, m.stateFields())
}

// setState stores the model in state, as state.Set(ctx, m) does.
func (m *pfxRecryptionRequestModel) setState(ctx context.Context, state *tfsdk.State) diag.Diagnostics {
	return setStateFields(ctx, state, m.stateFields())
}

type pfxRecryptionRequestIdentity struct {
	ID types.String `tfsdk:"id"`
}

// toGraph maps the plan to a create body: only known, non-null values, so
// nothing the configuration leaves out is sent.
func (m pfxRecryptionRequestModel) toGraph() (*graph.PfxRecryptionRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	b := graph.NewPfxRecryptionRequest()
	b.SetTenantId(guidPtr(m.TenantID, path.Root("tenant_id"), &diags))
	b.SetUserId(guidPtr(m.UserID, path.Root("user_id"), &diags))
	b.SetDeviceId(guidPtr(m.DeviceID, path.Root("device_id"), &diags))
	b.SetProfileId(guidPtr(m.ProfileID, path.Root("profile_id"), &diags))
	b.SetThumbprint(m.Thumbprint.ValueStringPointer())
	if known(m.DeviceKeyThumbprint) {
		b.SetDeviceKeyThumbprint(m.DeviceKeyThumbprint.ValueStringPointer())
	}
	b.SetStatus(int32Ptr(m.Status))
	b.SetSourceType(int32Ptr(m.SourceType))
	b.SetCreatedTime(timePtr(m.CreatedTime, path.Root("created_time"), &diags))
	if known(m.IsDeleted) {
		b.SetIsDeleted(m.IsDeleted.ValueBoolPointer())
	}
	return b, diags
}

// toGraphPatch maps the attributes that differ between plan and state to a
// PATCH body. It reports false when nothing differs beyond notation.
func (m pfxRecryptionRequestModel) toGraphPatch(state pfxRecryptionRequestModel) (*graph.PfxRecryptionRequest, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	b := graph.NewPfxRecryptionRequest()
	changed := false
	if known(m.DeviceKeyThumbprint) && !sameThumbprint(m.DeviceKeyThumbprint.ValueString(), state.DeviceKeyThumbprint.ValueString()) {
		b.SetDeviceKeyThumbprint(m.DeviceKeyThumbprint.ValueStringPointer())
		changed = true
	}
	if known(m.Status) && !m.Status.Equal(state.Status) {
		b.SetStatus(int32Ptr(m.Status))
		changed = true
	}
	if known(m.SourceType) && !m.SourceType.Equal(state.SourceType) {
		b.SetSourceType(int32Ptr(m.SourceType))
		changed = true
	}
	if known(m.IsDeleted) && !m.IsDeleted.Equal(state.IsDeleted) {
		b.SetIsDeleted(m.IsDeleted.ValueBoolPointer())
		changed = true
	}
	if known(m.CreatedTime) {
		if same, _ := m.CreatedTime.StringSemanticEquals(context.Background(), state.CreatedTime); !same {
			b.SetCreatedTime(timePtr(m.CreatedTime, path.Root("created_time"), &diags))
			changed = true
		}
	}
	return b, changed, diags
}

// fromGraph copies everything the service returned into the model. Values
// that the service merely spells differently (GUID case, timestamp offset or
// precision) are kept as configured through the types' semantic equality.
func (m *pfxRecryptionRequestAttributes) fromGraph(o graph.PfxRecryptionRequestable) {
	m.ID = types.StringPointerValue(o.GetId())
	m.TenantID = guidFromGraph(o.GetTenantId())
	m.UserID = guidFromGraph(o.GetUserId())
	m.DeviceID = guidFromGraph(o.GetDeviceId())
	m.ProfileID = guidFromGraph(o.GetProfileId())
	m.Thumbprint = newThumbprintValue(o.GetThumbprint())
	m.DeviceKeyThumbprint = newThumbprintValue(o.GetDeviceKeyThumbprint())
	m.Status = int64FromGraph(o.GetStatus())
	m.SourceType = int64FromGraph(o.GetSourceType())
	m.CreatedTime = timeFromGraph(o.GetCreatedTime())
	m.LastModifiedTime = timeFromGraph(o.GetLastModifiedTime())
	m.IsDeleted = types.BoolPointerValue(o.GetIsDeleted())
	m.ETag = types.StringPointerValue(o.GetETag())
}

// fromAnswer completes the state after a write, which starts as the plan:
// what the plan left unknown (id, e_tag, last_modified_time, and optional
// values the configuration did not set) comes from Graph's answer; a known
// value stays as planned. Where Graph answered another value than planned,
// beyond notation, a warning names the attribute and both values: state keeps
// what was applied, and the next refresh shows the difference. So no answer
// can make Terraform report an inconsistent result.
func (m *pfxRecryptionRequestModel) fromAnswer(ctx context.Context, o graph.PfxRecryptionRequestable) diag.Diagnostics {
	var diags diag.Diagnostics
	var got pfxRecryptionRequestModel
	got.fromGraph(o)
	answered := got.stateFields()
	for name, field := range m.stateFields() {
		if name == "timeouts" {
			continue
		}
		dst, src := reflect.ValueOf(field).Elem(), reflect.ValueOf(answered[name]).Elem()
		planned := dst.Interface().(attr.Value) //nolint:forcetypeassert // every field is an attr.Value
		answer := src.Interface().(attr.Value)  //nolint:forcetypeassert // every field is an attr.Value
		if planned.IsUnknown() {
			dst.Set(src)
			continue
		}
		if !sameValue(ctx, planned, answer) {
			diags.AddAttributeWarning(path.Root(name), "Intune stored another value than planned",
				fmt.Sprintf("The plan has %s = %s, but Graph answered %s for the PFX recryption request %s. Intune may "+
					"set this value itself. State keeps %s, the value that was applied; the next refresh reads %s and "+
					"the plan shows the difference.", name, planned, answer, deref(o.GetId()), planned, answer))
		}
	}
	return diags
}

// sameValue compares two values of one attribute as its type does: letter
// case, offset or precision aside where the type says so.
func sameValue(ctx context.Context, a, b attr.Value) bool {
	if s, ok := a.(basetypes.StringValuableWithSemanticEquals); ok {
		if other, ok := b.(basetypes.StringValuable); ok && !a.IsNull() && !b.IsNull() {
			same, _ := s.StringSemanticEquals(ctx, other)
			return same
		}
	}
	return a.Equal(b)
}

// copyComputed fills the plan's unknown computed values from state.
func (m *pfxRecryptionRequestModel) copyComputed(state pfxRecryptionRequestModel) {
	m.ID = state.ID
	m.LastModifiedTime = state.LastModifiedTime
	m.ETag = state.ETag
}
