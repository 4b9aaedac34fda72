package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

func TestPfxRecryptionRequestFilter_odataFilter(t *testing.T) {
	null := pfxRecryptionRequestFilter{
		TenantID: newGUIDNull(), UserID: newGUIDNull(), DeviceID: newGUIDNull(), ProfileID: newGUIDNull(),
		Thumbprint: thumbprintValue{StringValue: types.StringNull()}, Status: types.Int64Null(), SourceType: types.Int64Null(),
		IsDeleted: types.BoolNull(), ODataFilter: types.StringNull(), PageSize: types.Int64Null(),
	}
	with := func(change func(*pfxRecryptionRequestFilter)) pfxRecryptionRequestFilter {
		f := null
		change(&f)
		return f
	}
	for _, tc := range []struct {
		name string
		f    pfxRecryptionRequestFilter
		want string
	}{
		{"none", null, ""},
		{"upper-case GUID goes bare and lower case",
			with(func(f *pfxRecryptionRequestFilter) { f.UserID = newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F") }),
			"userId eq 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"},
		{"quote in a thumbprint is doubled",
			with(func(f *pfxRecryptionRequestFilter) {
				f.Thumbprint = thumbprintValue{StringValue: types.StringValue("AB'CD''")}
			}),
			"thumbprint eq 'AB''CD'''''"},
		{"operators inside a thumbprint stay inside the literal",
			with(func(f *pfxRecryptionRequestFilter) {
				f.Thumbprint = thumbprintValue{StringValue: types.StringValue("x' or isDeleted eq true or thumbprint eq 'y")}
			}),
			"thumbprint eq 'x'' or isDeleted eq true or thumbprint eq ''y'"},
		{"numbers and bools", with(func(f *pfxRecryptionRequestFilter) {
			f.Status = types.Int64Value(-2147483648)
			f.SourceType = types.Int64Value(3)
			f.IsDeleted = types.BoolValue(false)
		}), "status eq -2147483648 and sourceType eq 3 and isDeleted eq false"},
		{"all combined in a fixed order", with(func(f *pfxRecryptionRequestFilter) {
			f.IsDeleted = types.BoolValue(true)
			f.ProfileID = newGUIDValue("00000000-0000-0000-0000-000000000004")
			f.TenantID = newGUIDValue("00000000-0000-0000-0000-000000000001")
			f.DeviceID = newGUIDValue("00000000-0000-0000-0000-000000000003")
			f.Thumbprint = thumbprintValue{StringValue: types.StringValue("T")}
			f.UserID = newGUIDValue("00000000-0000-0000-0000-000000000002")
			f.SourceType = types.Int64Value(2)
			f.Status = types.Int64Value(1)
		}), "tenantId eq 00000000-0000-0000-0000-000000000001 and userId eq 00000000-0000-0000-0000-000000000002 and " +
			"deviceId eq 00000000-0000-0000-0000-000000000003 and profileId eq 00000000-0000-0000-0000-000000000004 and " +
			"thumbprint eq 'T' and status eq 1 and sourceType eq 2 and isDeleted eq true"},
		{"raw filter as written, trimmed",
			with(func(f *pfxRecryptionRequestFilter) { f.ODataFilter = types.StringValue("  status ne 0  ") }),
			"status ne 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.odataFilter(); got != tc.want {
				t.Errorf("odataFilter() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPfxRecryptionRequestFilter_listOptions(t *testing.T) {
	f := pfxRecryptionRequestFilter{ODataFilter: types.StringNull(), PageSize: types.Int64Value(7)}
	got := f.listOptions(5_000_000_000)
	if got.Top != 2147483647 || got.MaxPageSize != 7 {
		t.Errorf("listOptions(5e9) = %+v, want Top capped at MaxInt32 and MaxPageSize 7", got)
	}
	f.PageSize = types.Int64Null()
	if got := f.listOptions(0); got.Top != 0 || got.MaxPageSize != 0 {
		t.Errorf("listOptions(0) = %+v, want no $top and no page size", got)
	}
}

func TestSortedByID(t *testing.T) {
	var in []pfxRecryptionRequestAttributes
	for _, id := range []string{"c", "a", "b", "a", "c"} {
		in = append(in, pfxRecryptionRequestAttributes{ID: types.StringValue(id)})
	}
	var got []string
	for _, r := range sortedByID(in) {
		got = append(got, r.ID.ValueString())
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("sortedByID = %v, want [a b c]", got)
	}
}

// TestProviderSchemas: every schema, the data sources' and the list
// resource's included, passes the framework's own checks.
func TestProviderSchemas(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	for _, name := range []string{"intune_pfx_recryption_request", "intune_pfx_recryption_requests"} {
		if resp.DataSourceSchemas[name] == nil {
			t.Errorf("data source %s is not registered", name)
		}
	}
	if resp.ListResourceSchemas["intune_pfx_recryption_request"] == nil {
		t.Error("list resource intune_pfx_recryption_request is not registered")
	}
	ids, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if ids.IdentitySchemas["intune_pfx_recryption_request"] == nil {
		t.Error("intune_pfx_recryption_request has no identity schema")
	}
}
