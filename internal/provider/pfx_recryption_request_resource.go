package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 10 * time.Minute
	// A read this soon after the object's last change may not see it yet:
	// Graph is eventually consistent, so a 404 then is retried until this
	// long after the change before it counts as "deleted outside Terraform".
	consistencyWindow = 15 * time.Second
)

func (r *pfxRecryptionRequestResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pfx_recryption_request"
}

// thumbprintPattern: certificate thumbprints are opaque strings to Graph, but
// never contain whitespace (a pasted "ab cd ef" thumbprint is a mistake).
var thumbprintPattern = regexp.MustCompile(`^\S+$`)

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
				Required: true,
				MarkdownDescription: "The thumbprint of the PFX certificate to re-encrypt, as Intune shows it " +
					"(usually 40 hexadecimal characters), without spaces. Required: it identifies the certificate. " +
					"Changing it creates a new request.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 512),
					stringvalidator.RegexMatches(thumbprintPattern, "must not be empty or contain whitespace; remove the spaces a certificate viewer shows between byte pairs"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"device_key_thumbprint": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The thumbprint of the device's encryption key the certificate is re-encrypted " +
					"for, without spaces. Optional: Intune fills it in from the device when it is not set; it can be " +
					"changed in place.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 512),
					stringvalidator.RegexMatches(thumbprintPattern, "must not be empty or contain whitespace"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": int32Attribute(
				"The processing status Intune reports for the request, a whole number (Graph publishes no enumeration " +
					"for it). Optional: Intune sets the initial status when it is not set; it can be changed in place."),
			"source_type": int32Attribute(
				"Where the request comes from, a whole number (Graph publishes no enumeration for it). Optional: " +
					"Intune sets it when it is not set; it can be changed in place."),
			"created_time": schema.StringAttribute{
				CustomType: timestampType{},
				Optional:   true,
				Computed:   true,
				MarkdownDescription: "When the request was created, an RFC 3339 timestamp such as " +
					"`2017-01-01T00:03:18.9597073-08:00`. Optional: Intune records the creation time when it is not set. " +
					"A value Graph returns in another offset or precision for the same instant is not a change.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_time": schema.StringAttribute{
				CustomType:          timestampType{},
				Computed:            true,
				MarkdownDescription: "When the request was last changed, an RFC 3339 timestamp set by Intune on every change.",
			},
			"is_deleted": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether Intune has marked the request deleted. Optional: Intune sets it " +
					"(normally `false`) when it is not set; it can be changed in place.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"e_tag": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The entity tag Graph returned last. Updates and deletes send it in `If-Match`, " +
					"so a change made outside Terraform since the last refresh is never overwritten.",
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
	// ProviderData is nil until the provider has been configured (for
	// example during validation); the resource then has nothing to do yet.
	if req.ProviderData == nil {
		return
	}
	client, ok := req.ProviderData.(*graph.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *graph.Client, got: %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	r.client = client
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
	created, err := createOrAdopt(ctx, r.client, body)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create PFX recryption request", graphErrorDetail(err, ""))
		return
	}
	tflog.Info(ctx, "Created PFX recryption request", map[string]any{"id": *created.GetId()})
	plan.fromGraph(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: plan.ID})...)
}

// createOrAdopt posts the request. When the outcome of a POST is unknown (a
// 504, a connection lost after sending), re-sending it could create a
// duplicate, so it first looks for the object by its natural key and adopts
// it; only when none turns up does it post again.
func createOrAdopt(ctx context.Context, client *graph.Client, body *graph.PfxRecryptionRequest) (graph.PfxRecryptionRequestable, error) {
	started := time.Now()
	for attempt := 1; ; attempt++ {
		created, err := client.CreatePfxRecryptionRequest(ctx, body)
		if err == nil || !graph.IsOutcomeUnknown(err) {
			return created, err
		}
		tflog.Warn(ctx, "Outcome of create unknown; looking for the object before trying again", map[string]any{"attempt": attempt})
		found, ferr := awaitCreated(ctx, client, body, started)
		if found != nil {
			tflog.Info(ctx, "Adopted the object the unanswered create made", map[string]any{"id": *found.GetId()})
			return found, nil
		}
		if ferr != nil {
			return nil, fmt.Errorf("%w; looking for the object it may have created also failed, so it was not posted again: %w", err, ferr)
		}
	}
}

// adoptPolls are the pauses before each search for an object whose create
// went unanswered: a service that lost the connection may still be storing
// it, and its lists may lag behind writes.
var adoptPolls = []time.Duration{0, time.Second, 2 * time.Second}

// awaitCreated searches for the object a create may have made, a few times
// over a few seconds. It returns nil, nil when none turned up.
func awaitCreated(ctx context.Context, client *graph.Client, body *graph.PfxRecryptionRequest, started time.Time) (graph.PfxRecryptionRequestable, error) {
	for _, pause := range adoptPolls {
		if err := graph.Sleep(ctx, pause); err != nil {
			return nil, err
		}
		found, err := findCreated(ctx, client, body, started)
		if err != nil || found != nil {
			return found, err
		}
	}
	return nil, nil
}

// findCreated looks for an object with the body's natural key created since
// started (allowing for clock skew). It returns nil, nil when there is none.
func findCreated(ctx context.Context, client *graph.Client, body *graph.PfxRecryptionRequest, started time.Time) (graph.PfxRecryptionRequestable, error) {
	filter := naturalKeyFilter(body)
	var best graph.PfxRecryptionRequestable
	err := client.ListPfxRecryptionRequests(ctx, graph.ListOptions{Filter: filter}, func(o graph.PfxRecryptionRequestable) bool {
		if t := o.GetCreatedTime(); t != nil && body.GetCreatedTime() == nil && t.Before(started.Add(-5*time.Minute)) {
			return true // older than this operation: someone else's
		}
		if best == nil || strings.Compare(*o.GetId(), *best.GetId()) < 0 {
			best = o
		}
		return true
	})
	return best, err
}

func naturalKeyFilter(b *graph.PfxRecryptionRequest) string {
	var parts []string
	for _, g := range []struct {
		name string
		v    *uuid.UUID
	}{{"tenantId", b.GetTenantId()}, {"userId", b.GetUserId()}, {"deviceId", b.GetDeviceId()}, {"profileId", b.GetProfileId()}} {
		if g.v != nil {
			parts = append(parts, fmt.Sprintf("%s eq %s", g.name, g.v.String()))
		}
	}
	for _, s := range []struct {
		name string
		v    *string
	}{{"thumbprint", b.GetThumbprint()}, {"deviceKeyThumbprint", b.GetDeviceKeyThumbprint()}} {
		if s.v != nil {
			parts = append(parts, fmt.Sprintf("%s eq %s", s.name, odataString(*s.v)))
		}
	}
	return strings.Join(parts, " and ")
}

// odataString quotes a string literal for $filter: single quotes, with each
// embedded quote doubled.
func odataString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

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
	obj, err := r.client.GetPfxRecryptionRequest(ctx, id)
	if graph.IsNotFound(err) {
		if changed, ok := state.LastModifiedTime.Time(); ok && time.Since(changed) < consistencyWindow {
			obj, err = readThroughLag(ctx, r.client, id, changed.Add(consistencyWindow))
		}
	}
	if graph.IsNotFound(err) {
		// Only a 404 means the object is gone; every other failure is an error.
		tflog.Warn(ctx, "PFX recryption request not found; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read PFX recryption request", graphErrorDetail(err, id))
		return
	}
	state.fromGraph(obj)
	resp.Diagnostics.Append(state.setState(ctx, &resp.State)...)
}

// readThroughLag repeats a GET that answered 404 for an object changed moments
// ago, until deadline, since Graph's replicas may not have it yet.
func readThroughLag(ctx context.Context, client *graph.Client, id string, deadline time.Time) (graph.PfxRecryptionRequestable, error) {
	delay := 500 * time.Millisecond
	for {
		if err := graph.Sleep(ctx, delay); err != nil {
			return nil, err
		}
		obj, err := client.GetPfxRecryptionRequest(ctx, id)
		if !graph.IsNotFound(err) || time.Now().After(deadline) {
			return obj, err
		}
		delay = min(2*delay, 4*time.Second)
	}
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
	updated, err := updateOrVerify(ctx, r.client, id, state.ETag.ValueString(), patch)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update PFX recryption request", graphErrorDetail(err, id))
		return
	}
	plan.fromGraph(updated)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, pfxRecryptionRequestIdentity{ID: plan.ID})...)
}

// updateOrVerify sends the PATCH. When its outcome is unknown (a 504, a
// connection lost after sending) it reads the object back: if the object holds
// the patched values, the update went through; if its eTag is still the one
// sent, it did not, and the PATCH goes again (If-Match keeps a repeat from
// applying twice); otherwise someone else changed the object meanwhile.
func updateOrVerify(ctx context.Context, client *graph.Client, id, eTag string, patch *graph.PfxRecryptionRequest) (graph.PfxRecryptionRequestable, error) {
	for {
		updated, err := client.UpdatePfxRecryptionRequest(ctx, id, eTag, patch)
		if err == nil && updated == nil {
			// 204 No Content: read the object back for its new eTag.
			return readBack(ctx, client, id)
		}
		if err == nil || !graph.IsOutcomeUnknown(err) {
			return updated, err
		}
		tflog.Warn(ctx, "Outcome of update unknown; reading the object back", map[string]any{"id": id})
		current, gerr := readBack(ctx, client, id)
		switch {
		case gerr != nil:
			return nil, fmt.Errorf("%w; reading the object back also failed: %w", err, gerr)
		case patchApplied(patch, current):
			return current, nil
		case eTag != "" && (current.GetETag() == nil || *current.GetETag() != eTag):
			return nil, fmt.Errorf("%w: %w", errChangedOutside, err)
		}
		if serr := graph.Sleep(ctx, time.Second); serr != nil {
			return nil, err
		}
	}
}

// readBack reads an object just written, through Graph's replication lag.
func readBack(ctx context.Context, client *graph.Client, id string) (graph.PfxRecryptionRequestable, error) {
	obj, err := client.GetPfxRecryptionRequest(ctx, id)
	if graph.IsNotFound(err) {
		obj, err = readThroughLag(ctx, client, id, time.Now().Add(consistencyWindow))
	}
	return obj, err
}

// patchApplied reports whether every property the patch sets has that value
// in obj.
func patchApplied(patch *graph.PfxRecryptionRequest, obj graph.PfxRecryptionRequestable) bool {
	same := func(want, got any) bool {
		switch w := want.(type) {
		case *string:
			g, _ := got.(*string)
			return w == nil || g != nil && *g == *w
		case *int32:
			g, _ := got.(*int32)
			return w == nil || g != nil && *g == *w
		case *bool:
			g, _ := got.(*bool)
			return w == nil || g != nil && *g == *w
		case *time.Time:
			g, _ := got.(*time.Time)
			return w == nil || g != nil && g.Equal(*w)
		}
		return false
	}
	return same(patch.GetDeviceKeyThumbprint(), obj.GetDeviceKeyThumbprint()) &&
		same(patch.GetStatus(), obj.GetStatus()) &&
		same(patch.GetSourceType(), obj.GetSourceType()) &&
		same(patch.GetIsDeleted(), obj.GetIsDeleted()) &&
		same(patch.GetCreatedTime(), obj.GetCreatedTime())
}

// errChangedOutside: an update whose answer was lost found the object changed
// by someone else, not by it.
var errChangedOutside = errors.New("the object changed outside Terraform while the update's answer was lost")

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
	err := r.client.DeletePfxRecryptionRequest(ctx, id, state.ETag.ValueString())
	if err != nil && !graph.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to delete PFX recryption request", graphErrorDetail(err, id))
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
	if msg := checkImportID(id); msg != "" {
		resp.Diagnostics.AddError("Invalid import ID", msg)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// checkImportID rejects ids that cannot be a key in a Graph URL, before any
// request is sent.
func checkImportID(id string) string {
	switch {
	case id == "":
		return "The import ID is empty. Use the id of an existing PFX recryption request, for example " +
			"`terraform import intune_pfx_recryption_request.example 0f7e1a2b-...`."
	case strings.ContainsAny(id, "/?#%") || strings.IndexFunc(id, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
		return fmt.Sprintf("The import ID %q cannot be a Graph key: it must not contain '/', '?', '#', '%%', whitespace or "+
			"control characters. Use the bare id of the request, not a URL.", id)
	}
	return ""
}

// graphErrorDetail explains a failed call: what Graph said and what to do.
func graphErrorDetail(err error, id string) string {
	var auth *graph.AuthError
	switch {
	case errors.As(err, &auth):
		// The token is requested by the first Graph call of the process, so
		// whichever operation comes first reports a credential that fails.
		return fmt.Sprintf("Unable to authenticate to Microsoft Graph, so no request was sent: %v\n\n"+
			"Check the provider's authentication settings (the provider block and its ARM_* environment variables).", auth)
	case graph.IsPreconditionFailed(err) || errors.Is(err, errChangedOutside):
		return fmt.Sprintf("The PFX recryption request %s changed outside Terraform since the last refresh; "+
			"run terraform apply again to see the change. Nothing was overwritten.\n\n%v", id, err)
	case graph.StatusOf(err) == 401 || graph.StatusOf(err) == 403:
		return fmt.Sprintf("%v\n\nCheck that the app registration has the DeviceManagementConfiguration.ReadWrite.All "+
			"application permission with admin consent, and that the provider points at the right cloud.", err)
	}
	return err.Error()
}

// pfxRecryptionRequestModel is the resource's state.
type pfxRecryptionRequestModel struct {
	pfxRecryptionRequestAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// pfxRecryptionRequestAttributes are the request's own attributes, shared by
// the resource, the data sources and the list resource.
type pfxRecryptionRequestAttributes struct {
	ID                  types.String   `tfsdk:"id"`
	TenantID            guidValue      `tfsdk:"tenant_id"`
	UserID              guidValue      `tfsdk:"user_id"`
	DeviceID            guidValue      `tfsdk:"device_id"`
	ProfileID           guidValue      `tfsdk:"profile_id"`
	Thumbprint          types.String   `tfsdk:"thumbprint"`
	DeviceKeyThumbprint types.String   `tfsdk:"device_key_thumbprint"`
	Status              types.Int64    `tfsdk:"status"`
	SourceType          types.Int64    `tfsdk:"source_type"`
	CreatedTime         timestampValue `tfsdk:"created_time"`
	LastModifiedTime    timestampValue `tfsdk:"last_modified_time"`
	IsDeleted           types.Bool     `tfsdk:"is_deleted"`
	ETag                types.String   `tfsdk:"e_tag"`
}

// stateFields points at each field of the model under its attribute name.
// Read, which runs for every resource on every plan, converts state through
// it: the framework's State.Get and State.Set reflect over the struct and
// compile a regular expression for each field on each call, which cost a
// third of the provider's CPU in BenchmarkPlanRefresh. The tests check that
// both give what State.Get and State.Set give.
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
	var diags diag.Diagnostics
	v, err := state.Schema.Type().ValueFromTerraform(ctx, state.Raw)
	obj, ok := v.(basetypes.ObjectValue)
	if err != nil || !ok || obj.IsNull() || obj.IsUnknown() {
		diags.AddError("State Read Error", fmt.Sprintf("Unable to read the state (%T): %v. "+
			"This is always an error in the provider; please report it to the provider developers.", v, err))
		return diags
	}
	attrs := obj.Attributes()
	for name, field := range m.stateFields() {
		dst, src := reflect.ValueOf(field).Elem(), reflect.ValueOf(attrs[name])
		if !src.IsValid() || src.Type() != dst.Type() {
			diags.AddAttributeError(path.Root(name), "State Read Error", fmt.Sprintf("The state holds %T where the "+
				"provider expects %s. This is always an error in the provider; please report it to the provider developers.",
				attrs[name], dst.Type()))
			continue
		}
		validateValue(ctx, name, attrs[name], &diags)
		dst.Set(src)
	}
	return diags
}

// setState stores the model in state, as state.Set(ctx, m) does.
func (m *pfxRecryptionRequestModel) setState(ctx context.Context, state *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	typ := state.Schema.Type().TerraformType(ctx)
	fields := m.stateFields()
	vals := make(map[string]tftypes.Value, len(fields))
	for name, field := range fields {
		a := field.(attr.Value) //nolint:forcetypeassert // every field is a pointer to an attr.Value
		validateValue(ctx, name, a, &diags)
		v, err := a.ToTerraformValue(ctx)
		if err != nil {
			diags.AddAttributeError(path.Root(name), "State Write Error", err.Error())
		}
		vals[name] = v
	}
	if diags.HasError() {
		return diags
	}
	if err := tftypes.ValidateValue(typ, vals); err != nil {
		diags.AddError("State Write Error", fmt.Sprintf("Unable to build the state: %v. "+
			"This is always an error in the provider; please report it to the provider developers.", err))
		return diags
	}
	return state.Set(ctx, tftypes.NewValue(typ, vals))
}

// validateValue runs a custom type's own validation, as the framework does
// when it converts a value to or from state.
func validateValue(ctx context.Context, name string, v attr.Value, diags *diag.Diagnostics) {
	if va, ok := v.(xattr.ValidateableAttribute); ok {
		var resp xattr.ValidateAttributeResponse
		va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root(name)}, &resp)
		diags.Append(resp.Diagnostics...)
	}
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
	if known(m.DeviceKeyThumbprint) && !m.DeviceKeyThumbprint.Equal(state.DeviceKeyThumbprint) {
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
	m.Thumbprint = types.StringPointerValue(o.GetThumbprint())
	m.DeviceKeyThumbprint = types.StringPointerValue(o.GetDeviceKeyThumbprint())
	m.Status = int64FromGraph(o.GetStatus())
	m.SourceType = int64FromGraph(o.GetSourceType())
	m.CreatedTime = timeFromGraph(o.GetCreatedTime())
	m.LastModifiedTime = timeFromGraph(o.GetLastModifiedTime())
	m.IsDeleted = types.BoolPointerValue(o.GetIsDeleted())
	m.ETag = types.StringPointerValue(o.GetETag())
}

// copyComputed fills the plan's unknown computed values from state.
func (m *pfxRecryptionRequestModel) copyComputed(state pfxRecryptionRequestModel) {
	m.ID = state.ID
	m.LastModifiedTime = state.LastModifiedTime
	m.ETag = state.ETag
}

type knowable interface {
	IsNull() bool
	IsUnknown() bool
}

func known(v knowable) bool { return !v.IsNull() && !v.IsUnknown() }

func guidPtr(v guidValue, p path.Path, diags *diag.Diagnostics) *uuid.UUID {
	if !known(v) {
		return nil
	}
	u, err := uuid.Parse(v.ValueString())
	if err != nil || !isGUID(v.ValueString()) {
		diags.AddAttributeError(p, "Invalid GUID", fmt.Sprintf("%q is not a GUID.", v.ValueString()))
		return nil
	}
	return &u
}

func int32Ptr(v types.Int64) *int32 {
	if !known(v) {
		return nil
	}
	i := int32(v.ValueInt64()) //nolint:gosec // range checked by the schema validator
	return &i
}

func timePtr(v timestampValue, p path.Path, diags *diag.Diagnostics) *time.Time {
	if !known(v) {
		return nil
	}
	t, ok := v.Time()
	if !ok {
		diags.AddAttributeError(p, "Invalid RFC 3339 timestamp", fmt.Sprintf("%q is not an RFC 3339 timestamp such as 2017-01-01T00:03:18.9597073-08:00.", v.ValueString()))
		return nil
	}
	return &t
}

func guidFromGraph(u *uuid.UUID) guidValue {
	if u == nil {
		return newGUIDNull()
	}
	return newGUIDValue(u.String())
}

func int64FromGraph(i *int32) types.Int64 {
	if i == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*i))
}

func timeFromGraph(t *time.Time) timestampValue {
	if t == nil {
		return newTimestampNull()
	}
	return newTimestampValue(*t)
}
