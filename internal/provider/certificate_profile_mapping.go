package provider

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The certificate profile engine's mapping between Terraform values and the
// Graph object (certificate_profile.go has the resource): the family's
// attributes to and from Graph properties, and the comparisons that decide
// whether an answer or a listed object is the one the provider wrote; the
// per-platform defaults and descriptions.

// toGraph maps the plan to a create body (state nil) or to a PATCH body of
// what differs from state. Both carry @odata.type: Graph needs it on every
// write of a derived type.
func (r *certificateProfileResource) toGraph(ctx context.Context, plan, state profileValues, diags *diag.Diagnostics) *graph.DeviceConfiguration {
	odataType := r.family.odataType(plan)
	b := graph.NewDeviceConfiguration(odataType)
	typ := graph.ProfileTypes[odataType]
	changed := func(name string) bool {
		return known(plan[name]) && (state == nil || !plan[name].Equal(state[name]))
	}
	removed := func(name string) bool {
		return state != nil && plan[name].IsNull() && state[name] != nil && !state[name].IsNull()
	}
	if changed("display_name") {
		b.SetDisplayName(plan.str("display_name").ValueStringPointer())
	}
	if changed("description") {
		b.SetDescription(plan.str("description").ValueStringPointer())
	} else if removed("description") {
		b.SetNull("description")
	}
	if changed("role_scope_tag_ids") {
		b.SetRoleScopeTagIds(stringsOf(ctx, plan.set("role_scope_tag_ids"), diags))
	}
	for _, a := range r.family.attributes {
		if a.property == "" || !typ.Has(a.property) || (state != nil && a.createOnly) {
			continue
		}
		switch {
		case changed(a.name):
			if v := a.graphValue(ctx, plan[a.name], diags); v != nil {
				b.SetProperty(a.property, v)
			}
		case removed(a.name) && a.emptyValue != nil:
			b.SetProperty(a.property, a.emptyValue)
		case removed(a.name):
			b.SetNull(a.property)
		}
	}
	return b
}

// graphValue converts a known value to the property's, by its kind unless
// the attribute converts it itself.
func (a familyAttribute) graphValue(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
	if a.toGraph != nil {
		return a.toGraph(ctx, v, diags)
	}
	switch v := v.(type) {
	case basetypes.StringValuable:
		s, d := v.ToStringValue(ctx)
		diags.Append(d...)
		return s.ValueString()
	case types.Int64:
		n := v.ValueInt64()
		if n < math.MinInt32 || n > math.MaxInt32 {
			diags.AddAttributeError(path.Root(a.name), "Value out of range", fmt.Sprintf("%s = %d does not fit Graph's Int32.", a.name, n))
			return nil
		}
		return int32(n)
	case types.Bool:
		return v.ValueBool()
	case types.Set:
		return stringsOf(ctx, v, diags)
	}
	diags.AddError("Unsupported attribute value", fmt.Sprintf("%s: %T cannot be sent to Graph", a.name, v))
	return nil
}

// attributeValue converts Graph's value of the property (ok false when Graph
// has none) to the attribute's. Where Graph has nothing and the prior value
// is nothing too, the prior spelling of nothing (null or empty) is kept.
func (a familyAttribute) attributeValue(v any, ok bool, prior attr.Value) attr.Value {
	empty := !ok || v == "" || fmt.Sprint(v) == "[]"
	if empty && prior != nil && (prior.IsNull() || isEmpty(prior)) && !prior.IsUnknown() {
		return prior
	}
	if empty && prior == nil && !a.schema.IsComputed() {
		return a.nullValue(context.Background()) // no prior value (a list result): nothing configured is null
	}
	if a.fromGraph != nil {
		return a.fromGraph(v, prior)
	}
	switch a.schema.(type) {
	case schema.Int64Attribute:
		if n, isInt := v.(int32); isInt {
			return types.Int64Value(int64(n))
		}
		return types.Int64Null()
	case schema.BoolAttribute:
		if b, isBool := v.(bool); isBool {
			return types.BoolValue(b)
		}
		return types.BoolNull()
	case schema.SetAttribute:
		if s, isStrings := v.([]string); isStrings {
			return stringSet(s)
		}
		return types.SetNull(types.StringType)
	}
	if s, isString := v.(string); isString {
		return types.StringValue(s)
	}
	return types.StringNull()
}

// nullValue is the attribute's null, typed as its schema types it.
func (a familyAttribute) nullValue(ctx context.Context) attr.Value {
	t := a.schema.GetType()
	v, _ := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
	return v
}

func isEmpty(v attr.Value) bool {
	switch v := v.(type) {
	case types.String:
		return v.ValueString() == ""
	case types.Set:
		return len(v.Elements()) == 0
	case types.List:
		return len(v.Elements()) == 0
	}
	return false
}

// patchChanges reports whether anything the PATCH carries differs.
func (r *certificateProfileResource) patchChanges(plan, state profileValues) bool {
	names := []string{"display_name", "description", "role_scope_tag_ids"}
	for _, a := range r.family.attributes {
		if a.property != "" && !a.createOnly {
			names = append(names, a.name)
		}
	}
	for _, n := range names {
		if p := plan[n]; p != nil && !p.IsUnknown() && !p.Equal(state[n]) {
			return true
		}
	}
	return false
}

// fillUnknown completes the state after a write, which starts as the plan:
// only what the plan left unknown comes from Graph's answer, so no answer
// can make Terraform report an inconsistent result.
func (r *certificateProfileResource) fillUnknown(ctx context.Context, plan profileValues, o *graph.DeviceConfiguration) {
	fill := func(name string, v attr.Value) {
		if plan[name] == nil || plan[name].IsUnknown() {
			plan[name] = v
		}
	}
	fill("id", types.StringPointerValue(o.GetId()))
	fill("role_scope_tag_ids", stringSet(o.GetRoleScopeTagIds()))
	fill("unmanaged_assignments", unmanagedAssignmentsValue(o.GetAssignments()))
	fill("created_date_time", timeFromGraph(o.GetCreatedDateTime()))
	plan["last_modified_date_time"] = timeFromGraph(o.GetLastModifiedDateTime())
	plan["version"] = int64FromGraph(o.GetVersion())
	typ := graph.ProfileTypes[deref(o.GetOdataType())]
	for _, a := range r.family.attributes {
		if a.property == "" || !plan[a.name].IsUnknown() {
			continue
		}
		if !typ.Has(a.property) {
			plan[a.name] = a.nullValue(ctx)
			continue
		}
		v, ok := o.Property(a.property)
		plan[a.name] = a.attributeValue(v, ok, nil)
	}
	if r.family.derive != nil {
		var diags diag.Diagnostics
		r.family.derive(ctx, plan, &diags)
	}
}

// fromGraph refreshes the values from Graph (Read and import). Where Graph
// has nothing (no description, no apps, no assignments) the prior spelling
// of nothing is kept, and GUIDs keep the prior letter case, so a refresh
// shows only real changes.
func (r *certificateProfileResource) fromGraph(ctx context.Context, v profileValues, o *graph.DeviceConfiguration) diag.Diagnostics {
	var diags diag.Diagnostics
	f := r.family
	platform := ""
	for p, t := range f.platforms {
		if deref(o.GetOdataType()) == t {
			platform = p
		}
	}
	if platform == "" {
		diags.AddError("Not a "+f.entity,
			fmt.Sprintf("The device configuration %s is a %s, which this resource does not manage. Import the id of a "+
				"%s (one of %s).", deref(o.GetId()), deref(o.GetOdataType()), f.entity,
				strings.Join(sortedValues(f.platforms), ", ")))
		return diags
	}
	prior := profileValues{}
	for k, x := range v {
		prior[k] = x
	}
	v["platform"] = types.StringValue(platform)
	v["id"] = types.StringPointerValue(o.GetId())
	v["display_name"] = types.StringPointerValue(o.GetDisplayName())
	v["description"] = types.StringPointerValue(o.GetDescription())
	if deref(o.GetDescription()) == "" && (prior.str("description").IsNull() || prior.str("description").ValueString() == "") {
		v["description"] = prior.str("description")
	}
	if v["description"].IsUnknown() {
		v["description"] = types.StringNull()
	}
	v["role_scope_tag_ids"] = stringSet(o.GetRoleScopeTagIds())
	v["created_date_time"] = timeFromGraph(o.GetCreatedDateTime())
	v["last_modified_date_time"] = timeFromGraph(o.GetLastModifiedDateTime())
	v["version"] = int64FromGraph(o.GetVersion())
	typ := graph.ProfileTypes[deref(o.GetOdataType())]
	for _, a := range f.attributes {
		if a.property == "" {
			continue
		}
		if !typ.Has(a.property) {
			v[a.name] = a.nullValue(ctx)
			continue
		}
		val, ok := o.Property(a.property)
		v[a.name] = a.attributeValue(val, ok, prior[a.name])
		if v[a.name].IsUnknown() {
			v[a.name] = a.nullValue(ctx)
		}
	}
	assignments, d := assignmentsFromGraph(ctx, o.GetAssignments(), prior.set("assignments"))
	diags.Append(d...)
	v["assignments"] = assignments
	v["unmanaged_assignments"] = unmanagedAssignmentsValue(o.GetAssignments())
	if f.derive != nil {
		f.derive(ctx, v, &diags)
	}
	return diags
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// profileMatches reports whether every field sent has that value in o.
func profileMatches(sent, o *graph.DeviceConfiguration) bool {
	same := func(want, got *string) bool { return want == nil || (got != nil && *got == *want) }
	// A property sent as null was cleared: it must now be absent, not
	// taken for one the PATCH left alone.
	cleared := func(name string) bool {
		if !sent.SentNull(name) {
			return true
		}
		v, ok := o.Property(name)
		if name == "description" {
			v, ok = deref(o.GetDescription()), o.GetDescription() != nil
		}
		return !ok || v == "" || fmt.Sprint(v) == "[]"
	}
	if !same(sent.GetOdataType(), o.GetOdataType()) || !same(sent.GetDisplayName(), o.GetDisplayName()) ||
		!same(sent.GetDescription(), o.GetDescription()) || !cleared("description") ||
		(sent.GetRoleScopeTagIds() != nil && !sameStrings(sent.GetRoleScopeTagIds(), o.GetRoleScopeTagIds())) {
		return false
	}
	for _, name := range sent.SetProperties() {
		want, _ := sent.Property(name)
		got, ok := o.Property(name)
		if !ok && fmt.Sprint(want) != "[]" {
			return false
		}
		if ok && !sameProperty(want, got) {
			return false
		}
	}
	for name := range graph.Properties {
		if !cleared(name) {
			return false
		}
	}
	return true
}

// sameProperty compares two values of a property, collections as sets.
func sameProperty(a, b any) bool {
	canon := func(v any) []string {
		switch v := v.(type) {
		case []string:
			return v
		case []map[string]string:
			out := make([]string, len(v))
			for i, m := range v {
				keys := make([]string, 0, len(m))
				for k, x := range m {
					keys = append(keys, k+"="+x)
				}
				sort.Strings(keys)
				out[i] = strings.Join(keys, "\x00")
			}
			return out
		}
		return []string{fmt.Sprint(v)}
	}
	return sameStrings(canon(a), canon(b))
}

func stringsOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	out := []string{}
	if known(s) {
		diags.Append(s.ElementsAs(ctx, &out, false)...)
	}
	return out
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

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// onlyOn describes an attribute that exists on some platforms only.
func onlyOn(f *profileFamily, property, text string) string {
	ps := f.platformsWith(property)
	if len(ps) == len(f.platforms) {
		return text
	}
	return text + " Only for `platform = " + orList(ps) + "`; setting it for another platform is an error."
}

// platformDefault plans an optional+computed attribute that Intune defaults:
// null on a platform whose type lacks the property, the prior value when the
// configuration leaves it out (Intune's default, learnt at create), unknown
// on create.
type platformDefault struct {
	family   *profileFamily
	property string
}

func (m platformDefault) Description(context.Context) string {
	return "null on platforms without the property; keeps Intune's value when not configured"
}

func (m platformDefault) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m platformDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var platform types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("platform"), &platform)...)
	switch {
	case platform.IsUnknown():
	case !graph.ProfileTypes[m.family.platforms[platform.ValueString()]].Has(m.property):
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	}
}
