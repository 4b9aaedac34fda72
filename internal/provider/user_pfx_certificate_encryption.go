package provider

import (
	"crypto/rsa"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/pfx"
)

// pfxFiles opens each distinct PFX (by file and password) once per provider
// process: validation and plan each inspect the PFX of every instance, and
// instances may share files. Its 1,024 entries hold thumbprints, dates and
// subjects only.
var pfxFiles = pfx.NewCache(1024)

// defaultPaddingScheme is IntunePfxImport's default.
const defaultPaddingScheme = "oaepSha512"

// checkEncryption encrypts the password once, at plan time, and throws the
// result away: what the connector's key and the padding scheme cannot carry
// (a password longer than RSA-OAEP allows) fails the plan, not the apply.
func (m userPfxCertificateModel) checkEncryption(key *rsa.PublicKey) diag.Diagnostics {
	var diags diag.Diagnostics
	scheme := m.PaddingScheme
	if scheme.IsNull() {
		scheme = types.StringValue(defaultPaddingScheme)
	}
	if key == nil || !known(m.PFXPassword) || !known(scheme) {
		return diags
	}
	_, err := pfx.EncryptPassword(key, m.PFXPassword.ValueString(), scheme.ValueString())
	switch {
	case errors.Is(err, pfx.ErrTooLong):
		maxLen, _ := pfx.MaxPasswordLength(key, "oaepSha256")
		diags.AddAttributeError(path.Root("pfx_password_wo"), "PFX password too long for the connector key",
			fmt.Sprintf("%v (RSA-OAEP carries the key size less twice the hash size less 2 bytes). Re-export the PFX "+
				"with a shorter password, or set padding_scheme = \"oaepSha256\", which carries up to %d with this key.", err, maxLen))
	case err != nil:
		diags.AddAttributeError(path.Root("pfx_password_wo"), "Unable to encrypt the PFX password", err.Error())
	}
	return diags
}
