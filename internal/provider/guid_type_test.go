package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

func TestGUIDValidation(t *testing.T) {
	for _, tc := range []struct {
		in    string
		valid bool
	}{
		{"6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f", true},
		{"6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F", true},
		{"{6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f}", false},
		{"6b7c2f3e1d4a4c1b9f0e2a3b4c5d6e7f", false},
		{"6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7", false},
		{"6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7g", false},
		{"", false},
		{" 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f", false},
	} {
		resp := &xattr.ValidateAttributeResponse{}
		newGUIDValue(tc.in).ValidateAttribute(context.Background(),
			xattr.ValidateAttributeRequest{Path: path.Root("user_id")}, resp)
		if got := !resp.Diagnostics.HasError(); got != tc.valid {
			t.Errorf("%q: valid = %v, want %v (%v)", tc.in, got, tc.valid, resp.Diagnostics)
		}
		if !tc.valid && resp.Diagnostics.HasError() {
			if d := resp.Diagnostics.Errors()[0]; d.Summary() != "Invalid GUID" {
				t.Errorf("%q: summary %q", tc.in, d.Summary())
			}
		}
	}
}

func TestGUIDSemanticEquality(t *testing.T) {
	a := newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F")
	for _, tc := range []struct {
		other guidValue
		equal bool
	}{
		{newGUIDValue("6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"), true},
		{newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"), true},
		{newGUIDValue("6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e70"), false},
	} {
		got, diags := a.StringSemanticEquals(context.Background(), tc.other)
		if diags.HasError() || got != tc.equal {
			t.Errorf("%s vs %s: %v, want %v", a, tc.other, got, tc.equal)
		}
	}
}
