# Find every imported-PFX certificate profile with `terraform query`
# (Terraform 1.14 and later), and write their import and resource blocks with
# `terraform query -generate-config-out=generated.tf`.
list "intune_imported_pfx_certificate_profile" "all" {
  provider         = intune
  include_resource = true
  limit            = 500
}

# Only the Android Enterprise fully managed ones.
list "intune_imported_pfx_certificate_profile" "android_device_owner" {
  provider         = intune
  include_resource = true

  config {
    platform = "android_device_owner"
  }
}
