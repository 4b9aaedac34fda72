# The path of the root CA certificate (PEM) the devices must trust.
variable "root_ca_pem" {
  type    = string
  default = "contoso-root.pem"
}

resource "intune_trusted_certificate_profile" "root_android" {
  platform     = "android_device_owner"
  display_name = "Contoso Root CA (Android Enterprise)"
  certificate  = file("${path.module}/${var.root_ca_pem}")
}

# Windows PKCS profiles have no root link; the Android and AOSP ones may have one.
resource "intune_pkcs_certificate_profile" "android" {
  platform                     = "android_device_owner"
  display_name                 = "Contoso user certificate (Android Enterprise, PKCS)"
  root_certificate_id          = intune_trusted_certificate_profile.root_android.id
  certification_authority      = "ca01.contoso.com"
  certification_authority_name = "Contoso Issuing CA 1"
  certificate_template_name    = "IntuneUser"

  certification_authority_type   = "microsoft"
  subject_name_format            = "custom"
  subject_name_format_string     = "CN={{UserPrincipalName}}"
  subject_alternative_name_types = ["userPrincipalName"]
  extended_key_usages = [
    { name = "Client Authentication", object_identifier = "1.3.6.1.5.5.7.3.2" },
  ]
  certificate_access_type = "userApproval"
}
