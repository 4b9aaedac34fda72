# Find the PKCS certificate profiles made in the Intune admin center, with
# `terraform query` (Terraform 1.14 and later), and write their import and
# resource blocks with `terraform query -generate-config-out=generated.tf`.
# Each result carries its root_certificate_id where the platform has the link.
list "intune_pkcs_certificate_profile" "android_work_profile" {
  provider         = intune
  include_resource = true

  config {
    platform = "android_work_profile"
  }
}
