package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestThumbprintSemanticEquality(t *testing.T) {
	a := thumbprintValue{StringValue: types.StringValue("0a1b2c3d4e")}
	for _, tc := range []struct {
		other string
		equal bool
	}{
		{"0A1B2C3D4E", true},
		{"0a1b2c3d4e", true},
		{"0a1b2c3d4f", false},
		{"0a1b2c3d4e ", false},
	} {
		got, diags := a.StringSemanticEquals(context.Background(), thumbprintValue{StringValue: types.StringValue(tc.other)})
		if diags.HasError() || got != tc.equal {
			t.Errorf("%s vs %q: %v, want %v", a, tc.other, got, tc.equal)
		}
	}
}

// TestThumbprintValidator: every string is accepted (Graph accepts any);
// whitespace and an empty value get a warning, never an error.
func TestThumbprintValidator(t *testing.T) {
	for _, tc := range []struct {
		in   string
		warn bool
	}{
		{"0A1B2C3D4E5F60718293A4B5C6D7E8F901234567", false},
		{"Thumbprint-value", false},
		{"AB CD EF", true},
		{" ABCDEF", true},
		{"ABC\tDEF", true},
		{"", true},
	} {
		resp := &validator.StringResponse{}
		thumbprintValidator{}.ValidateString(context.Background(),
			validator.StringRequest{Path: path.Root("thumbprint"), ConfigValue: types.StringValue(tc.in)}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%q: error %v; any string must be accepted", tc.in, resp.Diagnostics)
		}
		if got := resp.Diagnostics.WarningsCount() > 0; got != tc.warn {
			t.Errorf("%q: warning %v, want %v", tc.in, got, tc.warn)
		}
	}
}
