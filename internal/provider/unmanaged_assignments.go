package provider

import (
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Graph's assign action replaces a profile's whole set of assignments, and
// Intune has targets this provider does not model (a Configuration Manager
// collection for co-managed devices, and whatever Microsoft adds). Such an
// assignment was made outside Terraform and cannot be configured here, so the
// provider keeps it: it shows in unmanaged_assignments, and every assign sends
// it back unchanged, as read just before. Removing it is left to where it
// was made.

var unmanagedAssignmentsAttribute = schema.SetAttribute{
	ElementType: types.StringType,
	Computed:    true,
	MarkdownDescription: "Assignments whose target this provider does not model, such as a Configuration Manager " +
		"collection (`#microsoft.graph.configurationManagerCollectionAssignmentTarget`), each as the JSON of its " +
		"target as Graph returns it. Read-only: they were made outside Terraform, and the provider keeps them. " +
		"Whenever it writes `assignments` it reads the profile's assignments first and sends these back unchanged, " +
		"so an apply never removes them; change or remove them where they were made (the Intune admin center).",
	PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
}

// unmanagedTargets returns the direct assignments of an unmodelled target
// type (a policy set's assignments are the policy set's).
func unmanagedTargets(assignments []*graph.DeviceConfigurationAssignment) []*graph.DeviceConfigurationAssignment {
	var out []*graph.DeviceConfigurationAssignment
	for _, a := range assignments {
		if a.GetTarget() == nil || a.GetTarget().Modelled() || (a.GetSource() != nil && *a.GetSource() != "direct") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// unmanagedAssignmentsValue is unmanaged_assignments for a profile's
// assignments: never null, so a refresh and an apply agree.
func unmanagedAssignmentsValue(assignments []*graph.DeviceConfigurationAssignment) types.Set {
	var list []string
	for _, a := range unmanagedTargets(assignments) {
		list = append(list, a.GetTarget().JSON())
	}
	sort.Strings(list)
	elems := make([]attr.Value, len(list))
	for i, s := range list {
		elems[i] = types.StringValue(s)
	}
	return types.SetValueMust(types.StringType, elems)
}
