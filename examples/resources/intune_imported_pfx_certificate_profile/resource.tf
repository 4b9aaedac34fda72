# Deliver the users' imported S/MIME encryption certificates to Windows and
# iOS devices of one group, leaving out a group of kiosk devices.
variable "smime_users_group_id" {
  type = string
}

variable "kiosk_group_id" {
  type = string
}

resource "intune_imported_pfx_certificate_profile" "windows" {
  platform             = "windows10"
  display_name         = "S/MIME encryption (Windows)"
  description          = "Imported S/MIME encryption certificates"
  intended_purpose     = "smimeEncryption"
  key_storage_provider = "useSoftwareKsp"

  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
    { target = "exclusion_group", group_id = var.kiosk_group_id },
  ]
}

resource "intune_imported_pfx_certificate_profile" "ios" {
  platform         = "ios"
  display_name     = "S/MIME encryption (iOS)"
  intended_purpose = "smimeEncryption"

  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
  ]
}

# Fully managed Android devices: Outlook may use the certificate without asking.
resource "intune_imported_pfx_certificate_profile" "android" {
  platform                       = "android_device_owner"
  display_name                   = "S/MIME encryption (Android)"
  intended_purpose               = "smimeEncryption"
  certificate_access_type        = "specificApps"
  silent_certificate_access_apps = ["com.microsoft.office.outlook"]

  assignments = [
    { target = "all_users" },
  ]
}
