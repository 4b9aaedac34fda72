# The Certificate Connector's public key: the PEM file Export-IntunePublicKey
# writes, or filebase64() of its RSAPUBLICBLOB file.
variable "connector_public_key" {
  type = string
}

# The PFX passwords by file name. Ephemeral (Terraform 1.10+), so Terraform
# keeps them out of saved plans too.
variable "pfx_passwords" {
  type      = map(string)
  sensitive = true
  ephemeral = true
}

# One certificate per PFX file in ./pfx, each named after its owner, such as
# pfx/alice@contoso.com.pfx. Write-only attributes need Terraform 1.11+.
resource "intune_user_pfx_certificate" "smime" {
  for_each = fileset("${path.module}/pfx", "*.pfx")

  user_principal_name   = trimsuffix(each.value, ".pfx")
  pfx_wo                = filebase64("${path.module}/pfx/${each.value}")
  pfx_password_wo       = var.pfx_passwords[each.value]
  encryption_public_key = var.connector_public_key
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
  padding_scheme        = "oaepSha512"
  intended_purpose      = "smimeEncryption"
}
