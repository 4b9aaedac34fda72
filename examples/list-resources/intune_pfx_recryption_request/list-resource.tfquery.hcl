# Find existing PFX recryption requests with `terraform query` (Terraform 1.14
# and later), for example to generate import blocks with
# `terraform query -generate-config-out=generated.tf`.
list "intune_pfx_recryption_request" "for_user" {
  provider         = intune
  include_resource = true

  config {
    user_id = "3d1a4c5e-8f2b-4a6d-9c0e-7b5f1a2d3c4e"
  }
}
