# Find a user's imported PFX certificates with `terraform query` (Terraform
# 1.14 and later). Graph never returns the PFX, its password or the connector
# key: in configuration written by -generate-config-out, set pfx_wo,
# pfx_password_wo and encryption_public_key by hand before planning.
list "intune_user_pfx_certificate" "alice" {
  provider         = intune
  include_resource = true

  config {
    user_principal_name = "alice@contoso.com"
  }
}
