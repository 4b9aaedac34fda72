# Find the trusted certificate profiles made in the Intune admin center, with
# `terraform query` (Terraform 1.14 and later), and write their import and
# resource blocks with `terraform query -generate-config-out=generated.tf`.
list "intune_trusted_certificate_profile" "windows" {
  provider         = intune
  include_resource = true

  config {
    platform = "windows10"
  }
}

# One profile by its exact, case-sensitive name.
list "intune_trusted_certificate_profile" "contoso_root_ios" {
  provider         = intune
  include_resource = true

  config {
    platform     = "ios"
    display_name = "Contoso Root CA - iOS"
  }
}
