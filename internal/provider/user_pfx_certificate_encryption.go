package provider

// The PFX and its password at plan time: each distinct file opened once per
// process, the password checked and encrypted once for the connector's key.

import (
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

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

// inspect opens the configured PFX with its password and parses the key,
// with errors that name the attribute at fault. It returns nil without
// errors while a value is not known yet.
func (m userPfxCertificateModel) inspect() (*pfx.Certificate, diag.Diagnostics) {
	var diags diag.Diagnostics
	var key *rsa.PublicKey
	if known(m.EncryptionPublicKey) {
		var err error
		if key, err = pfx.ParsePublicKey(m.EncryptionPublicKey.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("encryption_public_key"), "Unusable encryption public key",
				fmt.Sprintf("encryption_public_key: %v. Give the Certificate Connector's RSA public key as Export-IntunePublicKey "+
					"writes it: a PEM PUBLIC KEY, a PEM RSA PUBLIC KEY, or filebase64() of the RSAPUBLICBLOB file.", err))
		}
	}
	if known(m.PFXPassword) {
		if err := pfx.CheckASCII(m.PFXPassword.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("pfx_password_wo"), "Password not ASCII",
				fmt.Sprintf("The PFX password has a character outside ASCII: %v. Re-export the PFX with an ASCII password.", pfx.ErrNotASCII))
			return nil, diags
		}
	}
	diags.Append(m.checkEncryption(key)...)
	if !known(m.PFX) || !known(m.PFXPassword) {
		return nil, diags
	}
	data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(m.PFX.ValueString()), ""))
	if err != nil || len(data) == 0 {
		diags.AddAttributeError(path.Root("pfx_wo"), "PFX is not base64",
			"pfx_wo must be base64 of the PFX file; use filebase64(\"user.pfx\"), not file().")
		return nil, diags
	}
	cert, err := pfxFiles.Open(data, m.PFXPassword.ValueString())
	switch {
	case errors.Is(err, pfx.ErrWrongPassword):
		diags.AddAttributeError(path.Root("pfx_password_wo"), "Wrong PFX password",
			"pfx_password_wo does not open the PFX in pfx_wo. Check that the password belongs to this file.")
	case errors.Is(err, pfx.ErrNoKeyPair):
		diags.AddAttributeError(path.Root("pfx_wo"), "PFX without certificate and private key",
			fmt.Sprintf("%v. Intune delivers the user's certificate with its private key: export the PFX with the private key.", err))
	case err != nil:
		diags.AddAttributeError(path.Root("pfx_wo"), "Unreadable PFX", err.Error())
	}
	if diags.HasError() {
		return nil, diags
	}
	return cert, diags
}
