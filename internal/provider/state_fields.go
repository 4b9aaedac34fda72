package provider

// State conversion without the framework's reflection, for the resources
// whose Read runs for every instance on every plan (DESIGN.md, "Read
// converts state without the framework's reflection").

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// getStateFields fills fields (attribute name → pointer to the field's
// attr.Value) from state, as state.Get does for a struct, without the
// reflection over struct tags that state.Get repeats on every call.
func getStateFields(ctx context.Context, state tfsdk.State, fields map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	v, err := state.Schema.Type().ValueFromTerraform(ctx, state.Raw)
	obj, ok := v.(basetypes.ObjectValue)
	if err != nil || !ok || obj.IsNull() || obj.IsUnknown() {
		diags.AddError("State Read Error", fmt.Sprintf("Unable to read the state (%T): %v. "+
			"This is always an error in the provider; please report it to the provider developers.", v, err))
		return diags
	}
	attrs := obj.Attributes()
	for name, field := range fields {
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

// setStateFields stores fields (as getStateFields takes them) in state, as
// state.Set does for a struct.
func setStateFields(ctx context.Context, state *tfsdk.State, fields map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	typ := state.Schema.Type().TerraformType(ctx)
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
