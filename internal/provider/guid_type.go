package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Graph treats GUIDs case-insensitively and answers them in lower case. The
// GUID type validates the format at plan time and compares values without
// regard to case, so a GUID written in upper case never shows a diff.

var guidPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
})

func isGUID(s string) bool { return guidPattern().MatchString(s) }

var (
	_ basetypes.StringTypable                    = guidType{}
	_ basetypes.StringValuableWithSemanticEquals = guidValue{}
	_ xattr.ValidateableAttribute                = guidValue{}
)

type guidType struct{ basetypes.StringType }

func (t guidType) Equal(o attr.Type) bool { _, ok := o.(guidType); return ok }

func (t guidType) String() string { return "guidType" }

func (t guidType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return guidValue{StringValue: in}, nil
}

func (t guidType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return guidValue{StringValue: s}, nil
}

func (t guidType) ValueType(context.Context) attr.Value { return guidValue{} }

type guidValue struct{ basetypes.StringValue }

func newGUIDNull() guidValue { return guidValue{StringValue: basetypes.NewStringNull()} }

func newGUIDValue(s string) guidValue { return guidValue{StringValue: basetypes.NewStringValue(s)} }

func (v guidValue) Type(context.Context) attr.Type { return guidType{} }

func (v guidValue) Equal(o attr.Value) bool {
	other, ok := o.(guidValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v guidValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(guidValue)
	if !ok {
		return false, nil
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), nil
}

func (v guidValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if !isGUID(v.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid GUID",
			fmt.Sprintf("%q is not a GUID. Use the 36-character form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx with hexadecimal digits, "+
				"for example 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f.", v.ValueString()))
	}
}

// stringFromTerraform reads the string under a custom string type (GUID,
// timestamp, thumbprint).
func stringFromTerraform(ctx context.Context, in tftypes.Value) (basetypes.StringValue, error) {
	v, err := basetypes.StringType{}.ValueFromTerraform(ctx, in)
	if err != nil {
		return basetypes.StringValue{}, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return basetypes.StringValue{}, fmt.Errorf("unexpected value type %T", v)
	}
	return s, nil
}
