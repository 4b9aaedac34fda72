package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openintune/terraform-provider-intune/internal/pfx"
)

// holdsEncryptionKey reports whether the certificate in state is an S/MIME
// encryption certificate, which a new certificate must not replace: Intune
// does not renew imported certificates, and devices need every old
// encryption key to open old mail. What counts is the purpose in state, the
// certificate a replace would delete, whatever the plan's purpose; a signing
// or unassigned certificate is replaced by its renewal as before.
func holdsEncryptionKey(state *userPfxCertificateModel) bool {
	return state.IntendedPurpose.ValueString() == "smimeEncryption"
}

// encryptionRenewalError refuses cert on the instance of the encryption
// certificate in state, and says what to do instead.
func encryptionRenewalError(state *userPfxCertificateModel, cert *pfx.Certificate) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("pfx_wo"), "An S/MIME encryption certificate is not replaced by its renewal",
		fmt.Sprintf("pfx_wo holds another certificate (thumbprint %s, %s, valid until %s) than the smimeEncryption "+
			"certificate this resource instance manages for %s (thumbprint %s). Replacing it would delete that certificate "+
			"from Intune, and devices need every old encryption key to open the mail encrypted to it; Intune does not "+
			"renew imported certificates.\n\n"+
			"Add the renewed certificate as a new resource instance (for_each keyed by the PFX file, e.g. "+
			"fileset(\"pfx\", \"*/*.pfx\")) and keep this one with its own file. Remove this instance deliberately, when no "+
			"mail needs its key any more. To replace it on purpose now, do both in one apply: the renewed file under a new "+
			"instance key (or resource name) and this instance removed from the configuration, so that the plan shows the "+
			"deletion. terraform apply -replace cannot skip this check: Terraform asks the provider to plan this change "+
			"before it replaces, without saying why.",
			cert.Thumbprint, cert.Subject, cert.NotAfter.Format(time.RFC3339), state.UserPrincipalName.ValueString(),
			state.Thumbprint.ValueString()))
}
