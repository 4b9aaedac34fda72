package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Assignments of certificate profiles: the schema every family shares, its
// plan-time checks, and the mapping to and from Graph's /assign set.

// assignmentTargets maps the target attribute to the target's @odata.type.
var assignmentTargets = map[string]string{
	"group":           graph.GroupAssignmentTargetType,
	"exclusion_group": graph.ExclusionGroupAssignmentTargetType,
	"all_users":       graph.AllLicensedUsersTargetType,
	"all_devices":     graph.AllDevicesTargetType,
}

// assignmentsAttribute is the assignments attribute of every certificate profile.
func assignmentsAttribute() schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
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
				Validators:          []validator.String{stringvalidator.RegexMatches(guidPattern(), "must be a GUID such as 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f")},
			},
			"filter_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The id of an assignment filter that narrows the target's devices; set `filter_type` with it. Not for `exclusion_group`: Intune does not filter excluded groups.",
				Validators:          []validator.String{stringvalidator.RegexMatches(guidPattern(), "must be a GUID such as 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f")},
			},
			"filter_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`include` (only the devices the filter matches) or `exclude` (all but those).",
				Validators:          []validator.String{stringvalidator.OneOf("include", "exclude")},
			},
		}},
	}
}

// validateAssignments refuses assignments whose fields do not fit their
// target, as Intune would.
func validateAssignments(ctx context.Context, assignments types.Set, diags *diag.Diagnostics) {
	if !known(assignments) {
		return
	}
	var list []assignmentModel
	diags.Append(assignments.ElementsAs(ctx, &list, false)...)
	for _, a := range list {
		p := path.Root("assignments")
		isGroup := a.Target.ValueString() == "group" || a.Target.ValueString() == "exclusion_group"
		switch {
		case !known(a.Target):
		case isGroup && a.GroupID.IsNull():
			diags.AddAttributeError(p, "Missing group_id",
				fmt.Sprintf("An assignment with target = %q needs group_id, the Entra ID group's object id.", a.Target.ValueString()))
		case !isGroup && !a.GroupID.IsNull():
			diags.AddAttributeError(p, "Unexpected group_id",
				fmt.Sprintf("An assignment with target = %q has no group: remove group_id, or use target = \"group\".", a.Target.ValueString()))
		}
		if a.FilterID.IsNull() != a.FilterType.IsNull() {
			diags.AddAttributeError(p, "Incomplete assignment filter",
				"filter_id and filter_type go together: set both (filter_type = \"include\" or \"exclude\") or neither.")
		}
		// Intune filters the devices a target includes; an excluded group is
		// excluded whole, and Intune refuses a filter on it (ASSUMPTIONS.md).
		if a.Target.ValueString() == "exclusion_group" && (!a.FilterID.IsNull() || !a.FilterType.IsNull()) {
			diags.AddAttributeError(p, "Assignment filter on an excluded group",
				fmt.Sprintf("The assignment with target = \"exclusion_group\" (group_id = %s) has filter_id or filter_type, "+
					"but Intune does not filter excluded groups: everyone in the group is left out. Remove filter_id and "+
					"filter_type from it, or use an exclude filter (filter_type = \"exclude\") on an included target.",
					a.GroupID.String()))
		}
	}
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

func assignmentList(ctx context.Context, s types.Set, diags *diag.Diagnostics) []assignmentModel {
	var list []assignmentModel
	if known(s) {
		diags.Append(s.ElementsAs(ctx, &list, false)...)
	}
	return list
}

// assignmentsToGraph maps the planned assignments to /assign's set.
func assignmentsToGraph(ctx context.Context, s types.Set, diags *diag.Diagnostics) []*graph.DeviceConfigurationAssignment {
	out := []*graph.DeviceConfigurationAssignment{}
	for _, a := range assignmentList(ctx, s, diags) {
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
		for _, x := range assignmentList(ctx, s, &diags) {
			out = append(out, assignmentKey(x))
		}
		return out
	}
	return sameStrings(keys(a), keys(b)) && !diags.HasError()
}

// assignmentsFromGraph maps Graph's direct assignments of the targets this
// resource expresses; an assignment the prior value has keeps its spelling
// (GUID case), and no assignments keep the prior spelling of nothing.
func assignmentsFromGraph(ctx context.Context, list []*graph.DeviceConfigurationAssignment, prior types.Set) (types.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	priorByKey := map[string]assignmentModel{}
	for _, a := range assignmentList(ctx, prior, &diags) {
		priorByKey[assignmentKey(a)] = a
	}
	var elems []attr.Value
	for _, ga := range list {
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
	if len(elems) == 0 && !prior.IsUnknown() && (prior.IsNull() || len(prior.Elements()) == 0) {
		return prior, diags
	}
	if len(elems) == 0 && prior.IsUnknown() {
		return types.SetNull(assignmentObjectType), diags
	}
	s, d := types.SetValue(assignmentObjectType, elems)
	diags.Append(d...)
	return s, diags
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

// sameStrings compares two lists as sets with repeats (order aside).
func sameStrings(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// withUnmanaged returns the configured set plus the profile's unmanaged
// assignments as Graph has them now, read just before the assign, so one
// made after the plan is kept too.
func withUnmanaged(ctx context.Context, client *graph.Client, id string, lag graph.Lag, configured []*graph.DeviceConfigurationAssignment) ([]*graph.DeviceConfigurationAssignment, error) {
	current, err := graph.ReadThroughLag(ctx, lag, func(ctx context.Context) ([]*graph.DeviceConfigurationAssignment, error) {
		return client.ListDeviceConfigurationAssignments(ctx, id)
	})
	if err != nil {
		return nil, fmt.Errorf("reading the assignments to keep those this provider does not manage: %w", err)
	}
	out := append([]*graph.DeviceConfigurationAssignment{}, configured...)
	for _, a := range unmanagedTargets(current) {
		out = append(out, graph.NewDeviceConfigurationAssignment(a.GetTarget()))
	}
	return out, nil
}
