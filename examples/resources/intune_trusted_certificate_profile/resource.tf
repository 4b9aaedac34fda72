# Deliver the company's root CA to Windows devices from a DER file (.cer), and
# the issuing CA under it to the intermediate store, to the same groups as the
# certificate profiles that depend on them.
variable "smime_users_group_id" {
  type = string
}

variable "kiosk_group_id" {
  type = string
}

# Paths of the CA certificates: the root as DER (.cer), the issuing CA as PEM.
variable "root_ca_cer" {
  type    = string
  default = "contoso-root-ca.cer"
}

variable "issuing_ca_pem" {
  type    = string
  default = "contoso-issuing-ca-1.pem"
}

resource "intune_trusted_certificate_profile" "root_windows" {
  platform          = "windows10"
  display_name      = "Contoso Root CA (Windows)"
  description       = "Trust anchor for the S/MIME and Wi-Fi certificates"
  certificate       = filebase64("${path.module}/${var.root_ca_cer}")
  destination_store = "computerCertStoreRoot"

  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
    { target = "exclusion_group", group_id = var.kiosk_group_id },
  ]
}

# A PEM file works as well; the same certificate in the other encoding is no
# change.
resource "intune_trusted_certificate_profile" "issuing_windows" {
  platform          = "windows10"
  display_name      = "Contoso Issuing CA 1 (Windows)"
  certificate       = file("${path.module}/${var.issuing_ca_pem}")
  cert_file_name    = "contoso-issuing-ca-1.cer"
  destination_store = "computerCertStoreIntermediate"

  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
    { target = "exclusion_group", group_id = var.kiosk_group_id },
  ]
}

# On macOS the certificate goes to the device or the user keychain.
resource "intune_trusted_certificate_profile" "root_macos" {
  platform           = "macos"
  display_name       = "Contoso Root CA (macOS)"
  certificate        = filebase64("${path.module}/${var.root_ca_cer}")
  deployment_channel = "deviceChannel"

  assignments = [
    { target = "all_devices" },
  ]
}

output "root_thumbprint" {
  value = intune_trusted_certificate_profile.root_windows.thumbprint
}
