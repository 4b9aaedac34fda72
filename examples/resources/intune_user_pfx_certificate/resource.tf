# The Certificate Connector's public key: the PEM file Export-IntunePublicKey
# writes, or filebase64() of its RSAPUBLICBLOB file.
variable "connector_public_key" {
  type = string
}

# The PFX passwords by file, e.g. "alice@contoso.com/2025.pfx". Ephemeral
# (Terraform 1.10+), so Terraform keeps them out of saved plans too.
variable "pfx_passwords" {
  type      = map(string)
  sensitive = true
  ephemeral = true
}

# One certificate per PFX file, keyed by the file: a folder per user under
# ./pfx, such as pfx/alice@contoso.com/2025.pfx. A renewal is a new file beside
# the old one, so devices keep the old encryption key for old mail.
# Write-only attributes need Terraform 1.11+.
resource "intune_user_pfx_certificate" "smime" {
  for_each = fileset("${path.module}/pfx", "*/*.pfx")

  user_principal_name   = dirname(each.key)
  pfx_wo                = filebase64("${path.module}/pfx/${each.key}")
  pfx_password_wo       = var.pfx_passwords[each.key]
  encryption_public_key = var.connector_public_key
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
  padding_scheme        = "oaepSha512"
  intended_purpose      = "smimeEncryption"

  # Deleting an encryption certificate is never a side effect.
  lifecycle {
    prevent_destroy = true
  }
}
