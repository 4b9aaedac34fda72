variable "profile_id" {
  type        = string
  description = "The id of an intune_imported_pfx_certificate_profile."
}

data "intune_device_certificate_states" "smime" {
  profile_id = var.profile_id
}

# Devices where the certificate is installed, and those where delivery failed.
output "installed_on" {
  value = [for s in data.intune_device_certificate_states.smime.states : s.device_display_name if s.issuance_state == "installed"]
}

output "failed_on" {
  value = {
    for s in data.intune_device_certificate_states.smime.states :
    s.device_display_name => s.error_code if endswith(s.issuance_state, "Failed")
  }
}
