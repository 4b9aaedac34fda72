package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = (*importedPfxProfileResource)(nil)
	_ resource.ResourceWithImportState    = (*importedPfxProfileResource)(nil)
	_ resource.ResourceWithValidateConfig = (*importedPfxProfileResource)(nil)
)

// NewImportedPfxCertificateProfileResource is the constructor the provider registers.
func NewImportedPfxCertificateProfileResource() resource.Resource {
	return &importedPfxProfileResource{}
}

type importedPfxProfileResource struct {
	client *graph.Client
}

// profilePlatforms maps the platform attribute to the profile's @odata.type.
var profilePlatforms = map[string]string{
	"windows10":                    graph.Windows10ImportedPfxType,
	"ios":                          graph.IosImportedPfxType,
	"macos":                        graph.MacOSImportedPfxType,
	"android_device_owner":         graph.AndroidDeviceOwnerImportedPfxType,
	"android_work_profile":         graph.AndroidForWorkImportedPfxType,
	"android_device_administrator": graph.AndroidImportedPfxType,
}

// platformAttributes are the attributes that belong to one platform only.
var platformAttributes = map[string]string{
	"key_storage_provider":           "windows10",
	"deployment_channel":             "macos",
	"certificate_access_type":        "android_device_owner",
	"silent_certificate_access_apps": "android_device_owner",
}

// assignmentTargets maps the target attribute to the target's @odata.type.
var assignmentTargets = map[string]string{
	"group":           graph.GroupAssignmentTargetType,
	"exclusion_group": graph.ExclusionGroupAssignmentTargetType,
	"all_users":       graph.AllLicensedUsersTargetType,
	"all_devices":     graph.AllDevicesTargetType,
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (r *importedPfxProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_imported_pfx_certificate_profile"
}

func (r *importedPfxProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	only := func(platform, text string) string {
		return text + fmt.Sprintf(" Only for `platform = %q`; setting it for another platform is an error.", platform)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An imported-PFX certificate profile (a `deviceConfiguration` subtype in Graph beta " +
			"`/deviceManagement/deviceConfigurations`) with its assignments: it delivers the users' imported PFX " +
			"certificates (`intune_user_pfx_certificate`) of one intended purpose to the devices of one platform.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The profile's id, assigned by Intune.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"platform": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The device platform: `windows10`, `ios`, `macos`, `android_device_owner` (fully " +
					"managed), `android_work_profile` (Android Enterprise work profile) or `android_device_administrator`. " +
					"Changing it creates a new profile.",
				Validators:    []validator.String{stringvalidator.OneOf(keysOf(profilePlatforms)...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
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
			"intended_purpose": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Which imported certificates the profile delivers, matched against the " +
					"certificates' intended purpose: " + intendedPurposesMarkdown() + ". " +
					"Intune cannot change it after creation, so changing it creates a new profile.",
				Validators:    []validator.String{intendedPurposeValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"key_storage_provider": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: only("windows10", "Where Windows keeps the private key: `useTpmKspOtherwiseUseSoftwareKsp` "+
					"(Intune's default), `useTpmKspOtherwiseFail`, `usePassportForWorkKspOtherwiseFail` or `useSoftwareKsp`. "+
					"Intune cannot change it after creation, so changing it creates a new profile."),
				Validators:    []validator.String{stringvalidator.OneOf(graph.KeyStorageProviders...)},
				PlanModifiers: []planmodifier.String{platformOwned{"windows10"}, stringplanmodifier.RequiresReplace()},
			},
			"deployment_channel": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: only("macos", "The macOS keychain the certificate goes to: `deviceChannel` (Intune's "+
					"default) or `userChannel`. Changing it creates a new profile."),
				Validators:    []validator.String{stringvalidator.OneOf(graph.DeploymentChannels...)},
				PlanModifiers: []planmodifier.String{platformOwned{"macos"}, stringplanmodifier.RequiresReplace()},
			},
			"certificate_access_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: only("android_device_owner", "How apps get access to the certificate: `userApproval` "+
					"(Intune's default) or `specificApps` (the apps in `silent_certificate_access_apps`, without asking)."),
				Validators:    []validator.String{stringvalidator.OneOf(graph.CertificateAccessType...)},
				PlanModifiers: []planmodifier.String{platformOwned{"android_device_owner"}},
			},
			"silent_certificate_access_apps": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: only("android_device_owner", "Package ids of the apps that may use the certificate without asking the user."),
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"role_scope_tag_ids": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				MarkdownDescription: "The ids of the profile's scope tags. Intune sets `[\"0\"]` (the default tag) when " +
					"none is configured.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"assignments": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "Who gets the profile. The whole set is written at once (Graph's `assign` action), " +
					"so assignments of these targets made outside Terraform show up as a change and are removed by the " +
					"next apply. Assignments of targets this attribute cannot express are kept: see " +
					"`unmanaged_assignments`. Leave it out for an unassigned profile.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"target": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "`group` (the members of `group_id`), `exclusion_group` (everyone in " +
							"`group_id` is left out), `all_users` (all licensed users) or `all_devices`.",
						Validators: []validator.String{stringvalidator.OneOf(keysOf(assignmentTargets)...)},
					},
					"group_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "The Entra ID group's object id, for `group` and `exclusion_group` only.",
						Validators:          []validator.String{stringvalidator.RegexMatches(guidPattern, "must be a GUID such as 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f")},
					},
					"filter_id": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "The id of an assignment filter that narrows the target's devices; set `filter_type` with it. Not for `exclusion_group`: Intune does not filter excluded groups.",
						Validators:          []validator.String{stringvalidator.RegexMatches(guidPattern, "must be a GUID such as 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f")},
					},
					"filter_type": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "`include` (only the devices the filter matches) or `exclude` (all but those).",
						Validators:          []validator.String{stringvalidator.OneOf("include", "exclude")},
					},
				}},
			},
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
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// platformOwned plans an optional+computed attribute of one platform: null
// for any other platform, the prior value when the configuration leaves it
// out (Intune's default, learnt at create), unknown on create.
type platformOwned struct{ platform string }

func (m platformOwned) Description(context.Context) string {
	return fmt.Sprintf("null unless platform is %q; keeps Intune's value when not configured", m.platform)
}

func (m platformOwned) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m platformOwned) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var platform types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("platform"), &platform)...)
	switch {
	case platform.IsUnknown():
	case platform.ValueString() != m.platform:
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	}
}

// ValidateConfig refuses, before any request, what Graph would refuse: an
// attribute of another platform, and assignments whose fields do not fit
// their target.
func (r *importedPfxProfileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var platform types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("platform"), &platform)...)
	if known(platform) {
		for _, name := range keysOf(platformAttributes) {
			var v attr.Value
			if name == "silent_certificate_access_apps" {
				var s types.Set
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &s)...)
				v = s
			} else {
				var s types.String
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &s)...)
				v = s
			}
			if owner := platformAttributes[name]; !v.IsNull() && platform.ValueString() != owner {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Attribute not supported on this platform",
					fmt.Sprintf("%s applies to platform = %q only, and this profile is for platform = %q. Remove %s "+
						"from this profile.", name, owner, platform.ValueString(), name))
			}
		}
	}
	var assignments types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("assignments"), &assignments)...)
	if !known(assignments) {
		return
	}
	var list []assignmentModel
	resp.Diagnostics.Append(assignments.ElementsAs(ctx, &list, false)...)
	for _, a := range list {
		p := path.Root("assignments")
		isGroup := a.Target.ValueString() == "group" || a.Target.ValueString() == "exclusion_group"
		switch {
		case !known(a.Target):
		case isGroup && a.GroupID.IsNull():
			resp.Diagnostics.AddAttributeError(p, "Missing group_id",
				fmt.Sprintf("An assignment with target = %q needs group_id, the Entra ID group's object id.", a.Target.ValueString()))
		case !isGroup && !a.GroupID.IsNull():
			resp.Diagnostics.AddAttributeError(p, "Unexpected group_id",
				fmt.Sprintf("An assignment with target = %q has no group: remove group_id, or use target = \"group\".", a.Target.ValueString()))
		}
		if a.FilterID.IsNull() != a.FilterType.IsNull() {
			resp.Diagnostics.AddAttributeError(p, "Incomplete assignment filter",
				"filter_id and filter_type go together: set both (filter_type = \"include\" or \"exclude\") or neither.")
		}
		// Intune filters the devices a target includes; an excluded group is
		// excluded whole, and Intune refuses a filter on it (ASSUMPTIONS.md).
		if a.Target.ValueString() == "exclusion_group" && (!a.FilterID.IsNull() || !a.FilterType.IsNull()) {
			resp.Diagnostics.AddAttributeError(p, "Assignment filter on an excluded group",
				fmt.Sprintf("The assignment with target = \"exclusion_group\" (group_id = %s) has filter_id or filter_type, "+
					"but Intune does not filter excluded groups: everyone in the group is left out. Remove filter_id and "+
					"filter_type from it, or use an exclude filter (filter_type = \"exclude\") on an included target.",
					a.GroupID.String()))
		}
	}
}

func (r *importedPfxProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerClient(req.ProviderData, "Resource", &resp.Diagnostics)
}

func (r *importedPfxProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan importedPfxProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body := plan.toGraph(ctx, nil, &resp.Diagnostics)
	assignments := plan.assignmentsToGraph(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := graph.CreateOrAdopt(ctx, r.createSpec(body))
	if err != nil {
		resp.Diagnostics.AddError("Unable to create imported PFX certificate profile", profileErrorDetail(err, "", "create"))
		return
	}
	if res.Adopted {
		resp.Diagnostics.AddWarning("Adopted the imported PFX certificate profile an interrupted create made", res.Note)
	}
	created, createdAt := res.Object, time.Now()
	id := *created.GetId()
	tflog.Info(ctx, "Created imported PFX certificate profile", map[string]any{"id": id, "adopted": res.Adopted})
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
	if len(assignments) > 0 {
		if err := r.assign(ctx, id, assignments, createdAt); err != nil {
			// The profile exists: keep it in state (Terraform marks it
			// tainted) without the assignments it did not get.
			plan.Assignments = types.SetNull(assignmentObjectType)
			plan.fillUnknown(created)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddError("Unable to assign imported PFX certificate profile", profileErrorDetail(err, id, "assign"))
			return
		}
		// The version and modification time after the assignment.
		if latest, err := r.readBack(ctx, id); err == nil {
			created = latest
		}
	}
	plan.fillUnknown(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// createSpec tells graph.CreateOrAdopt how to resolve a create whose answer
// was lost. A profile has no key Graph enforces, so the lookup lists profiles
// with the posted display name and adopts only one that was created since
// the operation began and matches every posted field, @odata.type included;
// two or more such profiles are an error that lists them.
func (r *importedPfxProfileResource) createSpec(body *graph.ImportedPfxCertificateProfile) graph.Create[*graph.ImportedPfxCertificateProfile] {
	name := deref(body.GetDisplayName())
	return graph.Create[*graph.ImportedPfxCertificateProfile]{
		Entity:        "imported PFX certificate profile",
		NaturalKey:    fmt.Sprintf("display_name = %q, @odata.type = %s", name, deref(body.GetOdataType())),
		ImportCommand: "terraform import intune_imported_pfx_certificate_profile.<name> <id>",
		Post: func(ctx context.Context) (*graph.ImportedPfxCertificateProfile, error) {
			return r.client.CreateImportedPfxProfile(ctx, body)
		},
		Lookup: func(ctx context.Context) ([]*graph.ImportedPfxCertificateProfile, error) {
			var out []*graph.ImportedPfxCertificateProfile
			err := r.client.ListImportedPfxProfiles(ctx, "displayName eq "+odataString(name), func(p *graph.ImportedPfxCertificateProfile) bool {
				out = append(out, p)
				return true
			})
			return out, err
		},
		Window:  r.client.ConsistencyWindow(),
		ListLag: r.client.ListLag(),
		Matches: func(o *graph.ImportedPfxCertificateProfile) bool { return profileMatches(body, o) },
		ID:      func(o *graph.ImportedPfxCertificateProfile) string { return *o.GetId() },
		CreatedAt: func(o *graph.ImportedPfxCertificateProfile) (time.Time, bool) {
			if t := o.GetCreatedDateTime(); t != nil {
				return *t, true
			}
			return time.Time{}, false
		},
	}
}

// profileMatches reports whether every field sent has that value in o.
func profileMatches(sent, o *graph.ImportedPfxCertificateProfile) bool {
	same := func(want, got *string) bool { return want == nil || (got != nil && *got == *want) }
	// A property sent as null was cleared: it must now be absent, not
	// taken for one the PATCH left alone.
	cleared := func(name string, got *string) bool { return !sent.SentNull(name) || got == nil || *got == "" }
	return same(sent.GetOdataType(), o.GetOdataType()) && same(sent.GetDisplayName(), o.GetDisplayName()) &&
		same(sent.GetDescription(), o.GetDescription()) && cleared("description", o.GetDescription()) &&
		same(sent.GetIntendedPurpose(), o.GetIntendedPurpose()) &&
		same(sent.GetKeyStorageProvider(), o.GetKeyStorageProvider()) &&
		same(sent.GetDeploymentChannel(), o.GetDeploymentChannel()) &&
		same(sent.GetCertificateAccessType(), o.GetCertificateAccessType()) &&
		(sent.GetRoleScopeTagIds() == nil || sameStrings(sent.GetRoleScopeTagIds(), o.GetRoleScopeTagIds())) &&
		(sent.GetSilentCertificateAccessPackageIds() == nil ||
			sameStrings(sent.GetSilentCertificateAccessPackageIds(), o.GetSilentCertificateAccessPackageIds()))
}

// sameStrings compares two lists as sets with repeats (order aside).
func sameStrings(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// assign replaces the profile's assignments. The action sets the whole set,
// so sending it again after an unknown outcome cannot duplicate anything. A
// 404 within the consistency window of the last write (lastWrite) is
// replication lag, and waited out.
func (r *importedPfxProfileResource) assign(ctx context.Context, id string, assignments []*graph.DeviceConfigurationAssignment, lastWrite time.Time) error {
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
func (r *importedPfxProfileResource) readBack(ctx context.Context, id string) (*graph.ImportedPfxCertificateProfile, error) {
	return graph.ReadThroughLag(ctx, graph.Lag{Since: time.Now(), Window: r.client.ConsistencyWindow()},
		func(ctx context.Context) (*graph.ImportedPfxCertificateProfile, error) {
			return r.client.GetImportedPfxProfile(ctx, id)
		})
}

func (r *importedPfxProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state importedPfxProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	obj, ok := readForState(ctx, r.client, req, resp, "imported PFX certificate profile", id, r.client.GetImportedPfxProfile, profileErrorDetail)
	if !ok {
		return
	}
	resp.Diagnostics.Append(state.fromGraph(ctx, obj)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *importedPfxProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state importedPfxProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	plan.ID = state.ID
	patch := plan.toGraph(ctx, &state, &resp.Diagnostics)
	assignments := plan.assignmentsToGraph(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var latest *graph.ImportedPfxCertificateProfile
	lastWrite := written(ctx, req.Private)
	if plan.patchChanges(state) {
		updated, err := graph.UpdateAndVerify(ctx, graph.Update[*graph.ImportedPfxCertificateProfile]{
			Patch: func(ctx context.Context) (*graph.ImportedPfxCertificateProfile, bool, error) {
				o, err := r.client.UpdateImportedPfxProfile(ctx, id, patch)
				return o, err == nil && o == nil, err
			},
			Get: func(ctx context.Context) (*graph.ImportedPfxCertificateProfile, error) {
				return r.client.GetImportedPfxProfile(ctx, id)
			},
			Applied: func(o *graph.ImportedPfxCertificateProfile) bool { return profileMatches(patch, o) },
			ETagOf:  func(*graph.ImportedPfxCertificateProfile) string { return "" },
			Lag:     graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()},
		})
		if err != nil {
			resp.Diagnostics.AddError("Unable to update imported PFX certificate profile", profileErrorDetail(err, id, "update"))
			return
		}
		latest, lastWrite = updated, time.Now()
		resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
	}
	if !sameAssignments(ctx, plan.Assignments, state.Assignments) {
		assignments, err := r.withUnmanaged(ctx, id, graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()}, assignments)
		if err == nil {
			err = r.assign(ctx, id, assignments, lastWrite)
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable to assign imported PFX certificate profile", profileErrorDetail(err, id, "assign"))
			return
		}
		resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
		latest = nil // read the version after the assignment
	}
	if latest == nil {
		var err error
		if latest, err = r.readBack(ctx, id); err != nil {
			resp.Diagnostics.AddError("Unable to read imported PFX certificate profile after the update", profileErrorDetail(err, id, "read"))
			return
		}
	}
	plan.fillUnknown(latest)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *importedPfxProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state importedPfxProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	// Graph deletes the assignments with the profile.
	err := graph.DeleteAndConfirm(ctx, graph.Delete{
		Entity: "imported PFX certificate profile", ID: id, Window: r.client.ConsistencyWindow(),
		Delete: func(ctx context.Context) error { return r.client.DeleteDeviceConfiguration(ctx, id) },
		Exists: exists(r.client.GetImportedPfxProfile, id),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete imported PFX certificate profile", profileErrorDetail(err, id, "delete"))
	}
}

func (r *importedPfxProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID(ctx, req.ID, "For example: `terraform import intune_imported_pfx_certificate_profile.example 0f7e1a2b-...`.", resp)
}

// profileErrorDetail explains a failed call on a profile.
func profileErrorDetail(err error, id, op string) string {
	return deletedOutsideDetail(err, "imported PFX certificate profile", id, op, "creates it anew")
}

// importedPfxProfileModel is the resource's state.
type importedPfxProfileModel struct {
	ID                          types.String   `tfsdk:"id"`
	Platform                    types.String   `tfsdk:"platform"`
	DisplayName                 types.String   `tfsdk:"display_name"`
	Description                 types.String   `tfsdk:"description"`
	IntendedPurpose             types.String   `tfsdk:"intended_purpose"`
	KeyStorageProvider          types.String   `tfsdk:"key_storage_provider"`
	DeploymentChannel           types.String   `tfsdk:"deployment_channel"`
	CertificateAccessType       types.String   `tfsdk:"certificate_access_type"`
	SilentCertificateAccessApps types.Set      `tfsdk:"silent_certificate_access_apps"`
	RoleScopeTagIDs             types.Set      `tfsdk:"role_scope_tag_ids"`
	Assignments                 types.Set      `tfsdk:"assignments"`
	UnmanagedAssignments        types.Set      `tfsdk:"unmanaged_assignments"`
	CreatedDateTime             timestampValue `tfsdk:"created_date_time"`
	LastModifiedDateTime        timestampValue `tfsdk:"last_modified_date_time"`
	Version                     types.Int64    `tfsdk:"version"`
	Timeouts                    timeouts.Value `tfsdk:"timeouts"`
}

type assignmentModel struct {
	Target     types.String `tfsdk:"target"`
	GroupID    types.String `tfsdk:"group_id"`
	FilterID   types.String `tfsdk:"filter_id"`
	FilterType types.String `tfsdk:"filter_type"`
}

var assignmentObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"target": types.StringType, "group_id": types.StringType, "filter_id": types.StringType, "filter_type": types.StringType,
}}

// toGraph maps the plan to a create body (state nil) or to a PATCH body of
// what differs from state. Both carry @odata.type: Graph needs it on every
// write of a derived type.
func (m importedPfxProfileModel) toGraph(ctx context.Context, state *importedPfxProfileModel, diags *diag.Diagnostics) *graph.ImportedPfxCertificateProfile {
	b := graph.NewImportedPfxCertificateProfile(profilePlatforms[m.Platform.ValueString()])
	changed := func(plan, prior attr.Value) bool { return known(plan) && (state == nil || !plan.Equal(prior)) }
	var prior importedPfxProfileModel
	if state != nil {
		prior = *state
	}
	if changed(m.DisplayName, prior.DisplayName) {
		b.SetDisplayName(m.DisplayName.ValueStringPointer())
	}
	if changed(m.Description, prior.Description) {
		b.SetDescription(m.Description.ValueStringPointer())
	} else if state != nil && m.Description.IsNull() && !prior.Description.IsNull() {
		b.SetNull("description")
	}
	if state == nil {
		b.SetIntendedPurpose(m.IntendedPurpose.ValueStringPointer())
	}
	for _, s := range []struct {
		plan, prior types.String
		set         func(*string)
	}{
		{m.KeyStorageProvider, prior.KeyStorageProvider, b.SetKeyStorageProvider},
		{m.DeploymentChannel, prior.DeploymentChannel, b.SetDeploymentChannel},
		{m.CertificateAccessType, prior.CertificateAccessType, b.SetCertificateAccessType},
	} {
		if changed(s.plan, s.prior) {
			s.set(s.plan.ValueStringPointer())
		}
	}
	if changed(m.RoleScopeTagIDs, prior.RoleScopeTagIDs) {
		b.SetRoleScopeTagIds(stringsOf(ctx, m.RoleScopeTagIDs, diags))
	}
	switch {
	case changed(m.SilentCertificateAccessApps, prior.SilentCertificateAccessApps):
		b.SetSilentCertificateAccessPackageIds(stringsOf(ctx, m.SilentCertificateAccessApps, diags))
	case state != nil && m.SilentCertificateAccessApps.IsNull() && !prior.SilentCertificateAccessApps.IsNull():
		b.SetSilentCertificateAccessPackageIds([]string{}) // removed from the configuration: clear
	}
	return b
}

// patchChanges reports whether anything the PATCH carries differs.
func (m importedPfxProfileModel) patchChanges(state importedPfxProfileModel) bool {
	for _, p := range [][2]attr.Value{
		{m.DisplayName, state.DisplayName}, {m.Description, state.Description},
		{m.KeyStorageProvider, state.KeyStorageProvider}, {m.DeploymentChannel, state.DeploymentChannel},
		{m.CertificateAccessType, state.CertificateAccessType}, {m.RoleScopeTagIDs, state.RoleScopeTagIDs},
		{m.SilentCertificateAccessApps, state.SilentCertificateAccessApps},
	} {
		if !p[0].IsUnknown() && !p[0].Equal(p[1]) {
			return true
		}
	}
	return false
}

func stringsOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	out := []string{}
	if known(s) {
		diags.Append(s.ElementsAs(ctx, &out, false)...)
	}
	return out
}

func (m importedPfxProfileModel) assignmentList(ctx context.Context, diags *diag.Diagnostics) []assignmentModel {
	var list []assignmentModel
	if known(m.Assignments) {
		diags.Append(m.Assignments.ElementsAs(ctx, &list, false)...)
	}
	return list
}

// assignmentsToGraph maps the planned assignments to /assign's set.
func (m importedPfxProfileModel) assignmentsToGraph(ctx context.Context, diags *diag.Diagnostics) []*graph.DeviceConfigurationAssignment {
	out := []*graph.DeviceConfigurationAssignment{}
	for _, a := range m.assignmentList(ctx, diags) {
		out = append(out, graph.NewDeviceConfigurationAssignment(graph.NewAssignmentTarget(assignmentTargets[a.Target.ValueString()],
			a.GroupID.ValueStringPointer(), a.FilterID.ValueStringPointer(), a.FilterType.ValueStringPointer())))
	}
	return out
}

// assignmentKey is an assignment compared as Graph does: GUIDs in any case.
func assignmentKey(a assignmentModel) string {
	return strings.ToLower(strings.Join([]string{a.Target.ValueString(), a.GroupID.ValueString(),
		a.FilterID.ValueString(), a.FilterType.ValueString()}, "|"))
}

func sameAssignments(ctx context.Context, a, b types.Set) bool {
	var diags diag.Diagnostics
	keys := func(s types.Set) []string {
		var out []string
		for _, x := range (importedPfxProfileModel{Assignments: s}).assignmentList(ctx, &diags) {
			out = append(out, assignmentKey(x))
		}
		return out
	}
	return sameStrings(keys(a), keys(b)) && !diags.HasError()
}

// fillUnknown completes the state after a write, which starts as the plan:
// only what the plan left unknown comes from Graph's answer, so no answer
// can make Terraform report an inconsistent result.
func (m *importedPfxProfileModel) fillUnknown(o *graph.ImportedPfxCertificateProfile) {
	var got importedPfxProfileModel
	got.fromGraphValues(o)
	for _, f := range []struct{ dst, src *types.String }{
		{&m.ID, &got.ID}, {&m.KeyStorageProvider, &got.KeyStorageProvider},
		{&m.DeploymentChannel, &got.DeploymentChannel}, {&m.CertificateAccessType, &got.CertificateAccessType},
	} {
		if f.dst.IsUnknown() {
			*f.dst = *f.src
		}
	}
	if m.RoleScopeTagIDs.IsUnknown() {
		m.RoleScopeTagIDs = got.RoleScopeTagIDs
	}
	if m.UnmanagedAssignments.IsUnknown() {
		m.UnmanagedAssignments = unmanagedAssignmentsValue(o.GetAssignments())
	}
	if m.CreatedDateTime.IsUnknown() {
		m.CreatedDateTime = got.CreatedDateTime
	}
	m.LastModifiedDateTime = got.LastModifiedDateTime
	m.Version = got.Version
}

// fromGraphValues maps a profile to the model as Graph spells it.
func (m *importedPfxProfileModel) fromGraphValues(o *graph.ImportedPfxCertificateProfile) {
	m.ID = types.StringPointerValue(o.GetId())
	m.DisplayName = types.StringPointerValue(o.GetDisplayName())
	m.Description = types.StringPointerValue(o.GetDescription())
	m.IntendedPurpose = types.StringPointerValue(o.GetIntendedPurpose())
	m.KeyStorageProvider = types.StringPointerValue(o.GetKeyStorageProvider())
	m.DeploymentChannel = types.StringPointerValue(o.GetDeploymentChannel())
	m.CertificateAccessType = types.StringPointerValue(o.GetCertificateAccessType())
	m.SilentCertificateAccessApps = stringSet(o.GetSilentCertificateAccessPackageIds())
	m.RoleScopeTagIDs = stringSet(o.GetRoleScopeTagIds())
	m.CreatedDateTime = timeFromGraph(o.GetCreatedDateTime())
	m.LastModifiedDateTime = timeFromGraph(o.GetLastModifiedDateTime())
	m.Version = int64FromGraph(o.GetVersion())
	for platform, t := range profilePlatforms {
		if o.GetOdataType() != nil && *o.GetOdataType() == t {
			m.Platform = types.StringValue(platform)
		}
	}
}

func stringSet(v []string) types.Set {
	if v == nil {
		return types.SetNull(types.StringType)
	}
	elems := make([]attr.Value, len(v))
	for i, s := range v {
		elems[i] = types.StringValue(s)
	}
	return types.SetValueMust(types.StringType, elems)
}

// fromGraph refreshes the model from Graph (Read and import). Where Graph
// has nothing (no description, no apps, no assignments) the prior state's
// spelling of nothing is kept, and GUIDs keep the prior letter case, so a
// refresh shows only real changes.
func (m *importedPfxProfileModel) fromGraph(ctx context.Context, o *graph.ImportedPfxCertificateProfile) diag.Diagnostics {
	var diags diag.Diagnostics
	prior := *m
	m.Platform = types.StringNull()
	m.fromGraphValues(o)
	if m.Platform.IsNull() {
		diags.AddError("Not an imported PFX certificate profile",
			fmt.Sprintf("The device configuration %s is a %s, which this resource does not manage. Import the id of an "+
				"imported-PFX certificate profile (one of %s).", deref(o.GetId()), deref(o.GetOdataType()),
				strings.Join(graph.ImportedPfxProfileTypes, ", ")))
		return diags
	}
	if deref(o.GetDescription()) == "" && (prior.Description.IsNull() || prior.Description.ValueString() == "") {
		m.Description = prior.Description
	}
	if len(o.GetSilentCertificateAccessPackageIds()) == 0 && (prior.SilentCertificateAccessApps.IsNull() ||
		len(prior.SilentCertificateAccessApps.Elements()) == 0) {
		m.SilentCertificateAccessApps = prior.SilentCertificateAccessApps
	}
	if platformAttributes["silent_certificate_access_apps"] != m.Platform.ValueString() {
		m.SilentCertificateAccessApps = types.SetNull(types.StringType)
	}

	priorByKey := map[string]assignmentModel{}
	for _, a := range prior.assignmentList(ctx, &diags) {
		priorByKey[assignmentKey(a)] = a
	}
	var elems []attr.Value
	for _, ga := range o.GetAssignments() {
		if ga.GetSource() != nil && *ga.GetSource() != "direct" {
			continue // a policy set's assignment is the policy set's to manage
		}
		a, ok := assignmentFromGraph(ga.GetTarget())
		if !ok {
			continue // in unmanaged_assignments
		}
		if p, ok := priorByKey[assignmentKey(a)]; ok {
			a = p
		}
		v, d := types.ObjectValueFrom(ctx, assignmentObjectType.AttrTypes, a)
		diags.Append(d...)
		elems = append(elems, v)
	}
	switch {
	case len(elems) == 0 && (prior.Assignments.IsNull() || len(prior.Assignments.Elements()) == 0):
		m.Assignments = prior.Assignments
	default:
		s, d := types.SetValue(assignmentObjectType, elems)
		diags.Append(d...)
		m.Assignments = s
	}
	if m.Assignments.IsUnknown() {
		m.Assignments = types.SetNull(assignmentObjectType)
	}
	m.UnmanagedAssignments = unmanagedAssignmentsValue(o.GetAssignments())
	if m.Description.IsUnknown() {
		m.Description = types.StringNull()
	}
	if m.SilentCertificateAccessApps.IsUnknown() {
		m.SilentCertificateAccessApps = types.SetNull(types.StringType)
	}
	return diags
}

// assignmentFromGraph maps a target; false for a target type it does not know.
func assignmentFromGraph(t *graph.AssignmentTarget) (assignmentModel, bool) {
	if t == nil {
		return assignmentModel{}, false
	}
	a := assignmentModel{GroupID: types.StringNull(), FilterID: types.StringNull(), FilterType: types.StringNull()}
	for name, typ := range assignmentTargets {
		if deref(t.GetOdataType()) == typ {
			a.Target = types.StringValue(name)
		}
	}
	if a.Target.IsNull() || a.Target.ValueString() == "" {
		return a, false
	}
	if name := a.Target.ValueString(); name == "group" || name == "exclusion_group" {
		a.GroupID = types.StringPointerValue(t.GetGroupId())
	}
	if ft := deref(t.GetFilterType()); ft == "include" || ft == "exclude" {
		a.FilterType = types.StringValue(ft)
		a.FilterID = types.StringPointerValue(t.GetFilterId())
	}
	return a, true
}
