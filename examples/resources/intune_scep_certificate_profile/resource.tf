# The path of the root CA certificate (PEM) the devices must trust.
variable "root_ca_pem" {
  type    = string
  default = "contoso-root.pem"
}

# The trusted root the issued certificates chain to, on the same platform.
resource "intune_trusted_certificate_profile" "root_windows" {
  platform     = "windows10"
  display_name = "Contoso Root CA (Windows)"
  certificate  = file("${path.module}/${var.root_ca_pem}")
}

resource "intune_scep_certificate_profile" "windows" {
  platform            = "windows10"
  display_name        = "Contoso device certificate (Windows, SCEP)"
  root_certificate_id = intune_trusted_certificate_profile.root_windows.id
  scep_server_urls    = ["https://ndes.contoso.com/certsrv/mscep/mscep.dll"]

  key_size                          = "size2048"
  key_usage                         = ["digitalSignature", "keyEncipherment"]
  hash_algorithm                    = ["sha2"]
  certificate_store                 = "machine"
  subject_name_format               = "custom"
  subject_name_format_string        = "CN={{AAD_Device_ID}}"
  subject_alternative_name_types    = []
  renewal_threshold_percentage      = 20
  certificate_validity_period_value = 1
  certificate_validity_period_scale = "years"
  extended_key_usages = [
    { name = "Client Authentication", object_identifier = "1.3.6.1.5.5.7.3.2" },
  ]

  assignments = [{ target = "all_devices" }]
}
