package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// TestIntendedPurposesAreOneList: the certificate, the profile and the data
// sources accept and document the same purposes, every member of Graph's
// enum, since a profile delivers the certificates whose purpose it matches.
func TestIntendedPurposesAreOneList(t *testing.T) {
	ctx := context.Background()
	type attribute struct {
		description string
		validators  []validator.String
	}
	attrs := map[string]attribute{}
	for name, r := range map[string]resource.Resource{
		"intune_user_pfx_certificate":             NewUserPfxCertificateResource(),
		"intune_imported_pfx_certificate_profile": NewImportedPfxCertificateProfileResource(),
	} {
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		a := resp.Schema.Attributes["intended_purpose"].(rsschema.StringAttribute)
		attrs[name] = attribute{a.MarkdownDescription, a.Validators}
	}
	for name, d := range map[string]datasource.DataSource{
		"data.intune_user_pfx_certificate":  NewUserPfxCertificateDataSource(),
		"data.intune_user_pfx_certificates": NewUserPfxCertificatesDataSource(),
	} {
		var resp datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &resp)
		a := resp.Schema.Attributes["intended_purpose"].(dsschema.StringAttribute)
		attrs[name] = attribute{a.MarkdownDescription, a.Validators}
	}
	for name, a := range attrs {
		for _, p := range graph.IntendedPurposes {
			if !strings.Contains(a.description, "`"+p+"`") {
				t.Errorf("%s: intended_purpose's description does not list %q: %s", name, p, a.description)
			}
			for _, v := range a.validators {
				var resp validator.StringResponse
				v.ValidateString(ctx, validator.StringRequest{Path: path.Root("intended_purpose"), ConfigValue: types.StringValue(p)}, &resp)
				if resp.Diagnostics.HasError() {
					t.Errorf("%s refuses intended_purpose = %q: %v", name, p, resp.Diagnostics)
				}
			}
		}
	}
	if len(graph.IntendedPurposes) != 5 {
		t.Errorf("graph.IntendedPurposes = %v, want Graph's five members", graph.IntendedPurposes)
	}
}
