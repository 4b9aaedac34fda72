package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A user PFX certificate's identity is its id, so Terraform 1.12+ can import
// it by identity and terraform query can list it (intune_user_pfx_certificate
// list resource).

var _ resource.ResourceWithIdentity = (*userPfxCertificateResource)(nil)

func (r *userPfxCertificateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true,
			Description: "The certificate's id in /deviceManagement/userPfxCertificates: the user's object id without " +
				"dashes, a dash, and the lower-case thumbprint."},
	}}
}

// setUserPfxIdentity sets the identity (nil when Terraform has none) to id.
func setUserPfxIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil || !known(id) {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root("id"), id)
}
