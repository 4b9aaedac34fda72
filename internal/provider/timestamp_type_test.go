package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func ts(s string) timestampValue { return timestampValue{StringValue: basetypes.NewStringValue(s)} }

func TestTimestampValidation(t *testing.T) {
	for _, tc := range []struct {
		in    string
		valid bool
	}{
		{"2017-01-01T00:03:18.9597073-08:00", true},
		{"2017-01-01T08:03:18Z", true},
		{"2017-01-01t08:03:18z", true},
		{"2017-01-01T08:03:18.123456789Z", false}, // finer than Graph stores
		{"2017-01-01 08:03:18Z", false},
		{"2017-01-01T08:03:18", false}, // no offset
		{"2017-13-01T08:03:18Z", false},
		{"yesterday", false},
		{"", false},
	} {
		resp := &xattr.ValidateAttributeResponse{}
		ts(tc.in).ValidateAttribute(context.Background(), xattr.ValidateAttributeRequest{Path: path.Root("created_time")}, resp)
		if got := !resp.Diagnostics.HasError(); got != tc.valid {
			t.Errorf("%q: valid = %v, want %v (%v)", tc.in, got, tc.valid, resp.Diagnostics)
		}
	}
}

func TestTimestampSemanticEquality(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		equal bool
	}{
		{"2017-01-01T00:03:18.9597073-08:00", "2017-01-01T08:03:18.9597073Z", true},
		{"2017-01-01T08:03:18Z", "2017-01-01T08:03:18.0000000Z", true},
		{"2017-01-01T08:03:18Z", "2017-01-01T10:03:18+02:00", true},
		{"2017-01-01T08:03:18Z", "2017-01-01T08:03:18.0000001Z", false},
		{"2017-01-01T08:03:18Z", "2017-01-01T08:03:18-01:00", false},
	} {
		got, diags := ts(tc.a).StringSemanticEquals(context.Background(), ts(tc.b))
		if diags.HasError() || got != tc.equal {
			t.Errorf("%s vs %s: %v, want %v", tc.a, tc.b, got, tc.equal)
		}
	}
}
